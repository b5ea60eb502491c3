import { MMIO_FAULT, type MmioDevice } from './device';

/** Interrupt sources 1..95 exist, as on QEMU virt (riscv,ndev = 96 counts source 0 too). */
export const PLIC_SOURCES = 96;
/** Priorities 0..7 (three priority bits, as QEMU virt). Priority 0 means "never interrupt". */
export const PLIC_MAX_PRIORITY = 7;

const PRIORITY_BASE = 0x0;
const PENDING_BASE = 0x1000;
const ENABLE_BASE = 0x2000;
const ENABLE_STRIDE = 0x80;
const CONTEXT_BASE = 0x20_0000;
const CONTEXT_STRIDE = 0x1000;

const WORDS = PLIC_SOURCES / 32;

/** Machine-mode and supervisor-mode external interrupt bits in mip. */
const MEIP = 11;
const SEIP = 9;

export interface PlicState {
  priority: number[];
  level: number[];
  pending: number[];
  claimed: number[];
  enable: number[];
  threshold: number[];
}

/**
 * The platform-level interrupt controller in QEMU virt's layout: two contexts per hart, context
 * 2h is hart h's M-mode (drives MEIP) and 2h+1 its S-mode (drives SEIP). Sources are level
 * triggered: a device asserting its line sets the pending bit; a claim takes the pending bit and
 * holds the source until the matching complete, after which a source still high is pending
 * again. Register-visible details follow QEMU's sifive_plic, the oracle, where it is laxer than
 * the spec (the enable bit of source 0 is writable, pending shows while claimed).
 */
export class Plic implements MmioDevice<PlicState> {
  readonly name = 'plic';
  readonly contexts: number;

  private readonly priority = new Uint8Array(PLIC_SOURCES);
  private readonly level = new Uint32Array(WORDS);
  private readonly pending = new Uint32Array(WORDS);
  private readonly claimed = new Uint32Array(WORDS);
  private readonly enable: Uint32Array;
  private readonly threshold: Uint8Array;
  private readonly output: Uint8Array;

  claims = 0;
  /** Guest accesses, for the lab's MMIO statistics. */
  reads = 0;
  writes = 0;

  /** @param setLine raises or lowers interrupt `bit` of hart `hart`; called on changes only. */
  constructor(
    readonly harts: number,
    private readonly setLine: (hart: number, bit: number, level: boolean) => void,
  ) {
    this.contexts = harts * 2;
    this.enable = new Uint32Array(this.contexts * WORDS);
    this.threshold = new Uint8Array(this.contexts);
    this.output = new Uint8Array(this.contexts);
  }

  reset(): void {
    this.priority.fill(0);
    this.pending.fill(0);
    this.claimed.fill(0);
    this.enable.fill(0);
    this.threshold.fill(0);
    // Source levels are wires from devices, not PLIC state; re-latch those that are high.
    for (let w = 0; w < WORDS; w++) this.pending[w] = this.level[w];
    this.updateOutputs();
  }

  /** A device's interrupt wire. */
  setSourceLevel(source: number, high: boolean): void {
    if (source <= 0 || source >= PLIC_SOURCES) throw new RangeError(`no PLIC source ${source}`);
    const word = source >>> 5;
    const bit = 1 << (source & 31);
    if (high) {
      // Every assertion latches pending, even while claimed (QEMU does the same, and the UART
      // re-asserts on each register access as QEMU's does); a claimed source still cannot
      // interrupt or be claimed again until it is completed.
      this.level[word] |= bit;
      this.pending[word] |= bit;
    } else {
      this.level[word] &= ~bit;
      this.pending[word] &= ~bit;
    }
    this.updateOutputs();
  }

