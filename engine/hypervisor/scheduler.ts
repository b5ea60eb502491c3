import { shareByWeight } from './credit-shares';
import {
  DEFAULT_PERIOD_CYCLES,
  DEFAULT_SLICE_CYCLES,
  DEFAULT_WEIGHT,
  NO_HINT,
  checkCap,
  checkWeight,
  normalizePins,
  positive,
  type Decision,
  type DecisionReason,
  type DomainId,
  type DomainOptions,
  type Pick,
  type Priority,
  type Refusal,
  type SchedulerConfig,
  type VcpuId,
  type VcpuOptions,
  type VcpuSnapshot,
  type VcpuState,
  type WakeHint,
} from './scheduler-types';

/**
 * A credit scheduler in the manner of Xen's credit1, in virtual time (cycles) and with no
 * knowledge of CPUs or memory: it sees vCPUs, domains, harts and a clock, and tells the VMM which
 * vCPU a hart runs next and for how long. Deterministic: the same calls give the same decisions.
 *
 * Protocol (docs/scheduler.md): when a hart needs work the VMM calls
 * `pick(hart, now)`; it runs the vCPU for at most `sliceCycles` (less if the vCPU blocks or a
 * wake asks for preemption), then calls `account(vcpu, ranCycles, now)`, which burns credit and
 * puts a still-runnable vCPU back on a run queue. State changes (`wake`, `block`, `pause`, …)
 * may come at any time, also for a vCPU on a hart.
 */

export * from './scheduler-types';

interface Vcpu {
  readonly id: VcpuId;
  readonly domain: Domain;
  state: VcpuState;
  credit: number;
  boosted: boolean;
  /** Set when the vCPU has something to do in this period; only active domains get credit. */
  active: boolean;
  pinned: number[] | null;
  home: number;
  /** The slice reserved against its domain's cap while it runs. */
  reserved: number;
  ranCycles: number;
  /** Order of arrival on a queue, for round robin within a priority. */
  queuedAt: number;
}

interface Domain {
  readonly id: DomainId;
  weight: number;
  cap: number;
  vcpus: Vcpu[];
  /** Cycles used and reserved (running slices) in the current period, for the cap. */
  used: number;
  reserved: number;
  parked: boolean;
}

const PRIORITY_RANK: Record<Priority, number> = { boost: 2, under: 1, over: 0 };

export class CreditScheduler {
  readonly harts: number;
  readonly periodCycles: number;
  readonly sliceCycles: number;

  private readonly domains = new Map<DomainId, Domain>();
  private readonly vcpus = new Map<VcpuId, Vcpu>();
  /** One run queue per hart, kept in priority order, first come first served within one. */
  private readonly queues: Vcpu[][];
  /** The vCPU each hart runs now. */
  private readonly running: (Vcpu | null)[];
  /**
   * Harts this scheduler asked the VMM to kick and that have not picked since: idle, and about
   * to take the work queued for them (so another hart must not steal it, as in credit1).
   */
  private readonly tickled: boolean[];
  private nextPeriodAt: number;
  private queueSeq = 0;
  private readonly traceLimit: number;
  private readonly trace: Decision[] = [];
  private decisionCount = 0;

  constructor(config: SchedulerConfig) {
    if (!Number.isInteger(config.harts) || config.harts < 1) {
      throw new RangeError(`scheduler: harts must be a whole number ≥ 1, got ${config.harts}`);
    }
    this.harts = config.harts;
    this.periodCycles = positive('periodCycles', config.periodCycles ?? DEFAULT_PERIOD_CYCLES);
    this.sliceCycles = positive('sliceCycles', config.sliceCycles ?? DEFAULT_SLICE_CYCLES);
    this.traceLimit = config.traceLimit ?? 4096;
    this.queues = Array.from({ length: this.harts }, () => []);
    this.running = Array.from({ length: this.harts }, () => null);
    this.tickled = Array.from({ length: this.harts }, () => false);
    // The first period starts at the first call, so vCPUs added before it get credit at once.
    this.nextPeriodAt = 0;
  }

  // ---- domains and vCPUs -------------------------------------------------------------------

  addDomain(id: DomainId, options: DomainOptions = {}): Refusal | undefined {
    if (this.domains.has(id)) return { refused: `domain ${id} already exists` };
    const weight = options.weight ?? DEFAULT_WEIGHT;
    const cap = options.cap ?? 0;
    const bad = checkWeight(weight) ?? checkCap(cap);
    if (bad) return bad;
    this.domains.set(id, { id, weight, cap, vcpus: [], used: 0, reserved: 0, parked: false });
    return undefined;
  }

