# Kernel entry in S-mode: a0 = hartid, a1 = device-tree address.
# The firmware starts only hart 0 here.
  .section .text.entry
  .globl _start
_start:
  csrw sie, zero
  csrw sscratch, zero
  la sp, boot_stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call kmain
3:
  wfi
  j 3b

  .section .bss
  .align 4
  .space 8192
  .globl boot_stack_top
boot_stack_top:
