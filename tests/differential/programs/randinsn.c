/* Random single instructions, compared on both machines: 24576 random words (a fixed seed),
 * each run in M-mode and again in U-mode from freshly seeded registers and followed by an
 * ebreak, so every instruction starts from a known state and is judged alone. After each, the
 * trap handler folds all 31 registers, mcause and mtval into a hash; the transcript prints the
 * hash every 2048 words, so a divergence is found to within a block. Words that would make
 * the outcome depend on the machine rather than the ISA are rewritten: no jumps or branches
 * (their targets are code), loads and stores only through the pointer registers x8-x11 (data
 * RAM, misaligned data RAM, past the end of RAM), AMOs only through x8/x9 (aligned), CSR
 * accesses only to sscratch, stval and misa, and SYSTEM's other
 * instructions replaced by ecall or ebreak. An sc.w to a scratch word clears any reservation
 * between words. */
#include "rt.h"

#define WORDS 24576
#define BLOCK 2048
#define DATA_WORDS 16384

static u32 code[WORDS * 2] __attribute__((aligned(4096)));
static u32 data[DATA_WORDS] __attribute__((aligned(4096)));
static u32 seed = 0x13579bdf, hash, index, mode, scratch;

static u32 rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

static const u8 opcodes[] = {0x03, 0x0f, 0x13, 0x17, 0x23, 0x2f, 0x33, 0x37, 0x73};
static const u16 csrs[] = {0x140, 0x143, 0x301};

static u32 with_rs1(u32 w, u32 reg) { return (w & ~(31u << 15)) | (reg << 15); }

static u32 random_word(void) {
  u32 w = rnd(), r = rnd();
  if (r & 7) w |= 3;
  if (r & 8) w = (w & ~0x7fu) | opcodes[(r >> 4) % sizeof opcodes];
  switch (w & 0x7f) {
  case 0x63: case 0x67: case 0x6f: return (w & ~0x7fu) | 0x33;
  case 0x03: case 0x23:
    w = with_rs1(w, 8 + ((r >> 8) & 3));
    /* Through x11 (past RAM) only aligned words: QEMU reports a misaligned access fault at the
     * address rounded down to the access size, where the specification wants the address. */
    if (((w >> 15) & 31) == 11) w = (w & ~(0x3u << 20) & ~(0x3u << 7) & ~(0x7u << 12)) | (2u << 12);
    return w;
  case 0x2f: return with_rs1(w, 8 + ((r >> 8) & 1));
  case 0x73:
    if (((w >> 12) & 7) == 0) return (r & 0x100) ? 0x00100073 : 0x00000073;
    return (w & 0x000fffffu) | ((u32)csrs[(r >> 9) % 3] << 20);
  }
  return w;
}

static u32 reg_value(u32 i) {
  static const u32 special[] = {0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 31, 32, 0xfffff800};
  switch (i) {
  case 8: case 9: return (u32)&data[4096 + (rnd() & 4095)];
  case 10: return (u32)&data[4096 + (rnd() & 4095)] + 1 + (rnd() & 1);
  case 11: return 0x88100000u + (rnd() & 0xffc);
  }
  u32 r = rnd();
  return (r & 3) == 0 ? special[(r >> 2) & 7] : rnd();
}

static void fold(u32 v) { hash = (hash ^ v) * 0x01000193u; }

static void seed_registers(struct trapframe *f) {
  for (u32 i = 1; i < 32; i++) f->x[i] = reg_value(i);
}

static struct trapframe caller; /* start()'s state at its ebreak, resumed after the last word */

static int on_trap(struct trapframe *f) {
  if (index == (u32)-1) {
    caller = *f;
  } else {
    /* The word ran (the ebreak after it trapped) or trapped itself: judge it. */
    for (u32 i = 1; i < 32; i++) fold(f->x[i]);
    fold(f->cause);
    fold(f->tval);
    fold(f->epc == (u32)&code[2 * index + 1] ? 0 : 1);
  }
  index++;
  if (index % BLOCK == 0 && index != 0) pr("%c block %u: %x\n", mode == PRV_M ? 'M' : 'U', index / BLOCK, hash);
  if (index == WORDS) {
    *f = caller;
    f->epc += 4;
    csr_clear(mstatus, MSTATUS_MPP | MSTATUS_MPRV);
    csr_set(mstatus, mode << 11);
    return 1;
  }
  __asm__ volatile("sc.w zero, zero, (%0)" : : "r"(&scratch) : "memory");
  seed_registers(f);
  f->epc = (u32)&code[2 * index];
  csr_clear(mstatus, MSTATUS_MPP | MSTATUS_MPRV);
  csr_set(mstatus, mode << 11);
  return 1;
}

static u32 start(u32 _) {
  (void)_;
  __asm__ volatile("ebreak"); /* the first trap starts word 0 */
  return 0;
}

int main(void) {
  for (u32 i = 0; i < DATA_WORDS; i++) data[i] = rnd();
  for (u32 i = 0; i < WORDS; i++) {
    code[2 * i] = random_word();
    code[2 * i + 1] = 0x00100073; /* ebreak */
  }
  __asm__ volatile("fence.i");
  rt_mtrap_hook = on_trap;
  static const u32 modes[] = {PRV_M, PRV_U};
  for (u32 m = 0; m < 2; m++) {
    mode = modes[m];
    hash = 0x811c9dc5u;
    index = (u32)-1; /* the ebreak in start() is not a word: it starts them */
    if (mode == PRV_M) start(0);
    else rt_run_in_mode(PRV_U, start, 0);
    pr("%c: %u words, hash %x\n", mode == PRV_M ? 'M' : 'U', WORDS, hash);
  }
  puts("randinsn: done\n");
  return 0;
}
