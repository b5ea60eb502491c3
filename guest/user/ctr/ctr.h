/* ctr: the host's container manager (docs/host-os.md).  One file per
 * group of subcommands; all go through the hl_container system call. */
#ifndef CTR_H
#define CTR_H

#include <hyperlab/abi.h>

/* hl_container(op, name, arg); -1 with errno on failure. */
long ctr_call(int op, const char *name, void *arg);

/* Prints "ctr: WHAT: reason" for errno and returns 1. */
int ctr_fail(const char *what);

/* ctr_fail for a call that names container `name`: ENOENT is "no such container". */
int ctr_fail_name(const char *name);

int ctr_create(int argc, char **argv);
int ctr_start(const char *name, char **cmd);
int ctr_exec(const char *name, char **cmd);
int ctr_list(void);
int ctr_ps(const char *name);

#endif
