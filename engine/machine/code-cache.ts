import type { Bus } from './bus';
import { decodeInto } from './decode';
import type { Hart } from './hart';
import { OP_CALLOUT, OP_DECODE, OP_FAR_JUMP, OP_PAGE_END } from './opcodes';

/** Instructions per 4 KiB page, plus one sentinel slot that continues onto the next page. */
export const SLOT_ENTRIES = 1025;
const INSTRUCTIONS_PER_PAGE = 1024;

/**
 * A binary translator (the VMM's `bt` mode) watching the RAM pages it attached: it sees their
 * code decoded and entered, may patch slots into callouts (`patch`), and hears when decodes it
 * may have patched are dropped. docs/cpu.md, "Callouts".
 */
export interface CodeTranslator {
  /**
   * `hart` is about to run entry `index` (of RAM page `ramPage`) for the first time since its
   * decode was dropped; the entry is decoded. The translator may decode and patch further
   * entries of the page (the rest of the block).
   */
  decoded(hart: Hart, index: number, ramPage: number): void;
  /** `hart` entered the page at entry `index`: a jump from another page or a return from a trap. */
  entered(hart: Hart, index: number, ramPage: number): void;
  /** Decoded entries of `ramPage` were dropped: a store or a loader wrote it, or it was evicted. */
  dropped(ramPage: number): void;
  /** Every decode was dropped (FENCE.I). */
  flushed(): void;
}

/**
 * Predecoded instructions, per physical 4 KiB page of RAM, shared by all harts of one machine.
 *
 * A fixed pool of slots holds decoded pages; `pageSlot` maps a RAM page to its slot. Entries
 * decode lazily: a fresh slot is all OP_DECODE, and the run loop decodes an entry the first time
 * it reaches it. That makes invalidation precise and cheap: a store into a page that has a slot
 * resets just the word it wrote to OP_DECODE (the hart checks `pageSlot` on every fast-path
 * store), so self-modifying code and freshly loaded programs always run what is in RAM, and a
 * hart may keep executing from a slot while entries in it are invalidated.
 *
 * A slot only changes owner when `slotFor` evicts it (round-robin) for a page entered by the
 * hart that is running; other harts look their code page up again when their `run` starts, so no
 * hart ever runs from a slot that another page took over.
 */
export class CodeCache {
  /** Per RAM page: the slot holding its decode, or -1. */
  readonly pageSlot: Int32Array;
  /**
   * Two numbers per entry, interleaved so one bounds check and one cache line serve both:
   * at 2e, op | rd << 8 | rs1 << 16 | rs2 << 24 (see decode.ts); at 2e + 1, the immediate.
   * Entry e of slot s is s * SLOT_ENTRIES + e; indexes below are into this array (2e).
   */
  readonly entries: Int32Array;
  /** The one entry after all slots, holding OP_FAR_JUMP (see Hart.execute). */
  readonly farIndex: number;
  /** Statistics for the UI and the benchmark. */
  pagesDecoded = 0;
  instructionsDecoded = 0;
  evictions = 0;

  /**
   * Per RAM page: the number of the translator that attached it (`attach`), 0 for none;
   * undefined until a translator attaches, so a bare machine tests one field and nothing else.
   */
  pageOwner: Uint8Array | undefined = undefined;
  /** What each patched entry held before `patch` (same layout as `entries`); with `pageOwner`. */
  originals: Int32Array | undefined = undefined;
  /** Translators by number; 0 stands for none. */
  private readonly translators: (CodeTranslator | undefined)[] = [undefined];

  private readonly slotPage: Int32Array;
  private readonly ram32: Int32Array;
  private readonly ramBase: number;
  private nextVictim = 0;
  private slotsUsed = 0;

