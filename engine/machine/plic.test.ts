import { describe, expect, it } from 'vitest';
import { MMIO_FAULT } from './device';
import { Plic } from './plic';

const priority = (src: number) => 4 * src;
const PENDING = 0x1000;
const enable = (ctx: number) => 0x2000 + 0x80 * ctx;
const threshold = (ctx: number) => 0x20_0000 + 0x1000 * ctx;
const claim = (ctx: number) => threshold(ctx) + 4;

function makePlic(harts = 2) {
  const lines = new Map<string, boolean>();
  const plic = new Plic(harts, (hart, bit, level) => lines.set(`${hart}:${bit}`, level));
  const line = (hart: number, bit: number) => lines.get(`${hart}:${bit}`) ?? false;
  return { plic, line };
}

describe('Plic', () => {
  it('latches a level source as pending and interrupts the enabled context above its threshold', () => {
    const { plic, line } = makePlic();
    plic.setSourceLevel(10, true);
    expect(plic.read(PENDING, 4)).toBe(1 << 10);
    expect(line(0, 11)).toBe(false); // priority 0 never interrupts
    plic.write(priority(10), 4, 1);
    expect(line(0, 11)).toBe(false); // not enabled yet
    plic.write(enable(1), 4, 1 << 10); // hart 0, S-mode context
    expect(line(0, 9)).toBe(true);
    expect(line(0, 11)).toBe(false);
    plic.write(threshold(1), 4, 1);
    expect(line(0, 9)).toBe(false); // priority must exceed the threshold
    plic.write(threshold(1), 4, 0);
    expect(line(0, 9)).toBe(true);
  });

  it('claims the highest priority, lowest id first, and holds a source until complete', () => {
    const { plic, line } = makePlic();
    for (const src of [3, 5, 7]) {
      plic.write(priority(src), 4, src === 3 ? 2 : 5);
      plic.setSourceLevel(src, true);
    }
    plic.write(enable(0), 4, (1 << 3) | (1 << 5) | (1 << 7));
    expect(line(0, 11)).toBe(true);
    expect(plic.read(claim(0), 4)).toBe(5);
    expect(plic.read(claim(0), 4)).toBe(7);
    expect(plic.read(claim(0), 4)).toBe(3);
    expect(plic.read(claim(0), 4)).toBe(0);
    expect(line(0, 11)).toBe(false);
    // Still high: complete makes it pending again (level triggered).
    plic.write(claim(0), 4, 5);
    expect(line(0, 11)).toBe(true);
    expect(plic.read(claim(0), 4)).toBe(5);
    // Asserted again while claimed: pending shows, but it cannot be claimed twice.
    plic.setSourceLevel(5, true);
    expect(plic.read(PENDING, 4) & (1 << 5)).toBe(1 << 5);
    expect(plic.read(claim(0), 4)).toBe(0);
    // Lowered while claimed: complete leaves nothing pending.
    plic.setSourceLevel(5, false);
    plic.write(claim(0), 4, 5);
    expect(plic.read(PENDING, 4) & (1 << 5)).toBe(0);
    expect(plic.claims).toBe(4);
  });

  it('ignores a completion for a source the context has not enabled', () => {
    const { plic } = makePlic();
    plic.write(priority(10), 4, 1);
    plic.write(enable(0), 4, 1 << 10);
    plic.setSourceLevel(10, true);
    expect(plic.read(claim(0), 4)).toBe(10);
    plic.write(claim(2), 4, 10); // hart 1's M context has not enabled source 10
    expect(plic.read(claim(0), 4)).toBe(0);
    plic.write(claim(0), 4, 10);
    expect(plic.read(claim(0), 4)).toBe(10);
  });

  it('routes context 2h+1 to hart h SEIP and keeps contexts apart', () => {
    const { plic, line } = makePlic(2);
    plic.write(priority(1), 4, 7);
    plic.write(enable(3), 4, 1 << 1);
    plic.setSourceLevel(1, true);
    expect(line(1, 9)).toBe(true);
    expect(line(0, 9)).toBe(false);
    expect(line(0, 11)).toBe(false);
  });

  it('masks priorities and thresholds to three bits, ignores source 0, and refuses narrow accesses', () => {
    const { plic } = makePlic();
    plic.write(priority(1), 4, 0xff);
    expect(plic.read(priority(1), 4)).toBe(7);
    plic.write(priority(0), 4, 3);
    expect(plic.read(priority(0), 4)).toBe(0);
    plic.write(enable(0), 4, 0xffff_ffff);
    expect(plic.read(enable(0), 4)).toBe(0xffff_ffff); // writable, as on QEMU
    expect(plic.read(claim(0), 4)).toBe(0);
    plic.write(threshold(0), 4, 9);
    expect(plic.read(threshold(0), 4)).toBe(1);
    expect(plic.read(0, 1)).toBe(MMIO_FAULT);
    expect(plic.write(2, 4, 0)).toBe(false);
  });

  it('restores a snapshot', () => {
    const { plic } = makePlic();
    plic.write(priority(10), 4, 3);
    plic.write(enable(1), 4, 1 << 10);
    plic.setSourceLevel(10, true);
    const snap = structuredClone(plic.snapshot());
    const { plic: copy, line } = makePlic();
    copy.restore(snap);
    expect(line(0, 9)).toBe(true);
    expect(copy.read(claim(1), 4)).toBe(10);
  });
});
