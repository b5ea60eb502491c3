/* errno and the translation of raw syscall results into it. */
#include <errno.h>
#include <syscall.h>

int errno;

/* Results in [-4095, -1] are errors by the Linux convention;
 * everything else, including large addresses, is a value. */
long __sysret(long r)
{
	if (r < 0 && r >= -4095) {
		errno = (int)-r;
		return -1;
	}
	return r;
}
