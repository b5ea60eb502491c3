/*
 * ctr create NAME [--image DIR] [--cpus WEIGHT] [--cpu-quota PERCENT]
 *            [--mem MIB] [--pids N] [--console /dev/ttySn]
 * ctr start NAME [CMD...]     its pid 1 (default /bin/sh) on its console
 * ctr exec NAME CMD...        run CMD inside it on this terminal, wait
 * ctr ps NAME | ctr ls | ctr stop NAME | ctr rm NAME
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <syscall.h>
#include "ctr.h"

long ctr_call(int op, const char *name, void *arg)
{
	return __sysret(__syscall3(SYS_hl_container, op, name, arg));
}

int ctr_fail(const char *what)
{
	const char *why = errno == EBUSY ? "it has processes (ctr stop first)"
			: errno == ESRCH ? "it is not running"
			: errno == EPERM ? "only the host manages containers"
			: strerror(errno);

	fprintf(stderr, "ctr: %s: %s\n", what, why);
	return 1;
}

int ctr_fail_name(const char *name)
{
	if (errno != ENOENT)
		return ctr_fail(name);
	fprintf(stderr, "ctr: %s: no such container\n", name);
	return 1;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ctr create NAME [--image DIR] [--cpus WEIGHT] [--cpu-quota PERCENT]\n"
		"                  [--mem MIB] [--pids N] [--console /dev/ttySn]\n"
		"       ctr start NAME [CMD...] | ctr exec NAME CMD...\n"
		"       ctr ps NAME | ctr ls | ctr stop NAME | ctr rm NAME\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *name = argc > 2 ? argv[2] : 0;

	if (strcmp(cmd, "ls") == 0 && argc == 2)
		return ctr_list();
	if (!name)
		return usage();
	if (strcmp(cmd, "create") == 0)
		return ctr_create(argc - 2, argv + 2);
	if (strcmp(cmd, "start") == 0)
		return ctr_start(name, argv + 3);
	if (strcmp(cmd, "exec") == 0 && argc > 3)
		return ctr_exec(name, argv + 3);
	if (strcmp(cmd, "ps") == 0 && argc == 3)
		return ctr_ps(name);
	if (strcmp(cmd, "stop") == 0 && argc == 3)
		return ctr_call(CTR_STOP, name, 0) < 0 ? ctr_fail_name(name) : 0;
	if (strcmp(cmd, "rm") == 0 && argc == 3)
		return ctr_call(CTR_REMOVE, name, 0) < 0 ? ctr_fail_name(name) : 0;
	return usage();
}
