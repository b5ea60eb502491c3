import { describe, expect, it } from 'vitest';
import { parseOptions, unescapeInput, UsageError } from './vm-options';

describe('vm options', () => {
  it('has QEMU-like defaults', () => {
    expect(parseOptions(['k.elf'], '/default.elf')).toMatchObject({
      memoryMiB: 128,
      harts: 1,
      stats: false,
      maxInstructions: Infinity,
    });
    expect(parseOptions([], '/default.elf')).toMatchObject({
      image: '/default.elf',
      mode: undefined,
    });
    expect(parseOptions(['--mode=full'], '/d')).toMatchObject({ mode: 'full' });
  });

  it('reads flags in both --flag value and --flag=value forms', () => {
    const options = parseOptions(
      ['--mem=64', '--harts', '4', 'k.elf', '--stats', '--max-insns', '1000'],
      '/d',
    );
    expect(options).toMatchObject({ memoryMiB: 64, harts: 4, stats: true, maxInstructions: 1000 });
  });

  it('turns --input escapes into bytes', () => {
    expect(Array.from(unescapeInput('a\\n\\r\\t\\\\\\x03\\xfF'))).toEqual([
      0x61, 10, 13, 9, 0x5c, 3, 0xff,
    ]);
    expect(Array.from(unescapeInput('é'))).toEqual([0xc3, 0xa9]);
    expect(() => unescapeInput('\\x4')).toThrow(UsageError);
    expect(() => unescapeInput('trailing\\')).toThrow(/unknown escape \\ at the end/);
  });

  it('refuses bad flags and numbers', () => {
    expect(() => parseOptions(['--mem', '-1'], '/d')).toThrow(
      /--mem expects a whole number, got '-1'/,
    );
    expect(() => parseOptions(['--mem', '3'], '/d')).toThrow(/--mem must be from 4 to 2048/);
    expect(() => parseOptions(['a.elf', 'b.elf'], '/d')).toThrow(/one image only/);
    expect(() => parseOptions(['--max-insns', '0'], '/d')).toThrow(/at least 1/);
    expect(() => parseOptions(['--stats=yes'], '/d')).toThrow(/takes no value/);
    expect(() => parseOptions(['--mode', 'vmware'], '/d')).toThrow(
      /--mode must be one of full, bt, pv, hw/,
    );
  });
});
