/** The least share of the wall clock a worker keeps for its guests, however busy the page is. */
export const MIN_WORKER_SHARE = 0.25;

/**
 * How much of the wall clock a server's worker spends running its guests. A worker whose guests
 * compute flat out takes a whole core; on a machine with two cores, two such workers leave the
 * page's main thread and compositor waiting for a core, and its frames come late even though
 * the page itself has little to do. The page lowers the share while it misses frames, and the
 * worker then rests after each slice. Virtual time comes from instructions, so resting slows
 * only the guests' wall-clock speed, never what they compute.
 */
export class DutyCycle {
  private share = 1;

  /** Sets the share, kept between MIN_WORKER_SHARE and 1. */
  set(share: number): void {
    this.share = Math.min(1, Math.max(MIN_WORKER_SHARE, Number.isFinite(share) ? share : 1));
  }

  /** How long to rest after running `busyMs`, so that running is `share` of the time. */
  restMs(busyMs: number): number {
    return this.share >= 1 ? 0 : (busyMs * (1 - this.share)) / this.share;
  }
}
