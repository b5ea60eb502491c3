# A hostile guest kernel for the isolation test: linked at guest-physical 0x8000_0000 and run in
# virtual S-mode with 8 MiB of RAM, it tries to reach what it does not own and records what the
# hardware (that is, the VMM) answered: the scause of the fault each probe took (0 for none) or
# the SBI error, one word per probe at `results`. It then powers its domain off through SRST.
#
#   0  load  gpa 0x8080_0000, just past its RAM (with paging off)      -> 5 load access fault
#   1  store 0x5555 to the physical finisher at 0x0010_0000 (power off) -> 7 store access fault
#   2  store to the CLINT's msip of hart 0 (kick the VMM's hart)        -> 7
#   3  store to the CLINT's mtimecmp of hart 0 (move the VMM's timer)   -> 7
#   4  load  from 0x3000_0000, nothing of its own                        -> 5
#   5  load through its own megapage onto gpa 0x8100_0000 (past RAM)    -> 5
#   6  load through its own megapage onto gpa 0x8000_0000 (its RAM)     -> 0
#   7  load through a page table it claims lies at gpa 0x8100_0000       -> 5
#   8  SBI console_write of a buffer at gpa 0x8100_0000                  -> -3 invalid param
#   9  SBI get_impl_name into gpa 0x8080_0000                            -> -3
#  10  the word probe 6 read (its own first instruction)
#  11  0x600DF00D: every probe ran
# It also writes 0xBAD0BAD0 at gpa 0x8030_0000, which is its own RAM even though the same number
# is where the VMM's frames sit in host RAM.

.equ ROOT, 0x80010000
.equ SBI_DBCN, 0x4442434E
.equ SBI_HYPERLAB, 0x0A484C42
.equ SBI_SRST, 0x53525354

_start:
  la t0, trap
  csrw stvec, t0
  la s2, results

  li s1, 0
  li t0, 0x80800000
  lw t1, 0(t0)
  sw s1, 0(s2)

  li s1, 0
  li t0, 0x00100000
  li t1, 0x5555
  sw t1, 0(t0)
  sw s1, 4(s2)

  li s1, 0
  li t0, 0x02000000
  li t1, 1
  sw t1, 0(t0)
  sw s1, 8(s2)

  li s1, 0
  li t0, 0x02004000
  sw zero, 0(t0)
  sw s1, 12(s2)

  li s1, 0
  li t0, 0x30000000
  lw t1, 0(t0)
  sw s1, 16(s2)

  li t0, 0x80300000
  li t1, 0xBAD0BAD0
  sw t1, 0(t0)

  # Its own page table: VA 0x4000_0000 -> gpa 0x8100_0000, VA 0x4040_0000 -> gpa 0x8000_0000,
  # VA 0x4080_0000 -> a second-level table at gpa 0x8100_0000, VA 0x8000_0000 -> itself.
  li t0, ROOT
  li t1, (0x81000 << 10) | 0xCF
  sw t1, 256*4(t0)
  li t1, (0x80000 << 10) | 0xCF
  sw t1, 257*4(t0)
  li t2, ROOT + 512*4
  sw t1, 0(t2)
  li t1, (0x81000 << 10) | 0x01
  sw t1, 258*4(t0)
  li t1, 0x80000000 | (ROOT >> 12)
  csrw satp, t1
  sfence.vma

  li s1, 0
  li t0, 0x40000000
  lw t1, 0(t0)
  sw s1, 20(s2)

  li s1, 0
  li t0, 0x40400000
  lw t1, 0(t0)
  sw s1, 24(s2)
  sw t1, 40(s2)

  li s1, 0
  li t0, 0x40800000
  lw t1, 0(t0)
  sw s1, 28(s2)

  li a7, SBI_DBCN
  li a6, 0
  li a0, 4
  li a1, 0x81000000
  li a2, 0
  ecall
  sw a0, 32(s2)

  li a7, SBI_HYPERLAB
  li a6, 0
  li a0, 0x80800000
  li a1, 16
  ecall
  sw a0, 36(s2)

  li t1, 0x600DF00D
  sw t1, 44(s2)

  li a7, SBI_SRST
  li a6, 0
  li a0, 0
  li a1, 0
  ecall
1:
  j 1b

# Every fault: remember the cause in s1 and skip the instruction.
.balign 4
trap:
  csrr s1, scause
  csrr t6, sepc
  addi t6, t6, 4
  csrw sepc, t6
  sret

.balign 64
results:
  .space 64
