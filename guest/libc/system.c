/* Whole-system calls: names, the kernel log, power. */
#include <unistd.h>
#include <sys/utsname.h>
#include <syscall.h>

int uname(struct utsname *u)
{
	return __sysret(__syscall1(SYS_uname, u));
}

int sethostname(const char *name, size_t len)
{
	return __sysret(__syscall2(SYS_sethostname, name, len));
}

/* cmd is REBOOT_CMD_POWER_OFF or REBOOT_CMD_RESTART. */
int reboot(unsigned cmd)
{
	return __sysret(__syscall4(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2,
				   cmd, 0));
}

int syslog_read(int type, char *buf, int len)
{
	return __sysret(__syscall3(SYS_syslog, type, buf, len));
}
