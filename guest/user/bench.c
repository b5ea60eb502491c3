/*
 * bench [-q] [NAME...]: lmbench-style micro-benchmarks.  Each prints
 * "NAME: N cycles/op" from rdcycle deltas divided by the iteration
 * count; -q prints N alone.  With no NAME all run in the order below.
 * Iteration counts stay small so the whole suite retires well under
 * 200 million instructions on the emulated machine.  Every test runs
 * one untimed warm-up first so first-touch costs do not skew it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include <hyperlab/counters.h>

/* A test returns total cycles and sets *ops; 0 cycles means it failed. */
struct test {
	const char *name;
	u64 (*run)(u32 *ops);
};

static int quiet;

static u64 fail(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	return 0;
}

/* null: the cheapest system call, a round trip into the kernel. */
static u64 bench_null(u32 *ops)
{
	u64 t0;
	u32 i;

	getppid();
	*ops = 2000;
	t0 = rdcycle();
	for (i = 0; i < *ops; i++)
		getppid();
	return rdcycle() - t0;
}

/* One fork whose child exits at once, reaped by the parent. */
static int fork_once(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return 0;
}

/* fork: create, run and reap a process. */
static u64 bench_fork(u32 *ops)
{
	u64 t0;
	u32 i;

	if (fork_once() < 0)
		return fail("fork");
	*ops = 20;
	t0 = rdcycle();
	for (i = 0; i < *ops; i++)
		if (fork_once() < 0)
			return fail("fork");
	return rdcycle() - t0;
}

/* Child side of ctxsw: echo n+1 bytes from one pipe to the other. */
static _Noreturn void ping_pong_child(int in, int out, u32 n)
{
	char c;

	while (n--) {
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			break;
	}
	_exit(0);
}

/* ctxsw: two processes pass one byte back and forth over two pipes;
 * each round trip is two switches. */
static u64 bench_ctxsw(u32 *ops)
{
	int to_child[2], to_parent[2];
	u32 rounds = 200, i;
	u64 t0 = 0, t;
	pid_t pid;
	char c = 'x';

	if (pipe(to_child) < 0 || pipe(to_parent) < 0)
		return fail("pipe");
	pid = fork();
	if (pid < 0)
		return fail("fork");
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		ping_pong_child(to_child[0], to_parent[1], rounds + 1);
	}
	close(to_child[0]);
	close(to_parent[1]);
	for (i = 0; i <= rounds; i++) {
		if (i == 1)
			t0 = rdcycle();   /* round 0 is the warm-up */
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
			return fail("ctxsw pipe");
	}
	t = rdcycle() - t0;
	close(to_child[1]);
	close(to_parent[0]);
	waitpid(pid, 0, 0);
	*ops = 2 * rounds;
	return t;
}

/* pgfault: grow the break and touch each new page once; the kernel
 * allocates brk pages on first touch, so each touch is one fault. */
static u64 bench_pgfault(u32 *ops)
{
	u32 pages = 64, i;
	volatile char *p;
	u64 t0, t;

	p = sbrk((long)(pages * PAGE_SIZE));
	if (p == (void *)-1)
		return fail("sbrk");
	t0 = rdcycle();
	for (i = 0; i < pages; i++)
		p[i * PAGE_SIZE] = 1;
	t = rdcycle() - t0;
	sbrk(-(long)(pages * PAGE_SIZE));
	*ops = pages;
	return t;
}

/* console: write short lines to stdout; cycles per byte. */
static u64 bench_console(u32 *ops)
{
	static const char line[] =
		"console bench: 0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ\n";
	u32 len = sizeof(line) - 1, lines = 4, i;
	u64 t0, t;

	fflush(stdout);
	t0 = rdcycle();
	for (i = 0; i < lines; i++)
		if (write(STDOUT_FILENO, line, len) != (ssize_t)len)
			return fail("write");
	t = rdcycle() - t0;
	*ops = lines * len;
	return t;
}

static u8 cpu_buf[1024];

/* The fixed kernel of the cpu test: one step of a Fletcher-style sum. */
static u32 checksum(const u8 *b, u32 n)
{
	u32 a = 1, s = 0, i;

	for (i = 0; i < n; i++) {
		a += b[i];
		s += a ^ (s >> 3);
	}
	return s;
}

/* cpu: integer work without system calls or misses; cycles per step. */
static u64 bench_cpu(u32 *ops)
{
	u32 rounds = 64, i, sum = 0;
	u64 t0, t;

	for (i = 0; i < sizeof(cpu_buf); i++)
		cpu_buf[i] = (u8)(i * 7 + 3);
	sum += checksum(cpu_buf, sizeof(cpu_buf));
	t0 = rdcycle();
	for (i = 0; i < rounds; i++)
		sum += checksum(cpu_buf, sizeof(cpu_buf));
	t = rdcycle() - t0;
	/* Use the sum so the loop cannot be optimised away. */
	__asm__ volatile("" : : "r"(sum));
	*ops = rounds * sizeof(cpu_buf);
	return t;
}

#define MEM_SIZE (64 * 1024)

/* mem: memcpy of a 64 KiB buffer; cycles per KiB copied.  The buffers
 * come from the heap, not bss, so the fork test before it measures a
 * small process rather than copying 128 KiB of idle buffers. */
static u64 bench_mem(u32 *ops)
{
	u8 *mem_src = malloc(MEM_SIZE), *mem_dst = malloc(MEM_SIZE);
	u32 rounds = 8, i;
	u64 t0, t;

	if (!mem_src || !mem_dst)
		return fail("malloc");

	memset(mem_src, 0x5a, MEM_SIZE);
	memcpy(mem_dst, mem_src, MEM_SIZE);
	t0 = rdcycle();
	for (i = 0; i < rounds; i++)
		memcpy(mem_dst, mem_src, MEM_SIZE);
	t = rdcycle() - t0;
	free(mem_dst);
	free(mem_src);
	*ops = rounds * (MEM_SIZE / 1024);
	return t;
}

static const struct test tests[] = {
	{ "null", bench_null },
	{ "fork", bench_fork },
	{ "ctxsw", bench_ctxsw },
	{ "pgfault", bench_pgfault },
	{ "console", bench_console },
	{ "cpu", bench_cpu },
	{ "mem", bench_mem },
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

/* Run one test and print its line; returns 0 or 1 on failure. */
static int run(const struct test *t)
{
	u32 ops = 0;
	u64 cycles = t->run(&ops);

	if (!cycles || !ops)
		return 1;
	if (quiet)
		printf("%llu\n", cycles / ops);
	else
		printf("%s: %llu cycles/op\n", t->name, cycles / ops);
	return 0;
}

static const struct test *find(const char *name)
{
	int i;

	for (i = 0; i < NTESTS; i++)
		if (strcmp(tests[i].name, name) == 0)
			return &tests[i];
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	if (i < argc && strcmp(argv[i], "-q") == 0) {
		quiet = 1;
		i++;
	}
	if (i == argc)
		for (int k = 0; k < NTESTS; k++)
			status |= run(&tests[k]);
	for (; i < argc; i++) {
		const struct test *t = find(argv[i]);
		if (!t) {
			fprintf(stderr, "bench: unknown test '%s' (null fork ctxsw pgfault console cpu mem)\n",
				argv[i]);
			status = 1;
			continue;
		}
		status |= run(t);
	}
	return status;
}
