/*
 * forkbomb: fork until the kernel refuses, report how many processes it
 * got, then let them all go.  The children wait on a pipe instead of
 * spinning, so the system stays responsive, and all exit when the parent
 * closes its end.  It forks from one parent only, so it hits the process
 * limit without growing exponentially.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

/* Child: block until every write end of the pipe is closed. */
static _Noreturn void child(int fds[2])
{
	char c;

	close(fds[1]);
	while (read(fds[0], &c, 1) > 0)
		;
	_exit(0);
}

int main(void)
{
	int fds[2], made = 0, err;
	pid_t pid;

	if (pipe(fds) < 0) {
		fprintf(stderr, "forkbomb: pipe: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		pid = fork();
		if (pid == 0)
			child(fds);
		if (pid < 0)
			break;
		made++;
	}
	err = errno;
	printf("fork: %s\n", strerror(err));
	printf("forkbomb: made %d processes before fork failed\n", made);
	close(fds[1]);
	close(fds[0]);
	while (wait(0) > 0)
		;
	printf("forkbomb: all %d children exited\n", made);
	return 0;
}
