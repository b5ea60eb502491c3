import { describe, expect, it } from 'vitest';
import { placeDomain } from './host-placement';

const MiB = 1024 * 1024;
const host = { ramBase: 0x8000_0000, ramMiB: 64, reservedMiB: 4 };

describe('placeDomain', () => {
  it('puts domains first fit above the VMM, reusing a gap a destroyed domain left', () => {
    expect(placeDomain([], 16, host)).toBe(0x8040_0000);
    const taken = [
      { base: 0x8040_0000, bytes: 16 * MiB, owner: 'a' },
      { base: 0x8240_0000, bytes: 8 * MiB, owner: 'c' },
    ];
    expect(placeDomain(taken, 16, host)).toBe(0x8140_0000); // the gap fits exactly
    expect(placeDomain(taken, 17, host)).toBe(0x82c0_0000);
    expect(placeDomain([taken[1]], 16, host)).toBe(0x8040_0000);
  });

  it('refuses what does not fit, naming every share', () => {
    expect(() =>
      placeDomain([{ base: 0x8040_0000, bytes: 40 * MiB, owner: 'web' }], 24, host),
    ).toThrow(
      'memoryMiB: 24 MiB does not fit on this server: 44 of its 64 MiB are taken (VMM 4, web 40)',
    );
  });
});
