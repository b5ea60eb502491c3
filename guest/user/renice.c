/* renice -n N -p PID...: set each running process's nice value to N
 * (-20..19, clamped by the kernel), as util-linux's renice does: what a
 * student uses on a VM's lkvm process, which is already running when
 * its share should change.  Prints "PID (process ID) old priority O,
 * new priority N" per process, like the original. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <syscall.h>

static int parse_int(const char *text, int *value)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (!*text || *end)
		return -1;
	*value = (int)v;
	return 0;
}

/* The raw call returns 20 - nice, so no valid answer looks like an error. */
static int getnice(int pid, int *nice)
{
	long r = __syscall2(SYS_getpriority, PRIO_PROCESS, pid);

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	*nice = 20 - (int)r;
	return 0;
}

int main(int argc, char **argv)
{
	int value, status = 0;

	if (argc < 5 || strcmp(argv[1], "-n") != 0 || parse_int(argv[2], &value) < 0 ||
	    strcmp(argv[3], "-p") != 0) {
		fprintf(stderr, "usage: renice -n N -p PID...\n");
		return 1;
	}
	for (int i = 4; i < argc; i++) {
		int pid, old, now;

		if (parse_int(argv[i], &pid) < 0 || pid <= 0) {
			fprintf(stderr, "renice: bad process ID '%s'\n", argv[i]);
			status = 1;
			continue;
		}
		if (getnice(pid, &old) < 0 ||
		    __sysret(__syscall3(SYS_setpriority, PRIO_PROCESS, pid, value)) < 0 ||
		    getnice(pid, &now) < 0) {
			fprintf(stderr, "renice: %d: %s\n", pid, strerror(errno));
			status = 1;
			continue;
		}
		printf("%d (process ID) old priority %d, new priority %d\n", pid, old, now);
	}
	return status;
}
