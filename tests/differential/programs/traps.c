/* Synchronous traps and the privilege round trips: ecall from U, S and M, ebreak, illegal
 * instructions with the instruction in mtval, delegation of U ecalls and illegal instructions
 * to S (scause, sepc, stval, sstatus.SPP/SPIE), what mret and sret do to mstatus, and the
 * privileged instructions each mode may not run (mret from S, sret from U, wfi from U, and
 * TSR, TW and TVM trapping sret, wfi, satp and sfence.vma in S). */
#include "rt.h"

static volatile u32 mtraps, m_cause, m_epc, m_tval, m_status;
static volatile u32 straps, s_cause, s_epc, s_tval, s_status;

static int on_mtrap(struct trapframe *f) {
  mtraps++;
  m_cause = f->cause;
  m_epc = f->epc;
  m_tval = f->tval;
  m_status = f->status;
  f->epc += 4;
  return 1;
}

static int on_strap(struct trapframe *f) {
  straps++;
  s_cause = f->cause;
  s_epc = f->epc;
  s_tval = f->tval;
  s_status = f->status;
  f->epc += 4;
  return 1;
}

static void mreport(const char *what) {
  pr("%s: M traps=%u", what, mtraps);
  if (mtraps) pr(" cause=%x tval=%x MPP=%u MPIE=%u", m_cause, m_tval, (m_status >> 11) & 3, (m_status >> 7) & 1);
  if (straps) pr(" | S traps=%u cause=%x tval=%x SPP=%u SPIE=%u", straps, s_cause, s_tval, (s_status >> 8) & 1, (s_status >> 5) & 1);
  puts("\n");
  mtraps = straps = 0;
}

static u32 do_ecall(u32 x) {
  register u32 a0 __asm__("a0") = x;
  register u32 a7 __asm__("a7") = 1;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}
static u32 do_ebreak(u32 _) {
  (void)_;
  __asm__ volatile("ebreak");
  return 0;
}
static u32 do_illegal(u32 which) {
  if (which == 0) __asm__ volatile(".word 0x00000000");
  if (which == 1) __asm__ volatile(".word 0xffffffff");
  if (which == 2) __asm__ volatile(".word 0x0000007f");        /* reserved opcode */
  if (which == 3) __asm__ volatile(".word 0x08005033");        /* R-type funct7 with no op */
  if (which == 4) __asm__ volatile(".word 0x02001013");        /* slli x0, x0, 32 */
  if (which == 5) __asm__ volatile(".word 0x00007003");        /* load with funct3 = 7 */
  if (which == 6) __asm__ volatile(".word 0x105000f3");        /* wfi with rd != 0 */
  return 0;
}
static u32 do_mret(u32 _) {
  (void)_;
  __asm__ volatile("mret");
  return 0;
}
static u32 do_sret(u32 _) {
  (void)_;
  __asm__ volatile("sret");
  return 0;
}
static u32 do_wfi(u32 _) {
  (void)_;
  __asm__ volatile("wfi");
  return 0;
}
static u32 do_satp(u32 _) {
  (void)_;
  return csr_read(satp);
}
static u32 do_sfence(u32 _) {
  (void)_;
  __asm__ volatile("sfence.vma");
  return 0;
}

static void ecalls(void) {
  u32 r = rt_run_in_mode(PRV_U, do_ecall, 5);
  mreport("ecall from U");
  r = rt_run_in_mode(PRV_S, do_ecall, 6);
  mreport("ecall from S");
  r = do_ecall(7);
  mreport("ecall from M");
  pr("ecall preserves a0: %u\n", r);
  rt_run_in_mode(PRV_U, do_ebreak, 0);
  mreport("ebreak from U");
  do_ebreak(0);
  mreport("ebreak from M");
}

static void illegals(void) {
  for (u32 i = 0; i < 7; i++) {
    pr("illegal #%u ", i);
    rt_run_in_mode(PRV_U, do_illegal, i);
    mreport("in U");
  }
  do_illegal(1);
  mreport("illegal in M");
}

