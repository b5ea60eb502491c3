/* errno and the Linux error numbers (from the shared ABI header). */
#ifndef LIBC_ERRNO_H
#define LIBC_ERRNO_H

#include <hyperlab/abi.h>

extern int errno;

#endif
