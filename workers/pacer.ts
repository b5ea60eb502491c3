/** How long the worker sleeps once the guest's clock has caught up with the wall clock. */
export const PACE_SLEEP_MS = 10;
/**
 * How much lag a busy guest may make up at once. A guest that computes runs slower than its
 * clock claims and falls behind the wall clock; it is never let more than this far behind, so
 * a `sleep 1` after a long computation still takes a second.
 */
const MAX_LAG_MS = 50;

/**
 * Keeps a guest's virtual clock in step with the wall clock. The engine advances virtual time
 * by instructions and jumps it to the next timer when every hart waits, so an idle guest would
 * otherwise live through minutes per second, burn a CPU core doing it, and make `sleep 1`
 * return at once. The engine's `run` takes a virtual-time limit and never jumps past it; while
 * every hart waits nothing can observe where a jump stops, so pacing changes when the guest
 * runs, never what it computes.
 */
export class Pacer {
  /** The wall time (performance.now) at which virtual time zero was due. */
  private origin = 0;
  /** Virtual milliseconds per wall-clock millisecond: 1, or less in slow motion. */
  private rate = 1;

  /** Lines virtual time `virtualMs` up with `now` (when the machine starts or resumes). */
  align(virtualMs: number, now: number): void {
    this.origin = now - virtualMs / this.rate;
  }

  /** Slow motion: from `now` on, virtual time runs at `rate` of the wall clock's pace. */
  setRate(rate: number, virtualMs: number, now: number): void {
    this.rate = rate;
    this.align(virtualMs, now);
  }

  /**
   * How far virtual time may go by `now`, in milliseconds; a guest that has fallen more than
   * MAX_LAG_MS behind is treated as on time from MAX_LAG_MS behind.
   */
  limitMs(virtualMs: number, now: number): number {
    const limit = (now - this.origin) * this.rate;
    if (limit - virtualMs <= MAX_LAG_MS) return limit;
    this.align(virtualMs + MAX_LAG_MS, now);
    return virtualMs + MAX_LAG_MS;
  }
}
