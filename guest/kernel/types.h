#ifndef TYPES_H
#define TYPES_H
typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef int int32;
typedef unsigned long long uint64;
typedef long long int64;
typedef unsigned long uintptr;
typedef uint32 pte_t;
#define NULL ((void *)0)
#endif
