# Trap entry and exit through the VMM.  The VMM delivers a trap by writing
# cause, epc, tval, status and the interrupted sp into the shared page, masking
# virtual interrupts, switching sp to shared.kernel_sp if the trap came from
# user mode, and jumping here; every other register still holds the
# interrupted context's value.
#include "hyperlab/frame.h"
#define TF_SIZE 144
#define TF_SEPC 128
#define TF_SSTATUS 132
#define TF_SCAUSE 136
#define TF_STVAL 140
#define SH_CAUSE 0x08
#define SH_EPC 0x0c
#define SH_TVAL 0x10
#define SH_STATUS 0x14
#define SH_SP 0x18
#define HV_MAGIC 0x0A485950
#define HV_IRET 2

  .text
  .globl trap_entry
  .align 4
trap_entry:
  addi sp, sp, -TF_SIZE
  sw t0, 20(sp)
  sw t1, 24(sp)
  la t0, hv_shared
  lw t1, SH_SP(t0)
  sw t1, 8(sp)
  lw t1, SH_EPC(t0)
  sw t1, TF_SEPC(sp)
  lw t1, SH_STATUS(t0)
  sw t1, TF_SSTATUS(sp)
  lw t1, SH_CAUSE(t0)
  sw t1, TF_SCAUSE(sp)
  lw t1, SH_TVAL(t0)
  sw t1, TF_STVAL(sp)
  frame_save 1, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  mv a0, sp
  call trap_handler
  mv a0, sp
  tail arch_user_return

# pv_iret(tf): restore the frame and ask the VMM to return.  arch_user_return
# has put epc, status, a6 and a7 into the shared page, because the ecall
# itself needs a6 and a7.
  .globl pv_iret
pv_iret:
  mv sp, a0
  frame_load 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
  li a6, HV_IRET
  li a7, HV_MAGIC
  lw sp, 8(sp)
  ecall
