import type { InsideSample, TraceEventView } from '../../../workers/server-client';
import type { StatsEntry } from '../../store';

/** One sample of a server as the page received it, stamped with the page's clock. */
export interface Snapshot {
  readonly wallMs: number;
  readonly entry: StatsEntry;
}

/** What the inside views remember of one server: recent samples and recent trace events. */
export interface ServerHistory {
  /** Oldest first, at most `HISTORY_SAMPLES`. */
  readonly snapshots: readonly Snapshot[];
  /** Oldest first, at most `TRACE_KEEP`. */
  readonly trace: readonly TraceEventView[];
  /** Trace events the engine's ring overwrote before a sample carried them. */
  readonly traceDropped: number;
  /** The newest sample's dispatches and virtual time (snapshots do not keep theirs). */
  readonly inside: InsideSample | undefined;
}

/** Thirty seconds at the page's four samples a second: the charts' window. */
export const HISTORY_SAMPLES = 121;
/** Enough trace to scroll back through, few enough rows to filter at every sample. */
export const TRACE_KEEP = 2000;

export const EMPTY_HISTORY: ServerHistory = {
  snapshots: [],
  trace: [],
  traceDropped: 0,
  inside: undefined,
};

/**
 * The history after one more sample. A server whose counters went backwards was rebuilt (a new
 * worker, a reset): its past belongs to another machine and is forgotten.
 */
export function withSample(
  history: ServerHistory,
  entry: StatsEntry,
  wallMs: number,
): ServerHistory {
  const last = history.snapshots.at(-1)?.entry;
  const rebuilt = last !== undefined && instructionsOf(entry) < instructionsOf(last);
  const base = rebuilt ? EMPTY_HISTORY : history;
  const fresh = entry.inside?.trace ?? [];
  const lastSeq = base.trace.at(-1)?.seq ?? -1;
  // A trace numbered from zero again is a new machine's.
  const restarted = fresh.length > 0 && fresh[0].seq <= lastSeq;
  const kept = restarted ? [] : base.trace;
  const trace = fresh.length > 0 ? [...kept, ...fresh].slice(-TRACE_KEEP) : kept;
  // The trace is kept once, above, and the dispatches only for the newest sample: a window of
  // snapshots holding each their own would cost a hundred times the memory for nothing.
  const counters: StatsEntry = { ...entry, inside: undefined };
  return {
    snapshots: [...base.snapshots, { wallMs, entry: counters }].slice(-HISTORY_SAMPLES),
    trace,
    traceDropped: (restarted ? 0 : base.traceDropped) + (entry.inside?.traceDropped ?? 0),
    inside: entry.inside ?? base.inside,
  };
}

function instructionsOf(entry: StatsEntry): number {
  return entry.stats?.instructions ?? 0;
}
