// Small pv guests in assembly for the pv-mode tests (assembled by tests/support/rv32.ts).

/**
 * A pv guest of `memoryMiB` that pins a root and a leaf table, then asks for six mappings it must not get:
 * the next domain's frames (as a megapage and as a page), frames below its RAM (the VMM's, in
 * host terms), the UART, a table page it never pinned, and an entry written into an unpinned
 * page (a pointer to it is filled in at run time). It reports how many were refused with -EPERM
 * and powers off (or crashes if any got in).
 */
export function hostileGuest(memoryMiB: number): string {
  // The PTE that maps the first frame past the guest's RAM: the next domain's, in host terms.
  const neighbour = `0x${((0x8000_0000 + memoryMiB * 0x10_0000) / 4).toString(16)}`;
  return `
  .equ HV, 0x0A485950
  .equ PIN, 5
  .equ MMU_UPDATE, 3
  .equ CONSOLE_WRITE, 10
  .equ SHUTDOWN, 14
_start:
  li a7, HV
  la a0, root
  li a1, 1
  li a6, PIN
  ecall
  bnez a0, crash
  la a0, leaf
  li a1, 0
  li a6, PIN
  ecall
  bnez a0, crash
  la t0, other
  srli t0, t0, 2
  ori t0, t0, 1
  la t1, pointer
  sw t0, 4(t1)
  li s0, 0
  la s2, attempts
  li s3, 6
1:
  mv a0, s2
  li a1, 1
  li a6, MMU_UPDATE
  ecall
  li t0, -1
  bne a0, t0, 2f
  addi s0, s0, 1
2:
  addi s2, s2, 8
  addi s3, s3, -1
  bnez s3, 1b
  li t0, 6
  bne s0, t0, crash
  la a0, message
  li a1, 23
  li a6, CONSOLE_WRITE
  ecall
  li a0, 0
  li a6, SHUTDOWN
  ecall
crash:
  li a0, 2
  li a6, SHUTDOWN
  li a7, HV
  ecall
message:
  .ascii "hostile: all 6 refused\\n"
  .byte 0
  .balign 8
attempts:
  .word root + 4, ${neighbour} + 0xcf
  .word leaf, ${neighbour} + 0xc7
  .word root + 8, 0x1ff00000 + 0xcf
  .word leaf + 4, 0x04000000 + 0xc7
pointer:
  .word root + 12, 0
  .word other, 0x20000000 + 0xc7
  .balign 4096
root:
  .zero 4096
leaf:
  .zero 4096
other:
  .zero 4096
`;
}
