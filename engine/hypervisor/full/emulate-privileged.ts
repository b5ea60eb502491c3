import type { Hart } from '../../machine/hart';
import { VPRIV_S, type VcpuContext } from '../vcpu';
import { returnFromTrap } from './reflect-trap';
import {
  readVirtualCsr,
  VCSR_CHANGED_TRANSLATION,
  VCSR_ILLEGAL,
  writeVirtualCsr,
  type VirtualCounters,
} from './virtual-csr';

const SRET = 0x1020_0073;
const WFI = 0x1050_0073;

/** What emulating one privileged instruction did, for the mode to act on. */
export type Emulation =
  /** A CSR instruction completed (pc advanced); `translation`: satp, SUM or MXR changed. */
  | { readonly kind: 'csr'; readonly translation: boolean }
  /** SRET completed: the virtual privilege may have changed (pc is sepc). */
  | { readonly kind: 'sret' }
  /** WFI (pc advanced): block unless an interrupt is pending. */
  | { readonly kind: 'wfi' }
  /** SFENCE.VMA (pc advanced): sync the shadows of one page, or all when `va` is undefined. */
  | { readonly kind: 'sfence.vma'; readonly va: number | undefined }
  /** Not something vS may do (or any privileged instruction in vU): reflect illegal-instruction. */
  | { readonly kind: 'illegal' };

const ILLEGAL: Emulation = { kind: 'illegal' };

/**
 * Emulates the privileged instruction `word` that trapped at `hart.pc` for a guest in virtual
 * S-mode: Zicsr on the supervisor CSRs, SRET, WFI and SFENCE.VMA. In vU every one of them is the
 * guest's own illegal instruction. On success the instruction retires: pc moves on (SRET: to
 * sepc) and instret counts it, as it would have on bare metal.
 */
export function emulatePrivileged(
  hart: Hart,
  context: VcpuContext,
  word: number,
  counters: VirtualCounters,
): Emulation {
  if (context.vpriv !== VPRIV_S) return ILLEGAL;
  let result: Emulation;
  if ((word & 0x7f) === 0x73 && ((word >>> 12) & 7) !== 0 && ((word >>> 12) & 7) !== 4) {
    result = emulateCsr(hart, context, word, counters);
    if (result.kind === 'illegal') return result;
  } else if (word >>> 0 === SRET) {
    returnFromTrap(hart, context);
    result = { kind: 'sret' };
  } else if (word >>> 0 === WFI) {
    result = { kind: 'wfi' };
  } else if ((word & 0xfe00_7fff) === 0x1200_0073) {
    const rs1 = (word >>> 15) & 0x1f;
    result = { kind: 'sfence.vma', va: rs1 === 0 ? undefined : hart.x[rs1] >>> 0 };
  } else {
    return ILLEGAL;
  }
  if (result.kind !== 'sret') hart.pc = (hart.pc + 4) >>> 0;
  hart.csr.minstret += 1;
  return result;
}

/** CSRRW/S/C and the immediate forms on the virtual CSRs. */
function emulateCsr(
  hart: Hart,
  context: VcpuContext,
  word: number,
  counters: VirtualCounters,
): Emulation {
  const funct3 = (word >>> 12) & 7;
  const addr = word >>> 20;
  const rd = (word >>> 7) & 0x1f;
  const rs1 = (word >>> 15) & 0x1f;
  const operand = funct3 >= 5 ? rs1 : hart.x[rs1];
  const op = funct3 & 3; // 1 write, 2 set, 3 clear
  const writes = op === 1 || rs1 !== 0;
  // Beyond the privilege the guest believes it has (M-level numbers), or read-only and written.
  if (((addr >>> 8) & 3) > 1) return ILLEGAL;
  if (writes && addr >>> 10 === 3) return ILLEGAL;
  const old = readVirtualCsr(context.csr, addr, counters);
  if (old === VCSR_ILLEGAL) return ILLEGAL;
  let translation = false;
  if (writes) {
    // Read-modify-write of sip works on the software bits, not the lines (spec 3.1.9).
    const base = addr === 0x144 ? context.csr.sip : old;
    const value = op === 1 ? operand : op === 2 ? base | operand : base & ~operand;
    translation = writeVirtualCsr(context.csr, addr, value | 0) === VCSR_CHANGED_TRANSLATION;
  }
  if (rd !== 0) hart.x[rd] = old | 0;
  return { kind: 'csr', translation };
}
