// /proc: files generated when opened, and directory listings of processes.
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "abi.h"
#include "container.h"

enum { PN_CPUINFO = 1, PN_MEMINFO, PN_UPTIME, PN_STAT, PN_PANIC, PN_VERSION, PN_PIDSTAT };

static const char *const pnames[] = {
  [PN_CPUINFO] = "cpuinfo", [PN_MEMINFO] = "meminfo", [PN_UPTIME] = "uptime",
  [PN_STAT] = "stat", [PN_PANIC] = "panic", [PN_VERSION] = "version",
};

struct gen {
  char *buf;
  int len;
};

static void gen(struct gen *g, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(g->buf + g->len, PGSIZE - g->len, fmt, ap);
  va_end(ap);
  g->len += n;
  if (g->len > PGSIZE - 1)
    g->len = PGSIZE - 1;
}

static void gen_cpuinfo(struct gen *g) {
  for (int h = 0; h < boot_info.ncpus; h++)
    gen(g, "processor : %d\nhart : %d\nisa : rv32ima\nmmu : sv32\nstate : %s\n\n",
        h, h, h == 0 ? "running the kernel" : "parked in firmware");
}

// Inside a container with a memory limit the limit is its whole memory, as
// free(1) and top inside should see it.
static void gen_meminfo_limited(struct gen *g, struct container *c) {
  uint32 total = c->mem_limit * 4, used = container_pages(c) * 4;
  uint32 free = used < total ? total - used : 0;
  gen(g, "MemTotal: %u kB\nMemFree: %u kB\nMemAvailable: %u kB\n", total, free, free);
  gen(g, "MemManaged: %u kB\nUserPages: %u kB\nPageSize: %u\n", total, used, PGSIZE);
}

static void gen_meminfo(struct gen *g) {
  if (curproc->ctr && curproc->ctr->mem_limit) {
    gen_meminfo_limited(g, curproc->ctr);
    return;
  }
  uint32 user = 0;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    user += p->state != UNUSED ? p->npages : 0;
  gen(g, "MemTotal: %u kB\nMemFree: %u kB\nMemAvailable: %u kB\n", boot_info.mem_size / 1024,
      kalloc_free_pages() * 4, kalloc_free_pages() * 4);
  gen(g, "MemManaged: %u kB\nUserPages: %u kB\nPageSize: %u\n", kalloc_total_pages() * 4,
      user * 4, PGSIZE);
}

static void gen_uptime(struct gen *g) {
  uint64 t = arch_time();
  gen(g, "%u.%02u 0.00\n", (uint32)(t / TIMEBASE), (uint32)(t % TIMEBASE) / (TIMEBASE / 100));
}

static void gen_stat(struct gen *g) {
  extern uint32 stat_idle_ticks, stat_user_ticks;
  uint32 nintr = 0;
  for (int i = 0; i < 16; i++)
    nintr += intr_counts[i];
  gen(g, "cpu %u 0 0 %u\nticks %u\nctxt %u\nprocesses %u\n", stat_user_ticks, stat_idle_ticks,
      ticks, stat_ctxt, stat_forks);
  gen(g, "procs_running %u\nprocs_blocked %u\nsyscalls %u\nintr %u\n",
      proc_count_state(RUNNING) + proc_count_state(RUNNABLE), proc_count_state(SLEEPING),
      stat_syscalls, nintr);
  for (uint32 c = 0; c < 16; c++)
    if (c != 10 && c != 14)
      gen(g, "trap %s %u\n", trap_name(c), trap_counts[c]);
  for (uint32 c = 1; c < 10; c += 4)
    gen(g, "trap %s %u\n", trap_name(CAUSE_INTR | c), intr_counts[c]);
}

// Pids as the reader's namespace numbers them; the container's name only on
// the host (inside, a process does not learn it is in one).
static void gen_pidstat(struct gen *g, struct proc *p) {
  struct proc *me = curproc;
  char s = p->state == ZOMBIE ? 'Z' : p->state == SLEEPING ? 'S' : 'R';
  const char *ctr = p->ctr && !me->ctr ? p->ctr->name : "-";
  gen(g, "%d (%s) %c %d %d %u %u %d %s %d\n", ns_pid(me, p), p->comm, s,
      p->parent ? ns_pid(me, p->parent) : 0, ns_pgid(me, p), p->ticks, p->npages, p->nice, ctr,
      p->ctr ? p->vpid : p->pid);
}

