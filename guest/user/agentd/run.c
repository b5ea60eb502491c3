/* Running the host's programs for the agent. */
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <syscall.h>
#include <sys/wait.h>
#include "agentd.h"

/* Runs argv to the end with stdout and stderr into out (NUL-terminated);
 * returns its exit status, or -1 if it could not start. */
int run_capture(char *const argv[], char *out, int outlen)
{
	int fds[2], n = 0, r, status;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while ((r = read(fds[0], out + n, outlen - 1 - n)) > 0 && n < outlen - 1)
		n += r;
	out[n] = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return (status >> 8) & 0xff;
}

#define STATUS_FD 15

/* Starts argv as a new process (its own session), stdout and stderr on the
 * host console; returns its pid once the exec has succeeded, or -errno. */
int spawn(char *const argv[])
{
	int fds[2], err = 0;
	pid_t pid;

	if (pipe(fds) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(fds[0]);
		/* A close-on-exec copy of the pipe reports a failed exec. */
		if (__syscall3(SYS_dup3, fds[1], STATUS_FD, O_CLOEXEC) < 0)
			_exit(126);
		close(fds[1]);
		setsid();
		execvp(argv[0], argv);
		err = errno;
		(void)!write(STATUS_FD, &err, sizeof(err));
		_exit(127);
	}
	close(fds[1]);
	/* The exec closes the pipe (close-on-exec): end of file means it ran. */
	if (read(fds[0], &err, sizeof(err)) == sizeof(err)) {
		close(fds[0]);
		waitpid(pid, 0, 0);
		return -err;
	}
	close(fds[0]);
	return pid;
}
