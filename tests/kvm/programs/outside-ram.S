# A KVM guest with 8 MiB of RAM (0x8000_0000..0x8080_0000) that reads and
# writes just past its end: no host memory is there for it, only lkvm's
# empty bus, so the store is dropped and loads read 0. Prints a verdict
# through SBI DBCN, then powers off (reason 0) or reports a failure (reason 1).
  .equ OK_LEN, 42               # the bytes of the message at `ok`
  .text
  .globl _start
_start:
  li t0, 0x80800000
  lw t1, 0(t0)
  bnez t1, fail
  li t2, 0x5eed1e55
  sw t2, 0(t0)
  lw t1, 0(t0)
  bnez t1, fail
#include "verdict.S"

ok:
  .ascii "outside its RAM the guest reaches nothing\n"
