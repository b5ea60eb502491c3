/* Start code and trap vectors of the differential runtime. Every hart enters _start in M-mode
 * with a0 = hart id. Each hart gets 16 KiB from __stacks_start: an 8 KiB stack, then a 4 KiB M
 * trap stack (kept in mscratch) and a 4 KiB S trap stack (kept in sscratch). */
#define RT_RETURN_ECALL 0x7e7
#define FRAME 144

  .section .text.start, "ax"
  .globl _start
_start:
  csrr a0, mhartid
  la t0, __stacks_start
  slli t1, a0, 14
  add t0, t0, t1
  li t2, 0x2000
  add sp, t0, t2
  li t2, 0x3000
  add t3, t0, t2
  csrw mscratch, t3
  li t2, 0x4000
  add t3, t0, t2
  csrw sscratch, t3
  /* QEMU denies S- and U-mode every access until a PMP entry allows it: open all of memory. A
   * machine without PMP CSRs may trap here; mtvec points past the writes, so that is harmless. */
  la t3, 6f
  csrw mtvec, t3
  li t3, -1
  csrw pmpaddr0, t3
  li t3, 0x1f
  csrw pmpcfg0, t3
  .align 2
6:
  la t3, rt_mtrap_vector
  csrw mtvec, t3
  bnez a0, secondary
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  fence
  la t0, rt_bss_cleared
  li t1, 1
  sw t1, 0(t0)
  call main
  call rt_exit
secondary:
  /* Other harts wait until hart 0 has cleared .bss, which they may then use. */
  la t0, rt_bss_cleared
3:
  lw t1, 0(t0)
  beqz t1, 3b
  fence
  csrr a0, mhartid
  call hart_main
4:
  wfi
  j 4b

/* Saves every register in a trapframe on the trap stack, calls HANDLER(frame), writes back
 * the (possibly changed) registers and epc, and returns with RET. */
.macro TRAP_VECTOR name, scratch, epc, cause, tval, status, handler, ret
  .globl \name
  .align 4
\name:
  csrrw sp, \scratch, sp
  addi sp, sp, -FRAME
  sw x1, 4(sp)
  sw x3, 12(sp)
  sw x4, 16(sp)
  sw x5, 20(sp)
  sw x6, 24(sp)
  sw x7, 28(sp)
  sw x8, 32(sp)
  sw x9, 36(sp)
  sw x10, 40(sp)
  sw x11, 44(sp)
  sw x12, 48(sp)
  sw x13, 52(sp)
  sw x14, 56(sp)
  sw x15, 60(sp)
  sw x16, 64(sp)
  sw x17, 68(sp)
  sw x18, 72(sp)
  sw x19, 76(sp)
  sw x20, 80(sp)
  sw x21, 84(sp)
  sw x22, 88(sp)
  sw x23, 92(sp)
  sw x24, 96(sp)
  sw x25, 100(sp)
  sw x26, 104(sp)
  sw x27, 108(sp)
  sw x28, 112(sp)
  sw x29, 116(sp)
  sw x30, 120(sp)
  sw x31, 124(sp)
  csrr t0, \scratch
  sw t0, 8(sp)
  csrr t0, \epc
  sw t0, 128(sp)
  csrr t0, \cause
  sw t0, 132(sp)
  csrr t0, \tval
  sw t0, 136(sp)
  csrr t0, \status
  sw t0, 140(sp)
  mv a0, sp
  call \handler
  lw t0, 128(sp)
  csrw \epc, t0
  addi t0, sp, FRAME
  csrw \scratch, t0
  lw x1, 4(sp)
  lw x3, 12(sp)
  lw x4, 16(sp)
  lw x5, 20(sp)
  lw x6, 24(sp)
  lw x7, 28(sp)
  lw x8, 32(sp)
  lw x9, 36(sp)
  lw x10, 40(sp)
  lw x11, 44(sp)
  lw x12, 48(sp)
  lw x13, 52(sp)
  lw x14, 56(sp)
  lw x15, 60(sp)
  lw x16, 64(sp)
  lw x17, 68(sp)
  lw x18, 72(sp)
  lw x19, 76(sp)
  lw x20, 80(sp)
  lw x21, 84(sp)
  lw x22, 88(sp)
  lw x23, 92(sp)
  lw x24, 96(sp)
  lw x25, 100(sp)
  lw x26, 104(sp)
  lw x27, 108(sp)
  lw x28, 112(sp)
  lw x29, 116(sp)
  lw x30, 120(sp)
  lw x31, 124(sp)
  lw sp, 8(sp)
  \ret
.endm

  .text
  TRAP_VECTOR rt_mtrap_vector, mscratch, mepc, mcause, mtval, mstatus, rt_mtrap, mret
  TRAP_VECTOR rt_strap_vector, sscratch, sepc, scause, stval, sstatus, rt_strap, sret

/* u32 rt_run_in_mode(u32 mode, u32 (*fn)(u32), u32 arg): see rt.h. */
  .globl rt_run_in_mode
rt_run_in_mode:
  la t0, rt_ctx
  sw ra, 0(t0)
  sw sp, 4(t0)
  sw s0, 8(t0)
  sw s1, 12(t0)
  sw s2, 16(t0)
  sw s3, 20(t0)
  sw s4, 24(t0)
  sw s5, 28(t0)
  sw s6, 32(t0)
  sw s7, 36(t0)
  sw s8, 40(t0)
  sw s9, 44(t0)
  sw s10, 48(t0)
  sw s11, 52(t0)
  csrr t1, mscratch
  sw t1, 56(t0)
  li t1, 0x1880          /* MPP | MPIE */
  csrc mstatus, t1
  slli t2, a0, 11
  csrs mstatus, t2
  csrw mepc, a1
  mv a0, a2
  la ra, rt_mode_return
  mret
  .globl rt_mode_return
rt_mode_return:
  li a7, RT_RETURN_ECALL
  ecall
5:
  j 5b

/* Called by the M trap handler with a0 = the result: unwinds to rt_run_in_mode's caller. */
  .globl rt_resume_ctx
rt_resume_ctx:
  la t0, rt_ctx
  lw ra, 0(t0)
  lw sp, 4(t0)
  lw s0, 8(t0)
  lw s1, 12(t0)
  lw s2, 16(t0)
  lw s3, 20(t0)
  lw s4, 24(t0)
  lw s5, 28(t0)
  lw s6, 32(t0)
  lw s7, 36(t0)
  lw s8, 40(t0)
  lw s9, 44(t0)
  lw s10, 48(t0)
  lw s11, 52(t0)
  lw t1, 56(t0)
  csrw mscratch, t1
  ret

  .data
  .align 2
rt_bss_cleared:
  .word 0
rt_ctx:
  .space 64
