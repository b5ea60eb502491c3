/* Assembler macros for trap vectors (firmware, native and pv kernels): they keep a
 * trap frame at sp with general register xN at byte 4*N.  Each call names the
 * registers it moves, since each vector uses a few of them as scratch first.  */
#ifndef HYPERLAB_FRAME_H
#define HYPERLAB_FRAME_H

.macro frame_save regs:vararg
  .irp n, \regs
  sw x\n, 4*\n(sp)
  .endr
.endm

.macro frame_load regs:vararg
  .irp n, \regs
  lw x\n, 4*\n(sp)
  .endr
.endm

#endif