  /** Removes a domain and its vCPUs (a domain destroyed by dom0 or crashed for good). */
  removeDomain(id: DomainId, now: number): Refusal | undefined {
    const domain = this.domains.get(id);
    if (!domain) return { refused: `no domain ${id}` };
    for (const vcpu of [...domain.vcpus]) this.removeVcpu(vcpu.id, now);
    this.domains.delete(id);
    return undefined;
  }

  addVcpu(options: VcpuOptions): Refusal | undefined {
    const domain = this.domains.get(options.domain);
    if (!domain) return { refused: `no domain ${options.domain} for vCPU ${options.id}` };
    if (this.vcpus.has(options.id)) return { refused: `vCPU ${options.id} already exists` };
    const pinned = normalizePins(options.pinned);
    const badPin = pinned && this.checkPins(pinned);
    if (badPin) return badPin;
    const vcpu: Vcpu = {
      id: options.id,
      domain,
      state: options.state ?? 'runnable',
      credit: 0,
      boosted: false,
      active: options.state === undefined || options.state === 'runnable',
      pinned,
      home: 0,
      reserved: 0,
      ranCycles: 0,
      queuedAt: 0,
    };
    vcpu.home = this.leastLoaded(vcpu);
    domain.vcpus.push(vcpu);
    this.vcpus.set(vcpu.id, vcpu);
    if (vcpu.state === 'runnable') this.enqueue(vcpu);
    return undefined;
  }

  /** Forgets a vCPU; if it is on a hart, that hart's next `account` for it is ignored. */
  removeVcpu(id: VcpuId, now: number): Refusal | undefined {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    this.halt(id, now);
    const hart = this.running.indexOf(vcpu);
    if (hart >= 0) {
      // Its hart is free at once; the VMM's later `account` for it is ignored.
      this.running[hart] = null;
      vcpu.domain.reserved -= vcpu.reserved;
    }
    this.vcpus.delete(id);
    const list = vcpu.domain.vcpus;
    list.splice(list.indexOf(vcpu), 1);
    return undefined;
  }

  setWeight(domain: DomainId, weight: number): Refusal | undefined {
    const d = this.domains.get(domain);
    if (!d) return { refused: `no domain ${domain}` };
    const bad = checkWeight(weight);
    if (bad) return bad;
    d.weight = weight;
    return undefined;
  }

  /** Takes effect at once for the budget check and in full from the next period. */
  setCap(domain: DomainId, cap: number): Refusal | undefined {
    const d = this.domains.get(domain);
    if (!d) return { refused: `no domain ${domain}` };
    const bad = checkCap(cap);
    if (bad) return bad;
    d.cap = cap;
    if (cap === 0) d.parked = false;
    return undefined;
  }

  /** Pins a vCPU to a set of harts (null or empty: no pinning). A queued vCPU moves if it must. */
  pin(id: VcpuId, harts: readonly number[] | null): Refusal | undefined {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    const pinned = normalizePins(harts ?? undefined);
    const bad = pinned && this.checkPins(pinned);
    if (bad) return bad;
    vcpu.pinned = pinned;
    if (this.allowed(vcpu, vcpu.home)) return undefined;
    // A running vCPU finishes its slice where it is; `account` then queues it on an allowed hart.
    if (vcpu.state === 'runnable') this.dequeue(vcpu);
    vcpu.home = this.leastLoaded(vcpu);
    if (vcpu.state === 'runnable') this.enqueue(vcpu);
    return undefined;
  }

  // ---- state changes ---------------------------------------------------------------------

  /**
   * A blocked vCPU has work again (a virtual interrupt is pending). With credit left it gets
   * BOOST priority, so an interactive guest answers at once; the hint says which hart to kick
   * or preempt. Waking a runnable or running vCPU changes nothing.
   */
  wake(id: VcpuId, now: number): WakeHint | Refusal {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    if (vcpu.state === 'paused' || vcpu.state === 'halted') {
      return { refused: `vCPU ${id} is ${vcpu.state}; only a blocked vCPU can be woken` };
    }
    if (vcpu.state !== 'blocked') return NO_HINT;
    this.rollPeriods(now);
    if (this.isOnHart(vcpu)) {
      // Woken before its hart accounted for it: it never left, so it simply runs on.
      vcpu.state = 'running';
      this.record(now, this.hartOf(vcpu), vcpu, 'wake', vcpu.credit);
      return NO_HINT;
    }
    vcpu.state = 'runnable';
    vcpu.active = true;
    vcpu.boosted = vcpu.credit >= 0;
    this.record(now, null, vcpu, 'wake', vcpu.credit);
    this.placeWoken(vcpu);
    this.enqueue(vcpu);
    return this.hintFor(vcpu, now);
  }

