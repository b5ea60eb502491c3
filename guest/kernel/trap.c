// Trap dispatch: interrupts, system calls, and user faults.
#include "defs.h"
#include "proc.h"
#include "abi.h"
#include "container.h"

uint32 trap_counts[16], intr_counts[16];
uint32 stat_idle_ticks, stat_user_ticks;
volatile uint32 ticks;

static const char *exc_names[16] = {
  "instruction_misaligned", "instruction_access_fault", "illegal_instruction",
  "breakpoint", "load_misaligned", "load_access_fault", "store_misaligned",
  "store_access_fault", "ecall_u", "ecall_s", "exception_10", "ecall_m",
  "instruction_page_fault", "load_page_fault", "exception_14", "store_page_fault",
};

static const char *intr_names[16] = {
  "interrupt_0", "supervisor_software", "interrupt_2", "machine_software",
  "interrupt_4", "supervisor_timer", "interrupt_6", "machine_timer",
  "interrupt_8", "supervisor_external", "interrupt_10", "machine_external",
  "interrupt_12", "interrupt_13", "interrupt_14", "interrupt_15",
};

const char *trap_name(uint32 cause) {
  return (cause & CAUSE_INTR) ? intr_names[cause & 15] : exc_names[cause & 15];
}

uint64 timer_next;   // when the next tick is due; kvm.c may arm a guest's earlier deadline

void timer_start(void) {
  timer_next = arch_time() + TIMEBASE / HZ;
  arch_timer_set(timer_next);
}

// A tick: wake sleepers, and preempt the running process if it was in U-mode.
static void trap_timer(struct trapframe *tf) {
  ticks++;
  timer_start();
  sched_tick();    // CPU shares and quotas (kernel/sched.c)
  modules_tick();  // loaded kernel modules' timers (kernel/buggy.c)
  wakeup((void *)&ticks);
  poll_notify();   // ppoll timeouts
  if (curproc == NULL) {
    stat_idle_ticks++;
    return;
  }
  if (arch_from_user(tf)) {
    curproc->ticks++;
    stat_user_ticks++;
    yield();
  }
}

static void trap_intr(uint32 code, struct trapframe *tf) {
  intr_counts[code]++;
  if (code == INTR_TIMER)
    trap_timer(tf);
  else if (code == INTR_EXTERNAL)
    arch_external_intr();
  else if (code == INTR_SOFT)
    arch_soft_intr_ack();
}

// Kills the current process for a fault it cannot survive, with one log line.
static void trap_crash(struct trapframe *tf, int sig, const char *why) {
  struct proc *p = curproc;
  const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGILL ? "SIGILL"
                   : sig == SIGBUS ? "SIGBUS" : "SIGTRAP";
  if (tf->scause == CAUSE_ILLEGAL) {
    uint32 insn = tf->stval;
    if (insn == 0 && copyin(p, &insn, tf->sepc, 4) < 0)
      insn = 0;
    printf("[pid %d %s] killed by %s: illegal instruction 0x%08x, pc 0x%08x\n",
           p->pid, p->comm, name, insn, tf->sepc);
  } else {
    printf("[pid %d %s] killed by %s: %s at 0x%08x, pc 0x%08x\n",
           p->pid, p->comm, name, why, tf->stval, tf->sepc);
  }
  proc_exit(sig);
}

static void trap_user_exception(struct trapframe *tf) {
  uint32 c = tf->scause;
  if (c == CAUSE_ECALL_U) {
    tf->sepc += 4;
    syscall(tf);
  } else if (c == CAUSE_FETCH_PAGE || c == CAUSE_LOAD_PAGE || c == CAUSE_STORE_PAGE) {
    int r = vm_fault(curproc, tf->stval, c == CAUSE_STORE_PAGE);
    if (r == -ENOMEM)
      trap_crash(tf, SIGSEGV, "out of memory");
    else if (r < 0)
      trap_crash(tf, SIGSEGV, c == CAUSE_FETCH_PAGE ? "instruction page fault"
                             : c == CAUSE_LOAD_PAGE ? "load page fault" : "store page fault");
  } else if (c == CAUSE_ILLEGAL) {
    trap_crash(tf, SIGILL, "illegal instruction");
  } else if (c == CAUSE_BREAKPOINT) {
    trap_crash(tf, SIGTRAP, "breakpoint");
  } else if (c == 0 || c == 4 || c == 6) {
    trap_crash(tf, SIGBUS, exc_names[c]);
  } else {
    trap_crash(tf, SIGSEGV, exc_names[c & 15]);
  }
}

// An exception in S-mode is a kernel bug.
static void trap_kernel_exception(struct trapframe *tf) {
  static char msg[128];
  snprintf(msg, sizeof(msg), "trap_handler: %s in kernel at pc 0x%08x, stval 0x%08x",
           trap_name(tf->scause), tf->sepc, tf->stval);
  panic(msg);
}

// Entered from trap_vector with interrupts off; tf is on the kernel stack.
void trap_handler(struct trapframe *tf) {
  uint32 cause = tf->scause;
  if (cause & CAUSE_INTR) {
    trap_intr(cause & 15, tf);
  } else {
    trap_counts[cause & 15]++;
    if (!arch_from_user(tf))
      trap_kernel_exception(tf);
    if (curproc->tracer == NULL)
      trap_user_exception(tf);
  }
  if (arch_from_user(tf) && curproc && curproc->tracer)
    umhost_trap(tf);   // a UML kernel's process: its tracer handles the trap
  if (arch_from_user(tf) && curproc)
    proc_deliver_signals();
}
