import { describe, expect, it } from 'vitest';
import { Counts } from './counts';
import { TraceRing } from './trace-ring';

describe('Counts', () => {
  it('adds by name, totals, merges and prints only what happened, sorted', () => {
    const a = new Counts();
    a.add('sret');
    a.add('csr', 3);
    const b = new Counts();
    b.add('csr');
    b.addAll(a);
    expect(b.toJSON()).toEqual({ csr: 4, sret: 1 });
    expect(Object.keys(b.toJSON())).toEqual(['csr', 'sret']);
    expect(b.total()).toBe(5);
    expect(b.get('wfi')).toBe(0);
  });
});

describe('TraceRing', () => {
  it('keeps the newest events, oldest first, and counts all that were written', () => {
    const ring = new TraceRing(3);
    for (let i = 0; i < 5; i++) ring.push({ mtime: i, source: 'd1', kind: 'exit', detail: `${i}` });
    expect(ring.recent().map((e) => e.mtime)).toEqual([2, 3, 4]);
    expect(ring.recent(2).map((e) => e.mtime)).toEqual([3, 4]);
    expect(ring.written).toBe(5);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    expect(() => new TraceRing(0)).toThrow(RangeError);
  });
});

describe('TraceRing.since', () => {
  it('hands a reader only what it has not read, and says how much it missed', () => {
    const ring = new TraceRing(3);
    const push = (i: number) => ring.push({ mtime: i, source: 'd1', kind: 'exit', detail: '' });
    push(0);
    push(1);
    expect(ring.since(0).map((e) => e.mtime)).toEqual([0, 1]);
    expect(ring.since(2)).toEqual([]);
    for (let i = 2; i < 7; i++) push(i);
    expect(ring.since(2).map((e) => e.mtime)).toEqual([4, 5, 6]);
    expect(ring.dropped(2)).toBe(2);
    expect(ring.dropped(5)).toBe(0);
  });
});
