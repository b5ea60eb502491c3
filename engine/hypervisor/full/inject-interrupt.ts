import * as C from '../../machine/csr';
import { VPRIV_S, type VirtualCsrs, type VirtualPrivilege } from '../vcpu';

/** Priority among the supervisor interrupts (privileged spec 3.1.9): SEI, SSI, STI. */
const PRIORITY: readonly number[] = [C.IRQ_SEI, C.IRQ_SSI, C.IRQ_STI];

/**
 * The virtual interrupt the guest must take now, or -1: pending (sip: software bits OR lines)
 * and enabled in sie, and globally enabled, i.e. the guest is in vU, or in vS with SIE set.
 */
export function pendingVirtualInterrupt(csr: VirtualCsrs, vpriv: VirtualPrivilege): number {
  const pending = csr.pending & csr.sie;
  if (pending === 0) return -1;
  if (vpriv === VPRIV_S && (csr.sstatus & C.MSTATUS_SIE) === 0) return -1;
  for (const irq of PRIORITY) if ((pending & (1 << irq)) !== 0) return irq;
  return -1;
}

/** Whether a blocked (WFI) vCPU must wake: something pending and enabled in sie, whatever SIE says. */
export function wakesFromWfi(csr: VirtualCsrs): boolean {
  return (csr.pending & csr.sie) !== 0;
}
