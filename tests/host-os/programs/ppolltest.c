/*
 * ppolltest: ppoll (Linux rv32 414, ppoll_time64) on the lab kernel, without
 * libc: a timeout that passes, a pipe with data, a pipe whose writer has
 * gone, a bad descriptor, and a serial port that gets input later.
 */
#include <hyperlab/abi.h>

static long sys(long n, long a, long b, long c, long d, long e)
{
	register long a7 asm("a7") = n;
	register long a0 asm("a0") = a;
	register long a1 asm("a1") = b;
	register long a2 asm("a2") = c;
	register long a3 asm("a3") = d;
	register long a4 asm("a4") = e;
	asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4) : "memory");
	return a0;
}

static void out(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	sys(SYS_write, 1, (long)s, n, 0, 0);
}

static void num(const char *label, long v)
{
	char buf[16];
	int i = sizeof(buf);

	out(label);
	buf[--i] = 0;
	do
		buf[--i] = '0' + v % 10;
	while ((v /= 10) > 0 && i > 0);
	out(buf + i);
}

static long now_ms(void)
{
	struct timespec t;

	sys(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&t, 0, 0, 0);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static long ppoll(struct pollfd *fds, long n, struct timespec64 *timeout)
{
	return sys(SYS_ppoll, (long)fds, n, (long)timeout, 0, 8);
}

void _start(void)
{
	int pipefd[2];
	char c;
	struct pollfd fd = { 0, POLLIN, 0 };
	struct timespec64 wait = { 0, 300000000 };   /* 300 ms */

	sys(SYS_pipe2, (long)pipefd, 0, 0, 0, 0);
	fd.fd = pipefd[0];
	long start = now_ms();
	long r = ppoll(&fd, 1, &wait);
	num("timeout: r=", r);
	num(" waited300=", now_ms() - start >= 300);
	sys(SYS_write, pipefd[1], (long)"x", 1, 0, 0);
	r = ppoll(&fd, 1, &wait);
	num("\ndata: r=", r);
	num(" revents=", fd.revents);
	sys(SYS_read, pipefd[0], (long)&c, 1, 0, 0);
	sys(SYS_close, pipefd[1], 0, 0, 0, 0);
	r = ppoll(&fd, 1, &wait);
	num("\nhup: r=", r);
	num(" revents=", fd.revents);
	fd.fd = 9;
	r = ppoll(&fd, 1, &wait);
	num("\nnval: r=", r);
	num(" revents=", fd.revents);
	fd.fd = sys(SYS_openat, AT_FDCWD, (long)"/dev/ttyS2", O_RDWR, 0, 0);
	out("\nwaiting on ttyS2\n");
	r = ppoll(&fd, 1, 0);   /* no timeout: until input */
	num("tty: r=", r);
	num(" revents=", fd.revents);
	out("\n");
	sys(SYS_exit, 0, 0, 0, 0, 0);
}
