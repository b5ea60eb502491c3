/* illegal: execute an all-zero instruction word, which RISC-V defines as
 * illegal.  The kernel reports the trap and kills us with SIGILL. */
#include <stdio.h>

int main(void)
{
	printf("illegal: executing the instruction word 0x00000000\n");
	fflush(stdout);
	__asm__ volatile(".word 0");
	printf("illegal: still alive?\n");
	return 1;
}
