/* Self-modifying code, which a predecoding emulator must notice: an instruction rewritten and
 * run again after fence.i, a whole function copied into a buffer and called, code rewritten on
 * a page the hart is executing, code patched through an alias mapping (Sv32) of the same
 * physical page, and a store into the instruction that follows in the same block. */
#include "rt.h"

static u32 buffer[256] __attribute__((aligned(4096)));
static u32 alias_root[1024] __attribute__((aligned(4096)));
static u32 alias_l2[1024] __attribute__((aligned(4096)));

/* addi a0, a0, imm */
static u32 addi_a0(i32 imm) { return ((u32)imm << 20) | (10u << 15) | (10u << 7) | 0x13u; }
#define RET 0x00008067u

static void fence_i(void) { __asm__ volatile("fence.i" ::: "memory"); }

static u32 call(u32 *code, u32 arg) { return ((u32(*)(u32))code)(arg); }

/* A function in .text whose first instruction is patched. */
__attribute__((noinline, aligned(16))) static u32 patched(u32 x) {
  u32 r;
  __asm__ volatile("mv %0, %1\n addi %0, %0, 1" : "=r"(r) : "r"(x));
  return r;
}

static void buffer_code(void) {
  buffer[0] = addi_a0(5);
  buffer[1] = RET;
  fence_i();
  pr("buffer: %u\n", call(buffer, 10));
  buffer[0] = addi_a0(-7);
  fence_i();
  pr("rewritten: %u\n", call(buffer, 10));
  for (u32 i = 0; i < 100; i++) buffer[i] = addi_a0((i32)i);
  buffer[100] = RET;
  fence_i();
  pr("100 adds: %u\n", call(buffer, 0));
  for (u32 round = 0; round < 20; round++) {
    buffer[50] = addi_a0((i32)round * 100);
    fence_i();
    u32 v = call(buffer, 0);
    if (round % 5 == 0) pr("round %u: %u\n", round, v);
  }
}

static void patch_text(void) {
  u32 *code = (u32 *)(void *)patched;
  pr("patched() before: %u\n", patched(1));
  u32 i = 0;
  while ((code[i] & 0x7f) != 0x13 || ((code[i] >> 20) & 0xfff) != 1) i++;
  u32 saved = code[i];
  code[i] = (saved & 0x000fffffu) | (100u << 20);
  fence_i();
  pr("patched() after: %u\n", patched(1));
  code[i] = saved;
  fence_i();
  pr("patched() restored: %u\n", patched(1));
}

/* The store rewrites the very next instruction; with fence.i between them the new one runs. */
static void next_instruction(void) {
  u32 r;
  __asm__ volatile("li %0, 0\n"
                   "la t0, 1f\n"
                   "li t1, 0x00750513\n" /* addi a0, a0, 7 */
                   "mv a0, zero\n"
                   "sw t1, 0(t0)\n"
                   "fence.i\n"
                   "1: addi a0, a0, 1\n"
                   "mv %0, a0\n"
                   : "=r"(r) : : "t0", "t1", "a0", "memory");
  pr("next instruction after fence.i: %u\n", r);
  /* Put it back so a second run starts from the original code. */
  __asm__ volatile("la t0, 1f\n li t1, 0x00150513\n sw t1, 0(t0)\n fence.i\n j 2f\n 1: addi a0, a0, 1\n 2:"
                   : : : "t0", "t1", "memory");
}

/* S-mode code runs at VA 0x40000000, an alias of `buffer`; M patches it through the PA. */
static u32 s_call_alias(u32 x) { return ((u32(*)(u32))0x40000000u)(x); }

static void alias(void) {
  memset(alias_root, 0, sizeof alias_root);
  memset(alias_l2, 0, sizeof alias_l2);
  alias_root[0x80000000u >> 22] = (0x80000000u >> 12 << 10) | 0xcf; /* identity RWX, A, D */
  alias_root[0x40000000u >> 22] = ((u32)alias_l2 >> 12 << 10) | 0x01;
  alias_l2[0] = ((u32)buffer >> 12 << 10) | 0xcb;                     /* R X A D */
  buffer[0] = addi_a0(1);
  buffer[1] = RET;
  fence_i();
  csr_write(satp, 0x80000000u | ((u32)alias_root >> 12));
  __asm__ volatile("sfence.vma" ::: "memory");
  pr("alias: %u\n", rt_run_in_mode(PRV_S, s_call_alias, 1));
  buffer[0] = addi_a0(2);
  fence_i();
  pr("alias after patch: %u\n", rt_run_in_mode(PRV_S, s_call_alias, 1));
  buffer[0] = addi_a0(3);
  fence_i();
  pr("alias after second patch: %u\n", rt_run_in_mode(PRV_S, s_call_alias, 1));
  csr_write(satp, 0);
  __asm__ volatile("sfence.vma" ::: "memory");
}

int main(void) {
  buffer_code();
  patch_text();
  next_instruction();
  alias();
  puts("selfmod: done\n");
  return 0;
}
