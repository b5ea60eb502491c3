// Process, time and system system calls.
#include "defs.h"
#include "kvm.h"
#include "proc.h"
#include "abi.h"
#include "memlayout.h"
#include "container.h"

long sys_exit(void) {
  proc_exit((argraw(0) & 0xff) << 8);
}

long sys_getpid(void) { return ns_pid(curproc, curproc); }

// A parent outside the caller's container (ctr, the host's init) shows as 0.
long sys_getppid(void) {
  return curproc->parent ? ns_pid(curproc, curproc->parent) : 0;
}

// clone(flags, stack, ...): only fork (flags = SIGCHLD) is supported.
long sys_clone(void) {
  uint32 flags = argraw(0), stack = argraw(1);
  if ((flags & ~0xffu) != 0 || (flags & 0xff) != SIGCHLD)
    return -EINVAL;
  int pid = proc_fork();
  if (pid > 0 && stack) {
    struct proc *child = ns_find(curproc, pid);
    child->tf->x[2] = stack;
  }
  return pid;
}

// Copies a NULL-terminated user pointer array into args/strs; returns count or -errno.
static int exec_fetch(uint32 uarr, char **args, int max, char *strs, int *used) {
  int n;
  if (uarr == 0)
    return 0;
  for (n = 0;; n++) {
    uint32 uptr;
    if (copyin(curproc, &uptr, uarr + 4 * n, 4) < 0)
      return -EFAULT;
    if (uptr == 0)
      return n;
    if (n >= max)
      return -E2BIG;
    int len = copyinstr(curproc, strs + *used, uptr, ARGBUF - *used);
    if (len < 0)
      return len == -ENAMETOOLONG ? -E2BIG : len;
    args[n] = strs + *used;
    *used += len + 1;
  }
}

long sys_execve(void) {
  char path[MAXPATH];
  char *argv[MAXARG], *envp[MAXARG];
  int r = path_resolve(curproc, AT_FDCWD, argraw(0), path);
  if (r < 0)
    return r;
  char *strs = kalloc();
  if (strs == NULL)
    return -ENOMEM;
  int used = 0;
  int argc = exec_fetch(argraw(1), argv, MAXARG, strs, &used);
  int envc = argc < 0 ? argc : exec_fetch(argraw(2), envp, MAXARG, strs, &used);
  if (argc >= 0 && envc >= 0)
    r = exec(path, argv, argc, envp, envc);
  else
    r = argc < 0 ? argc : envc;
  kfree(strs);
  return r;
}

long sys_wait4(void) {
  return proc_wait((int)argraw(0), argraw(1), argraw(2));
}

long sys_kill(void) {
  return proc_kill((int)argraw(0), (int)argraw(1));
}

// brk(addr): lazily grows or shrinks the heap; returns the (new or old) break.
long sys_brk(void) {
  struct proc *p = curproc;
  uint32 want = argraw(0);
  if (want == 0 || want < p->heap_start || want > HEAP_LIMIT)
    return p->brk;
  if (want < p->brk && umhost_tracing(p))
    return p->brk;   // its traced children may share the pages
  if (want < p->brk && kvm_pins_memory(p))
    return p->brk;   // a VM's guest RAM is in its heap
  if (want < p->brk) {
    uvm_unmap_range(p, PGROUNDUP(want), PGROUNDUP(p->brk));
    arch_tlb_flush();
  } else if ((PGROUNDUP(want) - PGROUNDUP(p->brk)) / PGSIZE > kalloc_free_pages() ||
             !container_mem_ok(p, (PGROUNDUP(want) - PGROUNDUP(p->brk)) / PGSIZE)) {
    return p->brk;   // ENOMEM: the old break tells the caller it failed
  }
  p->brk = want;
  return p->brk;
}

long sys_nanosleep(void) {
  struct timespec ts;
  if (copyin(curproc, &ts, argraw(0), sizeof(ts)) < 0)
    return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
    return -EINVAL;
  uint64 until = arch_time() + (uint64)ts.tv_sec * TIMEBASE + (uint32)ts.tv_nsec / 100;
  while (arch_time() < until) {
    if (proc_signal_pending(curproc))
      return -EINTR;
    sleep((void *)&ticks);
  }
  return 0;
}

long sys_clock_gettime(void) {
  uint64 t = arch_time();
  struct timespec ts = { (int32)(t / TIMEBASE), (int32)(t % TIMEBASE) * (1000000000 / TIMEBASE) };
  uint32 clk = argraw(0);
  if (clk != 0 && clk != 1 && clk != 4 && clk != 7)
    return -EINVAL;
  return copyout(curproc, argraw(1), &ts, sizeof(ts));
}

long sys_sched_yield(void) {
  yield();
  return 0;
}

// rt_sigaction(sig, act, oact, size): only SIG_DFL and SIG_IGN have effect;
// any other handler is recorded as default (terminate).
long sys_rt_sigaction(void) {
  int sig = argraw(0);
  uint32 act = argraw(1), oact = argraw(2);
  struct proc *p = curproc;
  if (sig <= 0 || sig >= NSIG)
    return -EINVAL;
  uint32 old[4] = { (p->sigign >> sig) & 1 ? SIG_IGN : SIG_DFL, 0, 0, 0 };
  uint32 size = 8 + (argraw(3) == 4 ? 4 : 8);   // handler, flags, 32- or 64-bit mask
  if (oact && copyout(p, oact, old, size) < 0)
    return -EFAULT;
  if (act) {
    uint32 handler;
    if (copyin(p, &handler, act, 4) < 0)
      return -EFAULT;
    if (sig == SIGKILL)
      return -EINVAL;
    if (handler == SIG_IGN)
      p->sigign |= 1u << sig;
    else
      p->sigign &= ~(1u << sig);
  }
  return 0;
}

// setpgid(pid, pgid): pid 0 is the caller, pgid 0 means pgid = pid.
long sys_setpgid(void) {
  int pid = argraw(0), pgid = argraw(1);
  struct proc *p = pid == 0 ? curproc : ns_find(curproc, pid);
  if (p == NULL || (p != curproc && p->parent != curproc))
    return -ESRCH;
  if (pgid < 0)
    return -EINVAL;
  return ns_setpgid(p, pgid);
}

long sys_getpgid(void) {
  int pid = argraw(0);
  struct proc *p = pid == 0 ? curproc : ns_find(curproc, pid);
  return p ? ns_pgid(curproc, p) : -ESRCH;
}

long sys_setsid(void) {
  struct proc *p = curproc;
  if (p->pgid == p->pid)
    return -EPERM;
  p->sid = p->pgid = p->pid;
  p->vpgid = p->vpid;
  return ns_pid(p, p);
}

long sys_uname(void) {
  static struct utsname u;
  memset(&u, 0, sizeof(u));
  strlcpy(u.sysname, "Hyperlab", UTSNAME_LEN);
  strlcpy(u.nodename, container_hostname(curproc), UTSNAME_LEN);
  strlcpy(u.release, KERNEL_VERSION, UTSNAME_LEN);
  snprintf(u.version, UTSNAME_LEN, "#1 %s", firmware_name);
  strlcpy(u.machine, "riscv32", UTSNAME_LEN);
  strlcpy(u.domainname, "(none)", UTSNAME_LEN);
  return copyout(curproc, argraw(0), &u, sizeof(u));
}

long sys_sethostname(void) {
  char name[65];
  uint32 len = argraw(1);
  if (len > 64)
    return -EINVAL;
  if (copyin(curproc, name, argraw(0), len) < 0)
    return -EFAULT;
  name[len] = 0;
  strlcpy(container_hostname(curproc), name, sizeof(hostname));
  return 0;
}

long sys_sysinfo(void) {
  struct sysinfo si;
  memset(&si, 0, sizeof(si));
  si.uptime = (int32)(arch_time() / TIMEBASE);
  si.totalram = kalloc_total_pages();
  si.freeram = kalloc_free_pages();
  si.procs = NPROC - proc_count_state(UNUSED);
  si.mem_unit = PGSIZE;
  return copyout(curproc, argraw(0), &si, sizeof(si));
}

// syslog(type, buf, len): 3 READ_ALL, 4 READ_CLEAR, 5 CLEAR, 10 SIZE_BUFFER.
// READ_ALL copies the newest min(len, stored) bytes of the log.
long sys_syslog(void) {
  int type = argraw(0), len = argraw(2);
  uint32 buf = argraw(1);
  if (curproc->ctr)
    return -EPERM;   // the log names host processes (Linux: dmesg_restrict)
  if (type == 10)
    return dmesg_size();
  if (type == 5) {
    dmesg_clear();
    return 0;
  }
  if ((type != 3 && type != 4) || len < 0)
    return -EINVAL;
  int stored = dmesg_stored();
  int n = len < stored ? len : stored;
  char tmp[256];
  for (int done = 0; done < n;) {
    int chunk = n - done < (int)sizeof(tmp) ? n - done : (int)sizeof(tmp);
    dmesg_copy(tmp, stored - n + done, chunk);
    if (copyout(curproc, buf + done, tmp, chunk) < 0)
      return -EFAULT;
    done += chunk;
  }
  if (type == 4)
    dmesg_clear();
  return n;
}

long sys_reboot(void) {
  if (argraw(0) != REBOOT_MAGIC1 || argraw(1) != REBOOT_MAGIC2)
    return -EINVAL;
  uint32 cmd = argraw(2);
  if (curproc->ctr)   // inside a container it ends the container, not the machine
    return container_stop(curproc->ctr);
  if (cmd == REBOOT_CMD_POWER_OFF || cmd == REBOOT_CMD_HALT) {
    printf("reboot: power down\n");
    arch_power_off(0);
  }
  if (cmd == REBOOT_CMD_RESTART) {
    printf("reboot: restarting system\n");
    arch_reboot();
  }
  return -EINVAL;
}
