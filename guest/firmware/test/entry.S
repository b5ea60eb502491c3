# sbi-test entry: S-mode at 0x8040_0000, a0 = hartid, a1 = device tree.
  .section .text.entry
  .globl _start
_start:
  la sp, stack_top
  call sbitest_main
1:
  wfi
  j 1b

  .section .bss
  .align 4
  .space 4096
stack_top:
