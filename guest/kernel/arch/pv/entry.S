# Kernel entry in virtual S-mode: a0 = vCPU id, a1 = device-tree address.
# The VMM starts us on its own boot map (guest-virtual = guest-physical over
# our RAM) with virtual interrupts masked, so there is nothing to switch off.
  .section .text.entry
  .globl _start
_start:
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
  li a0, 1
  call arch_power_off

  .section .bss
  .align 4
  .space 8192
  .globl boot_stack_top
boot_stack_top:
