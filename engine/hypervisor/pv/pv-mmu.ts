import { SATP_MODE_SV32 } from '../../machine/csr';
import { GUEST_RAM_BASE, type GuestMemory } from '../guest-memory';
import { NO_FRAME, type VmmMemory } from '../vmm-memory';
import { EBUSY, EINVAL, ENOMEM, EPERM } from './abi';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../../machine/sv32';

const PAGE = 4096;
const MEGAPAGE = 0x40_0000;
const ENTRIES = 1024;
/**
 * VMM frames one pv domain may hold for its tables (2 MiB): the lab kernel at its 32 processes
 * needs about 300, and the VMM's 4 MiB serve every domain.
 */
export const DEFAULT_MAX_FRAMES = 512;

/** The two hardware tables built from one guest table (docs/hypercalls.md, "Two views"). */
export const VIEW_KERNEL = 0;
export const VIEW_USER = 1;
export type View = 0 | 1;

/** A guest page the guest pinned as a page table, and the VMM frames that stand for it. */
interface PinnedTable {
  readonly gpa: number;
  readonly level: 0 | 1;
  /** Host addresses of the hardware tables, per view. */
  readonly hw: readonly [number, number];
  /** Level 0: how many entries of pinned roots point here (it cannot be unpinned until 0). */
  refs: number;
  /** Level 1: keys of the shared split tables (below) its megapage entries use, by index. */
  readonly splits: Map<number, readonly [string, string]>;
}

/**
 * The pv MMU of one domain: page tables validated so that a guest maps only its own frames.
 *
 * The guest keeps its Sv32 tables in its RAM and tells the VMM about them (pin, mmu_update,
 * unpin); the hardware walks tables the VMM builds in its own frames from validated entries only,
 * two per guest table: the kernel view (every leaf, U set because the guest kernel runs in real
 * U-mode; the guest's user pages not executable) and the user view (the guest's U leaves only).
 * Refusals are errno values (negative) and change nothing.
 */
export class PvMmu {
  private readonly tables = new Map<number, PinnedTable>();
  /**
   * VMM leaf tables that spell out a megapage whose host frames are not 4 MiB aligned, shared by
   * every root that maps the same megapage the same way (the kernel half of every process).
   */
  private readonly splitTables = new Map<string, { readonly frame: number; refs: number }>();
  /** VMM frames this domain holds, and the most it may (so one guest cannot starve the others). */
  private frames = 0;
  readonly maxFrames: number;
  /** The boot map's roots (guest-virtual = guest-physical over the RAM), until new_baseptr. */
  private boot: PinnedTable | undefined;
  /** Refusals, for the counters. */
  refused = 0;

  constructor(
    private readonly memory: GuestMemory,
    private readonly vmm: VmmMemory,
    maxFrames = DEFAULT_MAX_FRAMES,
  ) {
    this.maxFrames = maxFrames;
  }

  /** The root pinned at `gpa`, or undefined. */
  root(gpa: number): PinnedTable | undefined {
    const table = this.tables.get(pageNumber(gpa));
    return table?.level === 1 && table.gpa === unsigned(gpa) ? table : undefined;
  }

  /** Real satp values for `root` (or the boot map): [kernel view, user view]. */
  satp(root: PinnedTable | undefined): readonly [number, number] {
    const table = root ?? this.bootMap();
    return [satpOf(table.hw[VIEW_KERNEL]), satpOf(table.hw[VIEW_USER])];
  }

  /** pin_table: makes the page at `gpa` a table at `level`, validating what it holds now. */
  pin(gpa: number, level: number): number {
    if (level !== 0 && level !== 1) return this.refuse(-EINVAL);
    if (unsigned(gpa) % PAGE !== 0 || !this.memory.contains(gpa, PAGE)) return this.refuse(-EINVAL);
    if (this.tables.has(pageNumber(gpa))) return this.refuse(-EBUSY);
    const lv = level as 0 | 1;
    const entries: number[] = [];
    for (let i = 0; i < ENTRIES; i++) {
      const pte = this.memory.read32(unsigned(gpa) + 4 * i);
      const error = this.validate(pte, lv);
      if (error !== 0) return this.refuse(error);
      entries.push(pte);
    }
    const table = this.newTable(unsigned(gpa), lv);
    if (table === undefined) return this.refuse(-ENOMEM);
    if (lv === 1 && this.splitsNeeded(entries) > this.maxFrames - this.frames) {
      this.freeTable(table);
      return this.refuse(-ENOMEM);
    }
    this.tables.set(pageNumber(gpa), table);
    for (let i = 0; i < ENTRIES; i++) if (entries[i] & PTE_V) this.install(table, i, entries[i]);
    return 0;
  }

