/* dmesg: print the kernel log (syslog READ_ALL). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(void)
{
	int size = syslog_read(SYSLOG_ACTION_SIZE_BUFFER, 0, 0);
	char *buf;
	int n;

	if (size <= 0)
		size = 16384;
	buf = malloc((size_t)size);
	if (!buf) {
		fprintf(stderr, "dmesg: %s\n", strerror(ENOMEM));
		return 1;
	}
	n = syslog_read(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n < 0) {
		fprintf(stderr, "dmesg: read kernel buffer failed: %s\n",
			strerror(errno));
		return 1;
	}
	fwrite_all(stdout, buf, (size_t)n);
	if (n > 0 && buf[n - 1] != '\n')
		putchar('\n');
	return 0;
}
