/* Signal dispositions and signal names. */
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <ctype.h>
#include <syscall.h>

long signal(int sig, sighandler_t disposition)
{
	struct k_sigaction act = { (u32)disposition, 0, { 0, 0 } };
	struct k_sigaction old = { 0, 0, { 0, 0 } };
	long r = __syscall4(SYS_rt_sigaction, sig, &act, &old, SIGSET_SIZE);

	return r < 0 ? __sysret(r) : (long)old.sa_handler;
}

static const char *const names[NSIG] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL", [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS", [SIGFPE] = "FPE", [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",
};

/* "INT" for SIGINT; NULL when the number has no name. */
const char *signame(int sig)
{
	return sig > 0 && sig < NSIG ? names[sig] : 0;
}

/* Accepts "9", "KILL" or "SIGKILL"; returns -1 when unknown. */
int signum(const char *name)
{
	int i;

	if (isdigit(*name))
		return atoi(name);
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 1; i < NSIG; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return i;
	return -1;
}
