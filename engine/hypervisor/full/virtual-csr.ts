import * as C from '../../machine/csr';
import type { VirtualCsrs } from '../vcpu';

/** The sstatus bits a full-virtualization guest has: no FS, VS, XS, UBE. */
export const VSSTATUS_MASK = C.SSTATUS_MASK;
/** The supervisor interrupts: the only bits of sie/sip a guest has. */
export const VS_INTERRUPTS = C.MIP_SSIP | C.MIP_STIP | C.MIP_SEIP;

/** What `readVirtualCsr` returns for a CSR the guest may not use: reflect an illegal instruction. */
export const VCSR_ILLEGAL = -1;

/** What a write changed, so the mode can act: the shadows depend on satp, SUM and MXR. */
export const VCSR_CHANGED_NOTHING = 0;
export const VCSR_CHANGED_TRANSLATION = 1;

const TWO_32 = 2 ** 32;

/** Counters the guest reads through a trapping CSR instruction (none do today; see `read`). */
export interface VirtualCounters {
  readonly cycle: number;
  readonly time: number;
  readonly instret: number;
}

/**
 * Reads a supervisor CSR of the guest's virtual S-mode. The numbers are the real ones; what a
 * guest in vS could reach on bare metal reads from the vCPU's VirtualCsrs, masked as the
 * hardware masks sstatus, sie and sip. Machine-level CSRs and unknown numbers return
 * VCSR_ILLEGAL, as S-mode hardware would raise for them. The counters (cycle, time, instret)
 * normally do not trap at all (the VMM lets the hardware answer them); they are emulated here
 * for completeness.
 */
export function readVirtualCsr(csr: VirtualCsrs, addr: number, counters: VirtualCounters): number {
  switch (addr) {
    case C.CSR_SSTATUS:
      return (csr.sstatus & VSSTATUS_MASK) >>> 0;
    case C.CSR_SIE:
      return (csr.sie & VS_INTERRUPTS) >>> 0;
    case C.CSR_STVEC:
      return csr.stvec >>> 0;
    case C.CSR_SCOUNTEREN:
      return csr.scounteren >>> 0;
    case C.CSR_SENVCFG:
      return 0;
    case C.CSR_SSCRATCH:
      return csr.sscratch >>> 0;
    case C.CSR_SEPC:
      return csr.sepc >>> 0;
    case C.CSR_SCAUSE:
      return csr.scause >>> 0;
    case C.CSR_STVAL:
      return csr.stval >>> 0;
    case C.CSR_SIP:
      return (csr.pending & VS_INTERRUPTS) >>> 0;
    case C.CSR_SATP:
      return csr.satp >>> 0;
    case C.CSR_CYCLE:
      return counters.cycle % TWO_32;
    case C.CSR_CYCLEH:
      return Math.floor(counters.cycle / TWO_32) >>> 0;
    case C.CSR_TIME:
      return counters.time % TWO_32;
    case C.CSR_TIMEH:
      return Math.floor(counters.time / TWO_32) >>> 0;
    case C.CSR_INSTRET:
      return counters.instret % TWO_32;
    case C.CSR_INSTRETH:
      return Math.floor(counters.instret / TWO_32) >>> 0;
  }
  return VCSR_ILLEGAL;
}

/**
 * Writes a supervisor CSR of the guest, legalising as the hardware does (stvec MODE 0/1, sepc
 * aligned, satp's Sv32 fields, only SSIP writable in sip). The caller has checked the number
 * reads (so exists) and is not read-only. Returns whether translation changed (satp, SUM, MXR).
 */
export function writeVirtualCsr(csr: VirtualCsrs, addr: number, value: number): number {
  switch (addr) {
    case C.CSR_SSTATUS: {
      const next = value & VSSTATUS_MASK;
      const changed = (csr.sstatus ^ next) & (C.MSTATUS_SUM | C.MSTATUS_MXR);
      csr.sstatus = next;
      return changed !== 0 ? VCSR_CHANGED_TRANSLATION : VCSR_CHANGED_NOTHING;
    }
    case C.CSR_SIE:
      csr.sie = value & VS_INTERRUPTS;
      break;
    case C.CSR_STVEC:
      if ((value & 3) < 2) csr.stvec = value;
      break;
    case C.CSR_SCOUNTEREN:
      csr.scounteren = value;
      break;
    case C.CSR_SSCRATCH:
      csr.sscratch = value;
      break;
    case C.CSR_SEPC:
      csr.sepc = value & ~3;
      break;
    case C.CSR_SCAUSE:
      csr.scause = value;
      break;
    case C.CSR_STVAL:
      csr.stval = value;
      break;
    case C.CSR_SIP:
      csr.sip = (csr.sip & ~C.MIP_SSIP) | (value & C.MIP_SSIP);
      break;
    case C.CSR_SATP: {
      const next = value & (C.SATP_MODE_SV32 | C.SATP_ASID_MASK | C.SATP_PPN_MASK);
      const changed = next !== csr.satp;
      csr.satp = next;
      return changed ? VCSR_CHANGED_TRANSLATION : VCSR_CHANGED_NOTHING;
    }
  }
  return VCSR_CHANGED_NOTHING;
}
