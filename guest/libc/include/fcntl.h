#ifndef LIBC_FCNTL_H
#define LIBC_FCNTL_H

#include <hyperlab/abi.h>

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);

#endif
