/* ctr create: parse the limits into a struct ctr_config. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctr.h"

/* A whole decimal number in [0, max]; -1 if arg is not one. */
static long number(const char *arg, long max)
{
	char *end;
	long v = strtol(arg, &end, 10);

	return *arg && !*end && v >= 0 && v <= max ? v : -1;
}

/* argv[0] is NAME, then option/value pairs. */
int ctr_create(int argc, char **argv)
{
	struct ctr_config cfg;
	int i;

	memset(&cfg, 0, sizeof(cfg));
	for (i = 1; i + 1 < argc; i += 2) {
		const char *opt = argv[i], *val = argv[i + 1];
		long v = 0;

		if (strcmp(opt, "--image") == 0)
			strlcpy(cfg.image, val, sizeof(cfg.image));
		else if (strcmp(opt, "--console") == 0)
			strlcpy(cfg.console, val, sizeof(cfg.console));
		else if (strcmp(opt, "--cpus") == 0 && (v = number(val, 10000)) > 0)
			cfg.cpu_weight = (u32)v;
		else if (strcmp(opt, "--cpu-quota") == 0 && (v = number(val, 100)) > 0)
			cfg.cpu_quota = (u32)v;
		else if (strcmp(opt, "--mem") == 0 && (v = number(val, 4096)) > 0)
			cfg.mem_mib = (u32)v;
		else if (strcmp(opt, "--pids") == 0 && (v = number(val, 1000)) > 0)
			cfg.pids = (u32)v;
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "ctr create: bad option '%s'\n", argv[i]);
		return 2;
	}
	if (ctr_call(CTR_CREATE, argv[0], &cfg) < 0)
		return ctr_fail(argv[0]);
	return 0;
}
