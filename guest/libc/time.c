/* Sleeping and clocks. */
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <syscall.h>

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return __sysret(__syscall2(SYS_nanosleep, req, rem));
}

int clock_gettime(int clock, struct timespec *ts)
{
	return __sysret(__syscall2(SYS_clock_gettime, clock, ts));
}

unsigned sleep(unsigned secs)
{
	struct timespec t = { (s32)secs, 0 }, rem = { 0, 0 };

	if (nanosleep(&t, &rem) < 0 && errno == EINTR)
		return (unsigned)rem.tv_sec;
	return 0;
}

int usleep(unsigned usecs)
{
	struct timespec t = { (s32)(usecs / 1000000), (s32)(usecs % 1000000) * 1000 };

	return nanosleep(&t, 0);
}
