/* ctr start and ctr exec: a child enters the container, then execs. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <syscall.h>
#include <sys/wait.h>
#include "ctr.h"

/* Where start's child reports a failure: -errno when it could not enter
 * the container, errno when the exec failed.  Close-on-exec, so a
 * successful exec closes it and the parent reads end of file. */
#define STATUS_FD 15

static char *default_cmd[] = { "/bin/sh", 0 };

static _Noreturn void report(int err)
{
	(void)!write(STATUS_FD, &err, sizeof(err));
	_exit(127);
}

/* The container's pid 1 runs cmd on the container's console; ctr returns
 * once it runs (the container goes on without it). */
int ctr_start(const char *name, char **cmd)
{
	int fds[2], err = 0;
	pid_t pid;

	if (!cmd[0])
		cmd = default_cmd;
	if (pipe(fds) < 0)
		return ctr_fail("pipe");
	pid = fork();
	if (pid < 0)
		return ctr_fail("fork");
	if (pid == 0) {
		close(fds[0]);
		if (__syscall3(SYS_dup3, fds[1], STATUS_FD, O_CLOEXEC) < 0)
			_exit(126);
		close(fds[1]);
		if (ctr_call(CTR_ENTER, name, (void *)1) < 0)
			report(-errno);
		execvp(cmd[0], cmd);
		report(errno);
	}
	close(fds[1]);
	if (read(fds[0], &err, sizeof(err)) == sizeof(err)) {
		waitpid(pid, 0, 0);
		errno = err < 0 ? -err : err;
		if (err < 0)
			return ctr_fail_name(name);
		fprintf(stderr, "ctr: %s: %s: %s\n", name, cmd[0], strerror(errno));
		return 1;
	}
	close(fds[0]);
	printf("%s: started %s (host pid %d)\n", name, cmd[0], pid);
	return 0;
}

/* cmd runs inside the container with this terminal; its status is ours. */
int ctr_exec(const char *name, char **cmd)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return ctr_fail("fork");
	if (pid == 0) {
		if (ctr_call(CTR_ENTER, name, 0) < 0)
			_exit(ctr_fail_name(name) + 125);
		execvp(cmd[0], cmd);
		fprintf(stderr, "ctr: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return ctr_fail("wait");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