  /** The vCPU waits for an interrupt (WFI, a block hypercall). It may be on a hart now. */
  block(id: VcpuId, now: number): Refusal | undefined {
    return this.leaveRunnable(id, now, 'blocked', 'block');
  }

  /** dom0 or the UI pauses a vCPU; only `unpause` brings it back. */
  pause(id: VcpuId, now: number): Refusal | undefined {
    return this.leaveRunnable(id, now, 'paused', 'pause');
  }

  unpause(id: VcpuId, now: number): WakeHint | Refusal {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    if (vcpu.state !== 'paused') return { refused: `vCPU ${id} is ${vcpu.state}, not paused` };
    this.rollPeriods(now);
    vcpu.active = true;
    this.record(now, this.hartOf(vcpu), vcpu, 'unpause');
    if (this.isOnHart(vcpu)) {
      // Paused and unpaused before its hart accounted for it: it runs on.
      vcpu.state = 'running';
      return NO_HINT;
    }
    vcpu.state = 'runnable';
    this.enqueue(vcpu);
    return this.hintFor(vcpu, now);
  }

  /** The vCPU's domain shut down or crashed: it never runs again. */
  halt(id: VcpuId, now: number): Refusal | undefined {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    if (vcpu.state === 'halted') return undefined;
    if (vcpu.state === 'runnable' && !this.isOnHart(vcpu)) this.dequeue(vcpu);
    vcpu.state = 'halted';
    this.record(now, null, vcpu, 'halt');
    return undefined;
  }

  // ---- the scheduling decisions ----------------------------------------------------------

  /**
   * What `hart` runs next. A vCPU still on the hart (its `account` not yet called) is accounted
   * as having run nothing more and goes back on a queue first.
   */
  pick(hart: number, now: number): Pick {
    this.checkHart(hart);
    this.tickled[hart] = false;
    const current = this.running[hart];
    if (current) this.account(current.id, 0, now);
    this.rollPeriods(now);
    const local = this.bestOn(hart, hart);
    let chosen = local;
    let stolen = false;
    // Work conserving: a hart that would idle or run an OVER vCPU takes better work from others.
    if (!chosen || this.priorityOf(chosen) === 'over') {
      const remote = this.stealFor(hart, chosen);
      if (remote) {
        chosen = remote;
        stolen = true;
      }
    }
    if (!chosen) {
      this.record(now, hart, null, 'idle');
      return { kind: 'idle', untilCycles: this.anyParkedFor(hart) ? this.nextPeriodAt : Infinity };
    }
    this.dequeue(chosen);
    chosen.home = hart;
    const priority = this.priorityOf(chosen);
    const domain = chosen.domain;
    let slice = this.sliceCycles;
    if (domain.cap > 0)
      slice = Math.min(slice, this.capBudget(domain) - domain.used - domain.reserved);
    chosen.reserved = slice;
    domain.reserved += slice;
    chosen.state = 'running';
    this.running[hart] = chosen;
    this.record(now, hart, chosen, stolen ? 'steal' : priority, slice);
    return { kind: 'run', vcpu: chosen.id, domain: domain.id, sliceCycles: slice, priority };
  }

  /**
   * The vCPU has been off its hart since `now` after running `ranCycles`: burn that much credit
   * (and cap budget), drop its boost, and queue it again at the tail of its priority if it is
   * still runnable. Ignored (no refusal) for a vCPU removed meanwhile.
   */
  account(id: VcpuId, ranCycles: number, now: number): WakeHint | Refusal {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return NO_HINT;
    if (!Number.isFinite(ranCycles) || ranCycles < 0) {
      return { refused: `ran cycles must be ≥ 0, got ${ranCycles}` };
    }
    const hart = this.running.indexOf(vcpu);
    if (hart < 0) return { refused: `vCPU ${id} is not on a hart` };
    this.running[hart] = null;
    const domain = vcpu.domain;
    domain.reserved -= vcpu.reserved;
    vcpu.reserved = 0;
    domain.used += ranCycles;
    vcpu.credit -= ranCycles;
    vcpu.ranCycles += ranCycles;
    vcpu.boosted = false;
    if (ranCycles > 0) vcpu.active = true;
    if (domain.cap > 0 && !domain.parked && domain.used >= this.capBudget(domain)) {
      domain.parked = true;
      this.record(now, hart, vcpu, 'park', domain.used);
    }
    this.rollPeriods(now);
    if (vcpu.state !== 'running') return NO_HINT;
    vcpu.state = 'runnable';
    if (!this.allowed(vcpu, vcpu.home)) vcpu.home = this.leastLoaded(vcpu);
    // Work conserving: another hart sits idle, so the vCPU goes there rather than waiting here.
    // (Only when something else waits here, or the harts would pass it back and forth.)
    const idle = this.bestOn(hart, hart) ? this.idleHartFor(vcpu, hart) : -1;
    if (idle >= 0) vcpu.home = idle;
    this.enqueue(vcpu);
    if (idle < 0 || !this.eligible(vcpu)) return NO_HINT;
    return this.tickle(idle, vcpu, now);
  }

  // ---- what the UI and tests see ---------------------------------------------------------

  /** The decisions recorded so far (at most `traceLimit`, oldest first). */
  decisions(): readonly Decision[] {
    return this.trace;
  }

  /** Decisions ever recorded, including those dropped from the trace. */
  get decisionsRecorded(): number {
    return this.decisionCount;
  }

  vcpu(id: VcpuId): VcpuSnapshot | undefined {
    const v = this.vcpus.get(id);
    if (!v) return undefined;
    return {
      id: v.id,
      domain: v.domain.id,
      state: v.state,
      priority: this.priorityOf(v),
      credit: v.credit,
      hart: v.home,
      pinned: v.pinned ? [...v.pinned] : null,
      ranCycles: v.ranCycles,
    };
  }

  snapshot(): VcpuSnapshot[] {
    return [...this.vcpus.keys()].flatMap((id) => this.vcpu(id) ?? []);
  }

  /** The start of the next accounting period. */
  get nextPeriod(): number {
    return this.nextPeriodAt;
  }

  // ---- inside ----------------------------------------------------------------------------

  private leaveRunnable(
    id: VcpuId,
    now: number,
    to: 'blocked' | 'paused',
    reason: DecisionReason,
  ): Refusal | undefined {
    const vcpu = this.vcpus.get(id);
    if (!vcpu) return { refused: `no vCPU ${id}` };
    if (vcpu.state === 'halted') return { refused: `vCPU ${id} is halted` };
    if (vcpu.state === to) return undefined;
    if (to === 'blocked' && vcpu.state === 'paused') {
      return { refused: `vCPU ${id} is paused; it cannot block` };
    }
    if (vcpu.state === 'runnable') this.dequeue(vcpu);
    // A vCPU on a hart stays there until `account`; it is simply not queued again.
    vcpu.state = to;
    vcpu.boosted = false;
    this.record(now, this.hartOf(vcpu), vcpu, reason, vcpu.credit);
    return undefined;
  }

  /**
   * Shares out credits for every period boundary passed. Each active domain gets the period's
   * cycles of all harts in proportion to its weight, limited to what its vCPUs (and its cap) can
   * use, the excess going to the others; its active vCPUs split it evenly. A vCPU's credit never
   * exceeds one period's share, so a vCPU that slept cannot bank time, while debt carries over.
   */
  private rollPeriods(now: number): void {
    if (now < this.nextPeriodAt) return;
    const periods = Math.floor((now - this.nextPeriodAt) / this.periodCycles) + 1;
    const boundary = this.nextPeriodAt + (periods - 1) * this.periodCycles;
    this.nextPeriodAt += periods * this.periodCycles;
    const shares = this.shares();
    for (const domain of this.domains.values()) {
      domain.used = 0;
      domain.parked = false;
      const share = shares.get(domain) ?? 0;
      const active = domain.vcpus.filter((v) => v.active);
      const each = active.length > 0 ? Math.floor(share / active.length) : 0;
      for (const vcpu of domain.vcpus) {
        // A vCPU that wanted no CPU for a whole period neither banks credit nor keeps its debt.
        vcpu.credit = vcpu.active ? Math.min(vcpu.credit + each, each) : 0;
        // Idle until proven otherwise: it becomes active again when it runs or wakes.
        vcpu.active = this.wantsCpu(vcpu);
      }
    }
    for (const queue of this.queues) this.sortQueue(queue);
    this.record(boundary, null, null, 'period');
  }

