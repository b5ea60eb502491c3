/* The program break.  Linux brk returns the new break, or the old one
 * when it cannot move, so success is "the break is where we asked". */
#include <unistd.h>
#include <errno.h>
#include <syscall.h>

static char *cur_brk;

int brk(void *addr)
{
	char *r = (char *)__syscall1(SYS_brk, addr);

	cur_brk = r;
	if (r != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(long inc)
{
	char *old;

	if (!cur_brk)
		cur_brk = (char *)__syscall1(SYS_brk, 0);
	old = cur_brk;
	if (inc == 0)
		return old;
	/* Refuse to wrap around the address space. */
	if ((inc > 0 && (unsigned long)old + (unsigned long)inc < (unsigned long)old) ||
	    brk(old + inc) < 0) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return old;
}
