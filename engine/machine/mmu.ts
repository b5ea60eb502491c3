import type { Bus } from './bus';
import type { CodeCache } from './code-cache';
import * as C from './csr';
import type { CsrFile } from './csr-file';
import type { HartCounters } from './hart-counters';

/** Access kinds, which select the permission bit and the fault cause. */
export const ACCESS_FETCH = 0;
export const ACCESS_LOAD = 1;
export const ACCESS_STORE = 2;
export type AccessKind = 0 | 1 | 2;

/** What `translate` returns when the access faults; the cause is in `Mmu.faultCause`. */
export const TRANSLATE_FAULT = -1;

const PTE_V = 1 << 0;
const PTE_R = 1 << 1;
const PTE_W = 1 << 2;
const PTE_X = 1 << 3;
const PTE_U = 1 << 4;
const PTE_A = 1 << 6;
const PTE_D = 1 << 7;

const PAGE_FAULT: readonly number[] = [C.CAUSE_FETCH_PAGE_FAULT, C.CAUSE_LOAD_PAGE_FAULT, C.CAUSE_STORE_PAGE_FAULT];
const ACCESS_FAULT: readonly number[] = [C.CAUSE_FETCH_ACCESS, C.CAUSE_LOAD_ACCESS, C.CAUSE_STORE_ACCESS];
const TWO_32 = 4294967296;

/**
 * Sv32 address translation (privileged spec 1.12, section 4.3.2), the rare path behind the TLB.
 *
 * A/D bits are set by the hardware walk, as QEMU 7.2 does (it has no Svade/Svadu choice): a walk
 * for a load or fetch sets A, a walk for a store sets A and D, writing the PTE back to RAM.
 * A PTE address outside RAM is an access fault of the access's kind; so is a leaf whose physical
 * address is above 4 GiB (Sv32 produces 34-bit addresses, and nothing lives there).
 */
export class Mmu {
  /** The exception cause of the last TRANSLATE_FAULT. */
  faultCause = 0;

  private readonly ram32: Int32Array;

  constructor(
    private readonly bus: Bus,
    private readonly csr: CsrFile,
    private readonly code: CodeCache,
    private readonly counters: HartCounters,
  ) {
    this.ram32 = bus.ram32;
  }

  /**
   * The physical address for `va` accessed as `access` at privilege `priv` (for data, the
   * effective privilege after MPRV), or TRANSLATE_FAULT. Physical addresses are returned as
   * non-negative numbers; they may be MMIO or unmapped, which the caller decides.
   */
  translate(va: number, access: AccessKind, priv: C.Privilege): number {
    if (priv === C.PRIV_M || (this.csr.satp & C.SATP_MODE_SV32) === 0) return va >>> 0;
    this.counters.pageWalks++;
    const bus = this.bus;
    let table = (this.csr.satp & C.SATP_PPN_MASK) * 4096;
    let level = 1;
    let pte: number;
    let pteAddr: number;
    for (;;) {
      const vpnPart = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
      pteAddr = table + vpnPart * 4;
      if (pteAddr >= TWO_32 || !bus.isRam(pteAddr, 4)) return this.fault(ACCESS_FAULT[access]);
      pte = this.ram32[(pteAddr - bus.ramBase) >>> 2];
      if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0)) return this.fault(PAGE_FAULT[access]);
      if ((pte & (PTE_R | PTE_X)) !== 0) break;
      if (level === 0) return this.fault(PAGE_FAULT[access]);
      level = 0;
      table = (pte >>> 10) * 4096;
    }
    if (!this.permitted(pte, access, priv)) return this.fault(PAGE_FAULT[access]);
    // A superpage must be aligned: its PPN[0] must be zero.
    if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return this.fault(PAGE_FAULT[access]);
    const updated = pte | PTE_A | (access === ACCESS_STORE ? PTE_D : 0);
    if (updated !== pte) {
      const ramOffset = pteAddr - bus.ramBase;
      this.ram32[ramOffset >>> 2] = updated;
      this.code.invalidateWord(ramOffset);
    }
    const pa =
      level === 1 ? (pte >>> 20) * 0x40_0000 + (va & 0x3f_ffff) : (pte >>> 10) * 4096 + (va & 0xfff);
    if (pa >= TWO_32) return this.fault(ACCESS_FAULT[access]);
    return pa;
  }

  private permitted(pte: number, access: AccessKind, priv: C.Privilege): boolean {
    const mstatus = this.csr.mstatus;
    if ((pte & PTE_U) !== 0) {
      // S-mode may touch user pages only with SUM, and may never execute them.
      if (priv === C.PRIV_S && (access === ACCESS_FETCH || (mstatus & C.MSTATUS_SUM) === 0)) return false;
    } else if (priv === C.PRIV_U) {
      return false;
    }
    switch (access) {
      case ACCESS_FETCH: return (pte & PTE_X) !== 0;
      case ACCESS_LOAD: return (pte & PTE_R) !== 0 || ((mstatus & C.MSTATUS_MXR) !== 0 && (pte & PTE_X) !== 0);
      default: return (pte & PTE_W) !== 0;
    }
  }

  private fault(cause: number): number {
    this.faultCause = cause;
    return TRANSLATE_FAULT;
  }
}
