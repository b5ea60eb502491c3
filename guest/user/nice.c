/* nice [-n N] [CMD ARGS...]: run CMD with its nice value raised by N
 * (default 10; negative lowers it), clamped to -20..19 by the kernel.
 * Without CMD, print the current nice value.  The scheduler weighs a
 * process by 1.25 per step against the others of its group
 * (docs/host-os.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <syscall.h>

/* The raw call returns 20 - nice, so no valid answer looks like an error. */
static int getnice(void)
{
	long r = __syscall2(SYS_getpriority, PRIO_PROCESS, 0);

	return r < 0 ? 0 : 20 - (int)r;
}

int main(int argc, char **argv)
{
	int inc = 10, i = 1;
	char *end;

	if (i + 1 < argc && strcmp(argv[i], "-n") == 0) {
		inc = (int)strtol(argv[i + 1], &end, 10);
		if (*end || !*argv[i + 1]) {
			fprintf(stderr, "nice: bad increment '%s'\n", argv[i + 1]);
			return 125;
		}
		i += 2;
	}
	if (i == argc) {
		printf("%d\n", getnice());
		return 0;
	}
	if (__sysret(__syscall3(SYS_setpriority, PRIO_PROCESS, 0, getnice() + inc)) < 0) {
		perror("nice");
		return 125;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "nice: %s: %s\n", argv[i], strerror(errno));
	return 127;
}
