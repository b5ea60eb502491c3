import { describe, expect, it } from 'vitest';
import { buildSeries, MAX_LINES, OTHER, sameLines, type CounterPoint } from './series';

const point = (wallMs: number, exits: Record<string, number>): CounterPoint => ({
  wallMs,
  counters: { exits },
});

describe('buildSeries', () => {
  it('turns cumulative counts into events per second, x in seconds before the newest', () => {
    const series = buildSeries(
      [point(0, { ecall: 10 }), point(500, { ecall: 20 }), point(1000, { ecall: 50, wfi: 2 })],
      'exits',
    );
    expect(series.names).toEqual(['ecall', 'wfi']);
    expect(series.data).toEqual([
      [-0.5, 0],
      [20, 60],
      [0, 4],
    ]);
  });

  it('gives the busiest names a line each and sums the rest into one', () => {
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`c${i}`, n * (i + 1)]));
    const series = buildSeries([point(0, many(0)), point(1000, many(1))], 'exits');
    expect(series.names).toHaveLength(MAX_LINES);
    expect(series.names.slice(0, 2)).toEqual(['c6', 'c5']);
    expect(series.names.at(-1)).toBe(OTHER);
    // c0 + c1 + c2 = 1 + 2 + 3 per second.
    expect(series.data.at(-1)).toEqual([6]);
  });

  it('counts a machine rebuilt (counters gone back) as no events, not a negative rate', () => {
    const series = buildSeries([point(0, { ecall: 100 }), point(1000, { ecall: 5 })], 'exits');
    expect(series.names).toEqual([]);
    expect(series.data).toEqual([[0]]);
  });

  it('tells whether the lines changed', () => {
    expect(sameLines(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameLines(['a'], ['a', 'b'])).toBe(false);
  });
});
