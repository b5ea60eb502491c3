/* crash: store through a NULL pointer, to show a page fault in user
 * mode.  The kernel reports the fault and kills us with SIGSEGV. */
#include <stdio.h>

int main(void)
{
	volatile int *p = 0;

	/* Hide the constant from the optimiser, which would otherwise turn
	 * the undefined store into a trap instruction of its own. */
	__asm__ volatile("" : "+r"(p));
	printf("crash: writing to address %p\n", (void *)p);
	fflush(stdout);
	*p = 42;
	printf("crash: still alive?\n");
	return 1;
}
