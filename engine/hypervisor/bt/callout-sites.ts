import * as Op from '../../machine/opcodes';

/**
 * Which guest-kernel instructions binary translation turns into callouts, and where a block
 * ends. Both read the predecoded form (decode.ts): `packed` = op | rd << 8 | rs1 << 16 |
 * rs2 << 24, and the immediate, which for SYSTEM instructions is the instruction word.
 */

/**
 * Whether the instruction would trap out of real U-mode into the VMM when the guest kernel runs
 * it there, so that translation replaces it with a direct call: CSR instructions on supervisor
 * (or higher) CSRs, SRET, WFI, SFENCE.VMA, and ECALL (the kernel's SBI calls). The user-level
 * counters (cycle, time, instret) the VMM lets the guest kernel read natively; MRET and the
 * H-extension instructions are illegal for the guest too, so they keep trapping and the VMM
 * reflects them.
 */
export function needsCallout(packed: number, imm: number): boolean {
  switch (packed & 0xff) {
    case Op.OP_CSRRW:
    case Op.OP_CSRRS:
    case Op.OP_CSRRC:
    case Op.OP_CSRRWI:
    case Op.OP_CSRRSI:
    case Op.OP_CSRRCI:
      return ((imm >>> 28) & 3) !== 0; // the CSR number's privilege field, bits 9..8
    case Op.OP_SRET:
    case Op.OP_WFI:
    case Op.OP_SFENCE_VMA:
    case Op.OP_ECALL:
      return true;
  }
  return false;
}

/**
 * Whether a block ends after this instruction, which is so for every control transfer (jumps,
 * branches, trap entries and returns, WFI, FENCE.I) and anything that cannot go on (illegal
 * encodings).
 */
export function endsBlock(packed: number): boolean {
  const op = packed & 0xff;
  if (op >= Op.OP_JAL && op <= Op.OP_JUMP_MISALIGNED) return true;
  switch (op) {
    case Op.OP_ILLEGAL:
    case Op.OP_ECALL:
    case Op.OP_EBREAK:
    case Op.OP_MRET:
    case Op.OP_SRET:
    case Op.OP_WFI:
    case Op.OP_FENCE_I:
      return true;
  }
  return false;
}

/** Whether an op is a load or store that adaptive translation may turn into a callout. */
export function isAdaptable(packed: number): boolean {
  const op = packed & 0xff;
  return op >= Op.OP_LB && op <= Op.OP_SW;
}

/** Whether a load/store op stores. */
export function isStore(packed: number): boolean {
  const op = packed & 0xff;
  return op >= Op.OP_SB && op <= Op.OP_SW;
}
