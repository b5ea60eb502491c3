import { MMIO_FAULT } from './device';
import * as C from './csr';
import { EXIT_EVENT, EXIT_TRAP } from './exits';
import type { Hart } from './hart';
import { ACCESS_LOAD, ACCESS_STORE, TRANSLATE_FAULT, type AccessKind } from './mmu';
import * as Op from './opcodes';
import { Tlb } from './tlb';

/** Results of `executeMemory`. */
export const MEMORY_DONE = 0;
/** Completed, and touched a device (the hart's `exit` is EXIT_EVENT). */
export const MEMORY_EVENT = 1;
/** Raised an exception (the hart's `exit` is EXIT_TRAP). */
export const MEMORY_TRAP = 2;

/**
 * The slow path of loads, stores and atomics, taken on a TLB miss, a misaligned address, a
 * device access, and always for LR/SC/AMO. It translates through the MMU, refills the TLB entry
 * for RAM pages, and performs the access.
 *
 * Misaligned loads and stores are carried out byte by byte, as QEMU 7.2 does on `virt` (it never
 * raises cause 4 or 6 for them); a misaligned store first translates both ends, so it faults
 * before writing anything. Misaligned atomics raise address-misaligned (LR: cause 4; SC/AMO:
 * cause 6), as the spec says; QEMU 7.2 reports cause 4 for AMOs, which differential tests must
 * avoid. LR/SC to a device page is an access fault; AMOs to devices are a read then a write.
 */
export function executeMemory(hart: Hart, w: number, imm: number, pc: number): number {
  const x = hart.x;
  const rd = (w >>> 8) & 0xff;
  const a = x[(w >>> 16) & 0xff];
  const b = x[w >>> 24];
  const op = w & 0xff;
  switch (op) {
    case Op.OP_LB:
    case Op.OP_LBU:
    case Op.OP_LH:
    case Op.OP_LHU:
    case Op.OP_LW: {
      const width = op === Op.OP_LW ? 4 : op === Op.OP_LB || op === Op.OP_LBU ? 1 : 2;
      const value = load(hart, (a + imm) | 0, width, pc);
      if (hart.exit === EXIT_TRAP) return MEMORY_TRAP;
      x[rd] = op === Op.OP_LB ? (value << 24) >> 24 : op === Op.OP_LH ? (value << 16) >> 16 : value;
      break;
    }
    case Op.OP_SB:
    case Op.OP_SH:
    case Op.OP_SW: {
      const width = op === Op.OP_SW ? 4 : op === Op.OP_SB ? 1 : 2;
      store(hart, (a + imm) | 0, width, b, pc);
      break;
    }
    case Op.OP_LR_W:
      loadReserved(hart, a, rd, pc);
      break;
    case Op.OP_SC_W:
      storeConditional(hart, a, b, rd, pc);
      break;
    case Op.OP_AMO_W:
      atomic(hart, a, b, rd, imm, pc);
      break;
  }
  return hart.exit === EXIT_TRAP
    ? MEMORY_TRAP
    : hart.exit === EXIT_EVENT
      ? MEMORY_EVENT
      : MEMORY_DONE;
}

/** Translates a data access at the hart's data privilege; raises the fault and returns -1 on failure. */
function translate(hart: Hart, va: number, access: AccessKind, pc: number): number {
  hart.counters.tlbMisses++;
  const pa = hart.mmu.translate(va, access, hart.dataPriv());
  if (pa === TRANSLATE_FAULT) {
    hart.raise(hart.mmu.faultCause, va, pc);
    return -1;
  }
  return pa;
}

/** A load of `width` bytes, zero-extended; 0 after raising a fault. */
function load(hart: Hart, va: number, width: number, pc: number): number {
  if ((va & (width - 1)) !== 0) {
    let value = 0;
    for (let k = 0; k < width; k++) {
      const byte = load(hart, (va + k) | 0, 1, pc);
      if (hart.exit === EXIT_TRAP) return 0;
      value |= byte << (8 * k);
    }
    return value;
  }
  const pa = translate(hart, va, ACCESS_LOAD, pc);
  if (pa < 0) return 0;
  const bus = hart.bus;
  if (bus.isRam(pa, width)) {
    const offset = pa - bus.ramBase;
    Tlb.fill(hart.tlb.readTag, hart.tlb.readOff, hart.dataPriv(), va, offset);
    return width === 4
      ? bus.ram32[offset >>> 2]
      : width === 2
        ? bus.ram16[offset >>> 1]
        : bus.ram8[offset];
  }
  const value = bus.mmioRead(pa, width as 1 | 2 | 4);
  if (value === MMIO_FAULT) {
    hart.raise(C.CAUSE_LOAD_ACCESS, va, pc);
    return 0;
  }
  hart.exit = EXIT_EVENT;
  return value;
}

