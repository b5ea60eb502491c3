/* Machine software interrupts through the CLINT's msip: a hart interrupting itself, msip reads,
 * mip.MSIP following msip (and not writable through the CSR), the priority of MSI over MTI
 * when both are pending, and WFI waking on a pending interrupt even with MIE clear. */
#include "rt.h"

static volatile u32 log[16], nlog;

static int on_trap(struct trapframe *f) {
  if (nlog < 16) log[nlog++] = f->cause;
  if (f->cause == (CAUSE_IRQ | IRQ_MSI)) {
    mmio_w32(CLINT_MSIP(0), 0);
    return 1;
  }
  if (f->cause == (CAUSE_IRQ | IRQ_MTI)) {
    mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
    return 1;
  }
  return 0;
}

static void show(const char *what) {
  pr("%s:", what);
  for (u32 i = 0; i < nlog; i++) pr(" %x", log[i]);
  puts("\n");
  nlog = 0;
}

int main(void) {
  rt_mtrap_hook = on_trap;
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  pr("msip at reset: %x, MSIP=%u\n", mmio_r32(CLINT_MSIP(0)), (csr_read(mip) >> IRQ_MSI) & 1);
  mmio_w32(CLINT_MSIP(0), 0xffffffff);
  pr("msip after writing ones: %x, MSIP=%u\n", mmio_r32(CLINT_MSIP(0)), (csr_read(mip) >> IRQ_MSI) & 1);
  csr_clear(mip, 1u << IRQ_MSI);
  pr("after csrc mip.MSIP: MSIP=%u\n", (csr_read(mip) >> IRQ_MSI) & 1);
  mmio_w32(CLINT_MSIP(0), 0);
  pr("msip cleared: MSIP=%u\n", (csr_read(mip) >> IRQ_MSI) & 1);
  csr_set(mip, 1u << IRQ_MSI);
  pr("after csrs mip.MSIP: MSIP=%u\n", (csr_read(mip) >> IRQ_MSI) & 1);

  csr_write(mie, (1u << IRQ_MSI) | (1u << IRQ_MTI));
  csr_set(mstatus, MSTATUS_MIE);
  for (u32 i = 0; i < 5; i++) {
    mmio_w32(CLINT_MSIP(0), 1);
    /* An interrupt need not be taken at once: wait for the handler to clear msip. */
    while (mmio_r32(CLINT_MSIP(0))) {
    }
  }
  show("five self-IPIs");
  csr_clear(mstatus, MSTATUS_MIE);
  mmio_w32(CLINT_MSIP(0), 1);
  mmio_w32(CLINT_MTIMECMP(0), 0);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0);
  csr_set(mstatus, MSTATUS_MIE);
  while (nlog < 2) {
  }
  csr_clear(mstatus, MSTATUS_MIE);
  show("MSI and MTI together");
  mmio_w32(CLINT_MSIP(0), 1);
  __asm__ volatile("wfi");
  pr("wfi with MIE clear returned, MSIP=%u\n", (csr_read(mip) >> IRQ_MSI) & 1);
  csr_set(mstatus, MSTATUS_MIE);
  while (nlog < 1) {
  }
  csr_clear(mstatus, MSTATUS_MIE);
  show("then taken");
  pr("msip reserved bits: %x\n", mmio_r32(CLINT_MSIP(0)));
  puts("swint: done\n");
  return 0;
}
