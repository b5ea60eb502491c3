import { SATP_MODE_SV32 } from '../../machine/csr';
import { NO_FRAME, type VmmMemory } from '../vmm-memory';
import type { VirtualPrivilege } from '../vcpu';
import { PTE_A, PTE_D, PTE_U, PTE_V } from '../../machine/sv32';

/**
 * The hardware page tables of one vCPU in full virtualization: Sv32 tables in VMM frames that
 * map guest-virtual pages straight to host frames, one root per virtual privilege (index 0 for
 * vU, 1 for vS). The hardware runs the guest in real U-mode, so every leaf has U set and carries
 * exactly the R/W/X the guest may use at that virtual privilege; a guest user page reachable
 * from vS (SUM) sits in the vS root without X, and guest kernel pages are absent from the vU
 * root.
 *
 * Tables start empty and are filled one 4 KiB leaf per fault (guest megapages too), and are
 * dropped whole on a sync. Device pages are never entered, so every MMIO access faults.
 */
export class ShadowPageTables {
  private readonly roots: number[] = [];
  /** The second-level tables hanging off each root, so a sync frees exactly those. */
  private readonly tables: number[][] = [[], []];
  /** Leaves installed since the last sync, per root (a sync of empty tables costs nothing). */
  private readonly leaves = [0, 0];

  constructor(private readonly memory: VmmMemory) {
    for (let i = 0; i < 2; i++) {
      const root = memory.allocate();
      if (root === NO_FRAME) {
        this.release();
        throw new RangeError('the VMM has no memory left for shadow page tables');
      }
      this.roots.push(root);
    }
  }

  /** The real satp that runs the guest at `vpriv` on these tables. */
  satp(vpriv: VirtualPrivilege): number {
    return (SATP_MODE_SV32 | (this.roots[vpriv] / 4096)) >>> 0;
  }

  /** True when nothing is mapped (a sync would change nothing). */
  get empty(): boolean {
    return this.leaves[0] === 0 && this.leaves[1] === 0;
  }

  /**
   * Maps the page of `va` to the host frame at `hostPage` with `perms` (R/W/X bits) in the root
   * of `vpriv`. False when no VMM frame is left for a second-level table.
   */
  install(vpriv: VirtualPrivilege, va: number, hostPage: number, perms: number): boolean {
    const root = this.roots[vpriv];
    const rootEntry = root + (va >>> 22) * 4;
    let pde = this.memory.read32(rootEntry);
    if ((pde & PTE_V) === 0) {
      const table = this.memory.allocate();
      if (table === NO_FRAME) return false;
      this.tables[vpriv].push(table);
      pde = ((table / 4096) << 10) | PTE_V;
      this.memory.write32(rootEntry, pde);
    }
    const table = (pde >>> 10) * 4096;
    const leaf = table + ((va >>> 12) & 0x3ff) * 4;
    // A and D are preset: the hardware never needs to write them back into VMM memory.
    this.memory.write32(leaf, ((hostPage / 4096) << 10) | perms | PTE_U | PTE_A | PTE_D | PTE_V);
    this.leaves[vpriv]++;
    return true;
  }

  /** The leaf installed for `va` in the root of `vpriv` (0 when none), for tests and the UI. */
  leaf(vpriv: VirtualPrivilege, va: number): number {
    const pde = this.memory.read32(this.roots[vpriv] + (va >>> 22) * 4);
    if ((pde & PTE_V) === 0) return 0;
    return this.memory.read32((pde >>> 10) * 4096 + ((va >>> 12) & 0x3ff) * 4);
  }

  /** Drops every mapping of both roots and gives their second-level tables back. */
  sync(): void {
    for (let vpriv = 0; vpriv < 2; vpriv++) {
      for (const table of this.tables[vpriv]) this.memory.release(table);
      this.tables[vpriv].length = 0;
      if (this.leaves[vpriv] > 0) this.memory.zero(this.roots[vpriv]);
      this.leaves[vpriv] = 0;
    }
  }

  /**
   * Drops the mappings around one address in both roots (sfence.vma with an address). The whole
   * 4 MiB region goes: the guest's leaf for that address may be a megapage, which this table
   * shadows as up to 1024 separate 4 KiB leaves, and a fence for one address of a megapage
   * covers all of it.
   */
  syncPage(va: number): void {
    for (let vpriv = 0; vpriv < 2; vpriv++) {
      const pde = this.memory.read32(this.roots[vpriv] + (va >>> 22) * 4);
      if ((pde & PTE_V) === 0) continue;
      this.memory.zero((pde >>> 10) * 4096);
    }
  }

  /** Gives every frame back (the domain is destroyed). */
  release(): void {
    this.sync();
    for (const root of this.roots) this.memory.release(root);
    this.roots.length = 0;
  }
}