/** A store of the low `width` bytes of `value`. */
function store(hart: Hart, va: number, width: number, value: number, pc: number): void {
  if ((va & (width - 1)) !== 0) {
    // Check both pages first so a fault leaves memory untouched. A fault in the second page
    // reports its first byte, where the faulting part of the access begins (as QEMU does).
    if (translate(hart, va, ACCESS_STORE, pc) < 0) return;
    const lastPage = ((va + width - 1) & ~0xfff) | 0;
    if (lastPage !== (va & ~0xfff) && translate(hart, lastPage, ACCESS_STORE, pc) < 0) return;
    for (let k = 0; k < width; k++) {
      store(hart, (va + k) | 0, 1, value >>> (8 * k), pc);
      if (hart.exit === EXIT_TRAP) return;
    }
    return;
  }
  const pa = translate(hart, va, ACCESS_STORE, pc);
  if (pa < 0) return;
  const bus = hart.bus;
  if (bus.isRam(pa, width)) {
    const offset = pa - bus.ramBase;
    Tlb.fill(hart.tlb.writeTag, hart.tlb.writeOff, hart.dataPriv(), va, offset);
    if (width === 4) bus.ram32[offset >>> 2] = value;
    else if (width === 2) bus.ram16[offset >>> 1] = value;
    else bus.ram8[offset] = value;
    hart.code.invalidateWord(offset);
    return;
  }
  const mask = width === 4 ? 0xffff_ffff : width === 2 ? 0xffff : 0xff;
  if (!bus.mmioWrite(pa, width as 1 | 2 | 4, (value & mask) >>> 0)) {
    hart.raise(C.CAUSE_STORE_ACCESS, va, pc);
    return;
  }
  hart.exit = EXIT_EVENT;
}

function loadReserved(hart: Hart, va: number, rd: number, pc: number): void {
  if ((va & 3) !== 0) return hart.raise(C.CAUSE_LOAD_MISALIGNED, va, pc);
  const pa = translate(hart, va, ACCESS_LOAD, pc);
  if (pa < 0) return;
  if (!hart.bus.isRam(pa, 4)) return hart.raise(C.CAUSE_LOAD_ACCESS, va, pc);
  const offset = pa - hart.bus.ramBase;
  const value = hart.bus.ram32[offset >>> 2];
  hart.x[rd] = value;
  hart.reservation = offset;
  hart.reservedValue = value;
}

/** SC.W succeeds (rd = 0) only on the address of this hart's live reservation; it always ends it. */
function storeConditional(hart: Hart, va: number, value: number, rd: number, pc: number): void {
  if ((va & 3) !== 0) return hart.raise(C.CAUSE_STORE_MISALIGNED, va, pc);
  const pa = translate(hart, va, ACCESS_STORE, pc);
  if (pa < 0) return;
  if (!hart.bus.isRam(pa, 4)) return hart.raise(C.CAUSE_STORE_ACCESS, va, pc);
  const offset = pa - hart.bus.ramBase;
  const success = hart.reservation === offset;
  hart.reservation = -1;
  if (success) {
    hart.bus.ram32[offset >>> 2] = value;
    hart.code.invalidateWord(offset);
  }
  hart.x[rd] = success ? 0 : 1;
}

function atomic(
  hart: Hart,
  va: number,
  operand: number,
  rd: number,
  funct5: number,
  pc: number,
): void {
  if ((va & 3) !== 0) return hart.raise(C.CAUSE_STORE_MISALIGNED, va, pc);
  const pa = translate(hart, va, ACCESS_STORE, pc);
  if (pa < 0) return;
  const bus = hart.bus;
  if (bus.isRam(pa, 4)) {
    const offset = pa - bus.ramBase;
    const old = bus.ram32[offset >>> 2];
    bus.ram32[offset >>> 2] = amoResult(funct5, old, operand);
    hart.code.invalidateWord(offset);
    hart.x[rd] = old;
    return;
  }
  const old = bus.mmioRead(pa, 4);
  if (old === MMIO_FAULT || !bus.mmioWrite(pa, 4, amoResult(funct5, old | 0, operand) >>> 0)) {
    return hart.raise(C.CAUSE_STORE_ACCESS, va, pc);
  }
  hart.x[rd] = old;
  hart.exit = EXIT_EVENT;
}

function amoResult(funct5: number, old: number, operand: number): number {
  switch (funct5) {
    case Op.AMO_SWAP:
      return operand;
    case Op.AMO_ADD:
      return (old + operand) | 0;
    case Op.AMO_XOR:
      return old ^ operand;
    case Op.AMO_AND:
      return old & operand;
    case Op.AMO_OR:
      return old | operand;
    case Op.AMO_MIN:
      return old < operand ? old : operand;
    case Op.AMO_MAX:
      return old > operand ? old : operand;
    case Op.AMO_MINU:
      return old >>> 0 < operand >>> 0 ? old : operand;
    default:
      return old >>> 0 > operand >>> 0 ? old : operand; // AMO_MAXU
  }
}
