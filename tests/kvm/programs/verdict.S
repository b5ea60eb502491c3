# The end of every program here, included after its checks: `pass` prints the
# program's message (OK_LEN bytes at `ok`) through SBI DBCN and powers off
# (reason 0); `fail` reports a failure (reason 1) through SBI SRST.
  .equ SBI_DBCN, 0x4442434E
  .equ SBI_SRST, 0x53525354
pass:
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
