/* sleep SECONDS: pause; SECONDS may have a fraction, like 0.5. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <time.h>

/* Parse "12", "0.5" or ".25" into t; returns 0, or -1 if malformed. */
static int parse_seconds(const char *s, struct timespec *t)
{
	long sec = 0, nsec = 0, scale = 100000000;

	if (!*s)
		return -1;
	for (; isdigit(*s); s++)
		sec = sec * 10 + (*s - '0');
	if (*s == '.')
		for (s++; isdigit(*s); s++, scale /= 10)
			nsec += (*s - '0') * scale;
	if (*s)
		return -1;
	t->tv_sec = (s32)sec;
	t->tv_nsec = (s32)nsec;
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec t, rem;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 1;
	}
	if (parse_seconds(argv[1], &t) < 0) {
		fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
		return 1;
	}
	while (nanosleep(&t, &rem) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "sleep: %s\n", strerror(errno));
			return 1;
		}
		t = rem;
	}
	return 0;
}
