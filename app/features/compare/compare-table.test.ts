import { describe, expect, it } from 'vitest';
import type { BenchProgress } from './bench-run';
import type { BenchTarget } from './bench-targets';
import { columnsOf, compareRows } from './compare-table';

const targets: BenchTarget[] = [
  { serverId: 'xen', consoleId: 'vm', label: 'vm', kind: 'full' },
  { serverId: 'metal', consoleId: 'uart0', label: 'metal', kind: 'bare' },
];
const done = (cycles: BenchProgress['cycles']): BenchProgress => ({ state: 'done', cycles });

describe('compareRows', () => {
  it('gives each guest its factor over the first bare-metal figure, and the baseline none', () => {
    const rows = compareRows(
      columnsOf(targets, {
        'xen/vm': done({ null: 3630, cpu: 8 }),
        'metal/uart0': done({ null: 363, cpu: 8 }),
      }),
    );
    const call = rows.find((row) => row.operation === 'null')!;
    expect(call.bareMetal).toBe(363);
    expect(call.cells).toEqual([
      { key: 'xen/vm', cycles: 3630, ratio: 10 },
      { key: 'metal/uart0', cycles: 363, ratio: undefined },
    ]);
    expect(call.sentence).toContain('10× bare metal under full virtualization');
    // An operation nobody measured yet has no sentence.
    expect(rows.find((row) => row.operation === 'fork')!.sentence).toBe('');
  });

  it('shows absolute figures when no bare-metal server has measured anything', () => {
    const rows = compareRows(columnsOf(targets, { 'xen/vm': done({ null: 3630 }) }));
    expect(rows[0].bareMetal).toBeUndefined();
    expect(rows[0].cells[0]).toEqual({ key: 'xen/vm', cycles: 3630, ratio: undefined });
  });
});
