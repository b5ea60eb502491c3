// Physical page allocator: a free list of 4 KiB pages.
#include "defs.h"

struct run {
  struct run *next;
};

static struct run *freelist;
static uint32 nfree, ntotal;

// Adds [start, end) to the allocator, skipping the reserved range
// [resv_start, resv_end) (the device tree).  Called once at boot.
void kalloc_init(uint32 start, uint32 end, uint32 resv_start, uint32 resv_end) {
  resv_start = PGROUNDDOWN(resv_start);
  resv_end = PGROUNDUP(resv_end);
  for (uint32 pa = PGROUNDUP(start); pa + PGSIZE <= end && pa + PGSIZE > pa; pa += PGSIZE) {
    if (pa >= resv_start && pa < resv_end)
      continue;
    kfree((void *)pa);
    ntotal++;
  }
}

// Returns a zeroed page, or NULL when memory is exhausted.
void *kalloc(void) {
  struct run *r = freelist;
  if (r == NULL)
    return NULL;
  freelist = r->next;
  nfree--;
  memset(r, 0, PGSIZE);
  return r;
}

void kfree(void *pa) {
  if ((uint32)pa % PGSIZE)
    panic("kfree: unaligned page");
  struct run *r = pa;
  r->next = freelist;
  freelist = r;
  nfree++;
}

uint32 kalloc_free_pages(void) { return nfree; }
uint32 kalloc_total_pages(void) { return ntotal; }
