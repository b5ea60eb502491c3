// System call dispatch with the Linux asm-generic RISC-V numbers.
#include "defs.h"
#include "proc.h"
#include "container.h"

uint32 stat_syscalls;

// Argument n (0..5) of the current system call.
uint32 argraw(int n) {
  return curproc->tf->x[10 + n];
}

static long (*const syscalls[])(void) = {
  [17] = sys_getcwd,   [23] = sys_dup,      [24] = sys_dup3,      [29] = sys_ioctl,
  [34] = sys_mkdirat,  [35] = sys_unlinkat, [46] = sys_ftruncate, [49] = sys_chdir,
  [56] = sys_openat,   [57] = sys_close,    [59] = sys_pipe2,     [61] = sys_getdents64,
  [62] = sys_lseek,    [63] = sys_read,     [64] = sys_write,     [79] = sys_newfstatat,
  [80] = sys_fstat,    [93] = sys_exit,     [94] = sys_exit,      [101] = sys_nanosleep,
  [113] = sys_clock_gettime, [116] = sys_syslog, [117] = sys_ptrace, [124] = sys_sched_yield,
  [129] = sys_kill,    [134] = sys_rt_sigaction, [142] = sys_reboot,
  [154] = sys_setpgid, [155] = sys_getpgid, [157] = sys_setsid,   [160] = sys_uname,
  [161] = sys_sethostname, [172] = sys_getpid, [173] = sys_getppid, [179] = sys_sysinfo,
  [214] = sys_brk,     [220] = sys_clone,   [221] = sys_execve,   [260] = sys_wait4,
  [414] = sys_ppoll,
  [105] = sys_init_module, [140] = sys_setpriority, [141] = sys_getpriority,
  [600] = sys_hl_container,
};

// a7 = number, a0..a5 = arguments; the result (or -errno) goes to a0.
void syscall(struct trapframe *tf) {
  uint32 num = tf->x[17];
  stat_syscalls++;
  if (num < (uint32)NELEM(syscalls) && syscalls[num])
    tf->x[10] = syscalls[num]();
  else
    tf->x[10] = -ENOSYS;
}
