// Physical page allocator: a free list of returned pages, plus a frontier of
// never-used pages handed out in address order, so boot touches no page it
// does not need (the host allocates emulated RAM on first touch).
#include "defs.h"

struct run {
  struct run *next;
};

static struct run *freelist;
static uint32 fresh, fresh_end;      // [fresh, fresh_end) never allocated
static uint32 hole, hole_end;        // [hole, hole_end): the frontier skips it, and its
static int hole_held;                // pages stay used until kalloc_release frees them
static uint32 ntotal, nused;

// Manages [start, end).  Called once at boot, after the device tree has been
// parsed into boot_info: its pages are then free memory like any other, so
// free memory is the same on every platform whatever the size of its tree.
void kalloc_init(uint32 start, uint32 end) {
  fresh = PGROUNDUP(start);
  fresh_end = PGROUNDDOWN(end);
  if (fresh_end <= fresh)
    panic("kalloc_init: no memory after the kernel");
  ntotal = (fresh_end - fresh) / PGSIZE;
}

// Returns a page with stale contents, or NULL when memory is exhausted;
// for callers that overwrite the whole page (fork's copies).
void *kalloc_dirty(void) {
  void *pg;
  if (freelist) {
    pg = freelist;
    freelist = freelist->next;
  } else {
    if (fresh >= hole && fresh < hole_end)
      fresh = hole_end;
    if (fresh >= fresh_end)
      return NULL;
    pg = (void *)fresh;
    fresh += PGSIZE;
  }
  nused++;
  return pg;
}

// Returns a zeroed page, or NULL when memory is exhausted.
void *kalloc(void) {
  void *pg = kalloc_dirty();
  if (pg)
    memset(pg, 0, PGSIZE);
  return pg;
}

// pa must have come from kalloc.
void kfree(void *pa) {
  if ((uint32)pa % PGSIZE || nused == 0)
    panic("kfree: not an allocated page");
  struct run *r = pa;
  r->next = freelist;
  freelist = r;
  nused--;
}

// Keeps [start, end) (the initrd, read after boot has allocated pages) out of
// the allocator until kalloc_release; it counts as used meanwhile.
void kalloc_reserve(uint32 start, uint32 end) {
  hole = PGROUNDDOWN(start) < fresh ? fresh : PGROUNDDOWN(start);
  hole_end = PGROUNDUP(end) > fresh_end ? fresh_end : PGROUNDUP(end);
  if (hole_end <= hole) {
    hole = hole_end = 0;
    return;
  }
  nused += (hole_end - hole) / PGSIZE;
  hole_held = 1;
}

// Returns the reserved pages to the free list (the frontier still skips them).
void kalloc_release(void) {
  if (!hole_held)
    return;
  for (uint32 a = hole; a < hole_end; a += PGSIZE)
    kfree((void *)a);
  hole_held = 0;
}

uint32 kalloc_free_pages(void) { return ntotal - nused; }
uint32 kalloc_total_pages(void) { return ntotal; }

// n physically contiguous zeroed pages starting at a multiple of align (a
// KVM guest's 16 KiB G-stage root), taken from the never-used frontier; the
// pages skipped to align go to the free list.  NULL if the frontier is too
// short.  Freed page by page with kfree.
void *kalloc_contig(int n, uint32 align) {
  uint32 start = (fresh + align - 1) & ~(align - 1);
  if (start < hole_end && start + n * PGSIZE > hole)
    start = (hole_end + align - 1) & ~(align - 1);
  if (start < fresh || start + n * PGSIZE > fresh_end)
    return NULL;
  for (uint32 a = fresh; a < start; a += PGSIZE) {
    if (a >= hole && a < hole_end)
      continue;
    struct run *r = (struct run *)a;
    r->next = freelist;
    freelist = r;
  }
  fresh = start + n * PGSIZE;
  nused += n;
  memset((void *)start, 0, n * PGSIZE);
  return (void *)start;
}
