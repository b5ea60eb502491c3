import { describe, expect, it } from 'vitest';
import { Clint } from './clint';
import { VirtualClock } from './clock';
import { MMIO_FAULT } from './device';

const MTIMECMP = 0x4000;
const MTIME = 0xbff8;

function makeClint(harts = 2) {
  const clock = new VirtualClock();
  const lines = new Map<string, boolean>();
  const clint = new Clint(harts, clock, (hart, bit, level) => lines.set(`${hart}:${bit}`, level));
  const line = (hart: number, bit: number) => lines.get(`${hart}:${bit}`) ?? false;
  return { clock, clint, line };
}

describe('Clint', () => {
  it('raises and lowers MSIP per hart', () => {
    const { clint, line } = makeClint();
    clint.write(4, 4, 1);
    expect(line(1, 3)).toBe(true);
    expect(line(0, 3)).toBe(false);
    expect(clint.read(4, 4)).toBe(1);
    clint.write(4, 4, 0);
    expect(line(1, 3)).toBe(false);
  });

  it('reads mtime from the virtual clock in two halves', () => {
    const { clock, clint } = makeClint();
    clock.mtime = 0x1_2345_6789;
    expect(clint.read(MTIME, 4)).toBe(0x2345_6789);
    expect(clint.read(MTIME + 4, 4)).toBe(1);
  });

  it('has MTIP high after reset, since mtimecmp resets to 0, as on QEMU', () => {
    const { clint, line } = makeClint();
    clint.reset();
    expect(line(0, 7)).toBe(true);
    expect(line(1, 7)).toBe(true);
    expect(clint.nextDeadline()).toBe(Infinity);
  });

  it('raises MTIP when mtime reaches mtimecmp and clears it when mtimecmp moves on', () => {
    const { clock, clint, line } = makeClint();
    clint.write(MTIMECMP + 8, 4, 0); // hart 1 high half
    clint.write(MTIMECMP + 8 + 0, 4, 500);
    clint.write(MTIMECMP + 8 + 4, 4, 0);
    expect(clint.nextDeadline()).toBe(500);
    clock.advanceByInstructions(499 * 100);
    clint.update();
    expect(line(1, 7)).toBe(false);
    clock.advanceByInstructions(100);
    clint.update();
    expect(line(1, 7)).toBe(true);
    expect(clint.nextDeadline()).toBe(Infinity);
    clint.write(MTIMECMP + 8, 4, 1000); // the handler re-arms: cleared at once
    expect(line(1, 7)).toBe(false);
    expect(clint.nextDeadline()).toBe(1000);
  });

  it('treats an all-ones mtimecmp as never and reads its halves back exactly', () => {
    const { clint, line } = makeClint(1);
    clint.write(MTIMECMP, 4, 0xffff_ffff);
    clint.write(MTIMECMP + 4, 4, 0xffff_ffff);
    expect(clint.read(MTIMECMP, 4)).toBe(0xffff_ffff);
    expect(clint.read(MTIMECMP + 4, 4)).toBe(0xffff_ffff);
    expect(line(0, 7)).toBe(false);
    expect(clint.nextDeadline()).toBe(Infinity);
  });

  it('lets the guest write mtime', () => {
    const { clock, clint, line } = makeClint(1);
    clint.write(MTIMECMP, 4, 100);
    clint.write(MTIME, 4, 150);
    expect(clock.mtime).toBe(150);
    expect(line(0, 7)).toBe(true);
    clint.write(MTIME + 4, 4, 2);
    expect(clock.mtime).toBe(2 * 2 ** 32 + 150);
  });

  it('refuses narrow and misaligned accesses', () => {
    const { clint } = makeClint();
    expect(clint.read(MTIME, 2)).toBe(MMIO_FAULT);
    expect(clint.write(1, 4, 0)).toBe(false);
  });

  it('restores a snapshot', () => {
    const { clock, clint } = makeClint();
    clint.write(MTIMECMP + 8, 4, 77);
    clint.write(0, 4, 1);
    clock.mtime = 10;
    const snap = structuredClone(clint.snapshot());
    const other = makeClint();
    other.clint.restore(snap);
    expect(other.clint.snapshot()).toEqual(snap);
    expect(other.line(0, 3)).toBe(true);
    expect(other.clint.nextDeadline()).toBe(77);
  });
});
