/* Process system calls. */
#include <unistd.h>
#include <stdio.h>
#include <signal.h>
#include <sys/wait.h>
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

pid_t wait4(pid_t pid, int *status, int options, void *rusage)
{
	return __sysret(__syscall4(SYS_wait4, pid, status, options, rusage));
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
