/* WIFEXITED and friends come from the shared ABI header. */
#ifndef LIBC_SYS_WAIT_H
#define LIBC_SYS_WAIT_H

#include <hyperlab/abi.h>
#include <unistd.h>

pid_t wait4(pid_t pid, int *status, int options, void *rusage);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);

#endif
