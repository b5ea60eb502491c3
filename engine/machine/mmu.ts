import type { Bus } from './bus';
import type { CodeCache } from './code-cache';
import * as C from './csr';
import type { CsrFile } from './csr-file';
import type { HartCounters } from './hart-counters';
import { TLB_VIRTUAL } from './tlb';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from './sv32';

/** Access kinds, which select the permission bit and the fault cause. */
export const ACCESS_FETCH = 0;
export const ACCESS_LOAD = 1;
export const ACCESS_STORE = 2;
/** HLVX: a load that needs execute permission instead of read permission (H extension). */
export const ACCESS_LOAD_EXECUTABLE = 3;
export type AccessKind = 0 | 1 | 2 | 3;

/** What `translate` returns when the access faults; the cause is in `Mmu.faultCause`. */
export const TRANSLATE_FAULT = -1;

const PAGE_FAULT: readonly number[] = [
  C.CAUSE_FETCH_PAGE_FAULT,
  C.CAUSE_LOAD_PAGE_FAULT,
  C.CAUSE_STORE_PAGE_FAULT,
  C.CAUSE_LOAD_PAGE_FAULT,
];
const ACCESS_FAULT: readonly number[] = [
  C.CAUSE_FETCH_ACCESS,
  C.CAUSE_LOAD_ACCESS,
  C.CAUSE_STORE_ACCESS,
  C.CAUSE_LOAD_ACCESS,
];
const GUEST_PAGE_FAULT: readonly number[] = [
  C.CAUSE_FETCH_GUEST_PAGE_FAULT,
  C.CAUSE_LOAD_GUEST_PAGE_FAULT,
  C.CAUSE_STORE_GUEST_PAGE_FAULT,
  C.CAUSE_LOAD_GUEST_PAGE_FAULT,
];
const TWO_32 = 4294967296;
const TWO_34 = 4 * TWO_32;

/** htinst/mtinst pseudoinstructions for a guest-page fault on a VS-stage walk access (RV32). */
const TINST_WALK_READ = 0x2000;
const TINST_WALK_WRITE = 0x2020;

/**
 * Sv32 address translation (privileged spec 1.12, section 4.3.2), the rare path behind the TLB,
 * and with the H extension the two-stage translation of V=1: the VS-stage (Sv32 under vsatp)
 * from guest virtual to guest physical addresses, and the G-stage (Sv32x4 under hgatp: 34-bit
 * guest physical addresses, a 16 KiB root) to physical addresses. Every VS-stage PTE access
 * goes through the G-stage too, as an implicit load (or store, to set A/D), always at U level.
 *
 * A/D bits are set by the hardware walk, as QEMU 7.2 does (it has no Svade/Svadu choice): a walk
 * for a load or fetch sets A, a walk for a store sets A and D, writing the PTE back to RAM. This
 * holds for both stages: the G-stage leaf of every access gets A (and D for a store), and
 * updating a VS-stage PTE is a store for the G-stage.
 * A PTE address outside RAM is an access fault of the access's kind; so is a leaf whose physical
 * address is above 4 GiB (Sv32 produces 34-bit addresses, and nothing lives there).
 */
