/*
 * sh [-l] [-c COMMAND | FILE]: the Hyperlab shell.
 * Interactive by default, with the prompt "$ ".  As the first process
 * (pid 1) or with -l it is a login shell and prints /etc/motd first.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <proc.h>
#include "sh.h"

static void print_motd(void)
{
	static char buf[2048];
	int n = read_file("/etc/motd", buf, sizeof(buf));

	if (n > 0)
		fwrite_all(stdout, buf, (size_t)n);
}

/* Run each line of fd; returns the last status. */
static int run_file(int fd)
{
	char line[LINE_MAX];
	int n;

	while ((n = getline_fd(fd, line, sizeof(line))) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		run_line(line);
	}
	return last_status;
}

static int interactive(int login)
{
	char line[LINE_MAX];

	jobs_init();
	line_init();
	if (login)
		print_motd();
	for (;;) {
		jobs_reap();
		/* Ctrl-D on an empty line ends the shell; as pid 1 the
		 * kernel starts a fresh one. */
		if (line_read("$ ", line, sizeof(line)) < 0)
			break;
		run_line(line);
	}
	return last_status;
}

int main(int argc, char **argv)
{
	int login = (argv[0] && argv[0][0] == '-') || getpid() == 1, i = 1, fd;

	env_init();
	if (i < argc && strcmp(argv[i], "-l") == 0) {
		login = 1;
		i++;
	}
	if (i + 1 < argc && strcmp(argv[i], "-c") == 0) {
		run_line(argv[i + 1]);
		return last_status;
	}
	if (i < argc) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[i], strerror(errno));
			return 127;
		}
		return run_file(fd);
	}
	/* The first process runs the boot script when the system has one: a
	 * host-OS server's boot modules bring /boot/rc, which starts agentd
	 * (under /boot, which a container's tree does not copy). */
	if (getpid() == 1 && (fd = open("/boot/rc", O_RDONLY)) >= 0) {
		run_file(fd);
		close(fd);
	}
	return interactive(login);
}
