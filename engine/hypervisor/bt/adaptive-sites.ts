/** Faults into the VMM from one guest pc before its load or store is first retranslated. */
export const ADAPT_AFTER_FAULTS = 2;
/** Adapted callouts in a row that find the access mapped before the native instruction is back. */
export const UNDO_AFTER_NATIVE = 4;
/** The most an adaptation that had to be undone doubles the faults needed for the next one. */
const MAX_BACKOFF = 10;

/**
 * The bookkeeping of adaptive translation (docs/hypervisor.md, "bt"). Per guest-kernel pc: the
 * loads and stores that faulted into the VMM (MMIO, shadow fills). Per adapted code-cache entry:
 * how many callouts in a row found the access could have run natively. An instruction that
 * faults on nearly every run (MMIO, the first touch of each fresh page) stays adapted; one that
 * faults now and then (once per page it copies) is put back, and needs twice the faults to be
 * adapted again, so it does not flap.
 */
export class AdaptiveSites {
  private readonly faults = new Map<number, number>();
  private readonly backoff = new Map<number, number>();
  /** Adapted entries: the guest pc they were adapted for, and their native runs in a row. */
  private readonly adaptedAt = new Map<number, { pc: number; native: number }>();

  /** A fault into the VMM from the instruction at `pc`; true when it is time to adapt it. */
  faulted(pc: number): boolean {
    const count = (this.faults.get(pc) ?? 0) + 1;
    if (count < ADAPT_AFTER_FAULTS << (this.backoff.get(pc) ?? 0)) {
      this.faults.set(pc, count);
      return false;
    }
    this.faults.delete(pc);
    return true;
  }

  /** Entry `index` became an adapted callout for the instruction at `pc`. */
  adapted(index: number, pc: number): void {
    this.adaptedAt.set(index, { pc, native: 0 });
  }

  /** An adapted callout had to resolve a fault. */
  faultAvoided(index: number): void {
    const site = this.adaptedAt.get(index);
    if (site) site.native = 0;
  }

  /** An adapted callout found its access mapped; true when it is time to undo the adaptation. */
  ranNatively(index: number): boolean {
    const site = this.adaptedAt.get(index);
    if (!site) return false;
    if (++site.native < UNDO_AFTER_NATIVE) return false;
    this.adaptedAt.delete(index);
    this.backoff.set(site.pc, Math.min(MAX_BACKOFF, (this.backoff.get(site.pc) ?? 0) + 1));
    return true;
  }
}
