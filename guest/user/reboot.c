/* reboot: restart the machine. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(void)
{
	fflush(stdout);
	reboot(REBOOT_CMD_RESTART);
	fprintf(stderr, "reboot: %s\n", strerror(errno));
	return 1;
}
