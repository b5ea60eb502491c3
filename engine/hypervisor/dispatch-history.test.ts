import { describe, expect, it } from 'vitest';
import { DispatchHistory } from './dispatch-history';

describe('DispatchHistory', () => {
  it('records which vCPU ran on which hart, a running one up to now', () => {
    const history = new DispatchHistory(2);
    history.begin(0, 'a.0', 'a', 10);
    history.begin(1, 'b.0', 'b', 12);
    history.end(0, 30);
    history.begin(0, 'b.1', 'b', 35);
    expect(history.recent(50)).toEqual([
      { hart: 0, vcpu: 'a.0', domain: 'a', start: 10, end: 30 },
      { hart: 1, vcpu: 'b.0', domain: 'b', start: 12, end: 50 },
      { hart: 0, vcpu: 'b.1', domain: 'b', start: 35, end: 50 },
    ]);
  });

  it('extends an interval when the same vCPU continues at the instant its slice ended', () => {
    const history = new DispatchHistory(1);
    history.begin(0, 'a.0', 'a', 0);
    history.end(0, 10);
    history.begin(0, 'a.0', 'a', 10);
    history.end(0, 20);
    history.begin(0, 'a.0', 'a', 25);
    history.end(0, 30);
    expect(history.recent(40).map((i) => [i.start, i.end])).toEqual([
      [0, 20],
      [25, 30],
    ]);
  });

  it("measures a run by the hart's cycles when the clock has not moved, never overlapping", () => {
    const history = new DispatchHistory(1);
    history.begin(0, 'a.0', 'a', 100);
    history.end(0, 100, 2.5);
    // The clock still says 100: the next run starts where the last one ended.
    history.begin(0, 'b.0', 'b', 100);
    history.end(0, 100, 1);
    history.begin(0, 'b.0', 'b', 110);
    history.end(0, 120, 3);
    expect(history.recent(130).map((i) => [i.vcpu, i.start, i.end])).toEqual([
      ['a.0', 100, 102.5],
      ['b.0', 102.5, 103.5],
      ['b.0', 110, 120],
    ]);
  });

  it('a new vCPU on a busy hart ends the one before', () => {
    const history = new DispatchHistory(1);
    history.begin(0, 'a.0', 'a', 0);
    history.begin(0, 'b.0', 'b', 5);
    expect(history.recent(9).map((i) => [i.vcpu, i.start, i.end])).toEqual([
      ['a.0', 0, 5],
      ['b.0', 5, 9],
    ]);
  });

  it('keeps only the newest intervals and never extends one it dropped', () => {
    const history = new DispatchHistory(2, 2);
    history.begin(0, 'a.0', 'a', 0);
    history.end(0, 10);
    history.begin(1, 'b.0', 'b', 1);
    history.end(1, 2);
    history.begin(1, 'b.0', 'b', 3);
    history.end(1, 4);
    history.begin(0, 'a.0', 'a', 10);
    history.end(0, 12);
    expect(history.recent(20).map((i) => [i.vcpu, i.start, i.end])).toEqual([
      ['b.0', 3, 4],
      ['a.0', 10, 12],
    ]);
  });
});
