/** One stretch of virtual time during which a vCPU ran on a hart. */
export interface DispatchInterval {
  readonly hart: number;
  /** The vCPU's label (`domain.n`) and its domain's name. */
  readonly vcpu: string;
  readonly domain: string;
  /** Virtual time in mtime ticks; `end` is the sample's time for a vCPU still on its hart. */
  readonly start: number;
  readonly end: number;
}

interface Entry {
  hart: number;
  vcpu: string;
  domain: string;
  start: number;
  end: number;
  /** Its position in the order of writing, to tell whether the ring still holds it. */
  seq: number;
}

/**
 * Which vCPU ran on which hart, for the page's timeline: the newest `capacity` intervals, as
 * the credit scheduler's picks put vCPUs on harts and took them off. A vCPU that gets its own
 * hart again at the instant it left (a slice continued) extends its interval rather than
 * starting a new one, so the ring holds real switches, not slice boundaries. Written once per
 * dispatch, never per instruction.
 */
export class DispatchHistory {
  private readonly ring: (Entry | undefined)[];
  private written = 0;
  /** Per hart: the interval running now, and the last one that ended. */
  private readonly open: (Entry | undefined)[];
  private readonly lastClosed: (Entry | undefined)[];
  /** Per hart: when the run now on it began (an extended interval began earlier). */
  private readonly openedAt: number[];

  constructor(
    harts: number,
    readonly capacity = 256,
  ) {
    this.ring = new Array<Entry | undefined>(capacity);
    this.open = new Array<Entry | undefined>(harts);
    this.lastClosed = new Array<Entry | undefined>(harts);
    this.openedAt = new Array<number>(harts).fill(0);
  }

  /**
   * A vCPU was put on `hart` at `mtime`; not before the last one left it, since the clock moves
   * in rounds while a run's own length is measured in cycles (see `end`).
   */
  begin(hart: number, vcpu: string, domain: string, mtime: number): void {
    this.end(hart, mtime);
    const last = this.lastClosed[hart];
    const start = Math.max(mtime, last?.end ?? mtime);
    if (last && last.vcpu === vcpu && last.end === start && this.holds(last)) {
      this.open[hart] = last;
      this.openedAt[hart] = start;
      return;
    }
    const entry: Entry = { hart, vcpu, domain, start, end: start, seq: this.written };
    this.ring[this.written % this.capacity] = entry;
    this.written++;
    this.open[hart] = entry;
    this.openedAt[hart] = start;
  }

  /**
   * Whatever ran on `hart` left it at `mtime` (nothing happens if the hart was idle). `ranTicks`
   * is how long it ran by the hart's cycle counter: the machine's clock advances a round at a
   * time, so a vCPU that ran a few hundred instructions and blocked would otherwise seem to have
   * taken no time at all.
   */
  end(hart: number, mtime: number, ranTicks = 0): void {
    const entry = this.open[hart];
    if (!entry) return;
    entry.end = Math.max(mtime, this.openedAt[hart] + ranTicks);
    this.open[hart] = undefined;
    this.lastClosed[hart] = entry;
  }

  /** The intervals the ring holds, oldest first, those still running ending at `now`. */
  recent(now: number): DispatchInterval[] {
    const out: DispatchInterval[] = [];
    const count = Math.min(this.written, this.capacity);
    for (let k = count; k > 0; k--) {
      const entry = this.ring[(this.written - k) % this.capacity];
      if (!entry) continue;
      const running = this.open[entry.hart] === entry;
      out.push({
        hart: entry.hart,
        vcpu: entry.vcpu,
        domain: entry.domain,
        start: entry.start,
        end: running ? Math.max(entry.end, now) : entry.end,
      });
    }
    return out;
  }

  private holds(entry: Entry): boolean {
    return entry.seq >= this.written - this.capacity;
  }
}
