/*
 * memhog: grow the heap in 64 KiB steps, touching every page so the
 * kernel must really back it, until sbrk fails; then report how much it
 * got and exit, returning it all.  If the kernel granted break space it
 * cannot back, the touch faults and the kernel kills us instead — which
 * is itself a lesson.  memhog MIB stops after MIB mebibytes.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#define STEP (64 * 1024)

int main(int argc, char **argv)
{
	unsigned long limit = argc > 1 ? strtoul(argv[1], 0, 10) * 1024 * 1024 : 0;
	unsigned long got = 0;
	char *p;
	int i;

	while ((!limit || got < limit) && (p = sbrk(STEP)) != (void *)-1) {
		for (i = 0; i < STEP; i += PAGE_SIZE)
			p[i] = 1;
		got += STEP;
		/* Progress every 8 MiB: console output is costly here. */
		if (got % (8 * 1024 * 1024) == 0) {
			printf("\rmemhog: %lu KiB", got / 1024);
			fflush(stdout);
		}
	}
	if (limit && got >= limit)
		printf("\rmemhog: got %lu KiB, the limit asked for\n", got / 1024);
	else
		printf("\rmemhog: got %lu KiB before sbrk failed: %s\n",
		       got / 1024, strerror(errno));
	return 0;
}
