/* S- and U-mode interrupt handling as a kernel under an SBI sees it: supervisor software and
 * timer interrupts raised by M through mip and delegated with mideleg, gated by sstatus.SIE in S
 * but always taken from U, the order of simultaneous interrupts, an undelegated S interrupt
 * reaching M, and the sstatus view of mstatus. */
#include "rt.h"

static volatile u32 log[16], nlog;
static volatile u32 mtraps, m_cause;

static void note(u32 v) {
  if (nlog < 16) log[nlog++] = v;
}

static int on_strap(struct trapframe *f) {
  note(f->cause | ((f->status & MSTATUS_SPP) ? 0x100 : 0));
  if (f->cause == (CAUSE_IRQ | IRQ_SSI)) {
    csr_clear(sip, 1u << IRQ_SSI);
    return 1;
  }
  if (f->cause == (CAUSE_IRQ | IRQ_STI)) {
    /* Only M can clear STIP: ask it, as a kernel asks its SBI to reprogram the timer. */
    register u32 a7 __asm__("a7") = 0x54494d45;
    __asm__ volatile("ecall" : : "r"(a7));
    return 1;
  }
  f->epc += 4;
  return 1;
}

static int on_mtrap(struct trapframe *f) {
  mtraps++;
  m_cause = f->cause;
  if (f->cause == 9 && f->x[17] == 0x54494d45) {
    csr_clear(mip, 1u << IRQ_STI);
    f->epc += 4;
    return 1;
  }
  if (f->cause == (CAUSE_IRQ | IRQ_SSI)) {
    csr_clear(mip, 1u << IRQ_SSI);
    return 1;
  }
  f->epc += 4;
  return 1;
}

static void show(const char *what) {
  pr("%s:", what);
  for (u32 i = 0; i < nlog; i++) pr(" %x", log[i]);
  pr(" | M traps=%u", mtraps);
  if (mtraps) pr(" last=%x", m_cause);
  puts("\n");
  nlog = 0;
  mtraps = 0;
}

/* Interrupts need not be taken at once: spin until none is pending and enabled. */
static u32 s_spin_with_sie(u32 n) {
  csr_set(sstatus, MSTATUS_SIE);
  for (volatile u32 i = 0; i < n && (csr_read(sip) & csr_read(sie)); i++) {
  }
  csr_clear(sstatus, MSTATUS_SIE);
  return 0;
}

static u32 s_spin_without_sie(u32 n) {
  for (volatile u32 i = 0; i < n; i++) {
  }
  return csr_read(sip);
}

static u32 u_spin(u32 n) {
  for (volatile u32 i = 0; i < n && nlog == 0; i++) {
  }
  return 0;
}

static u32 s_sstatus(u32 _) {
  (void)_;
  u32 old = csr_swap(sstatus, 0xffffffff);
  u32 now = csr_read(sstatus);
  csr_write(sstatus, old);
  return now;
}

int main(void) {
  rt_mtrap_hook = on_mtrap;
  rt_strap_hook = on_strap;
  csr_write(stvec, (u32)rt_strap_vector);
  csr_write(mideleg, (1u << IRQ_SSI) | (1u << IRQ_STI));
  csr_write(mie, (1u << IRQ_SSI) | (1u << IRQ_STI));

  csr_set(mip, 1u << IRQ_SSI);
  rt_run_in_mode(PRV_S, s_spin_with_sie, 1000000);
  show("SSIP pending, S with SIE");

  csr_set(mip, 1u << IRQ_STI);
  rt_run_in_mode(PRV_S, s_spin_with_sie, 1000000);
  show("STIP pending, S with SIE");

  csr_set(mip, (1u << IRQ_STI) | (1u << IRQ_SSI));
  rt_run_in_mode(PRV_S, s_spin_with_sie, 1000000);
  show("both pending");

  csr_set(mip, 1u << IRQ_SSI);
  u32 sip = rt_run_in_mode(PRV_S, s_spin_without_sie, 10);
  show("SSIP pending, S without SIE");
  pr("sip seen in S: %x\n", sip);
  rt_run_in_mode(PRV_U, u_spin, 1000000);
  show("still pending, then U (SIE=0)");

  csr_write(mie, 1u << IRQ_SSI);
  csr_set(mip, 1u << IRQ_STI);
  rt_run_in_mode(PRV_S, s_spin_with_sie, 1000000);
  show("STIP pending but masked in mie");
  csr_clear(mip, 1u << IRQ_STI);

  csr_write(mideleg, 0);
  csr_set(mip, 1u << IRQ_SSI);
  for (u32 i = 0; i < 1000000 && mtraps == 0; i++) rt_run_in_mode(PRV_S, s_spin_without_sie, 10);
  show("SSI not delegated, from S");
  csr_set(mip, 1u << IRQ_SSI);
  s_spin_without_sie(10);
  show("SSI not delegated, in M with MIE=0");
  csr_write(mie, 0);

  pr("sstatus written with ones in S: %x\n", rt_run_in_mode(PRV_S, s_sstatus, 0) & 0x000c0122);
  puts("smode: done\n");
  return 0;
}
