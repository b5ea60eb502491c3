import { describe, expect, it } from 'vitest';
import { Bus } from './bus';
import { VirtualClock } from './clock';
import { CodeCache } from './code-cache';
import { Hart } from './hart';

const RAM = 0x8000_0000;
const ADDI_A0_1 = 0x00150513; // addi a0, a0, 1
const WFI = 0x10500073;

function machine(slots: number) {
  const bus = new Bus(1 << 16);
  const code = new CodeCache(bus, slots);
  const hart = new Hart(0, bus, new VirtualClock(), code);
  return { bus, code, hart };
}

const words = (...w: number[]) => new Uint8Array(Uint32Array.from(w).buffer);

describe('CodeCache', () => {
  it('re-decodes what a loader overwrites', () => {
    const { bus, hart } = machine(4);
    bus.loadBytes(RAM, words(ADDI_A0_1, ADDI_A0_1, WFI));
    hart.reset(RAM, 0, 0);
    hart.run(100);
    expect(hart.x[10]).toBe(2);
    bus.loadBytes(RAM + 4, words(0x06450513)); // addi a0, a0, 100
    hart.reset(RAM, 0, 0);
    hart.run(100);
    expect(hart.x[10]).toBe(101);
  });

  it('stays correct when more pages run than it has slots', () => {
    const { bus, code, hart } = machine(2);
    // Three pages, each: addi a0, a0, 1; jal to the next page (the last one jumps back to the first).
    bus.loadBytes(RAM, words(ADDI_A0_1, encodeJal(0x1000)));
    bus.loadBytes(RAM + 0x1004, words(ADDI_A0_1, encodeJal(0x1000)));
    bus.loadBytes(RAM + 0x2008, words(ADDI_A0_1, encodeJal(-0x200c)));
    hart.reset(RAM, 0, 0);
    hart.run(6 * 10);
    expect(hart.x[10]).toBe(30);
    expect(code.evictions).toBeGreaterThan(0);
  });
});

/** jal zero, offset */
function encodeJal(offset: number): number {
  const o = offset >>> 0;
  return (
    ((((o >>> 20) & 1) << 31) |
      (((o >>> 1) & 0x3ff) << 21) |
      (((o >>> 11) & 1) << 20) |
      (((o >>> 12) & 0xff) << 12) |
      0x6f) >>>
    0
  );
}
