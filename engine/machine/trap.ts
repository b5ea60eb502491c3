import * as C from './csr';
import type { CsrFile } from './csr-file';

/** The part of a hart that trap entry and return change. */
export interface TrapState {
  pc: number;
  priv: C.Privilege;
  readonly csr: CsrFile;
}

const INTERRUPT_BIT = 0x8000_0000;

/** Whether a trap of `cause` taken at `priv` goes to M-mode (is not delegated to S). */
export function trapsToMachine(csr: CsrFile, priv: C.Privilege, cause: number, interrupt: boolean): boolean {
  const delegation = interrupt ? csr.mideleg : csr.medeleg;
  return priv === C.PRIV_M || ((delegation >>> cause) & 1) === 0;
}

/**
 * Enters the trap handler for `cause` (privileged spec 1.12, 3.1.6.1 and 4.1.1): the trap goes to
 * S-mode when the hart is in S or U and medeleg/mideleg delegates the cause, else to M-mode. The
 * handler's mode saves pc, cause, tval, the previous privilege and interrupt enable, and
 * disables its interrupts. Vectored mode (xtvec.MODE = 1) applies to interrupts only.
 * `state.pc` must be the address of the instruction that trapped (or the next one to run, for
 * an interrupt).
 */
export function enterTrap(state: TrapState, cause: number, tval: number, interrupt: boolean): void {
  const csr = state.csr;
  const delegation = interrupt ? csr.mideleg : csr.medeleg;
  const toS = state.priv !== C.PRIV_M && ((delegation >>> cause) & 1) !== 0;
  const causeValue = interrupt ? (cause | INTERRUPT_BIT) >>> 0 : cause;
  let mstatus = csr.mstatus;
  let tvec: number;
  if (toS) {
    csr.scause = causeValue;
    csr.sepc = state.pc;
    csr.stval = tval;
    mstatus = (mstatus & ~C.MSTATUS_SPP) | (state.priv === C.PRIV_S ? C.MSTATUS_SPP : 0);
    mstatus = (mstatus & ~C.MSTATUS_SPIE) | ((mstatus & C.MSTATUS_SIE) !== 0 ? C.MSTATUS_SPIE : 0);
    mstatus &= ~C.MSTATUS_SIE;
    state.priv = C.PRIV_S;
    tvec = csr.stvec;
  } else {
    csr.mcause = causeValue;
    csr.mepc = state.pc;
    csr.mtval = tval;
    mstatus = (mstatus & ~C.MSTATUS_MPP) | (state.priv << C.MSTATUS_MPP_SHIFT);
    mstatus = (mstatus & ~C.MSTATUS_MPIE) | ((mstatus & C.MSTATUS_MIE) !== 0 ? C.MSTATUS_MPIE : 0);
    mstatus &= ~C.MSTATUS_MIE;
    state.priv = C.PRIV_M;
    tvec = csr.mtvec;
  }
  csr.mstatus = mstatus;
  const base = tvec & ~3;
  state.pc = (interrupt && (tvec & 3) === 1 ? base + 4 * cause : base) >>> 0;
}

/** MRET: back to MPP with MIE restored from MPIE. The caller has checked the hart is in M-mode. */
export function returnFromM(state: TrapState): void {
  const csr = state.csr;
  let mstatus = csr.mstatus;
  const mpp = ((mstatus & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT) as C.Privilege;
  mstatus = (mstatus & ~C.MSTATUS_MIE) | ((mstatus & C.MSTATUS_MPIE) !== 0 ? C.MSTATUS_MIE : 0);
  mstatus |= C.MSTATUS_MPIE;
  mstatus &= ~C.MSTATUS_MPP; // MPP becomes U, the least-privileged mode
  if (mpp !== C.PRIV_M) mstatus &= ~C.MSTATUS_MPRV;
  csr.mstatus = mstatus;
  state.priv = mpp;
  state.pc = csr.mepc >>> 0;
}

/** SRET: back to SPP with SIE restored from SPIE. The caller has checked privilege and TSR. */
export function returnFromS(state: TrapState): void {
  const csr = state.csr;
  let mstatus = csr.mstatus;
  const spp = (mstatus & C.MSTATUS_SPP) !== 0 ? C.PRIV_S : C.PRIV_U;
  mstatus = (mstatus & ~C.MSTATUS_SIE) | ((mstatus & C.MSTATUS_SPIE) !== 0 ? C.MSTATUS_SIE : 0);
  mstatus |= C.MSTATUS_SPIE;
  mstatus &= ~C.MSTATUS_SPP;
  mstatus &= ~C.MSTATUS_MPRV; // SRET never returns to M-mode
  csr.mstatus = mstatus;
  state.priv = spp;
  state.pc = csr.sepc >>> 0;
}

/**
 * The interrupt the hart must take now, or -1 (spec 3.1.9): an interrupt goes to M-mode unless
 * mideleg delegates it; M-mode interrupts are enabled below M or with mstatus.MIE, S-mode ones
 * below S or in S with mstatus.SIE (never while in M). All M-mode candidates come before S-mode
 * ones; within a mode the order is MEI, MSI, MTI, SEI, SSI, STI.
 */
export function pendingInterrupt(csr: CsrFile, priv: C.Privilege): number {
  const pending = csr.mip & csr.mie;
  if (pending === 0) return -1;
  const mstatus = csr.mstatus;
  const mEnabled = priv < C.PRIV_M || (mstatus & C.MSTATUS_MIE) !== 0;
  const sEnabled = priv < C.PRIV_S || (priv === C.PRIV_S && (mstatus & C.MSTATUS_SIE) !== 0);
  const toM = mEnabled ? pending & ~csr.mideleg : 0;
  const toS = sEnabled ? pending & csr.mideleg : 0;
  const candidates = toM !== 0 ? toM : toS;
  if (candidates === 0) return -1;
  for (const irq of C.INTERRUPT_PRIORITY) {
    if ((candidates & (1 << irq)) !== 0) return irq;
  }
  return -1;
}
