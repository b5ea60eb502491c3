import type { Bus } from './bus';
import { decodeInto } from './decode';
import { OP_DECODE, OP_FAR_JUMP, OP_PAGE_END } from './opcodes';

/** Instructions per 4 KiB page, plus one sentinel slot that continues onto the next page. */
export const SLOT_ENTRIES = 1025;
const INSTRUCTIONS_PER_PAGE = 1024;

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

  /** Decodes the entry at `index` in `entries` from RAM; the run loop calls it on OP_DECODE. */
  decode(index: number): void {
    const entry = index >>> 1;
    const slot = (entry / SLOT_ENTRIES) | 0;
    const offset = entry - slot * SLOT_ENTRIES;
    const word = this.ram32[(this.slotPage[slot] << 10) + offset];
    decodeInto(word, this.entries, index);
    this.instructionsDecoded++;
  }

  /** Drops the decode of the word containing RAM byte offset `ramOffset` (a store hit code). */
  invalidateWord(ramOffset: number): void {
    const slot = this.pageSlot[ramOffset >>> 12];
    if (slot >= 0)
      this.entries[2 * (slot * SLOT_ENTRIES + ((ramOffset & 0xfff) >>> 2))] = OP_DECODE;
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
    }
  }

  /** Forgets every decoded instruction (FENCE.I). Slots keep their pages. */
  flush(): void {
    for (let s = 0; s < this.slotsUsed; s++)
      this.clear(s * SLOT_ENTRIES, s * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE);
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
      this.pageSlot[this.slotPage[slot]] = -1;
      this.clear(slot * SLOT_ENTRIES, slot * SLOT_ENTRIES + INSTRUCTIONS_PER_PAGE);
      this.evictions++;
    }
    this.slotPage[slot] = ramPage;
    this.pageSlot[ramPage] = slot;
    this.pagesDecoded++;
    return slot;
  }
}
