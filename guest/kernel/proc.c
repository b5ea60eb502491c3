// Processes: table, scheduler, sleep/wakeup, fork, exit, wait, signals.
// The kernel is uniprocessor and runs with interrupts off (they are taken only
// in U-mode and in the idle loop), so no locks are needed.
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "abi.h"
#include "container.h"

struct proc procs[NPROC];
struct proc *curproc;
uint32 stat_ctxt, stat_forks;

static struct context sched_ctx;
static char kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));
static int nextpid = 1;
static struct proc *initproc;

static void proc_first_run(void);

// Takes a free slot with a kernel stack, an empty address space and a
// context that starts in proc_first_run.  *err is EAGAIN or ENOMEM on failure.
struct proc *proc_alloc(int *err) {
  struct proc *p;
  for (p = procs; p < &procs[NPROC]; p++)
    if (p->state == UNUSED)
      break;
  if (p == &procs[NPROC]) {
    *err = -EAGAIN;
    return NULL;
  }
  memset(p, 0, sizeof(*p));
  p->pgdir = uvm_create();
  if (p->pgdir == NULL) {
    *err = -ENOMEM;
    return NULL;
  }
  p->state = EMBRYO;
  p->pid = nextpid++;
  p->kstack = kstacks[p - procs];
  p->tf = (struct trapframe *)(p->kstack + KSTACK_SIZE) - 1;
  p->ctx.ra = (uint32)proc_first_run;
  p->ctx.sp = (uint32)p->tf;
  return p;
}

// Releases the slot; the caller has closed the files.
void proc_free(struct proc *p) {
  if (p->pgdir)
    uvm_free(p->pgdir);
  p->pgdir = NULL;
  p->state = UNUSED;
}

// Loads the program of pid 1: /bin/init if present, else /bin/sh.  A
// missing or damaged /bin/sh is restored from the initramfs, so nothing a
// user does to the file system stops the console from coming back.
static void init_exec(void) {
  if (exec("/bin/init", (char *[]){ "/bin/init", NULL }, 1, NULL, 0) == 0)
    return;
  for (;;) {
    int r = exec("/bin/sh", (char *[]){ "/bin/sh", NULL }, 1, NULL, 0);
    if (r == 0)
      return;
    printf("init: cannot run /bin/sh (error %d), restoring it from the initramfs\n", r);
    initramfs_restore();
    if (exec("/bin/sh", (char *[]){ "/bin/sh", NULL }, 1, NULL, 0) == 0)
      return;
    for (uint32 t = ticks; ticks < t + HZ;)
      sleep((void *)&ticks);   // out of memory: try again in a second
  }
}

// Gives pid 1 the console as fds 0, 1, 2.  If the file table is full (a user
// can fill it), waits for files to be closed instead of failing.
static void init_open_console(struct proc *p) {
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd]) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = NULL;
    }
  for (int fd = 0; fd < 3; fd++) {
    while (file_open("/dev/console", O_RDWR, 0, &p->ofile[fd]) < 0) {
      if (p->state != RUNNING)
        panic("init_open_console: no /dev/console at boot");
      sleep((void *)&ticks);
    }
  }
}

// First scheduling of every process: pid 1 loads its program, others
// (forked) return to U-mode with the copied frame.
static void proc_first_run(void) {
  if (curproc == initproc && curproc->heap_start == 0)
    init_exec();
  arch_user_return(curproc->tf);
}

// Creates pid 1 with the console as fds 0, 1, 2.
void user_init(void) {
  int err;
  struct proc *p = proc_alloc(&err);
  if (p == NULL)
    panic("user_init: no process");
  initproc = p;
  p->pgid = p->sid = p->pid;
  strlcpy(p->cwd, "/", MAXPATH);
  strlcpy(p->comm, "init", sizeof(p->comm));
  init_open_console(p);
  tty_fgpgrp = p->pgid;
  p->state = RUNNABLE;
}

// Runs what sched_pick chooses (kernel/sched.c: weighted fair shares);
// idles with interrupts on when nothing can run.
void scheduler(void) {
  for (;;) {
    struct proc *p = sched_pick();
    if (p) {
      p->state = RUNNING;
      curproc = p;
      arch_mmu_switch(p->pgdir);
      stat_ctxt++;
      swtch(&sched_ctx, &p->ctx);
      curproc = NULL;
    } else {
      arch_intr_on();
      arch_wait_for_intr();
      arch_intr_off();
    }
  }
}

// Gives the CPU back to the scheduler; caller has set curproc->state.
static void sched(void) {
  if (curproc->state == RUNNING)
    panic("sched: still running");
  swtch(&curproc->ctx, &sched_ctx);
}

void yield(void) {
  curproc->state = RUNNABLE;
  sched();
}

// Sleeps until wakeup(chan) or a signal; callers re-check their condition.
void sleep(void *chan) {
  curproc->chan = chan;
  curproc->state = SLEEPING;
  sched();
  curproc->chan = NULL;
}

void wakeup(void *chan) {
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
}

struct proc *proc_find(int pid) {
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != UNUSED && p->state != EMBRYO && p->pid == pid)
      return p;
  return NULL;
}

int proc_count_state(int state) {
  int n = 0;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    n += p->state == (enum procstate)state;
  return n;
}

