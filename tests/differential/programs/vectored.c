/* Vectored trap vectors: with mtvec.MODE = 1 an interrupt goes to BASE + 4 * cause and an
 * exception to BASE; the same for stvec in S. Each vector slot is a jump to a stub that records
 * which slot ran. */
#include "rt.h"

static volatile u32 slot_log[16], nslots;

void record_slot(u32 slot) {
  if (nslots < 16) slot_log[nslots++] = slot;
}

/* Vector tables: slot n is a jump to a stub that saves the caller-saved registers and calls the
 * C handler with n and the cause. */
__asm__(".align 6\n .globl mtable\n mtable:\n"
        " j m_slot0\n j m_slot1\n j m_slot2\n j m_slot3\n j m_slot4\n j m_slot5\n j m_slot6\n"
        " j m_slot7\n j m_slot8\n j m_slot9\n j m_slot10\n j m_slot11\n"
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11\n"
        "m_slot\\n: addi sp, sp, -64\n sw ra, 0(sp)\n sw a0, 4(sp)\n sw a1, 8(sp)\n sw a2, 12(sp)\n sw a3, 16(sp)\n"
        " sw a4, 20(sp)\n sw a5, 24(sp)\n sw a6, 28(sp)\n sw a7, 32(sp)\n sw t0, 36(sp)\n sw t1, 40(sp)\n"
        " sw t2, 44(sp)\n sw t3, 48(sp)\n sw t4, 52(sp)\n sw t5, 56(sp)\n sw t6, 60(sp)\n"
        " li a0, \\n\n csrr a1, mcause\n call m_vectored\n"
        " lw ra, 0(sp)\n lw a0, 4(sp)\n lw a1, 8(sp)\n lw a2, 12(sp)\n lw a3, 16(sp)\n"
        " lw a4, 20(sp)\n lw a5, 24(sp)\n lw a6, 28(sp)\n lw a7, 32(sp)\n lw t0, 36(sp)\n lw t1, 40(sp)\n"
        " lw t2, 44(sp)\n lw t3, 48(sp)\n lw t4, 52(sp)\n lw t5, 56(sp)\n lw t6, 60(sp)\n addi sp, sp, 64\n mret\n"
        ".endr\n");
__asm__(".align 6\n .globl stable\n stable:\n"
        " j s_slot0\n j s_slot1\n j s_slot2\n j s_slot3\n j s_slot4\n j s_slot5\n j s_slot6\n"
        " j s_slot7\n j s_slot8\n j s_slot9\n"
        ".irp n, 0,1,2,3,4,5,6,7,8,9\n"
        "s_slot\\n: addi sp, sp, -64\n sw ra, 0(sp)\n sw a0, 4(sp)\n sw a1, 8(sp)\n sw a2, 12(sp)\n sw a3, 16(sp)\n"
        " sw a4, 20(sp)\n sw a5, 24(sp)\n sw a6, 28(sp)\n sw a7, 32(sp)\n sw t0, 36(sp)\n sw t1, 40(sp)\n"
        " sw t2, 44(sp)\n sw t3, 48(sp)\n sw t4, 52(sp)\n sw t5, 56(sp)\n sw t6, 60(sp)\n"
        " li a0, \\n + 100\n csrr a1, scause\n call s_vectored\n"
        " lw ra, 0(sp)\n lw a0, 4(sp)\n lw a1, 8(sp)\n lw a2, 12(sp)\n lw a3, 16(sp)\n"
        " lw a4, 20(sp)\n lw a5, 24(sp)\n lw a6, 28(sp)\n lw a7, 32(sp)\n lw t0, 36(sp)\n lw t1, 40(sp)\n"
        " lw t2, 44(sp)\n lw t3, 48(sp)\n lw t4, 52(sp)\n lw t5, 56(sp)\n lw t6, 60(sp)\n addi sp, sp, 64\n sret\n"
        ".endr\n");
void mtable(void);
void stable(void);

__attribute__((used)) void m_vectored(u32 slot, u32 cause) {
  record_slot(slot | (cause & 0x80000000u) >> 16);
  if (cause == (CAUSE_IRQ | IRQ_MSI)) mmio_w32(CLINT_MSIP(0), 0);
  else if (cause == (CAUSE_IRQ | IRQ_MTI)) mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  else if (cause == (CAUSE_IRQ | IRQ_SSI)) csr_clear(mip, 1u << IRQ_SSI);
  else csr_write(mepc, csr_read(mepc) + 4); /* an exception: skip it */
}

__attribute__((used)) void s_vectored(u32 slot, u32 cause) {
  record_slot(slot | (cause & 0x80000000u) >> 16);
  if (cause == (CAUSE_IRQ | IRQ_SSI)) csr_clear(sip, 1u << IRQ_SSI);
  else csr_write(sepc, csr_read(sepc) + 4);
}

static void show(const char *what) {
  pr("%s:", what);
  for (u32 i = 0; i < nslots; i++) pr(" %x", slot_log[i]);
  puts("\n");
  nslots = 0;
}

static u32 s_work(u32 _) {
  (void)_;
  csr_set(sstatus, MSTATUS_SIE);
  for (volatile u32 i = 0; i < 100000 && nslots == 0; i++) {
  }
  csr_clear(sstatus, MSTATUS_SIE);
  __asm__ volatile("ebreak");
  return 0;
}

int main(void) {
  u32 old = csr_read(mtvec);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  csr_write(mtvec, (u32)mtable | 1);
  pr("mtvec mode: %u\n", csr_read(mtvec) & 3);
  csr_write(mie, (1u << IRQ_MSI) | (1u << IRQ_MTI));
  csr_set(mstatus, MSTATUS_MIE);
  mmio_w32(CLINT_MSIP(0), 1);
  while (nslots < 1) {
  }
  mmio_w32(CLINT_MTIMECMP(0), 0);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0);
  while (nslots < 2) {
  }
  csr_clear(mstatus, MSTATUS_MIE);
  __asm__ volatile("ebreak");
  __asm__ volatile(".word 0");
  show("M: msi, mti, ebreak, illegal");

  csr_write(stvec, (u32)stable | 1);
  csr_write(mideleg, 1u << IRQ_SSI);
  csr_write(medeleg, 1u << 3);
  csr_write(mie, 1u << IRQ_SSI);
  csr_set(mip, 1u << IRQ_SSI);
  /* The S code's ebreak goes to stable's slot 0, then it returns by ecall through mtable. */
  csr_write(mtvec, old);
  rt_run_in_mode(PRV_S, s_work, 0);
  show("S: ssi, ebreak");
  csr_write(mideleg, 0);
  csr_write(medeleg, 0);
  csr_write(mie, 0);
  puts("vectored: done\n");
  return 0;
}