export class Mmu {
  /** The exception cause of the last TRANSLATE_FAULT. */
  faultCause = 0;
  /** For a guest-page fault: the faulting guest physical address >> 2 (htval/mtval2). */
  faultGpa = 0;
  /** For a guest-page fault: the htinst/mtinst value (a pseudoinstruction for walk accesses). */
  faultTinst = 0;

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
   * The physical address for `va` accessed as `access` in translation regime `regime` (the
   * privilege, after MPRV for data, plus TLB_VIRTUAL for V=1; see Hart.dataPriv), or
   * TRANSLATE_FAULT. Physical addresses are returned as non-negative numbers; they may be MMIO
   * or unmapped, which the caller decides.
   */
  translate(va: number, access: AccessKind, regime: number): number {
    if (regime >= TLB_VIRTUAL)
      return this.translateVirtual(va, access, (regime - TLB_VIRTUAL) as C.Privilege);
    if (regime === C.PRIV_M || (this.csr.satp & C.SATP_MODE_SV32) === 0) return va >>> 0;
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
      this.counters.walkReferences++;
      pte = this.ram32[(pteAddr - bus.ramBase) >>> 2];
      if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0))
        return this.fault(PAGE_FAULT[access]);
      if ((pte & (PTE_R | PTE_X)) !== 0) break;
      if (level === 0) return this.fault(PAGE_FAULT[access]);
      level = 0;
      table = (pte >>> 10) * 4096;
    }
    const mstatus = this.csr.mstatus;
    if (
      !permitted(
        pte,
        access,
        regime as C.Privilege,
        mstatus & C.MSTATUS_SUM,
        mstatus & C.MSTATUS_MXR,
      )
    ) {
      return this.fault(PAGE_FAULT[access]);
    }
    // A superpage must be aligned: its PPN[0] must be zero.
    if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return this.fault(PAGE_FAULT[access]);
    this.markAccessed(pte, pteAddr, access);
    const pa = leafAddress(pte, level, va);
    if (pa >= TWO_32) return this.fault(ACCESS_FAULT[access]);
    return pa;
  }

  /**
   * Two-stage translation for an access made with V=1 at privilege `priv` (VS or VU): the
   * VS-stage under vsatp (bare when its MODE is 0), each of its PTE reads through the G-stage,
   * then the G-stage for the guest physical address. VS-stage faults are page faults (12/13/15,
   * tval the guest virtual address); G-stage faults are guest-page faults (20/21/23) with the
   * guest physical address in `faultGpa`.
   */
  private translateVirtual(va: number, access: AccessKind, priv: C.Privilege): number {
    const csr = this.csr;
    this.counters.twoStageTranslations++;
    let gpa = va >>> 0;
    if ((csr.vsatp & C.SATP_MODE_SV32) !== 0) {
      this.counters.pageWalks++;
      let table = (csr.vsatp & C.SATP_PPN_MASK) * 4096;
      let level = 1;
      let pte: number;
      let pteGpa: number;
      let ptePa: number;
      for (;;) {
        const vpnPart = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
        pteGpa = table + vpnPart * 4;
        ptePa = this.gStage(pteGpa, ACCESS_LOAD, access, TINST_WALK_READ);
        if (ptePa === TRANSLATE_FAULT) return TRANSLATE_FAULT;
        if (!this.bus.isRam(ptePa, 4)) return this.fault(ACCESS_FAULT[access]);
        this.counters.walkReferences++;
        pte = this.ram32[(ptePa - this.bus.ramBase) >>> 2];
        if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0))
          return this.fault(PAGE_FAULT[access]);
        if ((pte & (PTE_R | PTE_X)) !== 0) break;
        if (level === 0) return this.fault(PAGE_FAULT[access]);
        level = 0;
        table = (pte >>> 10) * 4096;
      }
      // vsstatus.SUM and MXR apply to this stage; HS-level MXR makes executable pages readable too.
      const mxr = (csr.vsstatus | csr.mstatus) & C.MSTATUS_MXR;
      if (!permitted(pte, access, priv, csr.vsstatus & C.MSTATUS_SUM, mxr))
        return this.fault(PAGE_FAULT[access]);
      if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return this.fault(PAGE_FAULT[access]);
      const updated = pte | PTE_A | (access === ACCESS_STORE ? PTE_D : 0);
      if (updated !== pte) {
        // Setting A/D is a store to the PTE's guest physical address.
        ptePa = this.gStage(pteGpa, ACCESS_STORE, access, TINST_WALK_WRITE);
        if (ptePa === TRANSLATE_FAULT) return TRANSLATE_FAULT;
        this.markAccessed(pte, ptePa, access);
      }
      gpa = leafAddress(pte, level, va);
    }
    return this.gStage(gpa, access, access, 0);
  }

  /**
   * The G-stage (Sv32x4 under hgatp, or bare) for guest physical address `gpa` accessed as
   * `kind` (for a VS-stage PTE, a load or store whatever the original access), at U level.
   * Faults are reported for the original access `reported`: guest-page faults with `gpa` and
   * `tinst`, access faults for page tables or results outside RAM or above 4 GiB.
   */
  private gStage(gpa: number, kind: AccessKind, reported: AccessKind, tinst: number): number {
    const hgatp = this.csr.hgatp;
    if ((hgatp & C.HGATP_MODE_SV32X4) === 0) {
      return gpa >= TWO_32 ? this.fault(ACCESS_FAULT[reported]) : gpa;
    }
    const bus = this.bus;
    // The root holds 4096 PTEs (16 KiB) for VPN[1] = gpa[33:22].
    let table = (hgatp & C.HGATP_PPN_MASK) * 4096;
    let level = 1;
    let pte: number;
    let pteAddr: number;
    for (;;) {
      const vpnPart = level === 1 ? Math.floor(gpa / 0x40_0000) : (gpa >>> 12) & 0x3ff;
      pteAddr = table + vpnPart * 4;
      if (pteAddr >= TWO_32 || !bus.isRam(pteAddr, 4)) return this.fault(ACCESS_FAULT[reported]);
      this.counters.walkReferences++;
      pte = this.ram32[(pteAddr - bus.ramBase) >>> 2];
      if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0))
        return this.guestFault(gpa, reported, tinst);
      if ((pte & (PTE_R | PTE_X)) !== 0) break;
      if (level === 0) return this.guestFault(gpa, reported, tinst);
      level = 0;
      table = (pte >>> 10) * 4096;
    }
    // Every G-stage access counts as a U-level one; only the HS-level MXR applies.
    if (!permitted(pte, kind, C.PRIV_U, 0, this.csr.mstatus & C.MSTATUS_MXR))
      return this.guestFault(gpa, reported, tinst);
    if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return this.guestFault(gpa, reported, tinst);
    this.markAccessed(pte, pteAddr, kind);
    const pa =
      level === 1
        ? (pte >>> 20) * 0x40_0000 + (gpa % 0x40_0000)
        : (pte >>> 10) * 4096 + (gpa % 4096);
    if (pa >= TWO_32) return this.fault(ACCESS_FAULT[reported]);
    return pa;
  }

  /** Sets A (and D for a store) in the PTE at physical address `pteAddr`, in RAM. */
  private markAccessed(pte: number, pteAddr: number, access: AccessKind): void {
    const updated = pte | PTE_A | (access === ACCESS_STORE ? PTE_D : 0);
    if (updated === pte) return;
    const ramOffset = pteAddr - this.bus.ramBase;
    this.ram32[ramOffset >>> 2] = updated;
    this.code.invalidateWord(ramOffset);
  }

  private guestFault(gpa: number, access: AccessKind, tinst: number): number {
    this.faultGpa = gpa < TWO_34 ? Math.floor(gpa / 4) >>> 0 : 0;
    this.faultTinst = tinst;
    return this.fault(GUEST_PAGE_FAULT[access]);
  }

  private fault(cause: number): number {
    this.faultCause = cause;
    return TRANSLATE_FAULT;
  }
}

