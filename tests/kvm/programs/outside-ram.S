# A KVM guest with 8 MiB of RAM (0x8000_0000..0x8080_0000) that reads and
# writes just past its end: no host memory is there for it, only lkvm's
# empty bus, so the store is dropped and loads read 0. Prints a verdict
# through SBI DBCN, then powers off (reason 0) or reports a failure (reason 1).
  .equ SBI_DBCN, 0x4442434E
  .equ SBI_SRST, 0x53525354
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
  la a1, ok
  li a0, OK_LEN
  li a2, 0
  li a6, 0
  li a7, SBI_DBCN
  ecall
  li a0, 0
  li a1, 0
  j reset
fail:
  li a0, 0
  li a1, 1
reset:
  li a6, 0
  li a7, SBI_SRST
  ecall
1:
  j 1b

ok:
  .ascii "outside its RAM the guest reaches nothing\n"
