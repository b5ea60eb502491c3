# Trap entry and exit through the VMM.  The VMM delivers a trap by writing
# cause, epc, tval, status and the interrupted sp into the shared page, masking
# virtual interrupts, switching sp to shared.kernel_sp if the trap came from
# user mode, and jumping here; every other register still holds the
# interrupted context's value.
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
  sw x1, 4(sp)
  sw x3, 12(sp)
  sw x4, 16(sp)
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
  li a6, HV_IRET
  li a7, HV_MAGIC
  lw sp, 8(sp)
  ecall
