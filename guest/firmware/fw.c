// Firmware main: prepare M-mode for the S-mode kernel, and dispatch M traps.
#include "fw.h"

extern char fw_trap_stack_top[];
extern void mtrap_vector(void);

#define MSTATUS_MPP_MASK (3u << 11)
#define MSTATUS_MPP_S    (1u << 11)

// Exceptions the kernel handles itself: misaligned, access faults,
// illegal instruction, breakpoint, ecall from U, page faults; with the H
// extension also a KVM guest's ecalls from VS (10), guest-page faults (20, 21,
// 23) and virtual instructions (22) (read-only zero without H).
#define MEDELEG ((1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | \
                 (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8) | (1u << 12) | \
                 (1u << 13) | (1u << 15) | (1u << 10) | (1u << 20) | (1u << 21) | \
                 (1u << 22) | (1u << 23))
#define MIDELEG (MIP_SSIP | MIP_STIP | MIP_SEIP)

// Open all of memory to S and U: QEMU faults S-mode accesses without a PMP entry.
static void fw_pmp_open(void) {
  csr_write(pmpaddr0, 0xffffffff);
  csr_write(pmpcfg0, 0x1f);   // NAPOT, R W X
}

// Called on hart 0 from start.S before the mret into the kernel.
void fw_main(uint32 hartid, uint32 dtb) {
  (void)hartid;
  (void)dtb;
  uart_init();
  csr_write(mtvec, (uint32)mtrap_vector);
  csr_write(mscratch, (uint32)fw_trap_stack_top);
  fw_pmp_open();
  csr_write(medeleg, MEDELEG);
  csr_write(mideleg, MIDELEG);
  csr_write(mcounteren, 7);   // CY, TM, IR readable below M
  csr_write(satp, 0);
  mmio_write32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  csr_write(mie, MIP_MSIP);   // MTIE is set when the kernel arms the timer
  uart_puts("Hyperlab firmware: entering kernel at 0x80400000\n");
  csr_write(mepc, KERNEL_BASE);
  uint32 s = csr_read(mstatus);
  s = (s & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S;
  csr_write(mstatus, s);
}

static void fw_puthex(uint32 v) {
  for (int i = 28; i >= 0; i -= 4)
    uart_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

static void fw_fatal(uint32 cause, struct mframe *f) {
  uart_puts("firmware: unexpected trap cause ");
  fw_puthex(cause);
  uart_puts(" mepc ");
  fw_puthex(f->mepc);
  uart_puts(" mtval ");
  fw_puthex(csr_read(mtval));
  uart_puts("\n");
  fw_finish((2 << 16) | 0x3333);
}

// Every trap not delegated to S-mode lands here, on the M trap stack.
void fw_trap(struct mframe *f) {
  uint32 cause = csr_read(mcause);
  uint32 hart = csr_read(mhartid);
  if (cause == 9) {               // ecall from S-mode
    sbi_ecall(f);
    f->mepc += 4;
  } else if (cause == 0x80000007) {
    sbi_timer_fired(hart);
  } else if (cause == 0x80000003) {
    mmio_write32(CLINT_MSIP(hart), 0);
    sbi_ipi_received();
  } else {
    fw_fatal(cause, f);
  }
}
