import { describe, expect, it } from 'vitest';
import { DutyCycle, MIN_WORKER_SHARE } from './duty-cycle';

describe('DutyCycle', () => {
  it('never rests at its full share', () => {
    expect(new DutyCycle().restMs(8)).toBe(0);
  });

  it('rests so that running is the share of the time', () => {
    const duty = new DutyCycle();
    duty.set(0.5);
    expect(duty.restMs(8)).toBe(8);
    duty.set(0.8);
    expect(duty.restMs(8)).toBeCloseTo(2);
  });

  it('keeps a least share for the guests, and ignores nonsense', () => {
    const duty = new DutyCycle();
    duty.set(0);
    expect(duty.restMs(MIN_WORKER_SHARE * 10)).toBeCloseTo((1 - MIN_WORKER_SHARE) * 10);
    duty.set(Number.NaN);
    expect(duty.restMs(8)).toBe(0);
  });
});
