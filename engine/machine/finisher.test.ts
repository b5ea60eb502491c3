import { describe, expect, it } from 'vitest';
import { Bus } from './bus';
import { MMIO_FAULT } from './device';
import { Finisher } from './finisher';

describe('Finisher', () => {
  it('records power-off, failure with its code, and reset, and asks the CPU to stop', () => {
    const bus = new Bus(4096);
    const finisher = new Finisher(bus);
    finisher.write(0, 4, 0x5555);
    expect(finisher.outcome).toEqual({ kind: 'power-off' });
    expect(bus.stopRequested).toBe(true);
    bus.stopRequested = false;
    finisher.write(0, 4, (42 << 16) | 0x3333);
    expect(finisher.outcome).toEqual({ kind: 'fail', code: 42 });
    finisher.write(0, 4, 0x7777);
    expect(finisher.outcome).toEqual({ kind: 'reset' });
    finisher.clear();
    expect(finisher.outcome).toEqual({ kind: 'none' });
  });

  it('ignores other values and offsets, reads zero, and refuses byte accesses', () => {
    const bus = new Bus(4096);
    const finisher = new Finisher(bus);
    expect(finisher.write(0, 4, 0x1234)).toBe(true);
    expect(finisher.write(4, 4, 0x5555)).toBe(true);
    expect(finisher.outcome.kind).toBe('none');
    expect(bus.stopRequested).toBe(false);
    expect(finisher.read(0, 4)).toBe(0);
    expect(finisher.read(0, 1)).toBe(MMIO_FAULT);
    expect(finisher.write(0, 1, 0x55)).toBe(false);
  });
});
