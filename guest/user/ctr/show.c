/* ctr ls and ctr ps: the containers and their processes, as the host
 * sees them. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <proc.h>
#include "ctr.h"

#define MAXPROCS 64

static const char *state_name(u32 state)
{
	return state == CTR_STATE_RUNNING ? "running"
	     : state == CTR_STATE_STOPPED ? "stopped" : "created";
}

/* "N" or "N/LIMIT" into buf. */
static const char *of(char *buf, int size, u32 n, u32 limit, const char *unit)
{
	if (limit)
		snprintf(buf, size, "%u%s/%u%s", n, unit, limit, unit);
	else
		snprintf(buf, size, "%u%s", n, unit);
	return buf;
}

/* NAME STATE PIDS MEM CPU: processes and KiB against their limits, CPU
 * time in seconds. */
int ctr_list(void)
{
	struct ctr_info info;
	char pids[24], mem[32];
	u32 i;

	for (i = 0;; i++) {
		long r;

		info.index = i;
		r = ctr_call(CTR_INFO, 0, &info);
		if (r < 0 && errno != ENOENT)
			return ctr_fail("ls");   /* before the header: inside a container */
		if (i == 0)
			printf("%-15s %-8s %-8s %-16s %s\n", "NAME", "STATE", "PIDS", "MEM", "CPU");
		if (r < 0)
			return 0;   /* ENOENT: past the last one */
		printf("%-15s %-8s %-8s %-16s %u.%02us\n", info.name, state_name(info.state),
		       of(pids, sizeof(pids), info.pids, info.pids_limit, ""),
		       of(mem, sizeof(mem), info.mem_kib, info.mem_limit_kib, "K"),
		       info.cpu_ticks / USER_HZ, info.cpu_ticks % USER_HZ);
	}
}

/* The container's processes: host pid, pid inside, state, CPU, command. */
/* Does the host have a container called name? */
static int ctr_exists(const char *name)
{
	struct ctr_info info;

	for (info.index = 0; ctr_call(CTR_INFO, 0, &info) == 0; info.index++)
		if (strcmp(info.name, name) == 0)
			return 1;
	return 0;
}

int ctr_ps(const char *name)
{
	static int pids[MAXPROCS];
	struct proc_stat ps;
	int n, i;

	if (!ctr_exists(name)) {
		errno = ENOENT;
		return ctr_fail_name(name);
	}
	n = proc_pids(pids, MAXPROCS);

	printf("%5s %5s S %8s CMD\n", "PID", "CPID", "TIME");
	for (i = 0; i < n; i++) {
		u32 secs;

		if (proc_stat_read(pids[i], &ps) < 0 || strcmp(ps.ctr, name) != 0)
			continue;
		secs = ps.ticks / USER_HZ;
		printf("%5d %5d %c %5u:%02u %s\n", ps.pid, ps.cpid, ps.state, secs / 60,
		       secs % 60, ps.comm);
	}
	return 0;
}
