/* Machine timer interrupts from the CLINT: mtimecmp set ahead of mtime, N interrupts taken with
 * WFI and with a busy loop, mip.MTIP following mtimecmp, mie.MTIE and mstatus.MIE gating, and
 * mtime never going backwards. Nothing printed depends on how fast time passes. */
#include "rt.h"

#define N 10
static volatile u32 ticks, wrong;

static u64 mtime(void) {
  u32 hi, lo;
  do {
    hi = mmio_r32(CLINT_MTIME + 4);
    lo = mmio_r32(CLINT_MTIME);
  } while (hi != mmio_r32(CLINT_MTIME + 4));
  return ((u64)hi << 32) | lo;
}

static void set_cmp(u64 t) {
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  mmio_w32(CLINT_MTIMECMP(0), (u32)t);
  mmio_w32(CLINT_MTIMECMP(0) + 4, (u32)(t >> 32));
}

static int on_trap(struct trapframe *f) {
  if (f->cause != (CAUSE_IRQ | IRQ_MTI)) return 0;
  ticks++;
  if (!(csr_read(mip) & (1u << IRQ_MTI))) wrong++;
  if (ticks % 5 == 0) set_cmp(~0ull); /* a pause: checked below */
  else set_cmp(mtime() + 1000);
  return 1;
}

int main(void) {
  rt_mtrap_hook = on_trap;
  set_cmp(~0ull);
  pr("MTIP with mtimecmp at max: %u\n", (csr_read(mip) >> IRQ_MTI) & 1);
  set_cmp(0);
  pr("MTIP with mtimecmp at 0: %u\n", (csr_read(mip) >> IRQ_MTI) & 1);
  u32 lo = mmio_r32(CLINT_MTIMECMP(0)), hi = mmio_r32(CLINT_MTIMECMP(0) + 4);
  pr("mtimecmp reads back: %x %x\n", hi, lo);
  /* Pending but not enabled: nothing is taken. */
  csr_set(mstatus, MSTATUS_MIE);
  for (volatile int i = 0; i < 100; i++) {
  }
  pr("MTIE off, MIE on: ticks=%u\n", ticks);
  csr_clear(mstatus, MSTATUS_MIE);
  csr_set(mie, 1u << IRQ_MTI);
  for (volatile int i = 0; i < 100; i++) {
  }
  pr("MTIE on, MIE off: ticks=%u, still pending=%u\n", ticks, (csr_read(mip) >> IRQ_MTI) & 1);

  set_cmp(mtime() + 1000);
  csr_set(mstatus, MSTATUS_MIE);
  u64 last = mtime();
  while (ticks < 5) {
    __asm__ volatile("wfi");
    u64 now = mtime();
    if (now < last) wrong++;
    last = now;
  }
  pr("after wfi loop: ticks=%u pending=%u\n", ticks, (csr_read(mip) >> IRQ_MTI) & 1);
  set_cmp(mtime() + 1000);
  while (ticks < N) {
    u64 now = mtime();
    if (now < last) wrong++;
    last = now;
  }
  csr_clear(mstatus, MSTATUS_MIE);
  csr_clear(mie, 1u << IRQ_MTI);
  pr("after busy loop: ticks=%u wrong=%u\n", ticks, wrong);
  /* The time CSR reads the same clock as the CLINT's mtime. */
  u32 disorder = 0;
  for (u32 i = 0; i < 1000; i++) {
    u32 t1 = csr_read(time);
    u32 m = mmio_r32(CLINT_MTIME);
    u32 t2 = csr_read(time);
    if ((i32)(m - t1) < 0 || (i32)(t2 - m) < 0) disorder++;
  }
  pr("time CSR and mtime out of order: %u of 1000\n", disorder);
  pr("timeh equals mtime's high word: %u\n", csr_read(timeh) == mmio_r32(CLINT_MTIME + 4));
  puts("timer: done\n");
  return 0;
}
