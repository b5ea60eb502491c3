import type { HartCounters } from '../../machine/hart-counters';
import type { Counts } from '../../stats/counts';

const FIELDS = ['walkReferences', 'twoStageTranslations', 'tlbHits', 'tlbMisses'] as const;

/**
 * Moves what a hart's MMU and TLB did into the counters of the vCPU it ran: the hart counts
 * for itself, whoever runs on it, so the VMM takes the difference since it last looked each
 * time the vCPU exits or leaves the hart. Under `hw` the walks are the hardware's two-stage
 * walks (up to eight references per TLB miss), which no VMM price covers: counted, not charged.
 */
export class TranslationCounters {
  private readonly seen = new Float64Array(FIELDS.length);

  /** The vCPU starts on `hart`: later work is measured from here. */
  start(hart: HartCounters): void {
    FIELDS.forEach((field, i) => (this.seen[i] = hart[field]));
  }

  /** Adds the hart's work since `start` (or the last `collect`) to `into`. */
  collect(hart: HartCounters, into: Counts): void {
    FIELDS.forEach((field, i) => {
      const delta = hart[field] - this.seen[i];
      if (delta > 0) into.add(field, delta);
      this.seen[i] = hart[field];
    });
  }
}
