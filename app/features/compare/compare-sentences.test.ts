import { describe, expect, it } from 'vitest';
import { describeOperation } from './compare-sentences';

describe('describeOperation', () => {
  it('puts the costliest kind first, with its factor over bare metal and the reason', () => {
    const sentence = describeOperation(
      'null',
      [
        { kind: 'bare', cycles: 363 },
        { kind: 'pv', cycles: 900 },
        { kind: 'full', cycles: 3630 },
      ],
      363,
    );
    expect(sentence).toMatch(
      /^System calls cost 10× bare metal under full virtualization: each one traps to the VMM/,
    );
    expect(sentence).toContain(
      'Under paravirtualization they cost 2.5× bare metal: the modified kernel asks the VMM with hypercalls',
    );
  });

  it('says a kind near bare metal costs about the same, and averages guests of one kind', () => {
    const sentence = describeOperation(
      'fork',
      [
        { kind: 'full', cycles: 400_000 },
        { kind: 'hw', cycles: 60_000 },
        { kind: 'hw', cycles: 70_000 },
      ],
      63_000,
    );
    expect(sentence).toContain(
      'Under hardware-assisted virtualization they cost about what bare metal does (1.03×)',
    );
  });

  it('gives one shared reason when every kind is near bare metal', () => {
    const sentence = describeOperation(
      'cpu',
      [
        { kind: 'full', cycles: 8.2 },
        { kind: 'pv', cycles: 8 },
      ],
      8,
    );
    expect(sentence).toBe(
      'CPU-bound loops cost about what bare metal does under every kind measured (1.00× to 1.02×): unprivileged instructions run directly on the CPU, whatever virtualizes the kernel.',
    );
  });

  it('compares with the cheapest kind when no bare-metal server ran', () => {
    const sentence = describeOperation(
      'console',
      [
        { kind: 'pv', cycles: 50 },
        { kind: 'full', cycles: 500 },
      ],
      undefined,
    );
    expect(sentence).toMatch(
      /^No bare-metal server ran bench, so console writes are compared with the cheapest kind here, paravirtualization \(50 cycles\)\. /,
    );
    expect(sentence).toContain(
      'Console writes cost 10× the cost under paravirtualization under full virtualization: every UART register access traps',
    );
    expect(sentence).not.toContain('Under paravirtualization');
  });

  it('says when there is nothing to compare', () => {
    expect(describeOperation('mem', [{ kind: 'bare', cycles: 768 }], 768)).toContain(
      'nothing to compare',
    );
  });
});