  /** `slots` bounds the memory used: 8 KiB per slot, 512 slots hold 2 MiB of code. */
  constructor(
    bus: Bus,
    readonly slots = 512,
  ) {
    this.ram32 = bus.ram32;
    this.ramBase = bus.ramBase;
    this.pageSlot = new Int32Array(bus.ramSize >>> 12).fill(-1);
    this.slotPage = new Int32Array(slots).fill(-1);
    this.farIndex = 2 * slots * SLOT_ENTRIES;
    this.entries = new Int32Array(2 * (slots * SLOT_ENTRIES + 1));
    this.entries[this.farIndex] = OP_FAR_JUMP;
    for (let s = 0; s < slots; s++)
      this.entries[2 * (s * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE)] = OP_PAGE_END;
    // Loaders and devices write RAM behind the CPU's back: forget what they overwrite.
    const previous = bus.onExternalRamWrite;
    bus.onExternalRamWrite = (paddr, length) => {
      previous(paddr, length);
      this.invalidateRange(paddr - this.ramBase, length);
    };
  }

  /**
   * The index in `entries` of the first entry of the slot for RAM page `ramPage` (RAM offset
   * >> 12), allocating (and if need be evicting) a slot.
   */
  slotFor(ramPage: number): number {
    const slot = this.pageSlot[ramPage];
    if (slot >= 0) return 2 * slot * SLOT_ENTRIES;
    return 2 * this.allocate(ramPage) * SLOT_ENTRIES;
  }

  /**
   * Decodes the entry at `index` in `entries` from RAM; the run loop calls it on OP_DECODE, and
   * the page's translator, if any, hears of it (it may translate the block starting there).
   */
  decode(index: number, hart: Hart): void {
    const entry = index >>> 1;
    const slot = (entry / SLOT_ENTRIES) | 0;
    const offset = entry - slot * SLOT_ENTRIES;
    const ramPage = this.slotPage[slot];
    decodeInto(this.ram32[(ramPage << 10) + offset], this.entries, index);
    this.instructionsDecoded++;
    if (this.pageOwner !== undefined) this.tellDecoded(hart, index, ramPage);
  }

  /** Decodes entry `index` from RAM again, without telling a translator (it translates). */
  redecode(index: number): void {
    const entry = index >>> 1;
    const slot = (entry / SLOT_ENTRIES) | 0;
    const offset = entry - slot * SLOT_ENTRIES;
    decodeInto(this.ram32[(this.slotPage[slot] << 10) + offset], this.entries, index);
    this.instructionsDecoded++;
  }

  /** Tells the translator of the page, if any, that `hart` entered it at entry `index`. */
  entered(hart: Hart, index: number, ramPage: number): void {
    const owners = this.pageOwner;
    if (owners !== undefined && owners[ramPage] !== 0)
      this.translators[owners[ramPage]]?.entered(hart, index, ramPage);
  }

  /** Drops the decode of the word containing RAM byte offset `ramOffset` (a store hit code). */
  invalidateWord(ramOffset: number): void {
    const slot = this.pageSlot[ramOffset >>> 12];
    if (slot < 0) return;
    const index = 2 * (slot * SLOT_ENTRIES + ((ramOffset & 0xfff) >>> 2));
    // Kept this small for the hot loop's stores; translated pages take the longer way.
    if (this.pageOwner !== undefined) this.invalidateOwned(ramOffset >>> 12, index);
    this.entries[index] = OP_DECODE;
  }

  /** A store is about to drop the decode at `index` of `page`: its translator hears of it. */
  private invalidateOwned(page: number, index: number): void {
    const owner = (this.pageOwner as Uint8Array)[page];
    if (owner === 0 || this.entries[index] === OP_DECODE) return;
    this.entries[index] = OP_DECODE;
    this.translators[owner]?.dropped(page);
  }

  private tellDecoded(hart: Hart, index: number, ramPage: number): void {
    const owner = (this.pageOwner as Uint8Array)[ramPage];
    if (owner !== 0) this.translators[owner]?.decoded(hart, index, ramPage);
  }