/** Whether a leaf `pte` allows `access` at `priv` with the given SUM and MXR bits. */
function permitted(
  pte: number,
  access: AccessKind,
  priv: C.Privilege,
  sum: number,
  mxr: number,
): boolean {
  if ((pte & PTE_U) !== 0) {
    // S-mode may touch user pages only with SUM, and may never execute them.
    if (
      priv === C.PRIV_S &&
      (access === ACCESS_FETCH || access === ACCESS_LOAD_EXECUTABLE || sum === 0)
    )
      return false;
  } else if (priv === C.PRIV_U) {
    return false;
  }
  switch (access) {
    case ACCESS_FETCH:
    case ACCESS_LOAD_EXECUTABLE:
      return (pte & PTE_X) !== 0;
    case ACCESS_LOAD:
      return (pte & PTE_R) !== 0 || (mxr !== 0 && (pte & PTE_X) !== 0);
    default:
      return (pte & PTE_W) !== 0;
  }
}

/** The address a leaf PTE at `level` maps `va` to (up to 34 bits). */
function leafAddress(pte: number, level: number, va: number): number {
  return level === 1
    ? (pte >>> 20) * 0x40_0000 + (va & 0x3f_ffff)
    : (pte >>> 10) * 4096 + (va & 0xfff);
}
