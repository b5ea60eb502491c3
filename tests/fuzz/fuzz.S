/* The fuzzer's trap vector. Random code leaves every register in an unknown state, so nothing is
 * saved: the handler runs on its own stack, asks fuzz_on_trap where to resume, reloads all 31
 * registers from fuzz_regs (fresh, mostly sane values) and returns with mret. */
  .text
  .globl fuzz_vector
  .align 4
fuzz_vector:
  la sp, fuzz_stack_top
  csrr a0, mcause
  csrr a1, mepc
  csrr a2, mtval
  call fuzz_on_trap
  csrw mepc, a0
  la t6, fuzz_regs
  lw x1, 4(t6)
  lw x2, 8(t6)
  lw x3, 12(t6)
  lw x4, 16(t6)
  lw x5, 20(t6)
  lw x6, 24(t6)
  lw x7, 28(t6)
  lw x8, 32(t6)
  lw x9, 36(t6)
  lw x10, 40(t6)
  lw x11, 44(t6)
  lw x12, 48(t6)
  lw x13, 52(t6)
  lw x14, 56(t6)
  lw x15, 60(t6)
  lw x16, 64(t6)
  lw x17, 68(t6)
  lw x18, 72(t6)
  lw x19, 76(t6)
  lw x20, 80(t6)
  lw x21, 84(t6)
  lw x22, 88(t6)
  lw x23, 92(t6)
  lw x24, 96(t6)
  lw x25, 100(t6)
  lw x26, 104(t6)
  lw x27, 108(t6)
  lw x28, 112(t6)
  lw x29, 116(t6)
  lw x30, 120(t6)
  lw x31, 124(t6)
  mret

  .bss
  .align 4
  .space 8192
  .globl fuzz_stack_top
fuzz_stack_top:
