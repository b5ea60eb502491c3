import { describe, expect, it } from 'vitest';
import { Bus } from '../machine/bus';
import { GUEST_RAM_BASE, GuestMemory, NOT_GUEST_RAM } from './guest-memory';

const MiB = 1024 * 1024;

describe('GuestMemory', () => {
  const bus = new Bus(16 * MiB);
  const memory = new GuestMemory(bus, 0x8040_0000, 4 * MiB);

  it('maps guest-physical RAM onto its host frames and nothing else', () => {
    expect(memory.toHost(GUEST_RAM_BASE)).toBe(0x8040_0000);
    expect(memory.toHost(GUEST_RAM_BASE + 4 * MiB - 4, 4)).toBe(0x8080_0000 - 4);
    expect(memory.toHost(GUEST_RAM_BASE + 4 * MiB - 2, 4)).toBe(NOT_GUEST_RAM);
    expect(memory.toHost(GUEST_RAM_BASE + 4 * MiB)).toBe(NOT_GUEST_RAM);
    expect(memory.toHost(0x1000_0000)).toBe(NOT_GUEST_RAM);
    expect(memory.toHost(GUEST_RAM_BASE - 1)).toBe(NOT_GUEST_RAM);
    // An int32 register value and a 34-bit Sv32 address are understood.
    expect(memory.toHost(GUEST_RAM_BASE | 0)).toBe(0x8040_0000);
    expect(memory.toHost(2 ** 32 + GUEST_RAM_BASE)).toBe(NOT_GUEST_RAM);
  });

  it('reads and writes words and bytes at the host frames, refusing what is outside', () => {
    memory.write32(GUEST_RAM_BASE + 8, 0x1234_5678);
    expect(bus.ram32[(0x40_0000 + 8) / 4]).toBe(0x1234_5678);
    expect(memory.read32(GUEST_RAM_BASE + 8)).toBe(0x1234_5678);
    expect(memory.writeBytes(GUEST_RAM_BASE + 16, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(Array.from(memory.readBytes(GUEST_RAM_BASE + 16, 3) ?? [])).toEqual([1, 2, 3]);
    expect(memory.writeBytes(GUEST_RAM_BASE + 4 * MiB - 1, Uint8Array.of(1, 2))).toBe(false);
    expect(memory.readBytes(0x8000_0000 + 4 * MiB, 1)).toBeUndefined();
  });

  it('refuses a range that is not whole pages of host RAM', () => {
    expect(() => new GuestMemory(bus, 0x8000_0100, MiB)).toThrow(RangeError);
    expect(() => new GuestMemory(bus, 0x80f0_0000, 2 * MiB)).toThrow(RangeError);
  });
});
