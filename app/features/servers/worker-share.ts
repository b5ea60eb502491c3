import { MIN_WORKER_SHARE } from '../../../workers/server-client';

/** A frame that comes later than this after the one before is missed (bench:ui's target). */
const MISSED_FRAME_MS = 20;
/** Frames are judged a window of this long at a time. */
const WINDOW_MS = 500;
/** Missing more than this fraction of a window's frames costs the workers part of their share. */
const MISSED_TOLERATED = 0.02;
/** A window with misses multiplies the share by this; one without adds SHARE_STEP_UP. */
const SHARE_CUT = 0.7;
const SHARE_STEP_UP = 0.05;
/** A gap this long between frames is a hidden tab or a paused debugger, not a missed frame. */
const GAP_MS = 1_000;

/**
 * The workers' next share of the wall clock (see workers/duty-cycle.ts) after a window of
 * `frames` frames of which `missed` came late: cut quickly while the page stutters, given back
 * slowly while it is smooth, so that it settles where the page just keeps its frames.
 */
export function nextWorkerShare(share: number, frames: number, missed: number): number {
  if (frames === 0) return share;
  const next = missed / frames > MISSED_TOLERATED ? share * SHARE_CUT : share + SHARE_STEP_UP;
  return Math.min(1, Math.max(MIN_WORKER_SHARE, next));
}

type Listener = (share: number) => void;

/**
 * Watches the page's frames while servers run and tells their workers how much of the machine
 * they may take. One watcher for the page; a hidden page (no frames to keep) gives them all.
 */
class WorkerShareWatch {
  private readonly listeners = new Set<Listener>();
  private share = 1;
  private frame = 0;
  private last = 0;
  private windowStart = 0;
  private frames = 0;
  private missed = 0;

  /** Calls `listener` with the share now and whenever it changes; returns the unsubscriber. */
  follow(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.share);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') this.publish(1);
  };

  private start(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
    this.restartWindow(performance.now());
    this.frame = requestAnimationFrame(this.step);
  }

  private stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    cancelAnimationFrame(this.frame);
    this.share = 1;
  }

  private readonly step = (now: number) => {
    const delta = now - this.last;
    this.last = now;
    if (delta > GAP_MS) {
      this.restartWindow(now);
    } else {
      this.frames++;
      if (delta > MISSED_FRAME_MS) this.missed++;
      if (now - this.windowStart >= WINDOW_MS) {
        this.publish(nextWorkerShare(this.share, this.frames, this.missed));
        this.restartWindow(now);
      }
    }
    this.frame = requestAnimationFrame(this.step);
  };

  private restartWindow(now: number): void {
    this.last = now;
    this.windowStart = now;
    this.frames = 0;
    this.missed = 0;
  }

  private publish(share: number): void {
    // Steps finer than a percent are not worth a message to every worker.
    const rounded = Math.round(share * 100) / 100;
    if (rounded === this.share) return;
    this.share = rounded;
    for (const listener of this.listeners) listener(rounded);
  }
}

export const workerShare = new WorkerShareWatch();
