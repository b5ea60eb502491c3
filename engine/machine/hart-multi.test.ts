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
import { Hart } from './hart';

reportMissingToolchain();

/** Two harts on one bus and code cache, stepped round-robin like the machine does. */
function twoHarts(source: string) {
  const bus = new Bus(1 << 20);
  const clock = new VirtualClock();
  const code = new CodeCache(bus);
  const harts = [new Hart(0, bus, clock, code), new Hart(1, bus, clock, code)];
  bus.loadBytes(LOAD_ADDRESS, assemble(source));
  for (const hart of harts) hart.reset(LOAD_ADDRESS, hart.id, 0);
  const round = (quantum: number) => harts.map((h) => h.run(quantum));
  return { bus, harts, round };
}

describe.skipIf(!toolchain.available)('harts sharing a machine', () => {
  it('a store by one hart changes the code another hart runs from the shared cache', () => {
    const { harts, round } = twoHarts(`
_start:
  bnez a0, writer
reader:
  call patch           # a1 = 1 until hart 1 patches it, then 2
  beqz s1, 1f
  j done
1:
  li t0, 2
  bne a1, t0, reader
  li s1, 1
  j reader
writer:
  la t0, patch
  li t1, 0x00200593    # addi a1, zero, 2
  sw t1, 0(t0)
done:
  wfi
  j done
patch:
  addi a1, zero, 1
  ret
`);
    round(50); // hart 0 runs the original, hart 1 patches it
    expect(harts[1].waitingForInterrupt).toBe(true);
    round(200);
    expect(harts[0].x[11]).toBe(2);
    expect(harts[0].waitingForInterrupt).toBe(true);
  });

  it('an LR/SC spin lock keeps a shared counter exact under round-robin slices', () => {
    const { bus, harts, round } = twoHarts(`
_start:
  li s0, 0x80080000     # lock
  li s1, 0x80080004     # counter
  li s2, 1000
loop:
  lr.w t0, (s0)
  bnez t0, loop
  li t1, 1
  sc.w t2, t1, (s0)
  bnez t2, loop
  lw t3, 0(s1)          # critical section: a plain read-modify-write
  addi t3, t3, 1
  sw t3, 0(s1)
  sw zero, 0(s0)        # release
  addi s2, s2, -1
  bnez s2, loop
done:
  wfi
  j done
`);
    // Odd quanta so slices end at every point of the loop, including between LR and SC.
    for (let k = 0; k < 20_000 && !harts.every((h) => h.waitingForInterrupt); k++)
      round(7 + (k % 5));
    expect(harts.every((h) => h.waitingForInterrupt)).toBe(true);
    expect(bus.ram32[0x80004 / 4]).toBe(2000);
  });
});
