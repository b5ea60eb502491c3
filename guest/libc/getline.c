/* Line input from a file descriptor. */
#include <stdio.h>
#include <errno.h>
#include <unistd.h>

/* Reads a byte at a time so nothing past the newline is consumed: the
 * rest of the input stays in the fd for the next reader (a child). */
int getline_fd(int fd, char *buf, int size)
{
	int n = 0;
	char c;

	if (fd == STDIN_FILENO)
		fflush(stdout);
	while (n < size - 1) {
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return n ? n : -1;
		if (r == 0)
			break;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = 0;
	return n;
}
