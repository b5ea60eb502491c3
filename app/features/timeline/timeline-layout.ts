import type { DispatchView } from '../../../workers/server-client';

/** One bar of the timeline: a vCPU on a hart, as fractions (0 to 1) of the window's width. */
export interface TimelineBar {
  readonly vcpu: string;
  readonly domain: string;
  readonly x: number;
  readonly width: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TimelineLayout {
  /** One lane per hart, bars in time order. */
  readonly lanes: readonly (readonly TimelineBar[])[];
  /** Every domain in the dispatch ring, by name: a stable order for colours and the legend. */
  readonly domains: readonly string[];
  /** Each hart's share of the window spent running some vCPU (0 to 1). */
  readonly busy: readonly number[];
}

/**
 * Lays the recent dispatches out over the last `windowMs` of virtual time up to `nowMs`: bars
 * clipped to the window, one lane per hart. Domains are all those the ring holds, ordered by
 * name, so a guest keeps its colour while it comes and goes in the window.
 */
export function layoutTimeline(
  dispatches: readonly DispatchView[],
  nowMs: number,
  windowMs: number,
  harts: number,
): TimelineLayout {
  const from = nowMs - windowMs;
  const lanes: TimelineBar[][] = Array.from({ length: harts }, () => []);
  const busyMs = new Array<number>(harts).fill(0);
  const domains = new Set<string>();
  for (const d of dispatches) {
    domains.add(d.domain);
    // A vCPU that ran for less than the clock's step (it blocked at once) still ran: kept, and
    // drawn at the least visible width.
    if (d.hart < 0 || d.hart >= harts || d.endMs < from || d.startMs > nowMs) continue;
    const start = Math.max(d.startMs, from);
    const end = Math.min(d.endMs, nowMs);
    lanes[d.hart].push({
      vcpu: d.vcpu,
      domain: d.domain,
      x: (start - from) / windowMs,
      width: (end - start) / windowMs,
      startMs: d.startMs,
      endMs: d.endMs,
    });
    busyMs[d.hart] += end - start;
  }
  for (const lane of lanes) lane.sort((a, b) => a.x - b.x);
  return {
    lanes,
    domains: [...domains].sort(),
    busy: busyMs.map((ms) => Math.min(1, ms / windowMs)),
  };
}
