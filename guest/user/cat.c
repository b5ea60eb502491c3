/* cat [FILE...]: copy files (or stdin when none, or for "-") to stdout. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static char buf[4096];

/* Copy fd to stdout; name is for messages.  Returns 0 or 1. */
static int copy(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (n == 0)
			return 0;
		if (fwrite_all(stdout, buf, (size_t)n) < 0 || fflush(stdout) < 0) {
			fprintf(stderr, "cat: write error: %s\n", strerror(errno));
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2)
		return copy(STDIN_FILENO, "-");
	for (i = 1; i < argc; i++) {
		int fd;
		if (strcmp(argv[i], "-") == 0) {
			status |= copy(STDIN_FILENO, "-");
			continue;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
