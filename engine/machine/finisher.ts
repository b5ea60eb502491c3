import type { Bus } from './bus';
import { MMIO_FAULT, type MmioDevice } from './device';

const FINISHER_FAIL = 0x3333;
const FINISHER_PASS = 0x5555;
const FINISHER_RESET = 0x7777;

/** What the guest asked the finisher for. */
export type FinisherOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'power-off' }
  | { readonly kind: 'fail'; readonly code: number }
  | { readonly kind: 'reset' };

const NONE: FinisherOutcome = { kind: 'none' };
const POWER_OFF: FinisherOutcome = { kind: 'power-off' };
const RESET: FinisherOutcome = { kind: 'reset' };

export interface FinisherState {
  outcome: FinisherOutcome;
}

/**
 * The sifive_test "finisher": a store to offset 0 of 0x5555 powers off, 0x7777 resets, and
 * (code << 16) | 0x3333 fails with `code`. It records the outcome and asks the CPU to stop at once
 * through `bus.stopRequested`; the machine acts on it. Reads return 0, other values are ignored,
 * as in QEMU.
 */
export class Finisher implements MmioDevice<FinisherState> {
  readonly name = 'finisher';
  outcome: FinisherOutcome = NONE;
  /** Guest accesses, for the lab's MMIO statistics. */
  reads = 0;
  writes = 0;

  constructor(private readonly bus: Bus) {}

  /** Forgets the outcome once the machine has acted on it. */
  clear(): void {
    this.outcome = NONE;
  }

  read(offset: number, width: 1 | 2 | 4): number {
    this.reads++;
    // QEMU's sifive_test accepts 2- and 4-byte accesses only.
    if (width === 1 || (offset & (width - 1)) !== 0) return MMIO_FAULT;
    return 0;
  }

  write(offset: number, width: 1 | 2 | 4, value: number): boolean {
    this.writes++;
    if (width === 1 || (offset & (width - 1)) !== 0) return false;
    if (offset !== 0) return true;
    const status = value & 0xffff;
    if (status === FINISHER_PASS) this.finish(POWER_OFF);
    else if (status === FINISHER_RESET) this.finish(RESET);
    else if (status === FINISHER_FAIL) this.finish({ kind: 'fail', code: (value >>> 16) & 0xffff });
    return true;
  }

  snapshot(): FinisherState {
    return { outcome: this.outcome };
  }

  restore(state: FinisherState): void {
    this.outcome = state.outcome;
  }

  private finish(outcome: FinisherOutcome): void {
    this.outcome = outcome;
    this.bus.stopRequested = true;
  }
}
