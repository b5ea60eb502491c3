import { CreditScheduler, isRefusal, type VcpuId, type WakeHint } from './scheduler';

/**
 * A discrete-event driver for the credit scheduler: harts, vCPUs with simple workloads and a
 * clock in cycles, without a machine. Tests use it to check fairness, caps and latency; the UI
 * can use it to show what a scheduler does before a single guest boots.
 */

export type Workload =
  /** Always has work: runs every cycle it is given. */
  | { readonly kind: 'cpu' }
  /** Runs `burst` cycles, then blocks for `sleep` cycles (Infinity: until an outside wake). */
  | { readonly kind: 'bursty'; readonly burst: number; readonly sleep: number };

export interface OutsideEvent {
  readonly at: number;
  readonly kind: 'wake' | 'pause' | 'unpause';
  readonly vcpu: VcpuId;
}

/** One stretch of a vCPU on a hart. */
export interface Run {
  readonly hart: number;
  readonly vcpu: VcpuId;
  readonly start: number;
  readonly end: number;
}

export interface SimResult {
  readonly runs: readonly Run[];
  /** Cycles each vCPU ran. */
  readonly ran: ReadonlyMap<VcpuId, number>;
}

interface HartState {
  vcpu: VcpuId | null;
  start: number;
  /** When the hart must act next: slice end, a burst's end, or an idle hart's recheck. */
  next: number;
}

/**
 * Runs `scheduler` from time 0 to `until`. Every vCPU in `workloads` must already be added.
 * Ties are broken by a fixed order (outside events, then harts by number), so a simulation is
 * as deterministic as the scheduler.
 */
export function simulate(
  scheduler: CreditScheduler,
  workloads: ReadonlyMap<VcpuId, Workload>,
  until: number,
  events: readonly OutsideEvent[] = [],
): SimResult {
  const harts: HartState[] = Array.from({ length: scheduler.harts }, () => ({
    vcpu: null,
    start: 0,
    next: 0,
  }));
  const burstLeft = new Map<VcpuId, number>();
  const wakeAt = new Map<VcpuId, number>();
  const pending = [...events].sort((a, b) => a.at - b.at);
  const runs: Run[] = [];
  const ran = new Map<VcpuId, number>();
  for (const id of workloads.keys()) ran.set(id, 0);

  const apply = (hint: WakeHint | ReturnType<CreditScheduler['account']>, now: number) => {
    if (hint === undefined || isRefusal(hint) || hint.kind === 'none') return;
    const hart = harts[hint.hart];
    if (hint.kind === 'kick' && hart.vcpu === null) hart.next = now;
    if (hint.kind === 'preempt' && hart.vcpu !== null) hart.next = now;
  };

  const stop = (h: number, now: number) => {
    const hart = harts[h];
    const id = hart.vcpu;
    if (id === null) return;
    const cycles = now - hart.start;
    if (cycles > 0) runs.push({ hart: h, vcpu: id, start: hart.start, end: now });
    ran.set(id, (ran.get(id) ?? 0) + cycles);
    const work = workloads.get(id);
    if (work?.kind === 'bursty') {
      const left = (burstLeft.get(id) ?? work.burst) - cycles;
      if (left <= 0) {
        burstLeft.set(id, work.burst);
        scheduler.block(id, now);
        if (work.sleep !== Infinity) wakeAt.set(id, now + work.sleep);
      } else {
        burstLeft.set(id, left);
      }
    }
    hart.vcpu = null;
    apply(scheduler.account(id, cycles, now), now);
  };

  const start = (h: number, now: number) => {
    const hart = harts[h];
    const pick = scheduler.pick(h, now);
    if (pick.kind === 'idle') {
      hart.next = pick.untilCycles;
      return;
    }
    const work = workloads.get(pick.vcpu);
    const burst = work?.kind === 'bursty' ? (burstLeft.get(pick.vcpu) ?? work.burst) : Infinity;
    hart.vcpu = pick.vcpu;
    hart.start = now;
    hart.next = now + Math.min(pick.sliceCycles, burst);
  };

  for (;;) {
    let now = Infinity;
    for (const hart of harts) now = Math.min(now, hart.next);
    for (const at of wakeAt.values()) now = Math.min(now, at);
    if (pending.length > 0) now = Math.min(now, pending[0].at);
    if (now >= until) break;
    while (pending.length > 0 && pending[0].at === now) {
      const event = pending.shift()!;
      if (event.kind === 'wake') apply(scheduler.wake(event.vcpu, now), now);
      if (event.kind === 'pause') scheduler.pause(event.vcpu, now);
      if (event.kind === 'unpause') apply(scheduler.unpause(event.vcpu, now), now);
    }
    for (const [id, at] of [...wakeAt]) {
      if (at !== now) continue;
      wakeAt.delete(id);
      apply(scheduler.wake(id, now), now);
    }
    for (let h = 0; h < harts.length; h++) {
      if (harts[h].next !== now) continue;
      stop(h, now);
      start(h, now);
    }
  }
  for (let h = 0; h < harts.length; h++) stop(h, until);
  return { runs, ran };
}