  /** unpin_table: the page stops being a table; `live` is a root some vCPU runs on. */
  unpin(gpa: number, live: (root: PinnedTable) => boolean): number {
    const table = this.tables.get(pageNumber(gpa));
    if (table === undefined || table.gpa !== unsigned(gpa)) return this.refuse(-EINVAL);
    if (table.refs > 0 || (table.level === 1 && live(table))) return this.refuse(-EBUSY);
    for (let i = 0; i < ENTRIES; i++) this.uninstall(table, i);
    this.freeTable(table);
    this.tables.delete(pageNumber(gpa));
    return 0;
  }

  /** One mmu_update entry: the PTE at guest-physical `ptr` becomes `value`. */
  update(ptr: number, value: number): number {
    const table = this.tables.get(pageNumber(ptr));
    if (table === undefined) return this.refuse(-EPERM);
    if (unsigned(ptr) % 4 !== 0) return this.refuse(-EINVAL);
    const error = this.validate(value, table.level);
    if (error !== 0) return this.refuse(error);
    const index = (unsigned(ptr) % PAGE) / 4;
    if (table.level === 1 && this.splitsNeeded([value]) > this.maxFrames - this.frames)
      return this.refuse(-ENOMEM);
    this.uninstall(table, index);
    if (value & PTE_V) this.install(table, index, value);
    return 0;
  }

  /** Gives every VMM frame back (the domain is going away). */
  destroy(): void {
    for (const table of [...this.tables.values()].filter((t) => t.level === 1))
      this.unpin(table.gpa, () => false);
    for (const table of [...this.tables.values()]) this.unpin(table.gpa, () => false);
    if (this.boot) {
      for (let i = 0; i < ENTRIES; i++) this.uninstall(this.boot, i);
      this.freeTable(this.boot);
      this.boot = undefined;
    }
  }

  /** 0 if `pte` may stand at `level` of this domain's tables, else -errno (docs/hypercalls.md). */
  private validate(pte: number, level: 0 | 1): number {
    if ((pte & PTE_V) === 0) return 0;
    const leaf = (pte & (PTE_R | PTE_X)) !== 0;
    if (!leaf) {
      if ((pte & PTE_W) !== 0 || level === 0) return -EINVAL;
      const target = this.tables.get(pte >>> 10);
      return target !== undefined && target.level === 0 ? 0 : -EPERM;
    }
    if ((pte & PTE_W) !== 0 && (pte & PTE_R) === 0) return -EINVAL;
    const gpa = ppnAddress(pte);
    if (level === 0) return this.memory.contains(gpa, PAGE) ? 0 : -EPERM;
    if (((pte >>> 10) & 0x3ff) !== 0) return -EINVAL;
    return this.memory.contains(gpa, MEGAPAGE) ? 0 : -EPERM;
  }

  /** Writes the hardware entries for a validated guest entry `pte` at `index` of `table`. */
  private install(table: PinnedTable, index: number, pte: number): void {
    if ((pte & (PTE_R | PTE_X)) === 0) {
      const target = this.tables.get(pte >>> 10) as PinnedTable;
      target.refs++;
      for (const view of [VIEW_KERNEL, VIEW_USER] as const) {
        this.vmm.write32(table.hw[view] + 4 * index, pointerTo(target.hw[view]));
      }
      return;
    }
    const host = this.memory.toHost(ppnAddress(pte));
    if (table.level === 1 && host % MEGAPAGE !== 0) {
      this.installSplit(table, index, pte, host);
      return;
    }
    for (const view of [VIEW_KERNEL, VIEW_USER] as const) {
      this.vmm.write32(table.hw[view] + 4 * index, hardwareLeaf(pte, host, view));
    }
  }

  /** A megapage over host frames that are not 4 MiB aligned: a shared VMM table of 4 KiB leaves. */
  private installSplit(table: PinnedTable, index: number, pte: number, host: number): void {
    const keys = [`${VIEW_KERNEL}:${pte >>> 0}`, `${VIEW_USER}:${pte >>> 0}`] as const;
    for (const view of [VIEW_KERNEL, VIEW_USER] as const) {
      let split = this.splitTables.get(keys[view]);
      if (split === undefined) {
        split = { frame: this.allocate(), refs: 0 };
        if (split.frame === NO_FRAME) continue;
        for (let i = 0; i < ENTRIES; i++) {
          this.vmm.write32(split.frame + 4 * i, hardwareLeaf(pte, host + i * PAGE, view));
        }
        this.splitTables.set(keys[view], split);
      }
      split.refs++;
      this.vmm.write32(table.hw[view] + 4 * index, pointerTo(split.frame));
    }
    table.splits.set(index, keys);
  }

