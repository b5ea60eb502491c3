import { describe, expect, it } from 'vitest';
import type { TraceEventView } from '../../../workers/server-client';
import type { StatsEntry } from '../../store';
import { EMPTY_HISTORY, HISTORY_SAMPLES, TRACE_KEEP, withSample } from './server-history';

const event = (seq: number): TraceEventView => ({
  seq,
  ms: seq,
  source: 'web.vcpu0',
  kind: 'run',
  detail: 'on hart 0',
});

function entry(instructions: number, trace: TraceEventView[] = [], traceDropped = 0): StatsEntry {
  return {
    stats: { instructions } as StatsEntry['stats'],
    harts: [],
    instructionsPerSecond: 0,
    hostLoad: 0,
    consoleBacklog: 0,
    guests: [],
    inside: { nowMs: 0, trace, traceDropped, dispatches: [] },
  };
}

describe('withSample', () => {
  it('keeps a rolling window of samples and appends the trace batches', () => {
    let history = EMPTY_HISTORY;
    for (let i = 0; i < HISTORY_SAMPLES + 5; i++) {
      history = withSample(history, entry(i * 10, [event(2 * i), event(2 * i + 1)]), i * 250);
    }
    expect(history.snapshots).toHaveLength(HISTORY_SAMPLES);
    expect(history.snapshots.at(-1)?.wallMs).toBe((HISTORY_SAMPLES + 4) * 250);
    expect(history.trace.map((e) => e.seq).slice(0, 3)).toEqual([0, 1, 2]);
    expect(history.trace).toHaveLength(2 * (HISTORY_SAMPLES + 5));
  });

  it('keeps at most TRACE_KEEP events, the newest, and adds up what the ring dropped', () => {
    const batch = Array.from({ length: TRACE_KEEP }, (_, i) => event(i));
    let history = withSample(EMPTY_HISTORY, entry(1, batch, 3), 0);
    history = withSample(history, entry(2, [event(TRACE_KEEP)], 4), 250);
    expect(history.trace).toHaveLength(TRACE_KEEP);
    expect(history.trace[0].seq).toBe(1);
    expect(history.traceDropped).toBe(7);
  });

  it('keeps the newest dispatches once, not in every snapshot', () => {
    const dispatch = { hart: 0, vcpu: 'web.vcpu0', domain: 'web', startMs: 1, endMs: 2 };
    const withDispatch: StatsEntry = {
      ...entry(1),
      inside: { nowMs: 2, trace: [], traceDropped: 0, dispatches: [dispatch] },
    };
    let history = withSample(EMPTY_HISTORY, withDispatch, 0);
    // A sample without them (a stopped server's last word) leaves the last ones shown.
    history = withSample(history, { ...entry(2), inside: undefined }, 250);
    expect(history.inside?.dispatches).toEqual([dispatch]);
    expect(history.snapshots.every((snapshot) => snapshot.entry.inside === undefined)).toBe(true);
  });

  it('forgets the past of a machine that was rebuilt', () => {
    let history = withSample(EMPTY_HISTORY, entry(1000, [event(0), event(1)]), 0);
    history = withSample(history, entry(5, [event(0)]), 250);
    expect(history.snapshots).toHaveLength(1);
    expect(history.trace.map((e) => e.seq)).toEqual([0]);
  });
});
