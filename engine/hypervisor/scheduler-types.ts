/**
 * The credit scheduler's vocabulary: what the VMM passes in and gets back, all plain data
 * (engine/hypervisor/scheduler.ts holds the scheduler itself).
 */

export type VcpuId = number;
export type DomainId = number;

/** The scheduler's view of a vCPU; `running` is a runnable vCPU that is on a hart now. */
export type VcpuState = 'runnable' | 'running' | 'blocked' | 'paused' | 'halted';

/** Xen's priorities: a woken vCPU with credit is BOOSTed, then UNDER (credit left), then OVER. */
export type Priority = 'boost' | 'under' | 'over';

export interface SchedulerConfig {
  readonly harts: number;
  /** Credits are shared out once per period. Default 30 ms of virtual time, as Xen's. */
  readonly periodCycles?: number;
  /** The longest a vCPU runs before the hart picks again. Default 10 ms. */
  readonly sliceCycles?: number;
  /** Decisions kept for `decisions()` (oldest dropped first). Default 4096. */
  readonly traceLimit?: number;
}

/** 1 GHz (engine/machine/cost-model.ts CPU_HZ): 1 ms is a million cycles. */
const MS = 1_000_000;
export const DEFAULT_PERIOD_CYCLES = 30 * MS;
export const DEFAULT_SLICE_CYCLES = 10 * MS;
export const DEFAULT_WEIGHT = 256;

export interface DomainOptions {
  /** Relative share (Xen's weight), 1..65535; default 256. */
  readonly weight?: number;
  /** Percent of one hart the domain may use per period, 0 for no cap. */
  readonly cap?: number;
}

export interface VcpuOptions {
  readonly id: VcpuId;
  readonly domain: DomainId;
  /** Harts it may run on; omitted or empty for any. */
  readonly pinned?: readonly number[];
  /** Its state when added: runnable (default), blocked or paused. */
  readonly state?: 'runnable' | 'blocked' | 'paused';
}

/** What a hart runs next. */
export type Pick =
  | {
      readonly kind: 'run';
      readonly vcpu: VcpuId;
      readonly domain: DomainId;
      readonly sliceCycles: number;
      readonly priority: Priority;
    }
  /**
   * Nothing to run here. Ask again at `untilCycles` (a capped domain's budget returns at the next
   * period) or when a wake names this hart; Infinity when only a wake can help.
   */
  | { readonly kind: 'idle'; readonly untilCycles: number };

/** What the VMM should do after a wake so the vCPU runs promptly. */
export type WakeHint =
  /** Nothing: the vCPU waits its turn (or was not blocked). */
  | { readonly kind: 'none' }
  /** This hart is idle: ask it to pick (leave WFI). */
  | { readonly kind: 'kick'; readonly hart: number }
  /** This hart runs a vCPU of lower priority: end its slice now and pick again. */
  | { readonly kind: 'preempt'; readonly hart: number };

/** A command that does not fit the vCPU's state or the arguments (STYLE item 7). */
export interface Refusal {
  readonly refused: string;
}

export type DecisionReason =
  /** A vCPU was picked: by its priority, or taken from another hart's queue. */
  | 'boost'
  | 'under'
  | 'over'
  | 'steal'
  /** The hart found nothing to run. */
  | 'idle'
  /** A capped domain used its budget and waits for the next period. */
  | 'park'
  /** Credits were shared out. */
  | 'period'
  /** A woken vCPU asked a hart to preempt (or kicked an idle one). */
  | 'preempt'
  | 'kick'
  | 'wake'
  | 'block'
  | 'pause'
  | 'unpause'
  | 'halt';

/** One scheduler decision, as plain data for the trace ring and the UI. */
export interface Decision {
  /** Virtual time in cycles. */
  readonly time: number;
  /** The hart concerned, or null for decisions about no hart in particular. */
  readonly hart: number | null;
  readonly vcpu: VcpuId | null;
  readonly reason: DecisionReason;
  /** The slice handed out (picks), or the vCPU's credit after the event. */
  readonly cycles?: number;
}

/** Per-vCPU figures for the UI and tests. */
export interface VcpuSnapshot {
  readonly id: VcpuId;
  readonly domain: DomainId;
  readonly state: VcpuState;
  readonly priority: Priority;
  readonly credit: number;
  /** The hart whose queue holds it (or that runs it). */
  readonly hart: number;
  readonly pinned: readonly number[] | null;
  /** Cycles it has run in all. */
  readonly ranCycles: number;
}

export const NO_HINT: WakeHint = { kind: 'none' };

export function positive(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`scheduler: ${what} must be a whole number ≥ 1, got ${value}`);
  }
  return value;
}

export function checkWeight(weight: number): Refusal | undefined {
  return Number.isInteger(weight) && weight >= 1 && weight <= 65535
    ? undefined
    : { refused: `weight must be a whole number from 1 to 65535, got ${weight}` };
}

export function checkCap(cap: number): Refusal | undefined {
  return Number.isInteger(cap) && cap >= 0
    ? undefined
    : { refused: `cap must be a whole number of percent ≥ 0, got ${cap}` };
}

export function normalizePins(pins: readonly number[] | undefined): number[] | null {
  if (!pins || pins.length === 0) return null;
  return [...new Set(pins)].sort((a, b) => a - b);
}

/** True when `result` is a refusal rather than a hint (for callers of wake/unpause). */
export function isRefusal(result: WakeHint | Refusal | undefined): result is Refusal {
  return result !== undefined && 'refused' in result;
}
