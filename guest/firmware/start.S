# Firmware entry and M-mode trap vector.
# Every hart starts here in M-mode with a0 = hartid, a1 = device-tree address.
#include "hyperlab/frame.h"

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
  frame_save 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  csrr t0, mscratch
  sw t0, 8(sp)
  csrr t0, mepc
  sw t0, 128(sp)
  mv a0, sp
  call fw_trap
  lw t0, 128(sp)
  csrw mepc, t0
  frame_load 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
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
