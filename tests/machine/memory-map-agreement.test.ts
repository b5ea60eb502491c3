import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMORY_MAP, TIMEBASE_HZ } from '../../engine/machine/memory-map';

const REPO = resolve(import.meta.dirname, '../..');

/** The numeric `#define NAME 0x…` constants of a C header. */
function defines(path: string): Map<string, number> {
  const text = readFileSync(resolve(REPO, path), 'utf8');
  const found = new Map<string, number>();
  for (const match of text.matchAll(/^#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)U?L?\b/gm)) {
    found.set(match[1], Number(match[2]));
  }
  return found;
}

/**
 * STYLE item 3: the memory map is written once, in engine/machine/memory-map.ts; the C side
 * keeps its own copies in headers, and this test proves they agree.
 */
describe('the C headers agree with memory-map.ts', () => {
  it('firmware (guest/firmware/fw.h)', () => {
    const fw = defines('guest/firmware/fw.h');
    expect(fw.get('FINISHER')).toBe(MEMORY_MAP.finisher.base);
    expect(fw.get('CLINT')).toBe(MEMORY_MAP.clint.base);
    expect(fw.get('UART0')).toBe(MEMORY_MAP.uart0.base);
  });

  it('kernel (guest/kernel/memlayout.h, param.h)', () => {
    const layout = defines('guest/kernel/memlayout.h');
    expect(layout.get('RAM_BASE')).toBe(MEMORY_MAP.ram.base);
    expect(layout.get('UART0_PA')).toBe(MEMORY_MAP.uart0.base);
    expect(layout.get('PLIC_PA')).toBe(MEMORY_MAP.plic.base);
    expect(layout.get('SERIAL_PA')).toBe(MEMORY_MAP.serialPorts.base);
    expect(layout.get('SERIAL_STRIDE')).toBe(MEMORY_MAP.serialPorts.stride);
    expect(defines('guest/kernel/param.h').get('TIMEBASE')).toBe(TIMEBASE_HZ);
  });
});
