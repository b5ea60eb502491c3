#ifndef LIBC_POLL_H
#define LIBC_POLL_H

#include <hyperlab/abi.h>

typedef unsigned int nfds_t;

/* ppoll_time64: a NULL timeout waits forever; the signal mask is ignored. */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec64 *timeout, const void *sigmask);
/* timeout in milliseconds, -1 = forever */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#endif
