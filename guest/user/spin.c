/* spin [SECONDS]: burn CPU in U-mode for SECONDS of wall time (default:
 * until killed), then print how many million loop steps it made.  Two
 * spinners under different nice values or container weights show how the
 * scheduler shares the CPU (docs/host-os.md). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long now_centis(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 100 + t.tv_nsec / 10000000;
}

int main(int argc, char **argv)
{
	long secs = argc > 1 ? strtol(argv[1], 0, 10) : -1;
	long end = now_centis() + secs * 100;
	unsigned long millions = 0, i;

	while (secs < 0 || now_centis() < end) {
		/* The empty asm keeps the loop from being optimised away. */
		for (i = 0; i < 1000000; i++)
			__asm__ volatile("");
		millions++;
	}
	printf("spin: %lu million steps\n", millions);
	return 0;
}
