/* Process system calls. */
#include <unistd.h>
#include <stdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <errno.h>
#include <syscall.h>

/* Flush first so buffered output is not printed by parent and child. */
pid_t fork(void)
{
	__stdio_flush_all();
	return __sysret(__syscall5(SYS_clone, CLONE_FORK, 0, 0, 0, 0));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	__stdio_flush_all();
	return __sysret(__syscall3(SYS_execve, path, argv, envp));
}

_Noreturn void _exit(int code)
{
	for (;;)
		__syscall1(SYS_exit_group, code);
}

pid_t getpid(void)
{
	return __syscall0(SYS_getpid);
}

pid_t getppid(void)
{
	return __syscall0(SYS_getppid);
}

int setpgid(pid_t pid, pid_t pgid)
{
	return __sysret(__syscall2(SYS_setpgid, pid, pgid));
}

pid_t getpgid(pid_t pid)
{
	return __sysret(__syscall1(SYS_getpgid, pid));
}

pid_t setsid(void)
{
	return __sysret(__syscall0(SYS_setsid));
}

int sched_yield(void)
{
	return __sysret(__syscall0(SYS_sched_yield));
}

/*
 * rv32 Linux has no wait4, only waitid, so under qemu-riscv32 user-mode
 * (our test bench before the kernel exists) fall back to waitid and
 * rebuild the wait4 status.  Our kernel implements wait4 and never
 * takes this path.
 */
#define SYS_waitid_linux 95
#define P_ALL 0
#define P_PID 1
#define WEXITED 4
#define CLD_EXITED 1

static pid_t waitid_fallback(pid_t pid, int *status, int options)
{
	int info[32] = { 0 };   /* siginfo_t: signo errno code pid uid status */
	long r = __syscall5(SYS_waitid_linux, pid > 0 ? P_PID : P_ALL,
			    pid > 0 ? pid : 0, info, options | WEXITED, 0);

	if (r < 0)
		return __sysret(r);
	if (info[3] && status)
		*status = info[2] == CLD_EXITED ? W_EXITCODE(info[5] & 0xff, 0)
						: info[5] & 0x7f;
	return info[3];
}

pid_t wait4(pid_t pid, int *status, int options, void *rusage)
{
	long r = __syscall4(SYS_wait4, pid, status, options, rusage);

	if (r == -ENOSYS)
		return waitid_fallback(pid, status, options);
	return __sysret(r);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, 0);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, 0);
}

int kill(pid_t pid, int sig)
{
	return __sysret(__syscall2(SYS_kill, pid, sig));
}
