// Host side of user-mode kernels (UML): a ptrace-style facility through which
// a user process (the UML kernel) owns traced children that are nothing but
// address spaces it fills with its own pages and runs until they trap.
// The ABI is in umhost.h; docs/host-os.md tells the story.
//
// Safety: a tracer maps only its own writable pages, only into its own
// children.  Those frames stay owned by the tracer, so before the tracer's
// memory can go (exit, exec; brk refuses to shrink while it traces) every
// child is emptied of them and killed, and a dying child drops them before
// its page tables are freed.
#include "defs.h"
#include "proc.h"
#include "vm.h"
#include "memlayout.h"
#include "umhost.h"
#include "container.h"

// Waits, stopped, until the tracer runs p again or a signal ends it.
static void umhost_wait_run(struct proc *p) {
  while (!p->um_running && !proc_signal_pending(p))
    sleep(&p->um_running);
}

// First scheduling of a traced child: stay stopped until the first run.
static void umhost_first_run(void) {
  struct proc *p = curproc;
  umhost_wait_run(p);
  proc_deliver_signals();
  arch_user_return(p->tf);
}

// A child counts like a fork of the tracer: its container's process limit
// and scheduling group apply.
static long umhost_spawn(void) {
  struct proc *t = curproc;
  int err;
  if (!container_fork_ok(t))
    return -EAGAIN;
  struct proc *c = proc_alloc(&err);
  if (c == NULL)
    return err;
  container_forked(t, c);
  c->parent = c->tracer = t;
  c->pgid = t->pgid;
  c->sid = t->sid;
  strlcpy(c->cwd, "/", MAXPATH);
  memcpy(c->comm, t->comm, sizeof(c->comm));
  arch_user_frame(c->tf, 0, 0);
  c->ctx.ra = (uint32)umhost_first_run;
  c->state = RUNNABLE;
  return ns_pid(t, c);   // as kill and wait4 name it, in a container too
}

static struct proc *umhost_child(int pid) {
  struct proc *c = ns_find(curproc, pid);
  return c && c->tracer == curproc && c->state != ZOMBIE ? c : NULL;
}

// Drops the borrowed page at child va, if any (the frame stays the tracer's).
static void umhost_unmap_page(struct proc *c, uint32 va) {
  pte_t *pte = uvm_walk(c->pgdir, va, 0);
  if (pte && (*pte & PTE_V)) {
    arch_pte_set(pte, 0);
    c->npages--;
  }
}

static long umhost_map(struct proc *c, uint32 va, uint32 arg) {
  uint32 page = PGROUNDDOWN(arg), prot = arg & PTE_RWX;
  if (va % PGSIZE || va >= USER_TOP || va == 0 || prot == 0)
    return -EINVAL;
  uint8 *frame = uvm_page(curproc, page, 1);   // the caller's own, writable, faulted in
  if (frame == NULL)
    return -EFAULT;
  pte_t *pte = uvm_walk(c->pgdir, va, 1);
  if (pte == NULL)
    return -ENOMEM;
  if ((*pte & PTE_V) == 0)
    c->npages++;
  arch_pte_set(pte, PA2PTE(frame) | prot | PTE_V | PTE_U | PTE_A | PTE_D);
  arch_tlb_flush();
  return 0;
}

static long umhost_run(struct proc *c, uint32 uregs) {
  struct um_run r;
  if (copyin(curproc, &r, uregs, sizeof(r)) < 0)
    return -EFAULT;
  memcpy(&c->tf->x[1], &r.x[1], 31 * 4);
  c->tf->sepc = r.pc;
  c->um_deadline = ((uint64)r.deadline_hi << 32) | r.deadline_lo;
  c->um_running = 1;
  wakeup(&c->um_running);
  while (c->um_running) {
    if (c->state == ZOMBIE)
      return -ESRCH;
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep(curproc);   // also the channel of a child's exit
  }
  memcpy(&r.x[1], &c->tf->x[1], 31 * 4);
  r.pc = c->tf->sepc;
  r.cause = c->tf->scause;
  r.tval = c->tf->stval;
  return copyout(curproc, uregs, &r, sizeof(r));
}

// ptrace(request, pid, addr, data) with the Hyperlab requests of umhost.h.
long sys_ptrace(void) {
  uint32 req = argraw(0), addr = argraw(2), data = argraw(3);
  if (req == PTRACE_UM_SPAWN)
    return umhost_spawn();
  if (req != PTRACE_UM_MAP && req != PTRACE_UM_UNMAP && req != PTRACE_UM_RUN)
    return -EIO;
  struct proc *c = umhost_child((int)argraw(1));
  if (c == NULL)
    return -ESRCH;
  if (req == PTRACE_UM_MAP)
    return umhost_map(c, addr, data);
  if (req == PTRACE_UM_RUN)
    return umhost_run(c, addr);
  if (addr % PGSIZE || addr >= USER_TOP)
    return -EINVAL;
  umhost_unmap_page(c, addr);
  arch_tlb_flush();
  return 0;
}

// Called on every return to a traced child's user mode from trap_handler:
// an exception, or an interrupt once its deadline has passed, stops it and
// hands it back to the tracer, which sees its registers in PTRACE_UM_RUN.
void umhost_trap(struct trapframe *tf) {
  struct proc *p = curproc;
  if (tf->scause & CAUSE_INTR) {
    if (p->um_deadline == 0 || arch_time() < p->um_deadline)
      return;
    tf->scause = CAUSE_INTR | INTR_TIMER;
    tf->stval = 0;
  }
  p->um_running = 0;
  wakeup(p->tracer);
  umhost_wait_run(p);
}

int umhost_tracing(struct proc *p) {
  for (struct proc *q = procs; q < &procs[NPROC]; q++)
    if (q->state != UNUSED && q->tracer == p && q->pgdir)
      return 1;
  return 0;
}

static void umhost_empty(struct proc *c) {
  for (uint32 va = 0; va < USER_TOP; va += MEGAPAGE) {
    if ((c->pgdir[VPN1(va)] & PTE_V) == 0)
      continue;
    for (uint32 a = va; a < va + MEGAPAGE; a += PGSIZE)
      umhost_unmap_page(c, a);
  }
}

// p (the current process) is about to free its address space (exit, exec):
// a traced p drops the tracer's frames first, and a tracing p's children
// lose its frames and die.
void umhost_release(struct proc *p) {
  if (p->tracer && p->pgdir)
    umhost_empty(p);
  for (struct proc *q = procs; q < &procs[NPROC]; q++) {
    if (q->state == UNUSED || q->tracer != p || q->pgdir == NULL)
      continue;
    umhost_empty(q);
    q->orphan = 1;   // gone without a zombie: an exec'd tracer does not know it
    proc_kill(ns_pid(p, q), SIGKILL);
  }
  arch_tlb_flush();
}
