# Firmware entry and M-mode trap vector.
# Every hart starts here in M-mode with a0 = hartid, a1 = device-tree address.

#define FRAME 132   /* struct mframe: 32 registers + mepc */

  .section .text.entry
  .globl _start
_start:
  csrw mie, zero
  bnez a0, park               # the kernel is uniprocessor: only hart 0 boots it
  la sp, fw_stack_top
  mv s0, a0
  mv s1, a1
  call fw_main                # sets mtvec, PMP, delegation, counters, mepc, mstatus
  mv a0, s0
  mv a1, s1
  mret                        # enter the S-mode kernel at KERNEL_BASE

# Secondary harts sleep forever with interrupts off; wfi may return spuriously.
park:
  wfi
  j park

  .text
  .globl mtrap_vector
  .align 4
mtrap_vector:
  csrrw sp, mscratch, sp      # sp = M trap stack, mscratch = interrupted sp
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
  csrr t0, mscratch
  sw t0, 8(sp)
  csrr t0, mepc
  sw t0, 128(sp)
  mv a0, sp
  call fw_trap
  lw t0, 128(sp)
  csrw mepc, t0
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
  addi sp, sp, FRAME
  csrrw sp, mscratch, sp
  mret

  .section .bss
  .align 4
  .space 4096
fw_stack_top:
  .space 4096
  .globl fw_trap_stack_top
fw_trap_stack_top:
