import { describe, expect, it } from 'vitest';
import { Bus } from './bus';
import { ImageError, loadIntoRam, parseImage } from './image';

const RAM = 4 << 20;

interface Segment {
  paddr: number;
  data: number[];
  memsz?: number;
  type?: number;
}

/** Builds a minimal ELF32 image; `patch` edits the header fields afterwards. */
function elf(
  segments: Segment[],
  entry = 0x8000_0000,
  patch?: (view: DataView, bytes: Uint8Array) => void,
): Uint8Array {
  const phoff = 52;
  let dataOff = phoff + 32 * segments.length;
  const size = dataOff + segments.reduce((n, s) => n + s.data.length, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  view.setUint16(16, 2, true); // ET_EXEC
  view.setUint16(18, 243, true); // EM_RISCV
  view.setUint32(20, 1, true);
  view.setUint32(24, entry, true);
  view.setUint32(28, phoff, true);
  view.setUint16(40, 52, true);
  view.setUint16(42, 32, true);
  view.setUint16(44, segments.length, true);
  segments.forEach((s, i) => {
    const ph = phoff + 32 * i;
    view.setUint32(ph, s.type ?? 1, true);
    view.setUint32(ph + 4, dataOff, true);
    view.setUint32(ph + 8, s.paddr, true);
    view.setUint32(ph + 12, s.paddr, true);
    view.setUint32(ph + 16, s.data.length, true);
    view.setUint32(ph + 20, s.memsz ?? s.data.length, true);
    bytes.set(s.data, dataOff);
    dataOff += s.data.length;
  });
  patch?.(view, bytes);
  return bytes;
}

function refusal(bytes: Uint8Array, ram = RAM): string {
  try {
    parseImage(bytes, ram, { base: 0x8020_0000, size: 0x1000, what: 'device tree' });
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('image was accepted');
}

describe('image loader', () => {
  it('loads ELF PT_LOAD segments at their physical addresses and zeroes memsz beyond filesz', () => {
    const image = parseImage(
      elf(
        [
          { paddr: 0x8000_0000, data: [0x13, 0, 0, 0] },
          { paddr: 0x8000_1000, data: [1, 2, 3], memsz: 16 },
          { paddr: 0x9000_0000, data: [9], type: 4 }, // PT_NOTE: not loaded, not checked
        ],
        0x8000_0000,
      ),
      RAM,
    );
    expect(image.format).toBe('elf');
    expect(image.entry).toBe(0x8000_0000);
    expect(image.segments.length).toBe(2);
    const bus = new Bus(RAM);
    bus.ram8.fill(0xee);
    loadIntoRam(bus, image);
    expect(Array.from(bus.ram8.subarray(0, 4))).toEqual([0x13, 0, 0, 0]);
    expect(Array.from(bus.ram8.subarray(0x1000, 0x1010))).toEqual([
      1,
      2,
      3,
      ...new Array(13).fill(0),
    ]);
    expect(bus.ram8[0x1010]).toBe(0xee);
  });

  it('loads anything without the ELF magic as a raw binary at the start of RAM', () => {
    const image = parseImage(Uint8Array.of(0x6f, 0, 0, 0), RAM);
    expect(image).toMatchObject({ format: 'raw', entry: 0x8000_0000 });
    expect(image.segments[0].paddr).toBe(0x8000_0000);
  });

  it('refuses what it cannot run, each with a one-line reason', () => {
    expect(refusal(new Uint8Array(0))).toBe('empty image: the file has 0 bytes');
    expect(
      refusal(
        elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (v) => v.setUint16(18, 62, true)),
      ),
    ).toBe('not a RISC-V ELF: e_machine is 62 (x86-64)');
    expect(
      refusal(elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (_, b) => (b[4] = 2))),
    ).toMatch(/64-bit ELF/);
    expect(
      refusal(elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (_, b) => (b[5] = 2))),
    ).toMatch(/big-endian/);
    expect(
      refusal(elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (v) => v.setUint16(16, 3, true))),
    ).toMatch(/e_type is 3 \(ET_DYN/);
    expect(
      refusal(elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (v) => v.setUint32(36, 1, true))),
    ).toMatch(/compressed instructions/);
    expect(refusal(elf([{ paddr: 0x8000_0000, data: [0] }]).subarray(0, 30))).toMatch(
      /^truncated ELF: 30 bytes/,
    );
    expect(refusal(elf([{ paddr: 0x8000_0000, data: [1, 2, 3, 4] }]).subarray(0, 86))).toMatch(
      /^truncated ELF: segment 0 needs bytes up to 88/,
    );
    expect(refusal(elf([{ paddr: 0x8000_0000, data: [0] }]).subarray(0, 60))).toMatch(
      /^truncated ELF: program headers/,
    );
    expect(refusal(elf([{ paddr: 0x1000, data: [0] }], 0x1000))).toBe(
      'segment 0x00001000-0x00001000 is outside RAM 0x80000000-0x803fffff',
    );
    expect(refusal(elf([{ paddr: 0x803f_fff0, data: [0], memsz: 0x20 }], 0x803f_fff0))).toMatch(
      /outside RAM/,
    );
    expect(refusal(elf([{ paddr: 0x8000_0000, data: [0] }], 0x1000))).toMatch(
      /^entry point 0x00001000 is outside RAM/,
    );
    expect(
      refusal(elf([{ paddr: 0x8000_0000, data: [0] }], undefined, (v) => v.setUint16(44, 0, true))),
    ).toMatch(/no program headers/);
    expect(refusal(elf([{ paddr: 0x8000_0000, data: [0], type: 4 }]))).toMatch(
      /no PT_LOAD segment/,
    );
    expect(refusal(elf([{ paddr: 0x801f_f000, data: [0], memsz: 0x2000 }], 0x801f_f000))).toMatch(
      /overlaps the device tree at 0x80200000/,
    );
    expect(refusal(new Uint8Array(RAM + 4))).toMatch(/^raw image of 4194308 bytes is outside RAM/);
  });
});
