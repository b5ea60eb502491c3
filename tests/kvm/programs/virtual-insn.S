# A KVM guest that reads hgatp from VS-mode: a virtual-instruction exception,
# which the kvm driver delivers to the guest as an illegal instruction (as a
# CPU without H would). Prints a verdict through SBI DBCN, then powers off
# (reason 0) or reports a failure (reason 1).
  .equ OK_LEN, 53               # the bytes of the message at `ok`
  .text
  .globl _start
_start:
  la t0, on_trap
  csrw stvec, t0
probe:
  csrr t1, 0x680
  j fail

  .align 2
on_trap:
  csrr t2, scause
  li t3, 2
  bne t2, t3, fail
  csrr t2, sepc
  la t3, probe
  bne t2, t3, fail
  csrr t2, stval
  li t3, 0x68002373           # csrr t1, hgatp
  bne t2, t3, fail
#include "verdict.S"

ok:
  .ascii "virtual instruction delivered as illegal instruction\n"
