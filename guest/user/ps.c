/* ps: one line per process from /proc/<pid>/stat: PID PPID S TIME CMD.
 * TIME is CPU time as minutes:seconds. */
#include <stdio.h>
#include <proc.h>

#define MAXPROCS 256

int main(void)
{
	static int pids[MAXPROCS];
	struct proc_stat ps;
	int n = proc_pids(pids, MAXPROCS), i;

	if (n == 0) {
		fprintf(stderr, "ps: no processes in /proc\n");
		return 1;
	}
	printf("%5s %5s S %8s CMD\n", "PID", "PPID", "TIME");
	for (i = 0; i < n; i++) {
		u32 secs;
		/* A process may exit between the listing and the read. */
		if (proc_stat_read(pids[i], &ps) < 0)
			continue;
		secs = ps.ticks / USER_HZ;
		printf("%5d %5d %c %5u:%02u %s\n", ps.pid, ps.ppid, ps.state,
		       secs / 60, secs % 60, ps.comm);
	}
	return 0;
}
