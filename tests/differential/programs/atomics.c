/* The A extension: LR/SC success and failure (no reservation, a different address, a
 * reservation already consumed), SC's result codes, every AMO with signed and unsigned edge
 * values, rd = x0 forms, and misaligned or unmapped LR/AMO addresses. */
#include "rt.h"

static volatile u32 mem[8] __attribute__((aligned(16)));
static volatile u32 traps, t_cause, t_tval;

static int on_trap(struct trapframe *f) {
  traps++;
  t_cause = f->cause;
  t_tval = f->tval;
  f->epc += 4;
  return 1;
}

#define AMO(name, mnemonic)                                                                        \
  static u32 amo_##name(volatile u32 *p, u32 v) {                                                  \
    u32 r;                                                                                         \
    __asm__ volatile(mnemonic " %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory");               \
    return r;                                                                                      \
  }
AMO(swap, "amoswap.w") AMO(add, "amoadd.w") AMO(xor, "amoxor.w") AMO(and, "amoand.w")
AMO(or, "amoor.w") AMO(min, "amomin.w") AMO(max, "amomax.w") AMO(minu, "amominu.w")
AMO(maxu, "amomaxu.w") AMO(add_aq, "amoadd.w.aq") AMO(swap_aqrl, "amoswap.w.aqrl")

static u32 lr(volatile u32 *p) {
  u32 r;
  __asm__ volatile("lr.w %0, (%1)" : "=r"(r) : "r"(p) : "memory");
  return r;
}
static u32 sc(volatile u32 *p, u32 v) {
  u32 r;
  __asm__ volatile("sc.w %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory");
  return r;
}

static const u32 vals[] = {0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x12345678};

struct amo { const char *name; u32 (*fn)(volatile u32 *, u32); };
static const struct amo amos[] = {
    {"swap", amo_swap}, {"add", amo_add}, {"xor", amo_xor},
    {"and", amo_and},   {"or", amo_or},   {"min", amo_min},
    {"max", amo_max},   {"minu", amo_minu}, {"maxu", amo_maxu},
};

static void lrsc(void) {
  mem[0] = 5;
  u32 v = lr(mem);
  u32 r = sc(mem, v + 1);
  pr("lr/sc: loaded %u, sc=%u, mem=%u\n", v, r, mem[0]);
  r = sc(mem, 100);
  pr("sc again without lr: sc=%u, mem=%u\n", r, mem[0]);
  v = lr(mem);
  r = sc(mem + 1, 7);
  pr("sc to another word: sc=%u, mem[1]=%u\n", r, mem[1]);
  r = sc(mem, 8);
  pr("sc after the failed one: sc=%u, mem=%u\n", r, mem[0]);
  /* A counter loop that must succeed every time on one hart. */
  mem[2] = 0;
  u32 fails = 0;
  for (int i = 0; i < 100; i++) {
    for (;;) {
      u32 x = lr(mem + 2);
      if (sc(mem + 2, x + 3) == 0) break;
      fails++;
    }
  }
  pr("lr/sc loop: %u (sc failures %u)\n", mem[2], fails);
  u32 x0res;
  mem[3] = 9;
  __asm__ volatile("lr.w x0, (%1)\n sc.w %0, %2, (%1)" : "=r"(x0res) : "r"(mem + 3), "r"(10) : "memory");
  pr("lr.w x0 then sc: sc=%u mem=%u\n", x0res, mem[3]);
}

static void amo_table(void) {
  for (unsigned k = 0; k < sizeof amos / sizeof amos[0]; k++) {
    u32 h = 0;
    pr("%s:", amos[k].name);
    for (unsigned i = 0; i < 6; i++)
      for (unsigned j = 0; j < 6; j++) {
        mem[4] = vals[i];
        u32 old = amos[k].fn(mem + 4, vals[j]);
        h = h * 31 + old * 7 + mem[4];
        if (j == 2) pr(" %x", mem[4]);
      }
    pr(" hash=%x\n", h);
  }
  mem[5] = 40;
  u32 r = amo_add_aq(mem + 5, 2);
  u32 s = amo_swap_aqrl(mem + 5, 1);
  pr("aq/rl forms: %u %u %u\n", r, s, mem[5]);
  __asm__ volatile("amoadd.w x0, %1, (%0)" : : "r"(mem + 5), "r"(10) : "memory");
  pr("amoadd rd=x0: %u\n", mem[5]);
}

/* QEMU 7.2 reports a misaligned or faulting AMO as a load exception (cause 4 or 5, where the
 * specification says store/AMO, 6 or 7), and lets a misaligned SC without a reservation fail
 * without trapping. Those are QEMU's bugs, so for AMOs the transcript says only whether the
 * access trapped; LR is a load, and its cause is compared. */
static void misaligned(void) {
  rt_mtrap_hook = on_trap;
  volatile u32 *odd = (volatile u32 *)((u32)mem + 2);
  traps = 0;
  lr(odd);
  pr("lr misaligned: traps=%u cause=%x tval=+%u\n", traps, t_cause, t_tval - (u32)mem);
  traps = 0;
  amo_add(odd, 1);
  pr("amoadd misaligned: traps=%u tval=+%u\n", traps, t_tval - (u32)mem);
  traps = 0;
  amo_swap((volatile u32 *)0x88000000, 1);
  pr("amoswap unmapped: traps=%u tval=%x\n", traps, t_tval);
  traps = 0;
  lr((volatile u32 *)0x88000000);
  pr("lr unmapped: traps=%u cause=%x tval=%x\n", traps, t_cause, t_tval);
  rt_mtrap_hook = 0;
}

int main(void) {
  lrsc();
  amo_table();
  misaligned();
  puts("atomics: done\n");
  return 0;
}
