/* Interrupts and nesting: all six standard interrupts pending at once are each taken once (the
 * order is not compared: QEMU 7.2 takes the lowest-numbered first, where the specification
 * says MEI, MSI, MTI, SEI, SSI, STI, as the engine does); a trap taken inside a trap handler (which saved mepc
 * and mcause first) returns to it intact; mstatus.MPP and MPIE as a nested trap leaves them. The
 * external interrupt is the UART's transmitter-empty interrupt through the PLIC, which needs no
 * input. Exits with code 0x1234, which both machines report as status 0x34. */
#include "rt.h"

#define PLIC 0x0c000000u
static volatile u32 log[16], nlog, nested_cause, outer_after;

static int on_trap(struct trapframe *f) {
  if (nlog < 16) log[nlog++] = f->cause;
  switch (f->cause) {
  case CAUSE_IRQ | IRQ_MEI: {
    u32 src = mmio_r32(PLIC + 0x200004u);
    mmio_w8(UART0 + 1, 0); /* transmitter-empty interrupt off */
    mmio_w32(PLIC + 0x200004u, src);
    return 1;
  }
  case CAUSE_IRQ | IRQ_MSI: mmio_w32(CLINT_MSIP(0), 0); return 1;
  case CAUSE_IRQ | IRQ_MTI: mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff); return 1;
  case CAUSE_IRQ | IRQ_SEI: csr_clear(mip, 1u << IRQ_SEI); return 1;
  case CAUSE_IRQ | IRQ_SSI: csr_clear(mip, 1u << IRQ_SSI); return 1;
  case CAUSE_IRQ | IRQ_STI: csr_clear(mip, 1u << IRQ_STI); return 1;
  case 11: {
    /* An ecall: take an illegal-instruction trap inside this handler. */
    u32 epc = csr_read(mepc), cause = csr_read(mcause), st = csr_read(mstatus);
    __asm__ volatile(".word 0");
    outer_after = (csr_read(mepc) != epc) | (csr_read(mcause) != cause) << 1;
    csr_write(mepc, epc);
    csr_write(mcause, cause);
    pr("in the outer handler: MPP=%u MPIE=%u, after the nested trap MPP=%u MPIE=%u\n",
       (st >> 11) & 3, (st >> 7) & 1, (csr_read(mstatus) >> 11) & 3, (csr_read(mstatus) >> 7) & 1);
    f->epc += 4;
    return 1;
  }
  case 2: nested_cause = f->cause; f->epc += 4; return 1;
  }
  return 0;
}

static void show(const char *what, int sorted) {
  for (u32 i = 0; sorted && i < nlog; i++)
    for (u32 j = i + 1; j < nlog; j++)
      if (log[j] < log[i]) {
        u32 t = log[i];
        log[i] = log[j];
        log[j] = t;
      }
  pr("%s:", what);
  for (u32 i = 0; i < nlog; i++) pr(" %x", log[i]);
  puts("\n");
  nlog = 0;
}

int main(void) {
  rt_mtrap_hook = on_trap;
  /* PLIC: UART source 10, priority 1, enabled for hart 0's M context, threshold 0. */
  mmio_w32(PLIC + 4 * 10, 1);
  mmio_w32(PLIC + 0x2000, 1u << 10);
  mmio_w32(PLIC + 0x200000, 0);
  mmio_w8(UART0 + 1, 0x02);
  mmio_w32(CLINT_MSIP(0), 1);
  mmio_w32(CLINT_MTIMECMP(0), 0);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0);
  csr_set(mip, (1u << IRQ_SEI) | (1u << IRQ_SSI) | (1u << IRQ_STI));
  /* Wait until all six are pending, then let them in. */
  while ((csr_read(mip) & 0xaaa) != 0xaaa) {
  }
  pr("pending: %x\n", csr_read(mip) & 0xaaa);
  csr_write(mie, 0xaaa);
  csr_set(mstatus, MSTATUS_MIE);
  while (nlog < 6) {
  }
  csr_clear(mstatus, MSTATUS_MIE);
  csr_write(mie, 0);
  show("taken (sorted)", 1);

  __asm__ volatile("ecall");
  pr("nested cause=%x, outer mepc/mcause clobbered by it: %x\n", nested_cause, outer_after);
  show("traps", 0);
  puts("nested: done\n");
  return 0x1234;
}
