# The KVM world switch.  kvm_enter(ctx) saves the host's callee-saved
# registers on its kernel stack, points stvec at kvm_exit_vector and sscratch
# at ctx, loads the guest's registers and srets into VS/VU-mode (hstatus.SPV
# = 1).  Every trap taken while V = 1 lands in HS at kvm_exit_vector, which
# stores the guest's registers and the trap CSRs in ctx, puts the host's
# vector back and returns from kvm_enter into the C run loop.
#include "hyperlab/frame.h"
#define CTX_PC 128
#define CTX_HOST_SP 132
#define CTX_SCAUSE 136
#define CTX_STVAL 140
#define CTX_HTVAL 144
#define CTX_HTINST 148
#define CTX_HSTATUS 152
#define CTX_SSTATUS 156
#define CSR_HSTATUS 0x600
#define CSR_HTVAL 0x643
#define CSR_HTINST 0x64A
#define SSTATUS_SPP 0x100
#define HSTATUS_SPV 0x80
#define HOST_FRAME 64

  .text
  .globl kvm_enter
kvm_enter:
  addi sp, sp, -HOST_FRAME
  sw ra, 0(sp)
  sw gp, 4(sp)
  sw tp, 8(sp)
  sw s0, 12(sp)
  sw s1, 16(sp)
  sw s2, 20(sp)
  sw s3, 24(sp)
  sw s4, 28(sp)
  sw s5, 32(sp)
  sw s6, 36(sp)
  sw s7, 40(sp)
  sw s8, 44(sp)
  sw s9, 48(sp)
  sw s10, 52(sp)
  sw s11, 56(sp)
  sw sp, CTX_HOST_SP(a0)
  csrw sscratch, a0
  la t0, kvm_exit_vector
  csrw stvec, t0
  lw t0, CTX_HSTATUS(a0)
  csrw CSR_HSTATUS, t0
  lw t0, CTX_PC(a0)
  csrw sepc, t0
  li t1, SSTATUS_SPP            # resume at the guest's own privilege
  csrc sstatus, t1
  lw t0, CTX_SSTATUS(a0)
  and t0, t0, t1
  csrs sstatus, t0
  mv sp, a0
  frame_load 1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  lw a0, 40(sp)
  lw sp, 8(sp)
  sret

  .align 4
kvm_exit_vector:
  csrrw sp, sscratch, sp        # sp = ctx, sscratch = the guest's sp
  frame_save 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  csrr t0, sscratch
  sw t0, 8(sp)
  csrr t0, sepc
  sw t0, CTX_PC(sp)
  csrr t0, scause
  sw t0, CTX_SCAUSE(sp)
  csrr t0, stval
  sw t0, CTX_STVAL(sp)
  csrr t0, CSR_HTVAL
  sw t0, CTX_HTVAL(sp)
  csrr t0, CSR_HTINST
  sw t0, CTX_HTINST(sp)
  csrr t0, CSR_HSTATUS
  sw t0, CTX_HSTATUS(sp)
  li t1, HSTATUS_SPV            # the host's own srets go to U, not VU
  csrc CSR_HSTATUS, t1
  csrr t0, sstatus
  sw t0, CTX_SSTATUS(sp)
  csrw sscratch, zero           # the host's convention in S-mode
  la t0, trap_vector
  csrw stvec, t0
  lw sp, CTX_HOST_SP(sp)
  lw ra, 0(sp)
  lw gp, 4(sp)
  lw tp, 8(sp)
  lw s0, 12(sp)
  lw s1, 16(sp)
  lw s2, 20(sp)
  lw s3, 24(sp)
  lw s4, 28(sp)
  lw s5, 32(sp)
  lw s6, 36(sp)
  lw s7, 40(sp)
  lw s8, 44(sp)
  lw s9, 48(sp)
  lw s10, 52(sp)
  lw s11, 56(sp)
  addi sp, sp, HOST_FRAME
  ret
