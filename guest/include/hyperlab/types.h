/*
 * Fixed-width integer types shared by the kernel and user space.
 * Freestanding on purpose: neither side may depend on a libc header here.
 * Repeating an identical typedef is legal C11, so a kernel header that
 * defines the same names does not conflict.
 */
#ifndef HYPERLAB_TYPES_H
#define HYPERLAB_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

#endif
