import type { Bus } from '../machine/bus';

const PAGE = 4096;

/** What `allocate` returns when no frame is free. */
export const NO_FRAME = -1;

/**
 * The VMM's own frames: the first VMM_RESERVED_MIB of host RAM, which no guest mapping ever
 * points at. Shadow page tables (full) and validated page tables (pv) come from here, one 4 KiB
 * frame at a time, zeroed. A free list keeps allocation O(1) and the order deterministic.
 */
export class VmmMemory {
  private readonly free: number[] = [];
  readonly frames: number;

  constructor(
    private readonly bus: Bus,
    /** Host-physical address of the first frame. */
    readonly base: number,
    readonly size: number,
  ) {
    this.frames = Math.floor(size / PAGE);
    // Lowest addresses first out, so runs are reproducible page for page.
    for (let i = this.frames - 1; i >= 0; i--) this.free.push(base + i * PAGE);
  }

  /** True when `hostAddress` is VMM memory (no guest may ever map it). */
  owns(hostAddress: number): boolean {
    return hostAddress >= this.base && hostAddress < this.base + this.size;
  }

  get freeFrames(): number {
    return this.free.length;
  }

  /** A zeroed frame's host-physical address, or NO_FRAME. */
  allocate(): number {
    const frame = this.free.pop();
    if (frame === undefined) return NO_FRAME;
    this.zero(frame);
    return frame;
  }

  /**
   * `count` zeroed frames in a row whose first is aligned to `count` pages (a G-stage root:
   * four pages, 16 KiB aligned), or NO_FRAME. The lowest such run, so runs stay reproducible.
   */
  allocateContiguous(count: number): number {
    const free = new Set(this.free);
    const align = count * PAGE;
    for (let first = this.base + ((align - (this.base % align)) % align); ; first += align) {
      if (first + align > this.base + this.size) return NO_FRAME;
      let run = 0;
      while (run < count && free.has(first + run * PAGE)) run++;
      if (run < count) continue;
      for (let i = 0; i < count; i++) {
        this.free.splice(this.free.indexOf(first + i * PAGE), 1);
        this.zero(first + i * PAGE);
      }
      return first;
    }
  }

  release(frame: number): void {
    this.free.push(frame);
  }

  /** Zeroes a frame the VMM owns (a shadow root being emptied). */
  zero(frame: number): void {
    const word = (frame - this.bus.ramBase) >>> 2;
    this.bus.ram32.fill(0, word, word + PAGE / 4);
  }

  /** Reads and writes words of VMM frames (page-table entries). */
  read32(hostAddress: number): number {
    return this.bus.ram32[(hostAddress - this.bus.ramBase) >>> 2];
  }

  write32(hostAddress: number, value: number): void {
    this.bus.ram32[(hostAddress - this.bus.ramBase) >>> 2] = value;
  }
}
