/* hostname [NAME]: print or set the host name. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;

	if (argc > 2) {
		fprintf(stderr, "usage: hostname [NAME]\n");
		return 1;
	}
	if (argc == 2) {
		if (sethostname(argv[1], strlen(argv[1])) < 0) {
			fprintf(stderr, "hostname: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (uname(&u) < 0) {
		fprintf(stderr, "hostname: %s\n", strerror(errno));
		return 1;
	}
	puts(u.nodename);
	return 0;
}
