/** Exception cause names (mcause values with the interrupt bit clear), privileged spec 1.12. */
export const EXCEPTION_NAMES: readonly string[] = [
  'instruction-address-misaligned',
  'instruction-access-fault',
  'illegal-instruction',
  'breakpoint',
  'load-address-misaligned',
  'load-access-fault',
  'store-address-misaligned',
  'store-access-fault',
  'ecall-from-u',
  'ecall-from-s',
  'ecall-from-vs',
  'ecall-from-m',
  'instruction-page-fault',
  'load-page-fault',
  'reserved-14',
  'store-page-fault',
  'reserved-16',
  'reserved-17',
  'reserved-18',
  'reserved-19',
  'instruction-guest-page-fault',
  'load-guest-page-fault',
  'virtual-instruction',
  'store-guest-page-fault',
];

/** Interrupt cause names (mcause values with the interrupt bit set). */
export const INTERRUPT_NAMES: readonly string[] = [
  'reserved-0',
  'supervisor-software',
  'virtual-supervisor-software',
  'machine-software',
  'reserved-4',
  'supervisor-timer',
  'virtual-supervisor-timer',
  'machine-timer',
  'reserved-8',
  'supervisor-external',
  'virtual-supervisor-external',
  'machine-external',
  'supervisor-guest-external',
];

export interface HartCountersSummary {
  instructions: number;
  exceptions: Record<string, number>;
  interrupts: Record<string, number>;
  tlbHits: number;
  tlbMisses: number;
  pageWalks: number;
  walkReferences: number;
  twoStageTranslations: number;
}

/**
 * What one hart did, for the lab's statistics. The run loop adds to these once per `run`
 * slice (instructions, TLB hits) or on its rare paths (traps, page walks), never per instruction.
 */
export class HartCounters {
  /** Instructions retired. */
  instructions = 0;
  /** Exceptions taken, by cause. */
  readonly exceptions = new Float64Array(EXCEPTION_NAMES.length);
  /** Interrupts taken, by cause. */
  readonly interrupts = new Float64Array(INTERRUPT_NAMES.length);
  /** Memory accesses and code-page entries served by the hart's translation cache. */
  tlbHits = 0;
  /** Accesses that had to translate the address again (a page walk when paging is on). */
  tlbMisses = 0;
  /** Of the misses, those that walked Sv32 page tables (with V=1: a VS-stage walk under vsatp). */
  pageWalks = 0;
  /**
   * Page-table entries read by walks, of both stages: a two-stage walk reads up to two G-stage
   * PTEs for each VS-stage PTE and two more for the final guest physical address.
   */
  walkReferences = 0;
  /** Of the misses, those translated with V=1 (H extension): VS-stage then G-stage. */
  twoStageTranslations = 0;

  reset(): void {
    this.instructions = 0;
    this.exceptions.fill(0);
    this.interrupts.fill(0);
    this.tlbHits = 0;
    this.tlbMisses = 0;
    this.pageWalks = 0;
    this.walkReferences = 0;
    this.twoStageTranslations = 0;
  }

  /** Plain data with names, leaving out causes that never happened. */
  summary(): HartCountersSummary {
    return {
      instructions: this.instructions,
      exceptions: named(this.exceptions, EXCEPTION_NAMES),
      interrupts: named(this.interrupts, INTERRUPT_NAMES),
      tlbHits: this.tlbHits,
      tlbMisses: this.tlbMisses,
      pageWalks: this.pageWalks,
      walkReferences: this.walkReferences,
      twoStageTranslations: this.twoStageTranslations,
    };
  }
}

function named(counts: Float64Array, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  counts.forEach((count, cause) => {
    if (count !== 0) out[names[cause]] = count;
  });
  return out;
}
