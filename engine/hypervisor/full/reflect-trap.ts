import * as C from '../../machine/csr';
import type { Hart } from '../../machine/hart';
import { VPRIV_S, type VcpuContext } from '../vcpu';

const INTERRUPT_BIT = 0x8000_0000;

/**
 * Delivers a trap into the guest kernel as S-mode hardware would have taken it: sepc, scause and
 * stval written, SPP from the virtual privilege, SPIE from SIE, SIE cleared, virtual privilege
 * S, and the hart's pc at stvec (vectored only for interrupts). `hart.pc` must be the address
 * of the trapping instruction, or for an interrupt the next one to run. The caller reloads the
 * real satp for vS afterwards.
 */
export function reflectTrap(
  hart: Hart,
  context: VcpuContext,
  cause: number,
  tval: number,
  interrupt: boolean,
): void {
  const csr = context.csr;
  csr.sepc = hart.pc >>> 0;
  csr.scause = interrupt ? (cause | INTERRUPT_BIT) >>> 0 : cause;
  csr.stval = tval >>> 0;
  let status = csr.sstatus;
  status = (status & ~C.MSTATUS_SPP) | (context.vpriv === VPRIV_S ? C.MSTATUS_SPP : 0);
  status = (status & ~C.MSTATUS_SPIE) | ((status & C.MSTATUS_SIE) !== 0 ? C.MSTATUS_SPIE : 0);
  status &= ~C.MSTATUS_SIE;
  csr.sstatus = status;
  context.vpriv = VPRIV_S;
  const base = csr.stvec & ~3;
  hart.pc = (interrupt && (csr.stvec & 3) === 1 ? base + 4 * cause : base) >>> 0;
}

/**
 * SRET in virtual S-mode: back to SPP with SIE from SPIE, SPIE set, SPP cleared, pc = sepc. The
 * caller has checked the guest is in vS and reloads the real satp for the new privilege.
 */
export function returnFromTrap(hart: Hart, context: VcpuContext): void {
  const csr = context.csr;
  let status = csr.sstatus;
  context.vpriv = (status & C.MSTATUS_SPP) !== 0 ? VPRIV_S : 0;
  status = (status & ~C.MSTATUS_SIE) | ((status & C.MSTATUS_SPIE) !== 0 ? C.MSTATUS_SIE : 0);
  status |= C.MSTATUS_SPIE;
  status &= ~C.MSTATUS_SPP;
  csr.sstatus = status;
  hart.pc = csr.sepc >>> 0;
}
