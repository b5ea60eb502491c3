# bare-metal.elf: the firmware and the kernel images in one ELF, so that
# `qemu-system-riscv32 -M virt -bios none -kernel bare-metal.elf` boots both.
  .section .firmware, "awx"
  .incbin FIRMWARE_BIN
  .section .kernel, "awx"
  .incbin KERNEL_BIN
