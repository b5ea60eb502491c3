/* Branches and jumps: every conditional branch over signed and unsigned edge pairs, both
 * directions of the offset, JAL/JALR link values, JALR clearing bit 0 of the target, JALR with
 * rd == rs1, and a jump to a target that is not 4-byte aligned (no C extension: it traps on
 * the jump; mtval is compared for JALR only, see below). */
#include "rt.h"

static const u32 vals[] = {0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x80000001, 2, 0xfffffffe};

#define BR(op)                                                                                     \
  static u32 br_##op(u32 a, u32 b) {                                                               \
    u32 fwd, back;                                                                                 \
    __asm__ volatile("li %0, 0\n " #op " %2, %3, 1f\n li %0, 1\n 1:" : "=&r"(fwd) : "0"(0), "r"(a), "r"(b)); \
    __asm__ volatile("j 2f\n 1: li %0, 0\n j 3f\n 2: li %0, 1\n " #op " %1, %2, 1b\n 3:"          \
                     : "=&r"(back) : "r"(a), "r"(b));                                             \
    return (fwd ? 0 : 1) | (back ? 0 : 2);                                                         \
  }
BR(beq) BR(bne) BR(blt) BR(bge) BR(bltu) BR(bgeu)

struct br { const char *name; u32 (*fn)(u32, u32); };
static const struct br brs[] = {{"beq", br_beq}, {"bne", br_bne}, {"blt", br_blt},
                                {"bge", br_bge}, {"bltu", br_bltu}, {"bgeu", br_bgeu}};

static volatile u32 traps, t_cause, t_epc, t_tval;
static u32 resume_at;

static int on_trap(struct trapframe *f) {
  traps++;
  t_cause = f->cause;
  t_epc = f->epc;
  t_tval = f->tval;
  f->epc = resume_at;
  return 1;
}

static void links(void) {
  u32 link, base, target;
  __asm__ volatile("la %1, 1f\n jal %0, 1f\n nop\n 1:" : "=r"(link), "=r"(target));
  pr("jal link - target = %d\n", (i32)(link - target));
  __asm__ volatile("la %1, 1f\n la %2, 2f\n jalr %0, 0(%2)\n 1: nop\n 2:"
                   : "=r"(link), "=r"(base), "=r"(target));
  pr("jalr link - next = %d\n", (i32)(link - base));
  __asm__ volatile("la %0, 1f\n addi %0, %0, 1\n jalr %0, 0(%0)\n nop\n nop\n 1: la %1, 1b"
                   : "=r"(link), "=r"(target));
  pr("jalr odd target: landed, rd==rs1 link - target = %d\n", (i32)(link - target));
  __asm__ volatile("la %0, 1f\n addi %0, %0, -3\n jalr x0, 3(%0)\n li %0, 0\n 1:" : "=r"(base));
  pr("jalr offset 3 clears bit 0: %s\n", base ? "yes" : "no");
  u32 x;
  __asm__ volatile("la %1, 1f\n jal x0, 1f\n 1: auipc %0, 0" : "=r"(x), "=r"(target));
  pr("jal x0 then auipc: %d\n", (i32)(x - target));
}

static void misaligned_targets(void) {
  rt_mtrap_hook = on_trap;
  u32 jaddr;
  __asm__ volatile("la %0, 9f" : "=r"(resume_at));
  traps = 0;
  __asm__ volatile("la t0, 1f\n addi t0, t0, 2\n 1: jalr ra, 0(t0)\n 9:\n la %0, 1b"
                   : "=r"(jaddr) : : "t0", "ra");
  pr("jalr to +2: traps=%u cause=%x epc-jump=%d tval-jump=%d\n", traps, t_cause, (i32)(t_epc - jaddr),
     (i32)(t_tval - jaddr));
  __asm__ volatile("la %0, 9f" : "=r"(resume_at));
  traps = 0;
  __asm__ volatile("la t0, 1f\n addi t0, t0, 6\n li t1, 1\n 1: beq t1, t1, 2f\n nop\n 2: nop\n 9:\n la %0, 1b"
                   : "=r"(jaddr) : : "t0", "t1");
  pr("aligned beq: traps=%u\n", traps);
  /* A 2-byte aligned branch target can only be reached with a hand-made encoding. */
  __asm__ volatile("la %0, 9f" : "=r"(resume_at));
  traps = 0;
  __asm__ volatile("li t1, 1\n 1: .word 0x00630363 # beq t1, t1, +6\n nop\n nop\n nop\n 9:\n la %0, 1b"
                   : "=r"(jaddr) : : "t1");
  /* mtval is not printed: QEMU 7.2 writes a stale pc there for a branch or JAL (not JALR). */
  pr("beq to +6: traps=%u cause=%x epc-branch=%d\n", traps, t_cause, (i32)(t_epc - jaddr));
  __asm__ volatile("la %0, 9f" : "=r"(resume_at));
  traps = 0;
  __asm__ volatile("li t1, 1\n 1: .word 0x00631363 # bne t1, t1, +6 (not taken)\n nop\n 9:\n la %0, 1b"
                   : "=r"(jaddr) : : "t1");
  pr("bne to +6 not taken: traps=%u\n", traps);
  __asm__ volatile("la %0, 9f" : "=r"(resume_at));
  traps = 0;
  __asm__ volatile("1: .word 0x006000ef # jal ra, +6\n nop\n nop\n nop\n 9:\n la %0, 1b"
                   : "=r"(jaddr) : : "ra");
  pr("jal to +6: traps=%u cause=%x epc-jal=%d\n", traps, t_cause, (i32)(t_epc - jaddr));
  rt_mtrap_hook = 0;
}

static u32 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  for (unsigned k = 0; k < 6; k++) {
    pr("%s:", brs[k].name);
    for (unsigned i = 0; i < 8; i++) {
      u32 bits = 0;
      for (unsigned j = 0; j < 8; j++) bits |= brs[k].fn(vals[i], vals[j]) << (2 * j);
      pr(" %x", bits);
    }
    puts("\n");
  }
  links();
  misaligned_targets();
  pr("fib(20) = %u\n", fib(20));
  return 0;
}
