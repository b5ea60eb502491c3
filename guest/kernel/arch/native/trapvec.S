# Trap entry and exit.  sscratch holds the kernel stack top of the current
# process while in U-mode and 0 while in S-mode, so one vector serves both.
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
  sw x1, 4(sp)
  sw x3, 12(sp)
  sw x4, 16(sp)
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
  sret
