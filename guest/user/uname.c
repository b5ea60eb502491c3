/* uname [-asnrvm]: print system information, in coreutils' order. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/utsname.h>

enum { F_S = 1, F_N = 2, F_R = 4, F_V = 8, F_M = 16, F_ALL = 31 };

/* Map one option letter to its field bits; 0 when unknown. */
static int flag_of(char c)
{
	switch (c) {
	case 'a': return F_ALL;
	case 's': return F_S;
	case 'n': return F_N;
	case 'r': return F_R;
	case 'v': return F_V;
	case 'm': return F_M;
	default: return 0;
	}
}

int main(int argc, char **argv)
{
	struct utsname u;
	const char *fields[5];
	int flags = 0, i, first = 1;

	for (i = 1; i < argc; i++) {
		const char *p = argv[i];
		if (*p != '-' || !p[1]) {
			fprintf(stderr, "uname: extra operand '%s'\n", p);
			return 1;
		}
		for (p++; *p; p++) {
			if (!flag_of(*p)) {
				fprintf(stderr, "uname: invalid option -- '%c'\n", *p);
				return 1;
			}
			flags |= flag_of(*p);
		}
	}
	if (!flags)
		flags = F_S;
	if (uname(&u) < 0) {
		fprintf(stderr, "uname: cannot get system name: %s\n", strerror(errno));
		return 1;
	}
	fields[0] = u.sysname;
	fields[1] = u.nodename;
	fields[2] = u.release;
	fields[3] = u.version;
	fields[4] = u.machine;
	for (i = 0; i < 5; i++) {
		if (!(flags & (1 << i)))
			continue;
		printf("%s%s", first ? "" : " ", fields[i]);
		first = 0;
	}
	putchar('\n');
	return 0;
}
