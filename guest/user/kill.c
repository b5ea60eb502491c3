/* kill [-SIG | -s SIG] PID... : send a signal (TERM by default).
 * kill -l lists the signal names.  A negative PID names a process group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>

static void list_signals(void)
{
	int i;

	for (i = 1; i < NSIG; i++)
		if (signame(i))
			printf("%2d) SIG%s\n", i, signame(i));
}

static int usage(void)
{
	fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID...\n       kill -l\n");
	return 2;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		list_signals();
		return 0;
	}
	if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
		sig = signum(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && argv[i][1] != '-') {
		sig = signum(argv[i] + 1);
		i++;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (sig < 0 || sig >= NSIG) {
		fprintf(stderr, "kill: unknown signal: %s\n", argv[i - 1]);
		return 2;
	}
	if (i >= argc)
		return usage();
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*end || end == argv[i]) {
			fprintf(stderr, "kill: invalid pid '%s'\n", argv[i]);
			status = 1;
		} else if (kill((int)pid, sig) < 0) {
			fprintf(stderr, "kill: (%ld) - %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
