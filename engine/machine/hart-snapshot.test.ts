import { describe, expect, it } from 'vitest';
import {
  assemble,
  LOAD_ADDRESS,
  reportMissingToolchain,
  toolchain,
} from '../../tests/support/rv32';
import { Bus } from './bus';
import { VirtualClock } from './clock';
import { CodeCache } from './code-cache';
import { Hart, type HartState } from './hart';

reportMissingToolchain();

function fresh() {
  const bus = new Bus(1 << 20);
  const hart = new Hart(0, bus, new VirtualClock(), new CodeCache(bus));
  return { bus, hart };
}

/** Runs until the program's ECALL (which traps to M-mode `done` and waits there). */
function finish(hart: Hart) {
  for (let k = 0; k < 100 && !hart.waitingForInterrupt; k++) hart.run(10_000);
  return {
    x: Array.from(hart.x.subarray(0, 32)),
    pc: hart.pc,
    instret: hart.readCsr(0xb02),
    mcause: hart.readCsr(0x342),
  };
}

describe.skipIf(!toolchain.available)('hart snapshots', () => {
  it('restoring a snapshot and RAM into a new hart continues exactly as the original', () => {
    const image = assemble(`
_start:
  la t0, done
  csrw mtvec, t0
  li t0, 1234
  csrw mscratch, t0
  li s0, 0x80080000
  li a0, 0
  li a1, 5000
1:
  addi a0, a0, 7
  xor a0, a0, a1
  sw a0, 0(s0)
  addi s0, s0, 4
  addi a1, a1, -1
  bnez a1, 1b
  csrr a2, mscratch
  ecall
done:
  wfi
  j done
`);
    const a = fresh();
    a.bus.loadBytes(LOAD_ADDRESS, image);
    a.hart.reset(LOAD_ADDRESS, 0, 0);
    a.hart.run(3001);
    const state: HartState = structuredClone(a.hart.snapshot());
    const ram = a.bus.ram8.slice();
    const expected = finish(a.hart);

    const b = fresh();
    b.bus.loadBytes(LOAD_ADDRESS, ram);
    b.hart.restore(state);
    expect(finish(b.hart)).toEqual(expected);
    expect(expected.mcause).toBe(11);
    expect(expected.x[12]).toBe(1234);
  });
});
