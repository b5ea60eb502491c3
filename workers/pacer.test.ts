import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

describe('Pacer', () => {
  it('reports how far virtual time is ahead of the wall clock since it was aligned', () => {
    const pacer = new Pacer();
    pacer.align(1_000, 50_000);
    expect(pacer.ahead(1_000, 50_000)).toBe(0);
    // 100 ms of wall time, 130 ms of guest time: 30 ms ahead.
    expect(pacer.ahead(1_130, 50_100)).toBe(30);
    // The guest kept busy and fell 40 ms behind.
    expect(pacer.ahead(1_160, 50_200)).toBe(-40);
  });

  it('forgives a lag beyond 250 ms, so a busy guest does not race through idle time later', () => {
    const pacer = new Pacer();
    pacer.align(0, 0);
    expect(pacer.ahead(0, 1_000)).toBe(-250);
    // From then on the lag is measured from the forgiven point.
    expect(pacer.ahead(300, 1_000)).toBe(50);
  });
});
