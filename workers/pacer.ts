/** How far the guest's clock may run ahead of the wall clock before the worker sleeps. */
export const PACE_SLACK_MS = 20;
/** How far it may fall behind (a busy guest on a slow emulator) before the lag is forgiven. */
const MAX_LAG_MS = 250;

/**
 * Keeps a guest's virtual clock in step with the wall clock. The engine advances virtual time
 * by instructions and jumps it to the next timer when every hart waits, so an idle guest would
 * otherwise live through minutes per second, burn a CPU core doing it, and make `sleep 1`
 * return at once. Pacing changes when the guest runs, never what it computes: the engine stays
 * deterministic for the same input at the same virtual times.
 */
export class Pacer {
  /** The wall time (performance.now) at which virtual time zero was due. */
  private origin = 0;

  /** Lines virtual time `virtualMs` up with `now` (when the machine starts or resumes). */
  align(virtualMs: number, now: number): void {
    this.origin = now - virtualMs;
  }

  /**
   * Milliseconds by which virtual time is ahead of the wall clock (negative: behind). A guest
   * that has fallen more than MAX_LAG_MS behind is treated as on time from there, so it does
   * not race through a long backlog of timer ticks when it next goes idle.
   */
  ahead(virtualMs: number, now: number): number {
    const ahead = virtualMs - (now - this.origin);
    if (ahead >= -MAX_LAG_MS) return ahead;
    this.origin = now - virtualMs - MAX_LAG_MS;
    return -MAX_LAG_MS;
  }
}
