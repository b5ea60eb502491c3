import { describe, expect, it } from 'vitest';
import type { DispatchView } from '../../../workers/server-client';
import { layoutTimeline } from './timeline-layout';

const run = (hart: number, vcpu: string, startMs: number, endMs: number): DispatchView => ({
  hart,
  vcpu,
  domain: vcpu.split('.')[0],
  startMs,
  endMs,
});

describe('layoutTimeline', () => {
  it('puts each dispatch in its hart lane, as fractions of the window', () => {
    const layout = layoutTimeline(
      [run(0, 'web.vcpu0', 100, 150), run(1, 'db.vcpu0', 120, 200), run(0, 'db.vcpu0', 150, 200)],
      200,
      100,
      2,
    );
    expect(layout.lanes[0].map((b) => [b.vcpu, b.x, b.width])).toEqual([
      ['web.vcpu0', 0, 0.5],
      ['db.vcpu0', 0.5, 0.5],
    ]);
    expect(layout.lanes[1].map((b) => [b.x, b.width])).toEqual([[0.2, 0.8]]);
    expect(layout.domains).toEqual(['db', 'web']);
    expect(layout.busy).toEqual([1, 0.8]);
  });

  it('clips bars to the window and leaves out what ended before it', () => {
    const layout = layoutTimeline(
      [run(0, 'a.vcpu0', 0, 40), run(0, 'b.vcpu0', 40, 160), run(0, 'c.vcpu0', 180, 260)],
      200,
      100,
      1,
    );
    expect(layout.lanes[0].map((b) => [b.vcpu, b.x, b.width])).toEqual([
      ['b.vcpu0', 0, 0.6],
      ['c.vcpu0', 0.8, 0.2],
    ]);
    // Every domain keeps its place in the order, in the window or not.
    expect(layout.domains).toEqual(['a', 'b', 'c']);
  });

  it('keeps a dispatch too short for the clock to see', () => {
    const layout = layoutTimeline([run(0, 'a.vcpu0', 150, 150)], 200, 100, 1);
    expect(layout.lanes[0].map((b) => [b.x, b.width])).toEqual([[0.5, 0]]);
  });

  it('ignores a hart the server does not have', () => {
    expect(layoutTimeline([run(3, 'a.vcpu0', 0, 10)], 10, 10, 2).lanes).toEqual([[], []]);
  });
});
