// The um arch layer: the kernel is an ordinary process of the host kernel.
// Its privileged operations become host system calls: running a process is
// PTRACE_UM_RUN on that process's traced child (umhost.h), page tables are
// mirrored by mmu.c, the timer is a deadline handed to the run or to the
// idle wait, the console is a host descriptor, power off is exit(2).  Its
// "interrupts" are taken where the native kernel takes them: on the way to
// user mode and in the idle loop, by calling trap_handler with a frame.
#include <hyperlab/counters.h>
#include "host.h"
#include "../../arch.h"
#include "../../defs.h"
#include "../../proc.h"
#include "../../umhost.h"

#define UM_STATUS_KERNEL 0x100   // frame taken in kernel mode (the idle loop), as SPP

static uint64 deadline;          // next timer interrupt, 0 = none
static uint64 boot_time, boot_instret;   // host counters when this kernel started

void arch_trap_init(void) { um_console_raw(); }
void arch_devices_init(void) {}

void arch_user_frame(struct trapframe *tf, uint32 pc, uint32 sp) {
  memset(tf, 0, sizeof(*tf));
  tf->sepc = pc;
  tf->x[2] = sp;
}

int arch_from_user(struct trapframe *tf) {
  return (tf->sstatus & UM_STATUS_KERNEL) == 0;
}

static void take_intr(struct trapframe *tf, uint32 code) {
  tf->scause = CAUSE_INTR | code;
  tf->stval = 0;
  trap_handler(tf);
}

// Delivers the timer interrupt if its time has come, with the console's
// input first.  Returns whether it did.
static int take_due_intr(struct trapframe *tf) {
  if (deadline == 0 || arch_time() < deadline)
    return 0;
  deadline = 0;
  if (um_console_poll(0) > 0)
    take_intr(tf, INTR_EXTERNAL);
  take_intr(tf, INTR_TIMER);
  return 1;
}

// name= becomes the hostname once the kernel has read /etc/hostname, i.e.
// when it first enters user mode.
static void apply_boot_name(void) {
  if (um_name[0]) {
    strlcpy(hostname, um_name, sizeof(hostname));
    um_name[0] = 0;
  }
}

static void run_to_frame(const struct um_run *r, struct trapframe *tf) {
  memcpy(&tf->x[1], &r->x[1], 31 * 4);
  tf->sepc = r->pc;
  tf->scause = r->cause;
  tf->stval = r->tval;
}

// arch_user_return (entry.S) lands here with the stack emptied down to tf:
// the process runs on the host until it traps, and its trap is handled like
// a native one.  trap_handler may switch away; the loop resumes when the
// process is scheduled again.
void um_user_loop(struct trapframe *tf) __attribute__((noreturn));
void um_user_loop(struct trapframe *tf) {
  struct um_run r;
  apply_boot_name();
  for (;;) {
    if (take_due_intr(tf))
      continue;
    int pid = um_mmu_current_pid();
    memcpy(&r.x[1], &tf->x[1], 31 * 4);
    r.pc = tf->sepc;
    uint64 host_deadline = deadline ? deadline + boot_time : 0;
    r.deadline_lo = (uint32)host_deadline;
    r.deadline_hi = (uint32)(host_deadline >> 32);
    um_console_flush();
    long err = pid < 0 ? pid : host_call(SYS_PTRACE, PTRACE_UM_RUN, pid, (long)&r, 0);
    if (err < 0) {
      printf("[pid %d %s] killed: its host address space failed (error %d)\n", curproc->pid,
             curproc->comm, (int)err);
      proc_exit(SIGKILL);
    }
    run_to_frame(&r, tf);
    if (r.cause != (CAUSE_INTR | INTR_TIMER))   // the deadline: taken at the loop's top
      trap_handler(tf);
  }
}

// The console's bytes reached tty_input when it was polled, before the
// interrupt was taken: nothing is left to claim.
void arch_external_intr(void) {}
void arch_soft_intr_ack(void) {}
void arch_intr_on(void) {}
void arch_intr_off(void) {}

// Idle: sleep on the host in ppoll until console input or the timer
// deadline (at most a second ahead), then take what is due.
void arch_wait_for_intr(void) {
  struct trapframe tf = { .sstatus = UM_STATUS_KERNEL };
  um_console_flush();
  uint64 now = arch_time();
  uint64 wait = deadline == 0 ? TIMEBASE : deadline > now ? deadline - now : 0;
  struct host_timespec64 ts = { wait / TIMEBASE, (wait % TIMEBASE) * (1000000000 / TIMEBASE) };
  struct host_pollfd pfd = { um_con_in, HOST_POLLIN, 0 };
  long r = host_call(HOST_PPOLL, (long)&pfd, 1, (long)&ts, 0);
  if (um_console_poll(r > 0 && (pfd.revents & HOST_POLLIN)) > 0)
    take_intr(&tf, INTR_EXTERNAL);
  if (deadline && arch_time() >= deadline) {
    deadline = 0;
    take_intr(&tf, INTR_TIMER);
  }
}

// The host lets user mode read its counters (scounteren), so time and
// instret are the host's, read directly, and counted from this kernel's
// boot (its uptime starts there).
void um_clock_init(void) {
  boot_time = rdtime();
  boot_instret = rdinstret();
}

uint64 arch_time(void) { return rdtime() - boot_time; }
uint64 arch_instret(void) { return rdinstret() - boot_instret; }

void arch_timer_set(uint64 when) { deadline = when; }

void arch_firmware_name(char *buf, int len) {
  strlcpy(buf, "Hyperlab UML (user-mode kernel on the host)", len);
}

// Power off is the process's exit; the host kills the traced children.
void arch_power_off(int failure) {
  um_console_restore();
  host_call(HOST_EXIT_GROUP, failure ? 1 : 0, 0, 0, 0);
  for (;;)
    ;
}

// A reboot execs the kernel again with its own command line.
void arch_reboot(void) {
  um_console_restore();
  host_call(HOST_EXECVE, (long)um_argv[0], (long)um_argv, (long)um_envp, 0);
  arch_power_off(1);
}

int arch_privcmd_present(void) { return 0; }

long arch_privcmd_ioctl(uint32 cmd, uint32 arg) {
  (void)cmd;
  (void)arg;
  return -ENOTTY;
}
