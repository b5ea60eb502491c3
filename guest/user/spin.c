/* spin [SECONDS]: burn CPU in U-mode for SECONDS of wall time (a fraction
 * like 0.5 is fine; default: until killed), then print how many thousand
 * loop steps it made.  Two spinners under different nice values or
 * container weights show how the scheduler shares the CPU
 * (docs/host-os.md). */
#include <stdio.h>
#include <ctype.h>
#include <time.h>

static long now_centis(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 100 + t.tv_nsec / 10000000;
}

/* "3", "0.25" -> hundredths of a second; -1 if malformed. */
static long parse_centis(const char *s)
{
	long centis = 0, scale = 10;

	for (; isdigit(*s); s++)
		centis = centis * 10 + (*s - '0') * 100;
	if (*s == '.')
		for (s++; isdigit(*s); s++, scale /= 10)
			centis += (*s - '0') * scale;
	return *s ? -1 : centis;
}

int main(int argc, char **argv)
{
	long span = argc > 1 ? parse_centis(argv[1]) : -1;
	long end = now_centis() + span;
	unsigned long thousands = 0, i;

	if (argc > 1 && span < 0) {
		fprintf(stderr, "usage: spin [SECONDS]\n");
		return 2;
	}
	while (span < 0 || now_centis() < end) {
		/* The empty asm keeps the loop from being optimised away. */
		for (i = 0; i < 1000; i++)
			__asm__ volatile("");
		thousands++;
	}
	printf("spin: %lu thousand steps\n", thousands);
	return 0;
}