  /** Drops the decode of every word overlapping [ramOffset, ramOffset + length). */
  invalidateRange(ramOffset: number, length: number): void {
    if (length <= 0) return;
    const first = ramOffset >>> 12;
    const last = (ramOffset + length - 1) >>> 12;
    for (let page = first; page <= last; page++) {
      const slot = this.pageSlot[page];
      if (slot < 0) continue;
      const start = Math.max(ramOffset, page << 12);
      const end = Math.min(ramOffset + length, (page + 1) << 12);
      const base = slot * SLOT_ENTRIES;
      this.clear(base + ((start & 0xfff) >>> 2), base + (((end - 1) & 0xfff) >>> 2) + 1);
      this.tellDropped(page);
    }
  }

  /** Forgets every decoded instruction (FENCE.I). Slots keep their pages. */
  flush(): void {
    for (let s = 0; s < this.slotsUsed; s++)
      this.clear(s * SLOT_ENTRIES, s * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE);
    for (const translator of this.translators) translator?.flushed();
  }

  /**
   * Gives RAM pages [firstPage, firstPage + pages) to `translator` and returns its number
   * (for `patch` and callouts). What was decoded there before is dropped, so every entry it
   * will run is decoded, and seen by it, afresh.
   */
  attach(translator: CodeTranslator, firstPage: number, pages: number): number {
    let owner = this.translators.indexOf(undefined, 1);
    if (owner < 0) owner = this.translators.length;
    if (owner > 255) throw new RangeError('no more than 255 translators per code cache');
    this.translators[owner] = translator;
    this.pageOwner ??= new Uint8Array(this.pageSlot.length);
    this.originals ??= new Int32Array(this.entries.length);
    this.pageOwner.fill(owner, firstPage, firstPage + pages);
    this.invalidateRange(firstPage << 12, pages << 12);
    return owner;
  }

  /** Takes the pages of translator `owner` back; their patched decodes are dropped. */
  detach(owner: number): void {
    const owners = this.pageOwner;
    if (owners === undefined || this.translators[owner] === undefined) return;
    this.translators[owner] = undefined;
    for (let page = 0; page < owners.length; page++) {
      if (owners[page] !== owner) continue;
      owners[page] = 0;
      this.dropPage(page);
    }
  }

  /**
   * Replaces entry `index` by a callout of translator `owner`, keeping what it held in
   * `originals`. The callout's immediate is its own index, so the handler finds the original.
   */
  patch(index: number, owner: number): void {
    const originals = this.originals;
    if (originals === undefined) throw new Error('patch before any translator attached');
    originals[index] = this.entries[index];
    originals[index + 1] = this.entries[index + 1];
    this.entries[index] = OP_CALLOUT | (owner << 8);
    this.entries[index + 1] = index;
  }

  /** The RAM page whose code entry `index` holds. */
  ramPageOf(index: number): number {
    return this.slotPage[((index >>> 1) / SLOT_ENTRIES) | 0];
  }

  /** Drops every decode of RAM page `ramPage` (its translations with them). */
  dropPage(ramPage: number): void {
    const slot = this.pageSlot[ramPage];
    if (slot >= 0) this.clear(slot * SLOT_ENTRIES, slot * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE);
  }

  private tellDropped(page: number): void {
    const owners = this.pageOwner;
    if (owners !== undefined && owners[page] !== 0) this.translators[owners[page]]?.dropped(page);
  }

  /** Marks entries [first, end) as not decoded. */
  private clear(first: number, end: number): void {
    for (let e = first; e < end; e++) this.entries[2 * e] = OP_DECODE;
  }

  private allocate(ramPage: number): number {
    let slot: number;
    if (this.slotsUsed < this.slots) {
      slot = this.slotsUsed++;
    } else {
      slot = this.nextVictim;
      this.nextVictim = (slot + 1) % this.slots;
      const victim = this.slotPage[slot];
      this.pageSlot[victim] = -1;
      this.clear(slot * SLOT_ENTRIES, slot * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE);
      this.tellDropped(victim);
      this.evictions++;
    }
    this.slotPage[slot] = ramPage;
    this.pageSlot[ramPage] = slot;
    this.pagesDecoded++;
    return slot;
  }
}
