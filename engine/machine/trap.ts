import * as C from './csr';
import type { CsrFile } from './csr-file';

/** The part of a hart that trap entry and return change. */
export interface TrapState {
  pc: number;
  priv: C.Privilege;
  readonly csr: CsrFile;
}

/**
 * What a trap into HS-mode or M-mode records besides the cause and tval (H extension): whether
 * tval holds a guest virtual address (GVA), the guest physical address >> 2 for htval/mtval2,
 * and the value for htinst/mtinst. Without the H extension they are all zero.
 */
export interface TrapDetail {
  gva: boolean;
  tval2: number;
  tinst: number;
}

const NO_DETAIL: TrapDetail = { gva: false, tval2: 0, tinst: 0 };

const INTERRUPT_BIT = 0x8000_0000;

/** Whether a trap of `cause` taken at `priv` goes to M-mode (is not delegated to S). */
export function trapsToMachine(
  csr: CsrFile,
  priv: C.Privilege,
  cause: number,
  interrupt: boolean,
): boolean {
  const delegation = interrupt ? csr.mideleg : csr.medeleg;
  return priv === C.PRIV_M || ((delegation >>> cause) & 1) === 0;
}

/**
 * Enters the trap handler for `cause` (privileged spec 1.12, 3.1.6.1 and 4.1.1, and the H
 * chapter's "Trap Entry"): a trap taken in HS/U (or VS/VU) goes to M-mode unless medeleg/mideleg
 * delegates it to HS-mode, and one taken in VS/VU that reaches HS goes on to VS-mode when
 * hedeleg/hideleg delegates it too. The handler's mode saves pc, cause, tval, the previous
 * privilege (and V) and interrupt enable, and disables its interrupts. Vectored mode
 * (xtvec.MODE = 1) applies to interrupts only. VS-level interrupts reach VS-mode as their
 * S-level codes (VSEI 10 as SEI 9, and so on). `state.pc` must be the address of the
 * instruction that trapped (or the next one to run, for an interrupt).
 */
export function enterTrap(
  state: TrapState,
  cause: number,
  tval: number,
  interrupt: boolean,
  detail: TrapDetail = NO_DETAIL,
): void {
  const csr = state.csr;
  const priv = state.priv;
  const virt = csr.virt;
  const delegation = interrupt ? csr.mideleg : csr.medeleg;
  const toS = priv !== C.PRIV_M && ((delegation >>> cause) & 1) !== 0;
  let code = cause;
  let tvec: number;
  if (toS && virt && (((interrupt ? csr.hideleg : csr.hedeleg) >>> cause) & 1) !== 0) {
    if (interrupt && (cause === C.IRQ_VSSI || cause === C.IRQ_VSTI || cause === C.IRQ_VSEI))
      code = cause - 1;
    csr.vscause = interrupt ? (code | INTERRUPT_BIT) >>> 0 : code;
    csr.vsepc = state.pc;
    csr.vstval = tval;
    csr.vsstatus = enterS(csr.vsstatus, priv);
    state.priv = C.PRIV_S; // V stays 1
    tvec = csr.vstvec;
  } else if (toS) {
    csr.scause = interrupt ? (cause | INTERRUPT_BIT) >>> 0 : cause;
    csr.sepc = state.pc;
    csr.stval = tval;
    csr.mstatus = enterS(csr.mstatus, priv);
    if (csr.h) {
      let hstatus = csr.hstatus & ~(C.HSTATUS_SPV | C.HSTATUS_GVA);
      if (virt)
        hstatus =
          (hstatus & ~C.HSTATUS_SPVP) | C.HSTATUS_SPV | (priv === C.PRIV_S ? C.HSTATUS_SPVP : 0);
      if (detail.gva) hstatus |= C.HSTATUS_GVA;
      csr.hstatus = hstatus;
      csr.htval = detail.tval2;
      csr.htinst = detail.tinst;
      csr.virt = false;
    }
    state.priv = C.PRIV_S;
    tvec = csr.stvec;
  } else {
    csr.mcause = interrupt ? (cause | INTERRUPT_BIT) >>> 0 : cause;
    csr.mepc = state.pc;
    csr.mtval = tval;
    let mstatus = csr.mstatus;
    mstatus = (mstatus & ~C.MSTATUS_MPP) | (priv << C.MSTATUS_MPP_SHIFT);
    mstatus = (mstatus & ~C.MSTATUS_MPIE) | ((mstatus & C.MSTATUS_MIE) !== 0 ? C.MSTATUS_MPIE : 0);
    mstatus &= ~C.MSTATUS_MIE;
    csr.mstatus = mstatus;
    if (csr.h) {
      csr.mstatush = (virt ? C.MSTATUSH_MPV : 0) | (detail.gva ? C.MSTATUSH_GVA : 0);
      csr.mtval2 = detail.tval2;
      csr.mtinst = detail.tinst;
      csr.virt = false;
    }
    state.priv = C.PRIV_M;
    tvec = csr.mtvec;
  }
  const base = tvec & ~3;
  state.pc = (interrupt && (tvec & 3) === 1 ? base + 4 * code : base) >>> 0;
}

