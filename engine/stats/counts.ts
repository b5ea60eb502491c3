/**
 * Named counters that start at zero and only grow: exits by cause, hypercalls by name, and so
 * on. Names are whatever the writer chooses; a name never counted does not appear in `toJSON`,
 * so the plain data stays as short as what actually happened.
 */
export class Counts {
  private readonly values = new Map<string, number>();

  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  /** The sum over every name. */
  total(): number {
    let sum = 0;
    for (const value of this.values.values()) sum += value;
    return sum;
  }

  /** Adds every count of `other` into this one (domain totals from their vCPUs). */
  addAll(other: Counts): void {
    for (const [name, value] of other.values) this.add(name, value);
  }

  /** Plain data, names sorted so two runs print alike. */
  toJSON(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of [...this.values.keys()].sort()) out[name] = this.values.get(name) ?? 0;
    return out;
  }
}
