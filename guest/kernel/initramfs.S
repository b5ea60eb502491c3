# The initramfs archive, built by scripts/mkinitramfs.mjs, inside the kernel image.
  .section .rodata.initramfs, "a"
  .balign 4
  .globl initramfs_start, initramfs_end
initramfs_start:
  .incbin INITRAMFS
initramfs_end:
