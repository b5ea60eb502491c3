// Address spaces: the kernel map shared by all, per-process user pages,
// lazy heap and stack pages, and checked copies to and from user memory.
#include "defs.h"
#include "memlayout.h"
#include "proc.h"
#include "vm.h"
#include "container.h"

static pte_t *kroot;

// Maps a 4 MiB kernel megapage; the arch layer maps its devices with it.
void kvm_megapage(uint32 va, uint32 pa, uint32 perm) {
  arch_pte_set(&kroot[VPN1(va)], PA2PTE(pa) | perm | PTE_V | PTE_G | PTE_A | PTE_D);
}

// Builds the kernel map (RAM identity-mapped) and turns paging on.  Called
// once, after kalloc_init.
void kvm_init(uint32 ram_end) {
  kroot = kalloc();
  if (kroot == NULL)
    panic("kvm_init: no memory");
  arch_pt_register(kroot, 1);
  for (uint32 a = RAM_BASE; a < ram_end && a < RAM_LIMIT; a += MEGAPAGE)
    kvm_megapage(a, a, PTE_RWX);
  arch_mmu_switch(kroot);
}

// A new address space: empty user half, shared kernel half.
pte_t *uvm_create(void) {
  pte_t *root = kalloc();
  if (root) {
    memcpy(root + KERNEL_PDE_FIRST, kroot + KERNEL_PDE_FIRST, 4 * (1024 - KERNEL_PDE_FIRST));
    arch_pt_register(root, 1);
  }
  return root;
}

// Returns the leaf PTE slot for user va, allocating a table if alloc is set.
pte_t *uvm_walk(pte_t *root, uint32 va, int alloc) {
  pte_t *pde = &root[VPN1(va)];
  if ((*pde & PTE_V) == 0) {
    if (!alloc)
      return NULL;
    pte_t *t = kalloc();
    if (t == NULL)
      return NULL;
    arch_pt_register(t, 0);
    arch_pte_set(pde, PA2PTE(t) | PTE_V);
  }
  pte_t *table = (pte_t *)PTE2PA(*pde);
  return &table[VPN0(va)];
}

// Maps page pg at user va with perm (R/W/X), or, if va is mapped, adds perm
// to it and leaves pg to the caller.  Returns 1 if pg was used, 0 if not,
// -ENOMEM if a page table could not be allocated.
static int uvm_insert(struct proc *p, uint32 va, uint32 perm, void *pg) {
  pte_t *pte = uvm_walk(p->pgdir, va, 1);
  if (pte == NULL)
    return -ENOMEM;
  if (*pte & PTE_V) {
    arch_pte_set(pte, *pte | perm);
    return 0;
  }
  arch_pte_set(pte, PA2PTE(pg) | perm | PTE_V | PTE_U | PTE_A | PTE_D);
  p->npages++;
  return 1;
}

// Maps a zeroed page at user va with perm (R/W/X); an existing page gains perm.
// Returns 0 or -ENOMEM.
int uvm_map(struct proc *p, uint32 va, uint32 perm) {
  if (!container_mem_ok(p, 1))
    return -ENOMEM;   // its container's memory limit
  void *pg = kalloc();
  if (pg == NULL)
    return -ENOMEM;
  int r = uvm_insert(p, va, perm, pg);
  if (r <= 0)
    kfree(pg);
  return r < 0 ? r : 0;
}

// Frees user pages in [from, to); the caller flushes the TLB.
void uvm_unmap_range(struct proc *p, uint32 from, uint32 to) {
  for (uint32 va = PGROUNDUP(from); va < to; va += PGSIZE) {
    pte_t *pte = uvm_walk(p->pgdir, va, 0);
    if (pte && (*pte & PTE_V)) {
      kfree((void *)PTE2PA(*pte));
      arch_pte_set(pte, 0);
      p->npages--;
    }
  }
}

// Frees every user page, the page tables and the root, which is not live.
void uvm_free(pte_t *root) {
  arch_pt_release(root);
  for (int i = 0; i < KERNEL_PDE_FIRST; i++) {
    if ((root[i] & PTE_V) == 0)
      continue;
    pte_t *table = (pte_t *)PTE2PA(root[i]);
    for (int j = 0; j < 1024; j++)
      if (table[j] & PTE_V)
        kfree((void *)PTE2PA(table[j]));
    arch_pt_release(table);
    kfree(table);
  }
  kfree(root);
}

// Copies every user page of src into dst (fork).  Returns 0 or -ENOMEM;
// on failure dst holds a partial copy that the caller frees.
int uvm_copy(struct proc *src, struct proc *dst) {
  if (!container_mem_ok(dst, src->npages))
    return -ENOMEM;
  for (int i = 0; i < KERNEL_PDE_FIRST; i++) {
    if ((src->pgdir[i] & PTE_V) == 0)
      continue;
    pte_t *table = (pte_t *)PTE2PA(src->pgdir[i]);
    for (int j = 0; j < 1024; j++) {
      if ((table[j] & PTE_V) == 0)
        continue;
      uint32 va = ((uint32)i << 22) | ((uint32)j << 12);
      void *pg = kalloc_dirty();
      if (pg == NULL)
        return -ENOMEM;
      memcpy(pg, (void *)PTE2PA(table[j]), PGSIZE);
      if (uvm_insert(dst, va, table[j] & PTE_RWX, pg) != 1) {
        kfree(pg);
        return -ENOMEM;
      }
    }
  }
  return 0;
}

static int vm_lazy_region(struct proc *p, uint32 va) {
  return (va >= p->heap_start && va < p->brk) || (va >= USTACK_LOW && va < USTACK_TOP);
}

// A user page fault at va: map a fresh page if va lies in the heap or stack.
// Returns 0 if mapped, -EFAULT for a bad address, -ENOMEM when out of memory.
int vm_fault(struct proc *p, uint32 va, int write) {
  (void)write;
  if (va >= USER_TOP || !vm_lazy_region(p, va))
    return -EFAULT;
  pte_t *pte = uvm_walk(p->pgdir, va, 0);
  if (pte && (*pte & PTE_V))
    return -EFAULT;   // present: a permission fault
  return uvm_map(p, PGROUNDDOWN(va), PTE_R | PTE_W);
}

// Kernel pointer to the user page holding va, checking permissions and
// faulting in lazy pages; NULL if the access would fault in U-mode.
uint8 *uvm_page(struct proc *p, uint32 va, int write) {
  if (va >= USER_TOP)
    return NULL;
  pte_t *pte = uvm_walk(p->pgdir, va, 0);
  if (pte == NULL || (*pte & PTE_V) == 0) {
    if (vm_fault(p, va, write) < 0)
      return NULL;
    pte = uvm_walk(p->pgdir, va, 0);
  }
  uint32 need = PTE_U | (write ? PTE_W : PTE_R);
  if ((*pte & need) != need)
    return NULL;
  return (uint8 *)PTE2PA(*pte) + (va % PGSIZE);
}

int copyout(struct proc *p, uint32 dst, const void *src, uint32 n) {
  const uint8 *s = src;
  while (n > 0) {
    uint8 *d = uvm_page(p, dst, 1);
    if (d == NULL)
      return -EFAULT;
    uint32 chunk = PGSIZE - dst % PGSIZE;
    if (chunk > n)
      chunk = n;
    memcpy(d, s, chunk);
    n -= chunk, s += chunk, dst += chunk;
  }
  return 0;
}

int copyin(struct proc *p, void *dst, uint32 src, uint32 n) {
  uint8 *d = dst;
  while (n > 0) {
    uint8 *s = uvm_page(p, src, 0);
    if (s == NULL)
      return -EFAULT;
    uint32 chunk = PGSIZE - src % PGSIZE;
    if (chunk > n)
      chunk = n;
    memcpy(d, s, chunk);
    n -= chunk, d += chunk, src += chunk;
  }
  return 0;
}

// Copies a NUL-terminated string of at most max bytes (with the NUL).
// Returns its length, -EFAULT, or -ENAMETOOLONG.
int copyinstr(struct proc *p, char *dst, uint32 src, uint32 max) {
  for (uint32 i = 0; i < max; i++) {
    uint8 *s = uvm_page(p, src + i, 0);
    if (s == NULL)
      return -EFAULT;
    dst[i] = *s;
    if (*s == 0)
      return i;
  }
  return -ENAMETOOLONG;
}

// Runs on the kernel-only map, so the current user map can be freed.
void kvm_switch(void) {
  arch_mmu_switch(kroot);
}
