import * as C from './csr';
import { MMIO_FAULT } from './device';
import type { Hart } from './hart';
import {
  ACCESS_LOAD,
  ACCESS_LOAD_EXECUTABLE,
  ACCESS_STORE,
  TRANSLATE_FAULT,
  type AccessKind,
} from './mmu';
import { TLB_VIRTUAL } from './tlb';

/**
 * The H extension's virtual-machine loads and stores, HLV.B/BU/H/HU/W, HLVX.HU/WU and
 * HSV.B/H/W (`word` is the instruction): an explicit access made as though V=1 at privilege
 * hstatus.SPVP, through both translation stages, whatever MPRV says. The caller has checked that
 * the hart may execute them. Returns false after raising the access's exception, whose tval is
 * a guest virtual address (GVA = 1) although V stays 0.
 *
 * They are rare (a hypervisor reading a guest's instruction or SBI argument), so they translate
 * every time and never fill the TLB. A misaligned access is carried out byte by byte, as for
 * ordinary loads and stores (memory-access.ts); a misaligned HSV checks both ends first.
 */
export function virtualMachineAccess(hart: Hart, w: number, word: number, store: boolean): boolean {
  const funct7 = word >>> 25;
  const width = 1 << ((funct7 >>> 1) & 3);
  const va = hart.x[(w >>> 16) & 0xff] | 0;
  const regime = TLB_VIRTUAL + ((hart.csr.hstatus & C.HSTATUS_SPVP) !== 0 ? C.PRIV_S : C.PRIV_U);
  hart.virtualAccess = true;
  try {
    if (store) {
      const value = hart.x[w >>> 24];
      if ((va & (width - 1)) !== 0) {
        if (translate(hart, va, ACCESS_STORE, regime) < 0) return false;
        if (translate(hart, (va + width - 1) | 0, ACCESS_STORE, regime) < 0) return false;
      }
      for (let k = 0; k < width; k += (va & (width - 1)) !== 0 ? 1 : width) {
        const size = (va & (width - 1)) !== 0 ? 1 : width;
        if (!storeAt(hart, (va + k) | 0, size, value >>> (8 * k), regime)) return false;
      }
      return true;
    }
    const rs2 = (word >>> 20) & 0x1f;
    const kind: AccessKind = rs2 === 3 ? ACCESS_LOAD_EXECUTABLE : ACCESS_LOAD;
    let value = 0;
    if ((va & (width - 1)) !== 0) {
      for (let k = 0; k < width; k++) {
        const byte = loadAt(hart, (va + k) | 0, 1, kind, regime);
        if (byte < 0) return false;
        value |= byte << (8 * k);
      }
    } else {
      value = loadAt(hart, va, width, kind, regime);
      if (value < 0) return false;
    }
    // rs2 = 0: sign-extending HLV.B/H (HLV.W needs none); 1 (HLV.BU/HU) and 3 (HLVX) zero-extend.
    if (rs2 === 0 && width < 4) value = width === 1 ? (value << 24) >> 24 : (value << 16) >> 16;
    hart.x[(w >>> 8) & 0xff] = value;
    return true;
  } finally {
    hart.virtualAccess = false;
  }
}

function translate(hart: Hart, va: number, kind: AccessKind, regime: number): number {
  hart.counters.tlbMisses++;
  const pa = hart.mmu.translate(va, kind, regime);
  if (pa === TRANSLATE_FAULT) {
    hart.raise(hart.mmu.faultCause, va, hart.pc);
    return -1;
  }
  return pa;
}

/** A load of `width` bytes at `va`, zero-extended, or -1 after raising its fault. */
function loadAt(hart: Hart, va: number, width: number, kind: AccessKind, regime: number): number {
  const pa = translate(hart, va, kind, regime);
  if (pa < 0) return -1;
  const bus = hart.bus;
  if (bus.isRam(pa, width)) {
    const offset = pa - bus.ramBase;
    return width === 4
      ? bus.ram32[offset >>> 2] >>> 0
      : width === 2
        ? bus.ram16[offset >>> 1]
        : bus.ram8[offset];
  }
  const value = bus.mmioRead(pa, width as 1 | 2 | 4);
  if (value === MMIO_FAULT) {
    hart.raise(C.CAUSE_LOAD_ACCESS, va, hart.pc);
    return -1;
  }
  return value >>> 0;
}

function storeAt(hart: Hart, va: number, width: number, value: number, regime: number): boolean {
  const pa = translate(hart, va, ACCESS_STORE, regime);
  if (pa < 0) return false;
  const bus = hart.bus;
  if (bus.isRam(pa, width)) {
    const offset = pa - bus.ramBase;
    if (width === 4) bus.ram32[offset >>> 2] = value;
    else if (width === 2) bus.ram16[offset >>> 1] = value;
    else bus.ram8[offset] = value;
    hart.code.invalidateWord(offset);
    return true;
  }
  const mask = width === 4 ? 0xffff_ffff : width === 2 ? 0xffff : 0xff;
  if (!bus.mmioWrite(pa, width as 1 | 2 | 4, (value & mask) >>> 0)) {
    hart.raise(C.CAUSE_STORE_ACCESS, va, hart.pc);
    return false;
  }
  return true;
}
