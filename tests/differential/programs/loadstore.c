/* Loads and stores of every width: sign and zero extension, partial writes, little-endian byte
 * order, misaligned accesses (whatever QEMU does is the reference: it performs them in M-mode),
 * and access faults on addresses nothing decodes, with their mcause and mtval. */
#include "rt.h"

static volatile u8 buf[64] __attribute__((aligned(16)));
static volatile u32 traps, last_cause, last_tval;

#define LD(op)                                                                                     \
  static u32 ld_##op(volatile void *p) {                                                           \
    u32 r;                                                                                         \
    __asm__ volatile(#op " %0, 0(%1)" : "=r"(r) : "r"(p) : "memory");                               \
    return r;                                                                                      \
  }
LD(lb) LD(lbu) LD(lh) LD(lhu) LD(lw)
#define ST(op)                                                                                     \
  static void st_##op(volatile void *p, u32 v) {                                                   \
    __asm__ volatile(#op " %1, 0(%0)" : : "r"(p), "r"(v) : "memory");                               \
  }
ST(sb) ST(sh) ST(sw)

/* Records a fault and skips the instruction. */
static int on_trap(struct trapframe *f) {
  traps++;
  last_cause = f->cause;
  last_tval = f->tval;
  f->epc += 4;
  return 1;
}

static void dump(const char *what) {
  pr("%s:", what);
  for (int i = 0; i < 16; i++) pr(" %x", (u32)buf[i]);
  puts("\n");
}

static void widths(void) {
  for (int i = 0; i < 64; i++) buf[i] = (u8)(0x80 + i * 7);
  dump("bytes");
  for (int i = 0; i < 4; i++)
    pr("@%d lb=%x lbu=%x lh=%x lhu=%x lw=%x\n", i * 4, ld_lb(buf + i * 4), ld_lbu(buf + i * 4),
       ld_lh(buf + i * 4), ld_lhu(buf + i * 4), ld_lw(buf + i * 4));
  static const u32 probes[] = {0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x12345678, 0x89abcdef};
  for (unsigned i = 0; i < 8; i++) {
    st_sw(buf + 8, probes[i]);
    pr("%x: lb=%x lbu=%x lh=%x lhu=%x lb+1=%x lh+2=%x\n", probes[i], ld_lb(buf + 8), ld_lbu(buf + 8),
       ld_lh(buf + 8), ld_lhu(buf + 8), ld_lb(buf + 9), ld_lh(buf + 10));
  }
  st_sw(buf, 0x11223344);
  st_sw(buf + 4, 0x55667788);
  st_sb(buf + 1, 0xaabbccdd);
  st_sh(buf + 6, 0xeeff0011);
  st_sb(buf + 7, 0x1ff);
  dump("partial");
  u32 r;
  __asm__ volatile("lw x0, 0(%1)\n mv %0, x0" : "=r"(r) : "r"(buf) : "memory");
  pr("lw x0: %x\n", r);
  __asm__ volatile("sw %1, -4(%2)\n lw %0, -4(%2)" : "=r"(r) : "r"(0xcafe), "r"(buf + 20) : "memory");
  pr("negative offset: %x\n", r);
  __asm__ volatile("sw %1, 2047(%2)\n lw %0, 2047(%2)" : "=r"(r) : "r"(0xbeef), "r"(buf + 1 - 2047) : "memory");
  pr("offset 2047: %x\n", r);
}

static void misaligned(void) {
  for (int i = 0; i < 64; i++) buf[i] = (u8)(i * 17 + 3);
  for (int off = 1; off < 4; off++) {
    traps = 0;
    u32 w = ld_lw(buf + off), h = ld_lh(buf + off), hu = ld_lhu(buf + off);
    pr("misaligned load +%d: lw=%x lh=%x lhu=%x traps=%u cause=%x tval=%x\n", off, w, h, hu, traps,
       traps ? last_cause : 0, traps ? last_tval - (u32)buf : 0);
    traps = 0;
    st_sw(buf + 16 + off, 0xa1b2c3d4);
    st_sh(buf + 32 + off, 0xe5f6);
    pr("misaligned store +%d: traps=%u cause=%x tval=%x\n", off, traps, traps ? last_cause : 0,
       traps ? last_tval - (u32)buf : 0);
  }
  dump("after misaligned");
  pr("words: %x %x %x %x\n", ld_lw(buf + 16), ld_lw(buf + 20), ld_lw(buf + 32), ld_lw(buf + 36));
}

static void faults(void) {
  static const u32 addrs[] = {0x00000000, 0x88000000, 0xfffffff0};
  for (unsigned i = 0; i < 3; i++) {
    u32 a = addrs[i];
    traps = 0;
    u32 v = ld_lw((void *)a);
    pr("load %x: traps=%u cause=%x tval=%x", a, traps, last_cause, last_tval);
    (void)v;
    traps = 0;
    st_sw((void *)a, 1);
    pr(" | store: traps=%u cause=%x tval=%x\n", traps, last_cause, last_tval);
  }
}

int main(void) {
  rt_mtrap_hook = on_trap;
  widths();
  misaligned();
  faults();
  puts("loadstore: done\n");
  return 0;
}
