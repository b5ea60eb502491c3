// Containers: a pid namespace, a host name, a file-system root and resource
// limits shared by a group of processes (docs/host-os.md).  A process with
// ctr == NULL belongs to the host, which sees every process and file.
#ifndef CONTAINER_H
#define CONTAINER_H
#include "types.h"
#include "param.h"
#include "abi.h"

struct proc;

// A CPU scheduling group: the host's processes form one, each container
// another.  Groups share the CPU by weight, then processes inside a group by
// nice (kernel/sched.c).
struct schedgroup {
  uint64 vruntime;          // weighted CPU time; the lowest runnable group runs
  uint32 weight;            // relative share (the host's is 100)
  uint32 quota;             // percent of the CPU per period, 0 = none
  int32 budget;             // quota left this period in percent-ticks; <= 0 = throttled
  uint64 floor;             // vruntime floor of its processes (sched.c)
};

#define QUOTA_PERIOD 10     // ticks: a CPU quota is a share of every 100 ms
#define HOST_RESERVED_PROCS 4  // process slots only the host may fill

struct container {
  int used;
  int state;                // CTR_STATE_*
  char name[CTR_NAME_LEN];
  char hostname[65];        // its UTS name
  char root[MAXPATH];       // host path of its root directory
  char console[32];         // host path of its console device
  struct proc *init;        // its pid 1, NULL when not running
  int nextvpid;             // next pid inside it
  uint32 mem_limit;         // user pages, 0 = none
  uint32 pids_limit;        // processes, 0 = none
  uint32 ticks;             // CPU ticks all its processes used
  uint32 file_pages;        // data pages of files its processes made
  struct schedgroup sg;
};

extern struct container containers[CTR_MAX];

// container.c: namespaces
int ns_pid(struct proc *viewer, struct proc *p);       // pid of p as viewer sees it, 0 if hidden
int ns_pgid(struct proc *viewer, struct proc *p);
int ns_sees(struct proc *viewer, struct proc *p);
struct proc *ns_find(struct proc *viewer, int pid);
int ns_setpgid(struct proc *target, int pgid);
int ns_pgrp_to_host(struct proc *viewer, int pgid);
int ns_pgrp_from_host(struct proc *viewer, int pgid);
char *container_hostname(struct proc *p);               // 65 bytes, its UTS name
int container_path(struct container *c, const char *base, const char *path, char *out);
void container_view(struct container *c, const char *hostpath, char *out);
// container.c: limits and life cycle
int container_mem_ok(struct proc *p, uint32 pages);
int container_fork_ok(struct proc *parent);
void container_forked(struct proc *parent, struct proc *child);
void container_init_exited(struct proc *p);
int container_stop(struct container *c);
int container_count(struct container *c);
uint32 container_pages(struct container *c);   // its processes' user pages and its files'
int container_file_page(struct container *c, int delta);
long sys_hl_container(void);

// sched.c
struct schedgroup *sched_group(struct proc *p);
struct proc *sched_pick(void);
void sched_tick(void);
long sys_setpriority(void);
long sys_getpriority(void);

// buggy.c: built-in modules loaded by init_module
void modules_tick(void);
long sys_init_module(void);
#endif