// fork: a copy of the current process; returns the child's pid (as the
// parent sees it) or -errno.
int proc_fork(void) {
  struct proc *p = curproc;
  int err;
  if (!container_fork_ok(p))
    return -EAGAIN;   // its container's process limit
  struct proc *np = proc_alloc(&err);
  if (np == NULL)
    return err;
  container_forked(p, np);
  memcpy(np->comm, p->comm, sizeof(np->comm));   // before the copy: a limit message names it
  if (uvm_copy(p, np) < 0) {
    proc_free(np);
    return -ENOMEM;
  }
  *np->tf = *p->tf;
  np->tf->x[10] = 0;
  np->heap_start = p->heap_start;
  np->brk = p->brk;
  np->sigign = p->sigign;
  np->pgid = p->pgid;
  np->sid = p->sid;
  np->parent = p;
  memcpy(np->cwd, p->cwd, MAXPATH);
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd]) {
      np->ofile[fd] = file_dup(p->ofile[fd]);
      np->cloexec[fd] = p->cloexec[fd];
    }
  np->state = RUNNABLE;
  stat_forks++;
  return ns_pid(p, np);
}

// pid 1 never dies: its program is started again.
static void init_respawn(int status) {
  struct proc *p = curproc;
  printf("init: %s exited (status 0x%x), starting it again\n", p->comm, status);
  p->sigpend = p->sigign = 0;
  init_open_console(p);
  tty_fgpgrp = p->pgid;
  init_exec();
  arch_user_return(p->tf);
}

// Orphans are reaped without a zombie; a container's go to its pid 1 (so
// getppid says 1 there), the others to the host's.
static void proc_reparent(struct proc *p) {
  for (struct proc *q = procs; q < &procs[NPROC]; q++) {
    if (q->parent != p || q->state == UNUSED)
      continue;
    struct proc *cinit = q->ctr ? q->ctr->init : NULL;
    q->parent = cinit && cinit != p && cinit != q ? cinit : initproc;
    q->orphan = 1;
    if (q->state == ZOMBIE)
      proc_free(q);
  }
}

// Ends the current process with a Linux wait status.
void proc_exit(int status) {
  struct proc *p = curproc;
  if (p == initproc)
    init_respawn(status);
  p->xstatus = status;
  if (p->ctr && p->ctr->init == p)
    container_init_exited(p);
  for (int fd = 0; fd < NOFILE; fd++)
    if (p->ofile[fd]) {
      file_close(p->ofile[fd]);
      p->ofile[fd] = NULL;
    }
  proc_reparent(p);
  kvm_switch();
  umhost_release(p);
  uvm_free(p->pgdir);
  p->pgdir = NULL;
  p->npages = 0;
  if (p->orphan) {
    p->state = UNUSED;   // the slot is not reused before sched() switches away
  } else {
    p->state = ZOMBIE;
    wakeup(p->parent);
  }
  sched();
  panic("proc_exit: zombie ran");
}

// pids and groups are numbers in p's namespace.
static int wait_match(struct proc *p, struct proc *q, int pid) {
  if (q->parent != p || q->state == UNUSED || q->state == EMBRYO)
    return 0;
  if (pid > 0)
    return ns_pid(p, q) == pid;
  if (pid == 0)
    return q->pgid == p->pgid;
  if (pid < -1)
    return ns_pgid(p, q) == -pid;
  return 1;
}

// wait4: reaps a matching zombie child; stores its status at ustatus (if not 0).
int proc_wait(int pid, uint32 ustatus, int options) {
  struct proc *p = curproc;
  for (;;) {
    int kids = 0;
    for (struct proc *q = procs; q < &procs[NPROC]; q++) {
      if (!wait_match(p, q, pid))
        continue;
      kids = 1;
      if (q->state != ZOMBIE)
        continue;
      if (ustatus && copyout(p, ustatus, &q->xstatus, 4) < 0)
        return -EFAULT;
      int qpid = ns_pid(p, q);
      proc_free(q);
      return qpid;
    }
    if (!kids)
      return -ECHILD;
    if (options & WNOHANG)
      return 0;
    if (proc_signal_pending(p))
      return -EINTR;
    sleep(p);
  }
}

// Marks sig pending on p unless it is ignored; wakes p if it sleeps.
static void proc_send(struct proc *p, int sig) {
  uint32 bit = 1u << sig;
  if (sig == 0 || sig == SIGCHLD || p->state == ZOMBIE)
    return;
  if ((p->sigign & bit) && sig != SIGKILL)
    return;
  p->sigpend |= bit;
  if (p->state == SLEEPING)
    p->state = RUNNABLE;
}

void proc_signal(struct proc *p, int sig) {
  proc_send(p, sig);
}

void proc_signal_pgrp(int pgid, int sig) {
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != UNUSED && p->state != EMBRYO && p->pgid == pgid)
      proc_send(p, sig);
}

// kill(2) targets: pid > 0 one process, 0 own group, -1 all but init, < -1
// group -pid; numbers in the caller's namespace, which bounds what it reaches.
int proc_kill(int pid, int sig) {
  int found = 0;
  struct proc *me = curproc;
  if (sig < 0 || sig >= NSIG)
    return -EINVAL;
  for (struct proc *p = procs; p < &procs[NPROC]; p++) {
    if (p->state == UNUSED || p->state == EMBRYO || !ns_sees(me, p))
      continue;
    int hit = pid > 0 ? ns_pid(me, p) == pid
            : pid == 0 ? p->pgid == me->pgid
            : pid == -1 ? p != initproc && p != me && !(me->ctr && p == me->ctr->init)
            : ns_pgid(me, p) == -pid;
    if (hit) {
      found = 1;
      proc_send(p, sig);
    }
  }
  return found ? 0 : -ESRCH;
}

int proc_signal_pending(struct proc *p) {
  return p->sigpend != 0;
}

// Called on every return to U-mode: a pending signal terminates (the only
// action besides ignore that the kernel implements).
void proc_deliver_signals(void) {
  struct proc *p = curproc;
  uint32 pend = p->sigpend & (~p->sigign | (1u << SIGKILL));
  p->sigpend = 0;
  for (int sig = 1; sig < NSIG; sig++)
    if (pend & (1u << sig))
      proc_exit(sig);
}
