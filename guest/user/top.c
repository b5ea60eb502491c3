/*
 * top [-n N] [-d SECS]: a refreshing process table.  Each round prints
 * uptime, task counts and memory, then the processes sorted by CPU ticks
 * with the share of CPU each used since the previous round.  Runs until
 * Ctrl-C unless -n limits the rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <proc.h>

#define MAXPROCS 128

struct sample {
	struct proc_stat st;
	u32 delta;   /* ticks since the previous round */
};

static struct proc_stat prev[MAXPROCS];
static int nprev;
static int containers;   /* some process is in a container: show the column */
static long prev_uptime = -1;

/* Ticks pid had in the previous round, or 0 if it is new. */
static u32 previous_ticks(int pid)
{
	int i;

	for (i = 0; i < nprev; i++)
		if (prev[i].pid == pid)
			return prev[i].ticks;
	return 0;
}

static int by_ticks(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->delta != y->delta)
		return x->delta < y->delta ? 1 : -1;
	if (x->st.ticks != y->st.ticks)
		return x->st.ticks < y->st.ticks ? 1 : -1;
	return x->st.pid - y->st.pid;
}

/* Read every process; returns how many, and counts states. */
static int take_samples(struct sample *s, int *running, int *zombie)
{
	static int pids[MAXPROCS];
	int n = proc_pids(pids, MAXPROCS), i, k = 0;

	*running = *zombie = containers = 0;
	for (i = 0; i < n; i++) {
		if (proc_stat_read(pids[i], &s[k].st) < 0)
			continue;
		s[k].delta = s[k].st.ticks - previous_ticks(s[k].st.pid);
		*running += s[k].st.state == 'R';
		*zombie += s[k].st.state == 'Z';
		containers |= strcmp(s[k].st.ctr, "-") != 0;
		k++;
	}
	return k;
}

static void print_header(long up, int n, int running, int zombie)
{
	long total = proc_meminfo("MemTotal"), avail = proc_meminfo("MemFree");
	long s = up / 100;

	printf("top - up %ld:%02ld:%02ld, %d tasks: %d running, %d sleeping, %d zombie\n",
	       s / 3600, s / 60 % 60, s % 60, n, running, n - running - zombie,
	       zombie);
	printf("KiB Mem: %ld total, %ld used, %ld free\n\n", total,
	       total - avail, avail);
	printf("%5s %5s S %4s %8s %6s ", "PID", "PPID", "%CPU", "TICKS", "KiB");
	if (containers)
		printf("%-12s ", "CONTAINER");
	printf("CMD\n");
}

/* One screen: header, then the sorted table; remembers this round. */
static void round_once(void)
{
	static struct sample s[MAXPROCS];
	int running, zombie, n = take_samples(s, &running, &zombie), i;
	long up = proc_uptime_centis();
	long span = prev_uptime >= 0 ? up - prev_uptime : up;

	qsort(s, (size_t)n, sizeof(s[0]), by_ticks);
	if (isatty(STDOUT_FILENO))
		fputs("\x1b[H\x1b[J", stdout);
	print_header(up, n, running, zombie);
	for (i = 0; i < n; i++) {
		/* Ticks are USER_HZ per second and uptime is in 1/100 s. */
		u32 pct = span > 0 ? s[i].delta * 100u * 100u / USER_HZ / (u32)span : 0;
		printf("%5d %5d %c %4u %8u %6u ", s[i].st.pid, s[i].st.ppid,
		       s[i].st.state, pct, s[i].st.ticks,
		       s[i].st.pages * (PAGE_SIZE / 1024));
		if (containers)
			printf("%-12s ", s[i].st.ctr);
		printf("%s\n", s[i].st.comm);
		prev[i] = s[i].st;
	}
	nprev = n;
	prev_uptime = up;
	fflush(stdout);
}

/* Parse "2" or "0.5" seconds into t; returns -1 when malformed. */
static int parse_delay(const char *arg, struct timespec *t)
{
	char *end;
	long sec = strtol(arg, &end, 10), frac = 0, scale = 100000000;

	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			frac += (*end - '0') * scale;
	if (*end || end == arg || sec < 0)
		return -1;
	t->tv_sec = (s32)sec;
	t->tv_nsec = (s32)frac;
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec delay = { 2, 0 };
	long rounds = -1;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			rounds = strtol(argv[++i], 0, 10);
		} else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc) {
			if (parse_delay(argv[++i], &delay) < 0) {
				fprintf(stderr, "top: bad delay '%s'\n", argv[i]);
				return 1;
			}
		} else {
			fprintf(stderr, "usage: top [-n ROUNDS] [-d SECONDS]\n");
			return 1;
		}
	}
	for (;;) {
		round_once();
		if (rounds > 0 && --rounds == 0)
			break;
		nanosleep(&delay, 0);
	}
	return 0;
}
