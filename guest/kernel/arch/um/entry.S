# Entry of the um kernel, exec'd by the host as a user program: sp holds the
# Linux initial stack (argc, argv..., NULL, envp..., NULL, auxv).  The host
# zeroed bss when it loaded us.
  .section .text.entry
  .globl _start
_start:
  mv a0, sp
  la sp, boot_stack_top
  call um_boot
1:
  j 1b

# arch_user_return(tf): the frame is at the top of the process's kernel
# stack; run the process from there with that stack emptied, as sret would.
  .text
  .globl arch_user_return
arch_user_return:
  mv sp, a0
  tail um_user_loop

  .section .bss
  .align 4
  .space 8192
  .globl boot_stack_top
boot_stack_top:
