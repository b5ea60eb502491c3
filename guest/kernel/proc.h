#ifndef PROC_H
#define PROC_H
#include "types.h"
#include "param.h"
#include "arch.h"

// Callee-saved registers for swtch.
struct context {
  uint32 ra, sp;
  uint32 s[12];
};

enum procstate { UNUSED, EMBRYO, RUNNABLE, RUNNING, SLEEPING, ZOMBIE };

struct file;
struct container;

struct proc {
  enum procstate state;
  int pid, pgid, sid;
  struct proc *parent;
  int orphan;               // parent gone: reaped on exit without a zombie
  void *chan;               // sleeping on this
  uint32 sigpend;           // pending signals (bit n = signal n)
  uint32 sigign;            // signals set to SIG_IGN
  int xstatus;              // Linux wait status
  pte_t *pgdir;
  uint32 heap_start, brk;   // heap is [heap_start, brk), allocated on touch
  uint32 npages;            // resident user pages
  uint32 ticks;             // timer ticks spent running
  struct trapframe *tf;     // at the top of kstack
  struct context ctx;
  char *kstack;
  struct file *ofile[NOFILE];
  uint8 cloexec[NOFILE];
  char cwd[MAXPATH];
  char comm[16];
  struct proc *tracer;       // umhost.c: traced by this UML kernel, which handles its traps
  int um_running;            // traced: run by the tracer, not stopped
  uint64 um_deadline;        // traced: stop at this time (0 = none)
  struct container *ctr;    // its container, NULL for the host (kernel/container.c)
  int vpid, vpgid;          // pid and process group inside its container
  int nice;                 // -20..19: weight inside its scheduling group
  uint64 vruntime;          // weighted CPU time (kernel/sched.c)
};

extern struct proc procs[NPROC];
#endif