  /** How many new split tables installing `entries` in a root would take. */
  private splitsNeeded(entries: readonly number[]): number {
    let needed = 0;
    for (const pte of entries) {
      if ((pte & PTE_V) === 0 || (pte & (PTE_R | PTE_X)) === 0) continue;
      if (this.memory.toHost(ppnAddress(pte)) % MEGAPAGE === 0) continue;
      if (!this.splitTables.has(`${VIEW_KERNEL}:${pte >>> 0}`)) needed += 2;
    }
    return needed;
  }

  /** Clears the hardware entries at `index` and lets go of what they held. */
  private uninstall(table: PinnedTable, index: number): void {
    const old = this.vmm.read32(table.hw[VIEW_KERNEL] + 4 * index);
    const keys = table.splits.get(index);
    if (keys) {
      for (const key of keys) {
        const split = this.splitTables.get(key);
        if (split && --split.refs === 0) {
          this.release(split.frame);
          this.splitTables.delete(key);
        }
      }
      table.splits.delete(index);
    } else if ((old & PTE_V) !== 0 && (old & (PTE_R | PTE_X)) === 0) {
      const target = this.tableByHw(ppnAddress(old));
      if (target) target.refs--;
    }
    this.vmm.write32(table.hw[VIEW_KERNEL] + 4 * index, 0);
    this.vmm.write32(table.hw[VIEW_USER] + 4 * index, 0);
  }

  private tableByHw(hwKernel: number): PinnedTable | undefined {
    for (const table of this.tables.values()) if (table.hw[VIEW_KERNEL] === hwKernel) return table;
    return undefined;
  }

  private newTable(gpa: number, level: 0 | 1): PinnedTable | undefined {
    if (this.frames + 2 > this.maxFrames) return undefined;
    const kernel = this.allocate();
    const user = this.allocate();
    if (kernel === NO_FRAME || user === NO_FRAME) {
      if (kernel !== NO_FRAME) this.release(kernel);
      if (user !== NO_FRAME) this.release(user);
      return undefined;
    }
    return { gpa, level, hw: [kernel, user], refs: 0, splits: new Map() };
  }

  private freeTable(table: PinnedTable): void {
    this.release(table.hw[VIEW_KERNEL]);
    this.release(table.hw[VIEW_USER]);
  }

  /** A zeroed VMM frame counted against this domain, or NO_FRAME. */
  private allocate(): number {
    const frame = this.vmm.allocate();
    if (frame !== NO_FRAME) this.frames++;
    return frame;
  }

  private release(frame: number): void {
    this.vmm.release(frame);
    this.frames--;
  }

  /** The boot map: the domain's RAM at guest-virtual = guest-physical, kernel view only. */
  private bootMap(): PinnedTable {
    if (this.boot) return this.boot;
    const table = this.newTable(GUEST_RAM_BASE, 1);
    if (table === undefined) throw new Error('pv: no VMM frame for the boot map');
    for (let gpa = GUEST_RAM_BASE; this.memory.contains(gpa, MEGAPAGE); gpa += MEGAPAGE) {
      this.install(table, gpa >>> 22, ((gpa >>> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X);
    }
    this.boot = table;
    return table;
  }

  private refuse(errno: number): number {
    this.refused++;
    return errno;
  }
}

/** The hardware leaf for guest leaf `pte` mapped at host address `host`, in `view` (0: absent). */
function hardwareLeaf(pte: number, host: number, view: View): number {
  const guestUser = (pte & PTE_U) !== 0;
  if (view === VIEW_USER && !guestUser) return 0;
  let flags = (pte & (PTE_R | PTE_W | PTE_X)) | PTE_V | PTE_U | PTE_A | PTE_D;
  if (view === VIEW_KERNEL && guestUser) flags &= ~PTE_X;
  return (((host / PAGE) << 10) | flags) >>> 0;
}

function pointerTo(hostTable: number): number {
  return (((hostTable / PAGE) << 10) | PTE_V) >>> 0;
}

function satpOf(hostRoot: number): number {
  return (SATP_MODE_SV32 | (hostRoot / PAGE)) >>> 0;
}

/** The address a PTE's PPN names (up to 34 bits, so not through int32 arithmetic). */
function ppnAddress(pte: number): number {
  return (pte >>> 10) * PAGE;
}

function pageNumber(address: number): number {
  return Math.floor(unsigned(address) / PAGE);
}

function unsigned(address: number): number {
  return address >>> 0;
}
