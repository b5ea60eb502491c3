#ifndef LIBC_TIME_H
#define LIBC_TIME_H

#include <hyperlab/abi.h>

int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(int clock, struct timespec *ts);

#endif
