/* cpubench entry: hart 0 gets a stack and runs main; any other hart parks. */
  .section .text.start, "ax"
  .globl _start
_start:
  csrr t0, mhartid
  bnez t0, park
  la sp, stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call main
  /* main returned: fail with its code (it returns 0 only through the finisher). */
  call bench_exit
park:
  wfi
  j park

  .bss
  .align 4
  .space 16384
stack_top:
