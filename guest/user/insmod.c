/* insmod NAME: load a kernel module.  Hyperlab's modules are built into
 * the kernel and init_module takes the name; "buggy" is the deliberately
 * broken driver that brings the whole machine down (docs/host-os.md). */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <syscall.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: insmod MODULE\n");
		return 2;
	}
	if (__sysret(__syscall3(SYS_init_module, argv[1], strlen(argv[1]), "")) < 0) {
		fprintf(stderr, "insmod: %s: %s\n", argv[1],
			errno == ENOENT ? "no such module" : strerror(errno));
		return 1;
	}
	return 0;
}
