#ifndef LIBC_TERMIOS_H
#define LIBC_TERMIOS_H

#include <hyperlab/abi.h>
#include <unistd.h>

#define TCSANOW 0

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

#endif
