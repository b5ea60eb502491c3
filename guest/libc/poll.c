/* Waiting on several descriptors: ppoll (Linux rv32 has only the time64 call). */
#include <poll.h>
#include <errno.h>
#include <syscall.h>

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec64 *timeout, const void *sigmask)
{
	return __sysret(__syscall5(SYS_ppoll, fds, nfds, timeout, sigmask, 8));
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	struct timespec64 t = { timeout / 1000, (s64)(timeout % 1000) * 1000000 };
	return ppoll(fds, nfds, timeout < 0 ? 0 : &t, 0);
}
