/* Preemption: a U-mode computation that keeps all 27 of its registers live runs under Sv32
 * while timer interrupts arrive every 1000 ticks. M takes the machine timer interrupt and
 * forwards it as a supervisor timer interrupt (STIP), as an SBI does; the S kernel counts it and
 * asks M, by ecall, to clear STIP and rearm. Wherever the interrupts land, the computation's
 * result must be the same; the transcript shows the result and that there were interrupts. */
#include "rt.h"

#define UCODE 0x00400000u
#define TICKS 1000

/* 1,500,000 rounds of a register-only mix over a0-a7, t0-t6, s0-s11 (ra, sp, gp, tp are not
 * used), then all folded into a0 and returned by ecall with a7 = 1. */
__asm__(".globl mix_start, mix_end\n"
        "mix_start:\n"
        " li a1, 1\n li a2, 2\n li a3, 3\n li a4, 4\n li a5, 5\n li a6, 6\n li a7, 7\n"
        " li t0, 8\n li t1, 9\n li t2, 10\n li t3, 11\n li t4, 12\n li t5, 13\n li t6, 14\n"
        " li s0, 15\n li s1, 16\n li s2, 17\n li s3, 18\n li s4, 19\n li s5, 20\n li s6, 21\n"
        " li s7, 22\n li s8, 23\n li s9, 24\n li s10, 25\n li s11, 0x16e360\n"
        "1: add a1, a1, a0\n xor a2, a2, a1\n slli a3, a2, 3\n sub a4, a3, a4\n srli a5, a4, 5\n"
        " or a6, a6, a5\n add a7, a7, a6\n xor t0, t0, a7\n add t1, t1, t0\n sltu t2, t1, t0\n"
        " add t3, t3, t2\n mul t4, t3, a1\n xor t5, t5, t4\n srai t6, t5, 7\n add s0, s0, t6\n"
        " xor s1, s1, s0\n add s2, s2, s1\n slli s3, s2, 1\n xor s4, s4, s3\n add s5, s5, s4\n"
        " sub s6, s6, s5\n xor s7, s7, s6\n add s8, s8, s7\n srli s9, s8, 3\n xor s10, s10, s9\n"
        " add a0, a0, s10\n addi s11, s11, -1\n bnez s11, 1b\n"
        " xor a0, a0, a1\n xor a0, a0, a2\n xor a0, a0, a3\n xor a0, a0, a4\n xor a0, a0, a5\n"
        " xor a0, a0, a6\n xor a0, a0, a7\n xor a0, a0, t0\n xor a0, a0, t1\n xor a0, a0, t2\n"
        " xor a0, a0, t3\n xor a0, a0, t4\n xor a0, a0, t5\n xor a0, a0, t6\n xor a0, a0, s0\n"
        " xor a0, a0, s1\n xor a0, a0, s2\n xor a0, a0, s3\n xor a0, a0, s4\n xor a0, a0, s5\n"
        " xor a0, a0, s6\n xor a0, a0, s7\n xor a0, a0, s8\n xor a0, a0, s9\n xor a0, a0, s10\n"
        " li a7, 0x7e7\n ecall\n"
        "mix_end:\n");
extern const u32 mix_start[], mix_end[];

static u32 root[1024] __attribute__((aligned(4096)));
static u32 l2[1024] __attribute__((aligned(4096)));
static u32 code[1024] __attribute__((aligned(4096)));
static volatile u32 s_ticks, m_ticks;

static void arm(void) {
  u32 now = mmio_r32(CLINT_MTIME);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  mmio_w32(CLINT_MTIMECMP(0), now + TICKS);
  mmio_w32(CLINT_MTIMECMP(0) + 4, mmio_r32(CLINT_MTIME + 4) + (now + TICKS < now));
}

static int m_trap(struct trapframe *f) {
  if (f->cause == (CAUSE_IRQ | IRQ_MTI)) {
    /* Forward to S and keep the machine timer quiet until S asks for the next one. */
    m_ticks++;
    mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
    csr_set(mip, 1u << IRQ_STI);
    return 1;
  }
  if (f->cause == 9 && f->x[17] == 0x54494d45) {
    csr_clear(mip, 1u << IRQ_STI);
    arm();
    f->epc += 4;
    return 1;
  }
  return 0;
}

static int s_trap(struct trapframe *f) {
  if (f->cause != (CAUSE_IRQ | IRQ_STI)) return 0;
  s_ticks++;
  register u32 a7 __asm__("a7") = 0x54494d45;
  __asm__ volatile("ecall" : : "r"(a7));
  return 1;
}

int main(void) {
  u32 n = (u32)(mix_end - mix_start);
  for (u32 i = 0; i < n; i++) code[i] = mix_start[i];
  __asm__ volatile("fence.i");
  root[0x80000000u >> 22] = (0x80000000u >> 12 << 10) | 0xcf;
  root[UCODE >> 22] = ((u32)l2 >> 12 << 10) | 0x01;
  l2[0] = ((u32)code >> 12 << 10) | 0x5b; /* V R X U A */
  csr_write(satp, 0x80000000u | ((u32)root >> 12));
  __asm__ volatile("sfence.vma" ::: "memory");
  rt_mtrap_hook = m_trap;
  rt_strap_hook = s_trap;
  csr_write(stvec, (u32)rt_strap_vector);
  csr_write(mideleg, 1u << IRQ_STI);
  csr_write(mie, (1u << IRQ_MTI) | (1u << IRQ_STI));
  arm();
  /* U runs with interrupts on: M-level ones always, S-level ones since U < S. */
  u32 result = rt_run_in_mode(PRV_U, (u32(*)(u32))UCODE, 0);
  csr_write(mie, 0);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0xffffffff);
  csr_clear(mip, 1u << IRQ_STI);
  csr_write(satp, 0);
  __asm__ volatile("sfence.vma" ::: "memory");
  pr("result %x\n", result);
  /* (Not m_ticks == s_ticks: the last tick may be forwarded just as U makes its final ecall.) */
  pr("preempted at least 10 times: %s; S saw at least 10: %s\n", m_ticks >= 10 ? "yes" : "no",
     s_ticks >= 10 ? "yes" : "no");
  return 0;
}
