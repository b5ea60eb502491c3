import { describe, expect, it } from 'vitest';
import type { TraceEventView } from '../../../workers/server-client';
import { filterTrace, TRACE_ROWS, traceKinds, type TraceFilter } from './trace-filter';

const event = (seq: number, source: string, kind: string, detail = ''): TraceEventView => ({
  seq,
  ms: seq,
  source,
  kind,
  detail,
});

const events = [
  event(0, 'web.vcpu0', 'run', 'on hart 0'),
  event(1, 'web', 'sbi', 'hart_start'),
  event(2, 'webby.vcpu0', 'run', 'on hart 1'),
  event(3, 'xen.vcpu0', 'run', 'on hart 0'),
  event(4, 'web.vcpu0', 'refused', 'load of guest-physical 0x1000'),
];

const all: TraceFilter = { subject: null, hiddenKinds: new Set(), text: '' };

describe('filterTrace', () => {
  it('shows the newest first', () => {
    expect(filterTrace(events, all).rows.map((e) => e.seq)).toEqual([4, 3, 2, 1, 0]);
  });

  it("keeps one guest's events and its vCPUs', not a guest whose name starts alike", () => {
    const rows = filterTrace(events, { ...all, subject: 'web' }).rows;
    expect(rows.map((e) => e.seq)).toEqual([4, 1, 0]);
  });

  it('hides kinds and finds text in the kind, the detail or the source, any case', () => {
    expect(filterTrace(events, { ...all, hiddenKinds: new Set(['run']) }).rows).toHaveLength(2);
    expect(filterTrace(events, { ...all, text: 'GUEST-PHYS' }).rows.map((e) => e.seq)).toEqual([4]);
    expect(filterTrace(events, { ...all, text: 'hart 1' }).rows.map((e) => e.seq)).toEqual([2]);
    expect(filterTrace(events, { ...all, text: 'xen' }).rows.map((e) => e.seq)).toEqual([3]);
  });

  it('draws at most TRACE_ROWS rows but counts every match', () => {
    const many = Array.from({ length: TRACE_ROWS + 50 }, (_, i) => event(i, 'web.vcpu0', 'run'));
    const matches = filterTrace(many, all);
    expect(matches.rows).toHaveLength(TRACE_ROWS);
    expect(matches.rows[0].seq).toBe(TRACE_ROWS + 49);
    expect(matches.matched).toBe(TRACE_ROWS + 50);
  });
});

describe('traceKinds', () => {
  it('counts the kinds, most frequent first', () => {
    expect(traceKinds(events)).toEqual([
      ['run', 3],
      ['refused', 1],
      ['sbi', 1],
    ]);
  });
});
