import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

describe('Pacer', () => {
  it('lets virtual time go as far as the wall clock has moved since it was aligned', () => {
    const pacer = new Pacer();
    pacer.align(1_000, 50_000);
    expect(pacer.limitMs(1_000, 50_000)).toBe(1_000);
    expect(pacer.limitMs(1_010, 50_030)).toBe(1_030);
  });

  it('forgives a lag beyond 50 ms, so a busy guest does not race through idle time later', () => {
    const pacer = new Pacer();
    pacer.align(0, 0);
    // A second of wall time went by while the guest computed 100 ms of its own time.
    expect(pacer.limitMs(100, 1_000)).toBe(150);
    // From then on the wall clock is measured from the forgiven point.
    expect(pacer.limitMs(150, 1_020)).toBe(170);
  });

  it('in slow motion lets virtual time go a fraction as far as the wall clock moved', () => {
    const pacer = new Pacer();
    pacer.setRate(0.01, 100, 100);
    // A wall-clock second later the guest may be 10 ms further on, not 1,000.
    expect(pacer.limitMs(100, 1_100)).toBeCloseTo(110, 9);
    pacer.setRate(1, 110, 1_100);
    expect(pacer.limitMs(110, 1_120)).toBeCloseTo(130, 9);
  });
});
