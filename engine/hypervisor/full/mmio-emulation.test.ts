import { describe, expect, it } from 'vitest';
import { MMIO_FAULT } from '../../machine/device';
import { decodeMemoryInstruction, performMmio, type EmulatedBus } from './mmio-emulation';

const load = (funct3: number, rd: number, rs1: number, imm: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x03) >>> 0;
const store = (funct3: number, rs2: number, rs1: number, imm: number) =>
  ((((imm >> 5) & 0x7f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (funct3 << 12) |
    ((imm & 0x1f) << 7) |
    0x23) >>>
  0;

/** A device that answers 0xF0E1_D2C3 (low bytes as the width asks) and records writes. */
function device() {
  const writes: [number, number, number][] = [];
  const bus: EmulatedBus = {
    read: (gpa, width) => (gpa === 0xbad ? MMIO_FAULT : 0xf0e1_d2c3 % 2 ** (8 * width)),
    write: (gpa, width, value) => {
      writes.push([gpa, width, value]);
      return gpa !== 0xbad;
    },
  };
  return { bus, writes };
}

describe('MMIO emulation', () => {
  it('decodes every load width with its sign rule, rd, rs1 and a negative offset', () => {
    const cases: [number, 1 | 2 | 4, boolean, number][] = [
      [0, 1, true, 0xffff_ffc3], // lb
      [1, 2, true, 0xffff_d2c3], // lh
      [2, 4, true, 0xf0e1_d2c3], // lw
      [4, 1, false, 0xc3], // lbu
      [5, 2, false, 0xd2c3], // lhu
    ];
    for (const [funct3, width, signed, expected] of cases) {
      const insn = decodeMemoryInstruction(load(funct3, 10, 11, -4));
      expect(insn, `funct3 ${funct3}`).toEqual({
        store: false,
        width,
        signed,
        rd: 10,
        rs1: 11,
        rs2: 0,
        offset: -4,
      });
      const x = new Int32Array(33);
      const { bus } = device();
      expect(performMmio(insn!, 0x1000_0000, x, bus)).toBe(true);
      expect(x[10] >>> 0, `funct3 ${funct3}`).toBe(expected);
    }
  });

  it('decodes every store width and sends only the low bytes of rs2', () => {
    const x = new Int32Array(33);
    x[12] = 0x1234_5678;
    const { bus, writes } = device();
    for (const [funct3, width] of [
      [0, 1],
      [1, 2],
      [2, 4],
    ] as const) {
      const insn = decodeMemoryInstruction(store(funct3, 12, 13, 37));
      expect(insn).toEqual({
        store: true,
        width,
        signed: false,
        rd: 0,
        rs1: 13,
        rs2: 12,
        offset: 37,
      });
      performMmio(insn!, 0x1000_0005, x, bus);
    }
    expect(writes).toEqual([
      [0x1000_0005, 1, 0x78],
      [0x1000_0005, 2, 0x5678],
      [0x1000_0005, 4, 0x1234_5678],
    ]);
  });

  it('never writes x0, and reports a device that refuses', () => {
    const x = new Int32Array(33);
    const { bus } = device();
    performMmio(decodeMemoryInstruction(load(2, 0, 1, 0))!, 0x1000_0000, x, bus);
    expect(x[0]).toBe(0);
    expect(performMmio(decodeMemoryInstruction(load(2, 5, 1, 0))!, 0xbad, x, bus)).toBe(false);
    expect(performMmio(decodeMemoryInstruction(store(2, 5, 1, 0))!, 0xbad, x, bus)).toBe(false);
  });

  it('does not emulate atomics, LD or anything that is not a plain load or store', () => {
    expect(decodeMemoryInstruction(0x0805_262f)).toBeUndefined(); // amoswap.w
    expect(decodeMemoryInstruction(load(3, 1, 1, 0))).toBeUndefined(); // ld (RV64)
    expect(decodeMemoryInstruction(store(3, 1, 1, 0))).toBeUndefined(); // sd
    expect(decodeMemoryInstruction(0x0000_0013)).toBeUndefined(); // nop
  });
});
