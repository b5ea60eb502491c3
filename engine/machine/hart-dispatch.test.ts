import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Op from './opcodes';

/**
 * execute.ts dispatches on literal op numbers (`case /* OP_ADD *\/ 31:`) because V8 compiles only
 * literal case labels to a jump table. This test keeps those literals equal to opcodes.ts.
 */
describe('the hot loop dispatch', () => {
  const source = readFileSync(new URL('./execute.ts', import.meta.url), 'utf8');
  const cases = [...source.matchAll(/case \/\* (OP_\w+) \*\/ (\d+):/g)].map(
    (m) => [m[1], Number(m[2])] as const,
  );
  const table = Op as unknown as Record<string, number>;

  it('uses the op numbers of opcodes.ts', () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const [name, value] of cases) expect(table[name], name).toBe(value);
  });

  it('handles every fast op in the loop itself', () => {
    const handled = new Set(cases.map(([name]) => name));
    const fast = Object.entries(table).filter(
      ([name, value]) =>
        name.startsWith('OP_') &&
        name !== 'OP_LAST_FAST' &&
        value <= Op.OP_LAST_FAST &&
        name !== 'OP_ILLEGAL' &&
        name !== 'OP_JUMP_MISALIGNED',
    );
    for (const [name] of fast) expect(handled.has(name), name).toBe(true);
  });

  it('op numbers are distinct and names cover them', () => {
    const values = Object.entries(table)
      .filter(([name]) => name.startsWith('OP_') && name !== 'OP_LAST_FAST' && name !== 'OP_NAMES')
      .map(([, v]) => v);
    expect(new Set(values).size).toBe(values.length);
    expect(Op.OP_NAMES.length).toBe(Math.max(...values) + 1);
  });
});
