/*
 * Background jobs and the controlling terminal.  The shell keeps the
 * terminal's foreground group pointed at the running foreground job so
 * Ctrl-C reaches the job and not the shell (which ignores SIGINT anyway).
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <termios.h>
#include <sys/wait.h>
#include "sh.h"

#define MAX_JOBS 16

int job_control;
static pid_t shell_pgid;
static pid_t jobs[MAX_JOBS];

/* Called once at startup, before any child exists. */
void jobs_init(void)
{
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	if (!isatty(STDIN_FILENO))
		return;
	/* A session leader (pid 1 on the console) already leads its group. */
	if (getpgid(0) != getpid())
		setpgid(0, 0);
	shell_pgid = getpid();
	job_control = tcsetpgrp(STDIN_FILENO, shell_pgid) == 0;
}

void terminal_give(pid_t pgid)
{
	tcsetpgrp(STDIN_FILENO, pgid);
}

void terminal_take_back(void)
{
	tcsetpgrp(STDIN_FILENO, shell_pgid);
}

void job_add(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_JOBS; i++)
		if (!jobs[i]) {
			jobs[i] = pid;
			return;
		}
}

/* Forget pid if it is a job we reported; returns 1 if it was. */
static int job_remove(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i] == pid) {
			jobs[i] = 0;
			return 1;
		}
	return 0;
}

/* Also collects orphans, which the kernel hands to pid 1. */
void jobs_reap(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (job_remove(pid))
			printf("[%d] done\n", pid);
	fflush(stdout);
}

int wait_status(pid_t pid)
{
	int st = 0;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return 1;
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