  private shares(): Map<Domain, number> {
    const open = [...this.domains.values()].filter((d) => d.vcpus.some((v) => v.active));
    const claims = open.map((d) => ({ weight: d.weight, limit: this.limitOf(d) }));
    const shares = shareByWeight(this.periodCycles * this.harts, claims);
    return new Map(open.map((d, i) => [d, shares[i]]));
  }

  /** The most a domain can use in a period: its active vCPUs' harts, or its cap. */
  private limitOf(domain: Domain): number {
    const active = domain.vcpus.filter((v) => v.active).length;
    const byVcpus = active * this.periodCycles;
    return domain.cap > 0 ? Math.min(byVcpus, this.capBudget(domain)) : byVcpus;
  }

  private capBudget(domain: Domain): number {
    return Math.floor((this.periodCycles * domain.cap) / 100);
  }

  private wantsCpu(vcpu: Vcpu): boolean {
    return vcpu.state === 'runnable' || vcpu.state === 'running';
  }

  private priorityOf(vcpu: Vcpu): Priority {
    if (vcpu.boosted) return 'boost';
    return vcpu.credit > 0 ? 'under' : 'over';
  }

  /** The best vCPU on `queue`'s hart that may run on `hart` now (not parked, allowed there). */
  private bestOn(queueHart: number, hart: number): Vcpu | undefined {
    return this.queues[queueHart].find((v) => this.eligible(v) && this.allowed(v, hart));
  }

  /** Not held back by its domain's cap: no parked domain, and budget left beyond running slices. */
  private eligible(vcpu: Vcpu): boolean {
    const domain = vcpu.domain;
    if (domain.cap === 0) return true;
    return !domain.parked && this.capBudget(domain) - domain.used - domain.reserved > 0;
  }

  /**
   * A better vCPU from another hart's queue, looking at harts in order after this one. Not from
   * a kicked idle hart: it is about to run that vCPU itself (credit1's csched_runq_steal skips
   * idle pcpus). Stealing it would put every woken vCPU on whichever hart the machine steps
   * first, and leave the kicked hart to find nothing.
   */
  private stealFor(hart: number, local: Vcpu | undefined): Vcpu | undefined {
    const floor = local ? PRIORITY_RANK[this.priorityOf(local)] : -1;
    let best: Vcpu | undefined;
    for (let step = 1; step < this.harts; step++) {
      const other = (hart + step) % this.harts;
      if (this.tickled[other] && this.running[other] === null) continue;
      const candidate = this.bestOn(other, hart);
      if (!candidate) continue;
      const rank = PRIORITY_RANK[this.priorityOf(candidate)];
      if (rank > floor && (!best || rank > PRIORITY_RANK[this.priorityOf(best)])) best = candidate;
    }
    return best;
  }

  private anyParkedFor(hart: number): boolean {
    for (const queue of this.queues) {
      if (queue.some((v) => !this.eligible(v) && this.allowed(v, hart))) return true;
    }
    return false;
  }

  /** A woken vCPU goes to an idle hart it may use if there is one, so it runs at once. */
  private placeWoken(vcpu: Vcpu): void {
    if (this.allowed(vcpu, vcpu.home) && this.isIdle(vcpu.home)) return;
    for (let hart = 0; hart < this.harts; hart++) {
      if (this.isIdle(hart) && this.allowed(vcpu, hart)) {
        vcpu.home = hart;
        return;
      }
    }
    if (!this.allowed(vcpu, vcpu.home)) vcpu.home = this.leastLoaded(vcpu);
  }

  private hintFor(vcpu: Vcpu, now: number): WakeHint {
    if (!this.eligible(vcpu)) return NO_HINT;
    if (this.running[vcpu.home] === null) return this.tickle(vcpu.home, vcpu, now);
    // Preempt the allowed hart whose current vCPU has the lowest priority below ours.
    const rank = PRIORITY_RANK[this.priorityOf(vcpu)];
    let target = -1;
    let targetRank = rank;
    for (let hart = 0; hart < this.harts; hart++) {
      const current = this.running[hart];
      if (!current || !this.allowed(vcpu, hart)) continue;
      const r = PRIORITY_RANK[this.priorityOf(current)];
      if (r < targetRank) {
        target = hart;
        targetRank = r;
      }
    }
    if (target < 0) return NO_HINT;
    this.dequeue(vcpu);
    vcpu.home = target;
    this.enqueue(vcpu);
    this.record(now, target, vcpu, 'preempt');
    return { kind: 'preempt', hart: target };
  }