static void delegation(void) {
  csr_write(stvec, (u32)rt_strap_vector);
  csr_write(medeleg, (1u << 8) | (1u << 2) | (1u << 3));
  rt_run_in_mode(PRV_U, do_ecall, 1);
  mreport("delegated ecall from U");
  rt_run_in_mode(PRV_U, do_illegal, 1);
  mreport("delegated illegal from U");
  rt_run_in_mode(PRV_S, do_illegal, 1);
  mreport("delegated illegal from S");
  rt_run_in_mode(PRV_S, do_ecall, 1);
  mreport("ecall from S with only U ecalls delegated");
  rt_run_in_mode(PRV_S, do_ebreak, 0);
  mreport("ebreak from S, delegated");
  csr_write(medeleg, 0);
}

static void privileged(void) {
  rt_run_in_mode(PRV_S, do_mret, 0);
  mreport("mret in S");
  rt_run_in_mode(PRV_U, do_sret, 0);
  mreport("sret in U");
  rt_run_in_mode(PRV_U, do_mret, 0);
  mreport("mret in U");
  rt_run_in_mode(PRV_U, do_wfi, 0);
  mreport("wfi in U");
  rt_run_in_mode(PRV_U, do_sfence, 0);
  mreport("sfence.vma in U");
  rt_run_in_mode(PRV_U, do_satp, 0);
  mreport("satp in U");
  csr_set(mstatus, MSTATUS_TSR);
  rt_run_in_mode(PRV_S, do_sret, 0);
  mreport("sret in S with TSR");
  csr_clear(mstatus, MSTATUS_TSR);
  csr_set(mstatus, MSTATUS_TW);
  rt_run_in_mode(PRV_S, do_wfi, 0);
  mreport("wfi in S with TW");
  csr_clear(mstatus, MSTATUS_TW);
  csr_set(mstatus, MSTATUS_TVM);
  rt_run_in_mode(PRV_S, do_satp, 0);
  mreport("satp in S with TVM");
  rt_run_in_mode(PRV_S, do_sfence, 0);
  mreport("sfence.vma in S with TVM");
  csr_clear(mstatus, MSTATUS_TVM);
  rt_run_in_mode(PRV_S, do_satp, 0);
  mreport("satp in S");
}

/* mret by hand: where it goes and what it leaves in mstatus. */
static void mret_to_m(void) {
  u32 st;
  /* mret to M with MPIE=1: MIE becomes 1, MPIE 1, MPP the least privileged mode (U). */
  csr_write(mie, 0);
  __asm__ volatile("li t0, 0x1880\n csrs mstatus, t0\n la t0, 1f\n csrw mepc, t0\n mret\n 1: csrr %0, mstatus"
                   : "=r"(st) : : "t0");
  pr("after mret to M: MIE=%u MPIE=%u MPP=%u\n", (st >> 3) & 1, (st >> 7) & 1, (st >> 11) & 3);
  csr_clear(mstatus, MSTATUS_MIE);
}

/* In S: sret to U with SPIE=1, where a CSR read traps (proving U), then return to M. */
static u32 s_sret_to_u(u32 _) {
  (void)_;
  __asm__ volatile("csrc sstatus, %0\n csrs sstatus, %1\n la t0, 1f\n csrw sepc, t0\n sret\n"
                   "1: csrr t0, sstatus\n li a7, 0x7e7\n ecall"
                   : : "r"(MSTATUS_SPP | MSTATUS_SIE), "r"(MSTATUS_SPIE) : "t0", "a7");
  return 0;
}

static void sret_to_u(void) {
  rt_run_in_mode(PRV_S, s_sret_to_u, 0);
  mreport("sret to U, then a CSR read");
  u32 st = csr_read(mstatus);
  pr("after sret: SIE=%u SPIE=%u SPP=%u\n", (st >> 1) & 1, (st >> 5) & 1, (st >> 8) & 1);
  csr_clear(mstatus, MSTATUS_SIE);
}

int main(void) {
  rt_mtrap_hook = on_mtrap;
  rt_strap_hook = on_strap;
  ecalls();
  illegals();
  delegation();
  privileged();
  mret_to_m();
  sret_to_u();
  puts("traps: done\n");
  return 3;
}
