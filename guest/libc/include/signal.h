/*
 * Signals.  The kernel supports only the dispositions SIG_DFL and SIG_IGN
 * (no user handlers), so a disposition here is a plain number rather than
 * a function pointer.
 */
#ifndef LIBC_SIGNAL_H
#define LIBC_SIGNAL_H

#include <hyperlab/abi.h>
#include <unistd.h>

typedef unsigned long sighandler_t;

int kill(pid_t pid, int sig);
/* Set sig's disposition; returns the previous one, or -1 and errno. */
long signal(int sig, sighandler_t disposition);
const char *signame(int sig);
int signum(const char *name);

#endif
