// Address spaces of the um kernel.  The generic code keeps its Sv32 tables
// as usual, but no hardware walks them: each process's address space is a
// traced child process of the host (umhost.h), and every leaf entry written
// into a process's table is mirrored to the host as PTRACE_UM_MAP (the
// kernel's own page, the "physical" frame, shared with the child) or
// PTRACE_UM_UNMAP.  A child is spawned when its space first needs one and
// killed when the root table is released.
#include "host.h"
#include "../../arch.h"
#include "../../defs.h"
#include "../../vm.h"
#include "../../umhost.h"

#define NSPACE (NPROC + 2)            // every process, the kernel's root, one exec in flight
#define OWNER(space, vpn1) ((uint16)(((space) + 1) << 10 | (vpn1)))

extern char um_ram_base[];

struct space {
  pte_t *root;      // NULL: free slot
  int pid;          // host pid of the traced child, 0 before the first use
  int error;        // a host call failed: the process cannot run (-errno)
};
static struct space spaces[NSPACE];
static struct space *cur;

// For every RAM page that is a second-level table: whose, and which 4 MiB.
// boot.c places it just above RAM (like Linux's mem_map, outside the memory
// it describes); the host backs only the parts that are touched.
static uint16 *owner;

void um_mmu_init(uint16 *table) { owner = table; }

static uint16 *owner_of(const void *page) {
  return &owner[((uint32)page - (uint32)um_ram_base) >> PGSHIFT];
}

static struct space *space_of(const pte_t *root) {
  for (struct space *s = spaces; s < &spaces[NSPACE]; s++)
    if (s->root == root)
      return s;
  return NULL;
}

static int space_pid(struct space *s) {
  if (s->pid == 0 && s->error == 0) {
    long pid = host_call(SYS_PTRACE, PTRACE_UM_SPAWN, 0, 0, 0);
    if (pid < 0)
      s->error = pid;
    else
      s->pid = pid;
  }
  return s->error ? s->error : s->pid;
}

static void space_mirror(struct space *s, uint32 va, pte_t val) {
  int pid = space_pid(s);
  if (pid < 0)
    return;
  long r = (val & PTE_V)
    ? host_call(SYS_PTRACE, PTRACE_UM_MAP, pid, va, PTE2PA(val) | (val & PTE_RWX))
    : host_call(SYS_PTRACE, PTRACE_UM_UNMAP, pid, va, 0);
  if (r < 0)
    s->error = r;
}

void arch_pte_set(pte_t *pte, pte_t val) {
  *pte = val;
  pte_t *table = (pte_t *)PGROUNDDOWN((uint32)pte);
  uint32 idx = pte - table;
  uint16 o = *owner_of(table);
  if (o) {   // a leaf of a process's table: the host must see it
    space_mirror(&spaces[(o >> 10) - 1], (o & 0x3ff) << 22 | idx << PGSHIFT, val);
    return;
  }
  struct space *s = space_of(table);
  if (s && idx < KERNEL_PDE_FIRST && (val & PTE_V) && !(val & PTE_RWX))
    *owner_of((void *)PTE2PA(val)) = OWNER(s - spaces, idx);
}

void arch_pt_register(pte_t *table, int level) {
  if (level == 0) {
    *owner_of(table) = 0;   // linked by the root entry that arch_pte_set sees next
    return;
  }
  struct space *s = space_of(NULL);
  if (s == NULL)
    panic("arch_pt_register: no free address-space slot");
  *s = (struct space){ table, 0, 0 };
}

// A released root takes its host child with it; the child is our child on
// the host too, so it is reaped here.
void arch_pt_release(pte_t *table) {
  struct space *s = space_of(table);
  if (s == NULL) {
    *owner_of(table) = 0;
    return;
  }
  if (s->pid > 0) {
    host_call(HOST_KILL, s->pid, SIGKILL, 0, 0);
    host_call(HOST_WAIT4, s->pid, 0, 0, 0);
  }
  if (cur == s)
    cur = NULL;
  s->root = NULL;
}

void arch_mmu_switch(pte_t *root) { cur = space_of(root); }

// Every map and unmap reached the host at once: nothing is cached here.
void arch_tlb_flush(void) {}

int um_mmu_current_pid(void) {
  return cur ? space_pid(cur) : -ESRCH;
}
