/* uptime: time since boot from /proc/uptime.  The machine has no wall
 * clock, so unlike procps there is no time of day. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <proc.h>

int main(void)
{
	long c = proc_uptime_centis();
	long s;

	if (c < 0) {
		fprintf(stderr, "uptime: /proc/uptime: %s\n", strerror(errno));
		return 1;
	}
	s = c / 100;
	printf(" up %ld:%02ld:%02ld.%02ld\n", s / 3600, s / 60 % 60, s % 60,
	       c % 100);
	return 0;
}