  /** Asks the VMM to wake idle `hart` for `vcpu`, queued there; no other hart steals it now. */
  private tickle(hart: number, vcpu: Vcpu, now: number): WakeHint {
    this.tickled[hart] = true;
    this.record(now, hart, vcpu, 'kick');
    return { kind: 'kick', hart };
  }

  /** An allowed hart other than `except` with nothing running and nothing queued, or -1. */
  private idleHartFor(vcpu: Vcpu, except: number): number {
    for (let hart = 0; hart < this.harts; hart++) {
      if (hart !== except && this.allowed(vcpu, hart) && this.isIdle(hart)) return hart;
    }
    return -1;
  }

  private isIdle(hart: number): boolean {
    return this.running[hart] === null && this.queues[hart].length === 0;
  }

  private isOnHart(vcpu: Vcpu): boolean {
    return this.running.includes(vcpu);
  }

  private hartOf(vcpu: Vcpu): number | null {
    const hart = this.running.indexOf(vcpu);
    return hart < 0 ? null : hart;
  }

  private enqueue(vcpu: Vcpu): void {
    vcpu.queuedAt = this.queueSeq++;
    const queue = this.queues[vcpu.home];
    const rank = PRIORITY_RANK[this.priorityOf(vcpu)];
    // After every vCPU of the same or a better priority: round robin within a priority.
    let at = queue.length;
    while (at > 0 && PRIORITY_RANK[this.priorityOf(queue[at - 1])] < rank) at--;
    queue.splice(at, 0, vcpu);
  }

  private dequeue(vcpu: Vcpu): void {
    const queue = this.queues[vcpu.home];
    const at = queue.indexOf(vcpu);
    if (at >= 0) queue.splice(at, 1);
  }

  private sortQueue(queue: Vcpu[]): void {
    queue.sort(
      (a, b) =>
        PRIORITY_RANK[this.priorityOf(b)] - PRIORITY_RANK[this.priorityOf(a)] ||
        a.queuedAt - b.queuedAt,
    );
  }

  private allowed(vcpu: Vcpu, hart: number): boolean {
    return vcpu.pinned === null || vcpu.pinned.includes(hart);
  }

  /** The allowed hart with the fewest vCPUs (queued or running), lowest number first. */
  private leastLoaded(vcpu: Vcpu): number {
    let best = -1;
    let bestLoad = Infinity;
    for (let hart = 0; hart < this.harts; hart++) {
      if (!this.allowed(vcpu, hart)) continue;
      const load = this.queues[hart].length + (this.running[hart] ? 1 : 0) + this.homedHere(hart);
      if (load < bestLoad) {
        best = hart;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Blocked and paused vCPUs still count where they live, so a wake does not pile them up. */
  private homedHere(hart: number): number {
    let n = 0;
    for (const v of this.vcpus.values()) {
      if (v.home === hart && (v.state === 'blocked' || v.state === 'paused')) n++;
    }
    return n;
  }

  private checkPins(pins: readonly number[]): Refusal | undefined {
    const bad = pins.find((h) => !Number.isInteger(h) || h < 0 || h >= this.harts);
    return bad === undefined
      ? undefined
      : { refused: `hart ${bad} does not exist (harts 0..${this.harts - 1})` };
  }

  private checkHart(hart: number): void {
    if (!Number.isInteger(hart) || hart < 0 || hart >= this.harts) {
      throw new RangeError(`scheduler: no hart ${hart}`);
    }
  }

  private record(
    time: number,
    hart: number | null,
    vcpu: Vcpu | null,
    reason: DecisionReason,
    cycles?: number,
  ): void {
    const decision: Decision =
      cycles === undefined
        ? { time, hart, vcpu: vcpu?.id ?? null, reason }
        : { time, hart, vcpu: vcpu?.id ?? null, reason, cycles };
    this.decisionCount++;
    this.trace.push(decision);
    if (this.trace.length > this.traceLimit) this.trace.shift();
  }
}
