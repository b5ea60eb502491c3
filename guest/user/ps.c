/* ps: one line per process from /proc/<pid>/stat: PID PPID S TIME CMD.
 * TIME is CPU time as minutes:seconds.  On a host running containers a
 * CONTAINER column names the container of each process ("-" for the
 * host's own); inside a container the kernel shows only its processes. */
#include <stdio.h>
#include <string.h>
#include <proc.h>

#define MAXPROCS 256

int main(void)
{
	static int pids[MAXPROCS];
	static struct proc_stat ps[MAXPROCS];
	int n = proc_pids(pids, MAXPROCS), i, k = 0, containers = 0;

	if (n == 0) {
		fprintf(stderr, "ps: no processes in /proc\n");
		return 1;
	}
	/* A process may exit between the listing and the read. */
	for (i = 0; i < n; i++)
		if (proc_stat_read(pids[i], &ps[k]) == 0)
			containers |= strcmp(ps[k++].ctr, "-") != 0;
	if (containers)
		printf("%5s %5s S %8s %-12s CMD\n", "PID", "PPID", "TIME", "CONTAINER");
	else
		printf("%5s %5s S %8s CMD\n", "PID", "PPID", "TIME");
	for (i = 0; i < k; i++) {
		u32 secs = ps[i].ticks / USER_HZ;

		printf("%5d %5d %c %5u:%02u ", ps[i].pid, ps[i].ppid, ps[i].state,
		       secs / 60, secs % 60);
		if (containers)
			printf("%-12s ", ps[i].ctr);
		printf("%s\n", ps[i].comm);
	}
	return 0;
}
