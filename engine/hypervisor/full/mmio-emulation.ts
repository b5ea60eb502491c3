import { MMIO_FAULT } from '../../machine/device';

/** A load or store decoded from the instruction word that trapped on a device page. */
export interface MemoryInstruction {
  readonly store: boolean;
  readonly width: 1 | 2 | 4;
  /** Loads: sign-extend (LB, LH) or zero-extend (LBU, LHU; LW needs neither). */
  readonly signed: boolean;
  /** Loads: the destination register. */
  readonly rd: number;
  readonly rs1: number;
  /** Stores: the register holding the value. */
  readonly rs2: number;
  readonly offset: number;
}

const LOAD_WIDTHS: readonly (1 | 2 | 4 | 0)[] = [1, 2, 4, 0, 1, 2, 0, 0];
const STORE_WIDTHS: readonly (1 | 2 | 4 | 0)[] = [1, 2, 4, 0, 0, 0, 0, 0];

/**
 * Decodes LB, LH, LW, LBU, LHU, SB, SH and SW (RV32I); undefined for anything else (an atomic or
 * any other instruction on a device page is not emulated: the guest gets an access fault, as
 * real devices refuse LR/SC).
 */
export function decodeMemoryInstruction(word: number): MemoryInstruction | undefined {
  const opcode = word & 0x7f;
  const funct3 = (word >>> 12) & 7;
  const rd = (word >>> 7) & 0x1f;
  const rs1 = (word >>> 15) & 0x1f;
  const rs2 = (word >>> 20) & 0x1f;
  if (opcode === 0x03) {
    const width = LOAD_WIDTHS[funct3];
    if (width === 0) return undefined;
    return { store: false, width, signed: funct3 < 4, rd, rs1, rs2: 0, offset: word >> 20 };
  }
  if (opcode === 0x23) {
    const width = STORE_WIDTHS[funct3];
    if (width === 0) return undefined;
    const offset = ((word >> 25) << 5) | ((word >>> 7) & 0x1f);
    return { store: true, width, signed: false, rd: 0, rs1, rs2, offset };
  }
  return undefined;
}

/** A device as MMIO emulation sees it: reads return MMIO_FAULT, writes false, when refused. */
export interface EmulatedBus {
  read(gpa: number, width: 1 | 2 | 4): number;
  write(gpa: number, width: 1 | 2 | 4, value: number): boolean;
}

/**
 * Performs `insn` at guest-physical `gpa` on the devices, with the registers `x` of the guest
 * (the hart's, while the vCPU is loaded): a load writes rd (never x0), a store sends the low
 * `width` bytes of rs2. Returns false when the device refused: the guest gets an access fault.
 */
export function performMmio(
  insn: MemoryInstruction,
  gpa: number,
  x: Int32Array,
  bus: EmulatedBus,
): boolean {
  if (insn.store) {
    const mask = insn.width === 4 ? 0xffff_ffff : insn.width === 2 ? 0xffff : 0xff;
    return bus.write(gpa, insn.width, (x[insn.rs2] & mask) >>> 0);
  }
  const raw = bus.read(gpa, insn.width);
  if (raw === MMIO_FAULT) return false;
  let value = raw | 0;
  if (insn.signed && insn.width === 1) value = (value << 24) >> 24;
  else if (insn.signed && insn.width === 2) value = (value << 16) >> 16;
  if (insn.rd !== 0) x[insn.rd] = value;
  return true;
}
