import { HGATP_MODE_SV32X4 } from '../../machine/csr';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../../machine/sv32';
import { NO_FRAME, type VmmMemory } from '../vmm-memory';

const PAGE = 4096;
/** Sv32x4's root covers 34-bit guest physical addresses: 4096 entries, four pages, 16 KiB aligned. */
const ROOT_PAGES = 4;
const MEGAPAGE = 0x40_0000;
/**
 * Every G-stage access is made at U level, so a leaf needs U; A and D are set up front so the
 * hardware never writes back into the VMM's tables.
 */
const LEAF = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;

/**
 * One domain's G-stage table (Sv32x4 under hgatp, privileged spec chapter "Hypervisor
 * Extension", two-stage translation): guest physical pages to host frames, in VMM frames. It
 * starts empty and the VMM maps guest RAM on guest-page faults: a whole 4 MiB megapage when
 * the guest range and its host frames allow one (as KVM maps huge pages when the host backs
 * guest RAM with them), else one 4 KiB page. Device pages are never mapped: every access to
 * them is a guest-page fault the VMM emulates.
 */
export class GStageTable {
  /** Host-physical address of the 16 KiB root. */
  readonly root: number;
  /** Second-level tables, so `release` frees exactly those. */
  private readonly tables: number[] = [];
  /** Leaves installed: megapages and 4 KiB pages the VMM has handed out. */
  megapages = 0;
  pages = 0;

  constructor(private readonly memory: VmmMemory) {
    const root = memory.allocateContiguous(ROOT_PAGES);
    if (root === NO_FRAME)
      throw new RangeError('the VMM has no memory left for a G-stage page table');
    this.root = root;
  }

  /** hgatp for this table: Sv32x4 mode, VMID `vmid` (7 bits), the root's page number. */
  hgatp(vmid: number): number {
    return (HGATP_MODE_SV32X4 | ((vmid & 0x7f) << 22) | (this.root / PAGE)) >>> 0;
  }

  /**
   * Maps the guest page holding `gpa` (a 34-bit guest physical address) to the host frame at
   * `hostPage`. False when no VMM frame is left for a second-level table.
   */
  map(gpa: number, hostPage: number): boolean {
    const rootEntry = this.root + Math.floor(gpa / MEGAPAGE) * 4;
    let pde = this.memory.read32(rootEntry);
    if ((pde & PTE_V) === 0) {
      const table = this.memory.allocate();
      if (table === NO_FRAME) return false;
      this.tables.push(table);
      pde = ((table / PAGE) << 10) | PTE_V;
      this.memory.write32(rootEntry, pde);
    }
    const leafEntry = (pde >>> 10) * PAGE + ((gpa >>> 12) & 0x3ff) * 4;
    if ((this.memory.read32(leafEntry) & PTE_V) === 0) this.pages++;
    this.memory.write32(leafEntry, ((hostPage / PAGE) << 10) | LEAF);
    return true;
  }

  /**
   * Maps the 4 MiB guest megapage holding `gpa` to the 4 MiB of host RAM at `hostMegapage`
   * (4 MiB aligned), with one root entry. Its slot must still be empty.
   */
  mapMegapage(gpa: number, hostMegapage: number): void {
    const rootEntry = this.root + Math.floor(gpa / MEGAPAGE) * 4;
    this.memory.write32(rootEntry, ((hostMegapage / PAGE) << 10) | LEAF);
    this.megapages++;
  }

  /** True when nothing maps the 4 MiB guest region holding `gpa` yet. */
  megapageFree(gpa: number): boolean {
    return (this.memory.read32(this.root + Math.floor(gpa / MEGAPAGE) * 4) & PTE_V) === 0;
  }

  /** Gives every frame back to the VMM (the domain is going away). */
  release(): void {
    for (const table of this.tables) this.memory.release(table);
    this.tables.length = 0;
    for (let i = 0; i < ROOT_PAGES; i++) this.memory.release(this.root + i * PAGE);
    this.megapages = this.pages = 0;
  }
}
