# Trap entry and exit.  sscratch holds the kernel stack top of the current
# process while in U-mode and 0 while in S-mode, so one vector serves both.
#include "hyperlab/frame.h"
#define TF_SIZE 144
#define TF_SEPC 128
#define TF_SSTATUS 132
#define TF_SCAUSE 136
#define TF_STVAL 140

  .text
  .globl trap_vector
  .align 4
trap_vector:
  csrrw sp, sscratch, sp
  bnez sp, 1f
  csrrw sp, sscratch, sp        # from S-mode: back to the kernel stack, sscratch = 0
  addi sp, sp, -TF_SIZE
  sw t0, 20(sp)
  addi t0, sp, TF_SIZE
  sw t0, 8(sp)
  j 2f
1:
  addi sp, sp, -TF_SIZE         # from U-mode: sp = top of this process's kernel stack
  sw t0, 20(sp)
  csrrw t0, sscratch, zero
  sw t0, 8(sp)
2:
  frame_save 1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  csrr t0, sepc
  sw t0, TF_SEPC(sp)
  csrr t0, sstatus
  sw t0, TF_SSTATUS(sp)
  csrr t0, scause
  sw t0, TF_SCAUSE(sp)
  csrr t0, stval
  sw t0, TF_STVAL(sp)
  mv a0, sp
  call trap_handler
  mv a0, sp
  # fall through

# arch_user_return(tf): restore the frame and sret.  Returning to U-mode
# arms sscratch with the kernel stack top just above the frame.
  .globl arch_user_return
arch_user_return:
  mv sp, a0
  lw t0, TF_SSTATUS(sp)
  andi t1, t0, 0x100            # SPP
  bnez t1, 3f
  addi t1, sp, TF_SIZE
  csrw sscratch, t1
3:
  csrw sstatus, t0
  lw t0, TF_SEPC(sp)
  csrw sepc, t0
  frame_load 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  lw sp, 8(sp)
  sret