static int procfs_fill(struct file *f, int node, struct proc *p) {
  struct gen g = { kalloc(), 0 };
  if (g.buf == NULL)
    return -ENOMEM;
  switch (node) {
  case PN_CPUINFO: gen_cpuinfo(&g); break;
  case PN_MEMINFO: gen_meminfo(&g); break;
  case PN_UPTIME: gen_uptime(&g); break;
  case PN_STAT: gen_stat(&g); break;
  case PN_VERSION: gen(&g, "Hyperlab %s #1 %s\n", KERNEL_VERSION, firmware_name); break;
  case PN_PIDSTAT: gen_pidstat(&g, p); break;
  }
  f->type = F_PROC;
  f->buf = g.buf;
  f->len = g.len;
  f->procnode = node;
  return 0;
}

static struct proc *procfs_pid(const char *name, int n) {
  char tmp[12];
  int pid;
  if (n >= (int)sizeof(tmp))
    return NULL;
  memcpy(tmp, name, n);
  tmp[n] = 0;
  if (strcmp(tmp, "self") == 0)
    return curproc;
  if (katoi(tmp, &pid) < 0)
    return NULL;
  return ns_find(curproc, pid);
}

// rest is the path after "/proc" ("" or "/name[/name]").
int procfs_open(const char *rest, int flags, struct file *f) {
  (void)flags;
  while (*rest == '/')
    rest++;
  if (*rest == 0) {
    f->type = F_PROCDIR;
    return f->writable ? -EISDIR : 0;
  }
  const char *slash = rest;
  while (*slash && *slash != '/')
    slash++;
  for (int i = 1; i < NELEM(pnames); i++)
    if (pnames[i] && *slash == 0 && strcmp(rest, pnames[i]) == 0) {
      if (f->writable && i != PN_PANIC)
        return -EPERM;
      return procfs_fill(f, i, NULL);
    }
  struct proc *p = procfs_pid(rest, slash - rest);
  if (p == NULL)
    return -ENOENT;
  if (*slash == 0) {
    f->type = F_PROCDIR;
    f->pid = ns_pid(curproc, p);
    return f->writable ? -EISDIR : 0;
  }
  if (strcmp(slash, "/stat") != 0)
    return -ENOENT;
  if (f->writable)
    return -EPERM;
  return procfs_fill(f, PN_PIDSTAT, p);
}

// Writing anything to /proc/panic panics the kernel, for demonstrations.
int procfs_write(struct file *f, uint32 src, uint32 n) {
  (void)src;
  if (f->procnode != PN_PANIC)
    return -EPERM;
  if (curproc->ctr)
    return -EPERM;   // a container cannot bring the host down
  printf("procfs: panic requested by pid %d\n", curproc->pid);
  panic("procfs_write: panic requested through /proc/panic");
  return n;
}

// Entry idx of a /proc directory listing: name and type; 0 past the end.
static int procfs_entry(struct file *f, uint32 idx, char *name, int *type) {
  *type = DT_DIR;
  if (idx < 2) {
    strlcpy(name, idx ? ".." : ".", 8);
    return 1;
  }
  idx -= 2;
  if (f->pid) {
    *type = DT_REG;
    strlcpy(name, "stat", 8);
    return idx == 0 && ns_find(curproc, f->pid);
  }
  if (idx + 1 < (uint32)NELEM(pnames)) {
    *type = DT_REG;
    strlcpy(name, pnames[idx + 1], 16);
    return 1;
  }
  idx -= NELEM(pnames) - 1;
  for (struct proc *p = procs; p < &procs[NPROC]; p++)
    if (p->state != UNUSED && p->state != EMBRYO && ns_sees(curproc, p) && idx-- == 0) {
      snprintf(name, 16, "%d", ns_pid(curproc, p));
      return 1;
    }
  return 0;
}

int procfs_getdents(struct file *f, uint32 dst, uint32 n) {
  char name[16];
  int type;
  uint32 done = 0;
  while (procfs_entry(f, f->off, name, &type)) {
    int r = dirent_put(dst + done, n - done, 0x30000 + f->off, f->off + 1, type, name);
    if (r < 0)
      return done ? (int)done : r;
    if (r == 0)
      return done ? (int)done : -EINVAL;
    done += r;
    f->off++;
  }
  return done;
}