  read(offset: number, width: 1 | 2 | 4): number {
    this.reads++;
    if (width !== 4 || (offset & 3) !== 0) return MMIO_FAULT;
    if (offset < PENDING_BASE) {
      const source = (offset - PRIORITY_BASE) >>> 2;
      return source < PLIC_SOURCES ? this.priority[source] : 0;
    }
    if (offset < ENABLE_BASE) {
      const word = (offset - PENDING_BASE) >>> 2;
      return word < WORDS ? this.pending[word] >>> 0 : 0;
    }
    if (offset < CONTEXT_BASE) {
      const context = Math.floor((offset - ENABLE_BASE) / ENABLE_STRIDE);
      const word = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
      if (context >= this.contexts || word >= WORDS) return 0;
      return this.enable[context * WORDS + word] >>> 0;
    }
    const context = Math.floor((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
    if (context >= this.contexts) return 0;
    switch ((offset - CONTEXT_BASE) % CONTEXT_STRIDE) {
      case 0:
        return this.threshold[context];
      case 4:
        return this.claim(context);
      default:
        return 0;
    }
  }

  write(offset: number, width: 1 | 2 | 4, value: number): boolean {
    this.writes++;
    if (width !== 4 || (offset & 3) !== 0) return false;
    if (offset < PENDING_BASE) {
      const source = (offset - PRIORITY_BASE) >>> 2;
      if (source > 0 && source < PLIC_SOURCES) this.priority[source] = value & PLIC_MAX_PRIORITY;
    } else if (offset < ENABLE_BASE) {
      // Pending bits are read-only; only the gateways set them.
    } else if (offset < CONTEXT_BASE) {
      const context = Math.floor((offset - ENABLE_BASE) / ENABLE_STRIDE);
      const word = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
      if (context < this.contexts && word < WORDS) {
        // Source 0 never pends, so its enable bit is harmless; QEMU lets it be written too.
        this.enable[context * WORDS + word] = value;
      }
    } else {
      const context = Math.floor((offset - CONTEXT_BASE) / CONTEXT_STRIDE);
      if (context >= this.contexts) return true;
      const register = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
      if (register === 0) this.threshold[context] = value & PLIC_MAX_PRIORITY;
      else if (register === 4) this.complete(context, value >>> 0);
    }
    this.updateOutputs();
    return true;
  }

  snapshot(): PlicState {
    return {
      priority: Array.from(this.priority),
      level: Array.from(this.level),
      pending: Array.from(this.pending),
      claimed: Array.from(this.claimed),
      enable: Array.from(this.enable),
      threshold: Array.from(this.threshold),
    };
  }

  restore(state: PlicState): void {
    this.priority.set(state.priority);
    this.level.set(state.level);
    this.pending.set(state.pending);
    this.claimed.set(state.claimed);
    this.enable.set(state.enable);
    this.threshold.set(state.threshold);
    this.updateOutputs();
  }

  /** The highest-priority pending, enabled source above the threshold (lowest id on ties), or 0. */
  private best(context: number): number {
    let bestSource = 0;
    let bestPriority = this.threshold[context];
    const enables = context * WORDS;
    for (let w = 0; w < WORDS; w++) {
      let bits = this.pending[w] & ~this.claimed[w] & this.enable[enables + w];
      while (bits !== 0) {
        const low = bits & -bits;
        const source = (w << 5) | (31 - Math.clz32(low));
        if (this.priority[source] > bestPriority) {
          bestPriority = this.priority[source];
          bestSource = source;
        }
        bits ^= low;
      }
    }
    return bestSource;
  }

  private claim(context: number): number {
    const source = this.best(context);
    if (source !== 0) {
      const bit = 1 << (source & 31);
      this.pending[source >>> 5] &= ~bit;
      this.claimed[source >>> 5] |= bit;
      this.claims++;
      this.updateOutputs();
    }
    return source;
  }

  private complete(context: number, source: number): void {
    if (source === 0 || source >= PLIC_SOURCES) return;
    const word = source >>> 5;
    const bit = 1 << (source & 31);
    // The spec ignores a completion for a source not enabled for this context.
    if (!(this.enable[context * WORDS + word] & bit)) return;
    this.claimed[word] &= ~bit;
    if (this.level[word] & bit) this.pending[word] |= bit;
  }

  private updateOutputs(): void {
    for (let context = 0; context < this.contexts; context++) {
      const high = this.best(context) !== 0 ? 1 : 0;
      if (high !== this.output[context]) {
        this.output[context] = high;
        this.setLine(context >>> 1, context & 1 ? SEIP : MEIP, high === 1);
      }
    }
  }
}
