/* Terminal control through ioctl. */
#include <termios.h>

int tcgetattr(int fd, struct termios *t)
{
	return ioctl(fd, TCGETS, t);
}

/* Only TCSANOW exists: the tty has no output queue to drain. */
int tcsetattr(int fd, int action, const struct termios *t)
{
	(void)action;
	return ioctl(fd, TCSETS, (void *)t);
}

pid_t tcgetpgrp(int fd)
{
	pid_t pgrp;

	return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	return ioctl(fd, TIOCSPGRP, &pgrp);
}