/** sstatus/vsstatus on a trap into (V)S-mode taken at `priv`: SPP, SPIE = SIE, SIE = 0. */
function enterS(status: number, priv: C.Privilege): number {
  let next = (status & ~C.MSTATUS_SPP) | (priv === C.PRIV_S ? C.MSTATUS_SPP : 0);
  next = (next & ~C.MSTATUS_SPIE) | ((next & C.MSTATUS_SIE) !== 0 ? C.MSTATUS_SPIE : 0);
  return next & ~C.MSTATUS_SIE;
}

/** sstatus/vsstatus on SRET: SIE = SPIE, SPIE = 1, SPP = U. */
function leaveS(status: number): number {
  const next = (status & ~C.MSTATUS_SIE) | ((status & C.MSTATUS_SPIE) !== 0 ? C.MSTATUS_SIE : 0);
  return (next | C.MSTATUS_SPIE) & ~C.MSTATUS_SPP;
}

/**
 * MRET: back to MPP (and, with the H extension, to V = MPV unless MPP is M) with MIE restored
 * from MPIE. The caller has checked the hart is in M-mode.
 */
export function returnFromM(state: TrapState): void {
  const csr = state.csr;
  let mstatus = csr.mstatus;
  const mpp = ((mstatus & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT) as C.Privilege;
  mstatus = (mstatus & ~C.MSTATUS_MIE) | ((mstatus & C.MSTATUS_MPIE) !== 0 ? C.MSTATUS_MIE : 0);
  mstatus |= C.MSTATUS_MPIE;
  mstatus &= ~C.MSTATUS_MPP; // MPP becomes U, the least-privileged mode
  if (mpp !== C.PRIV_M) mstatus &= ~C.MSTATUS_MPRV;
  csr.mstatus = mstatus;
  if (csr.h) {
    csr.virt = mpp !== C.PRIV_M && (csr.mstatush & C.MSTATUSH_MPV) !== 0;
    csr.mstatush &= ~C.MSTATUSH_MPV;
  }
  state.priv = mpp;
  state.pc = csr.mepc >>> 0;
}

/**
 * SRET: back to SPP with SIE restored from SPIE. From VS-mode it works on vsstatus and vsepc and
 * stays in V=1; from HS-mode (or M) it also sets V = hstatus.SPV. The caller has checked
 * privilege, TSR and VTSR.
 */
export function returnFromS(state: TrapState): void {
  const csr = state.csr;
  if (csr.virt) {
    const vsstatus = csr.vsstatus;
    state.priv = (vsstatus & C.MSTATUS_SPP) !== 0 ? C.PRIV_S : C.PRIV_U;
    csr.vsstatus = leaveS(vsstatus);
    state.pc = csr.vsepc >>> 0;
    return;
  }
  const mstatus = csr.mstatus;
  state.priv = (mstatus & C.MSTATUS_SPP) !== 0 ? C.PRIV_S : C.PRIV_U;
  csr.mstatus = leaveS(mstatus) & ~C.MSTATUS_MPRV; // SRET never returns to M-mode
  if (csr.h) {
    csr.virt = (csr.hstatus & C.HSTATUS_SPV) !== 0;
    csr.hstatus &= ~C.HSTATUS_SPV;
  }
  state.pc = csr.sepc >>> 0;
}

/**
 * The interrupt the hart must take now, or -1 (spec 3.1.9 and the H chapter): an interrupt goes
 * to M-mode unless mideleg delegates it, to HS-mode unless hideleg delegates it on, else to
 * VS-mode. M-mode interrupts are enabled below M or with mstatus.MIE; HS ones in V=1, in U, or
 * in HS with sstatus.SIE; VS ones only in V=1: in VU, or in VS with vsstatus.SIE. All M-mode
 * candidates come before HS ones, and those before VS ones; within a mode the order is MEI,
 * MSI, MTI, SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI.
 */
export function pendingInterrupt(csr: CsrFile, priv: C.Privilege): number {
  const pending = csr.mip & csr.mie;
  if (pending === 0) return -1;
  const mstatus = csr.mstatus;
  const virt = csr.virt;
  const mEnabled = priv < C.PRIV_M || (mstatus & C.MSTATUS_MIE) !== 0;
  const sEnabled =
    virt || priv === C.PRIV_U || (priv === C.PRIV_S && (mstatus & C.MSTATUS_SIE) !== 0);
  const toM = mEnabled ? pending & ~csr.mideleg : 0;
  let candidates = toM !== 0 ? toM : sEnabled ? pending & csr.mideleg & ~csr.hideleg : 0;
  if (candidates === 0 && virt && (priv === C.PRIV_U || (csr.vsstatus & C.MSTATUS_SIE) !== 0)) {
    candidates = pending & csr.mideleg & csr.hideleg;
  }
  if (candidates === 0) return -1;
  for (const irq of C.INTERRUPT_PRIORITY) {
    if ((candidates & (1 << irq)) !== 0) return irq;
  }
  return -1;
}
