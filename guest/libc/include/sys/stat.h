/* struct stat is the Hyperlab layout from the shared ABI header. */
#ifndef LIBC_SYS_STAT_H
#define LIBC_SYS_STAT_H

#include <hyperlab/abi.h>

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int fstatat(int dirfd, const char *path, struct stat *st, int flags);

#endif
