/** One event in a trace: when (virtual time, mtime ticks), who, what. */
export interface TraceEvent {
  readonly mtime: number;
  readonly source: string;
  readonly kind: string;
  readonly detail: string;
}

/**
 * The most recent `capacity` events, oldest first when read. Writing never allocates beyond the
 * event itself and never grows the ring, so a trace left on for hours costs a fixed amount of
 * memory; the UI samples `recent()` a few times a second.
 */
export class TraceRing {
  private readonly events: (TraceEvent | undefined)[];
  private next = 0;
  /** Events ever written, including those the ring has already dropped. */
  written = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`trace capacity must be a positive whole number, got ${capacity}`);
    }
    this.events = new Array<TraceEvent | undefined>(capacity);
  }

  push(event: TraceEvent): void {
    this.events[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.written++;
  }

  /**
   * The events written after the first `seen` that the ring still holds, oldest first: what a
   * reader that has already taken `seen` events has not yet read (see `dropped`).
   */
  since(seen: number): TraceEvent[] {
    return this.recent(Math.max(0, this.written - seen));
  }

  /** How many events written after the first `seen` the ring dropped before they were read. */
  dropped(seen: number): number {
    return Math.max(0, this.written - Math.max(0, seen) - this.capacity);
  }

  /** Up to `limit` of the newest events, oldest first. */
  recent(limit = this.capacity): TraceEvent[] {
    const count = Math.min(limit, this.written, this.capacity);
    const out: TraceEvent[] = [];
    for (let k = count; k > 0; k--) {
      const event = this.events[(this.next - k + this.capacity) % this.capacity];
      if (event) out.push(event);
    }
    return out;
  }
}
