import { SATP_MODE_SV32, SATP_PPN_MASK, MSTATUS_MXR, MSTATUS_SUM } from '../../machine/csr';
import { ACCESS_FETCH, ACCESS_STORE, type AccessKind } from '../../machine/mmu';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../../machine/sv32';
import type { GuestMemory } from '../guest-memory';
import { VPRIV_S, type VirtualPrivilege } from '../vcpu';

/** The result of walking the guest's own page table for one access. */
export type GuestWalk =
  /** Allowed: the guest-physical address and the leaf's flags (after A/D were set). */
  | {
      readonly kind: 'ok';
      readonly gpa: number;
      readonly flags: number;
      readonly references: number;
    }
  /** The guest's table says no: the guest must see this page fault. */
  | { readonly kind: 'page-fault'; readonly references: number }
  /** A table entry lies outside the domain's RAM: the guest must see an access fault. */
  | { readonly kind: 'access-fault'; readonly references: number };

/** Flags of a guest running with paging off (satp bare): everything, as physical memory is. */
const BARE_FLAGS = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;

/**
 * Walks the guest's Sv32 table (guest `satp`, guest-physical table pages) for `access` to `va`
 * at virtual privilege `vpriv`, exactly as the hardware would for the guest: V and the reserved
 * W-without-R encoding, superpage alignment, U pages from S only with SUM and never executable
 * there, MXR. On success it sets A (and D for a store) in the guest's PTE, as our hardware does,
 * so the guest sees the same bits it would on bare metal. With satp bare the guest-physical
 * address is the virtual one.
 */
export function walkGuest(
  memory: GuestMemory,
  satp: number,
  sstatus: number,
  va: number,
  access: AccessKind,
  vpriv: VirtualPrivilege,
): GuestWalk {
  if ((satp & SATP_MODE_SV32) === 0)
    return { kind: 'ok', gpa: va >>> 0, flags: BARE_FLAGS, references: 0 };
  let table = (satp & SATP_PPN_MASK) * 4096;
  let references = 0;
  for (let level = 1; level >= 0; level--) {
    const index = level === 1 ? va >>> 22 : (va >>> 12) & 0x3ff;
    const pteAddress = table + index * 4;
    if (!memory.contains(pteAddress, 4)) return { kind: 'access-fault', references };
    const pte = memory.read32(pteAddress);
    references++;
    if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0))
      return { kind: 'page-fault', references };
    if ((pte & (PTE_R | PTE_X)) === 0) {
      if (level === 0) return { kind: 'page-fault', references };
      table = (pte >>> 10) * 4096;
      continue;
    }
    if (!permitted(pte, access, vpriv, sstatus)) return { kind: 'page-fault', references };
    if (level === 1 && ((pte >>> 10) & 0x3ff) !== 0) return { kind: 'page-fault', references };
    const updated = pte | PTE_A | (access === ACCESS_STORE ? PTE_D : 0);
    if (updated !== pte) memory.write32(pteAddress, updated);
    const gpa =
      level === 1
        ? (pte >>> 20) * 0x40_0000 + (va & 0x3f_ffff)
        : (pte >>> 10) * 4096 + (va & 0xfff);
    return { kind: 'ok', gpa, flags: updated & 0xff, references };
  }
  return { kind: 'page-fault', references };
}

function permitted(
  pte: number,
  access: AccessKind,
  vpriv: VirtualPrivilege,
  sstatus: number,
): boolean {
  if ((pte & PTE_U) !== 0) {
    if (vpriv === VPRIV_S && (access === ACCESS_FETCH || (sstatus & MSTATUS_SUM) === 0))
      return false;
  } else if (vpriv !== VPRIV_S) {
    return false;
  }
  switch (access) {
    case ACCESS_FETCH:
      return (pte & PTE_X) !== 0;
    case ACCESS_STORE:
      return (pte & PTE_W) !== 0;
    default:
      return (pte & PTE_R) !== 0 || ((sstatus & MSTATUS_MXR) !== 0 && (pte & PTE_X) !== 0);
  }
}

/**
 * The permissions a shadow leaf may grant for a guest leaf with `flags`, at `vpriv` under the
 * guest's SUM and MXR: only what the guest's own table allows at that privilege, and writes
 * only once the guest's D bit is set (so the first store faults and the VMM sets D). Returns
 * R/W/X bits, 0 when nothing is allowed.
 */
export function shadowPermissions(flags: number, vpriv: VirtualPrivilege, sstatus: number): number {
  const user = (flags & PTE_U) !== 0;
  if (vpriv !== VPRIV_S && !user) return 0;
  if (vpriv === VPRIV_S && user && (sstatus & MSTATUS_SUM) === 0) return 0;
  const readable =
    (flags & PTE_R) !== 0 || ((sstatus & MSTATUS_MXR) !== 0 && (flags & PTE_X) !== 0);
  let perms = readable ? PTE_R : 0;
  if ((flags & PTE_W) !== 0 && (flags & PTE_D) !== 0 && readable) perms |= PTE_W;
  // S-mode never executes a user page, whatever SUM says.
  if ((flags & PTE_X) !== 0 && !(vpriv === VPRIV_S && user)) perms |= PTE_X;
  return perms;
}
