// Page tables under the VMM: the kernel keeps its own tables and writes
// them as usual, and tells the VMM about every table page (pin) and every
// entry (a batched mmu_update); the VMM validates each entry and keeps the
// hardware tables itself (docs/hypercalls.md, "Memory").
#include "hypercall.h"
#include "../../arch.h"
#include "../../defs.h"

static struct hv_mmu_update queue[64];
static int nqueue;

// Sends the queued PTE updates.  Called before anything that depends on the
// VMM's tables being current: a return to user mode, a switch, a flush.
void pv_mmu_flush(void) {
  if (nqueue == 0)
    return;
  struct hvret r = hv_call(HV_MMU_UPDATE, (uint32)queue, nqueue, 0);
  if (r.a0 < 0)
    panic("pv_mmu_flush: page-table update refused");
  nqueue = 0;
}

void arch_pte_set(pte_t *pte, pte_t val) {
  *pte = val;
  if (nqueue == NELEM(queue))
    pv_mmu_flush();
  queue[nqueue].ptr = (uint32)pte;
  queue[nqueue].val = val;
  nqueue++;
}

// table becomes a page table at level (1 = root) with its current entries.
void arch_pt_register(pte_t *table, int level) {
  pv_mmu_flush();
  if (hv_call(HV_PIN_TABLE, (uint32)table, level, 0).a0 < 0)
    panic("arch_pt_register: table refused");
}

// table is about to go back to the page allocator; it is not the live root.
void arch_pt_release(pte_t *table) {
  pv_mmu_flush();
  if (hv_call(HV_UNPIN_TABLE, (uint32)table, 0, 0).a0 < 0)
    panic("arch_pt_release: unpin refused");
}

void arch_mmu_switch(pte_t *root) {
  pv_mmu_flush();
  if (hv_call(HV_NEW_BASEPTR, (uint32)root, 0, 0).a0 < 0)
    panic("arch_mmu_switch: root refused");
}

void arch_tlb_flush(void) {
  pv_mmu_flush();
  hv_call(HV_FLUSH_TLB, 0, 1, 0);
}
