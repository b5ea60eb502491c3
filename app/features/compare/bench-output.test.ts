import { describe, expect, it } from 'vitest';
import { BenchOutputReader } from './bench-output';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('BenchOutputReader', () => {
  it('reads result lines split anywhere across batches, and ignores the rest', () => {
    const reader = new BenchOutputReader();
    expect(reader.feed(bytes('$ bench\r\nnull: 36'))).toEqual([]);
    expect(reader.feed(bytes('3 cycles/op\r\nfork: 63521 cycles/op\r\n'))).toEqual([
      { kind: 'result', operation: 'null', cycles: 363 },
      { kind: 'result', operation: 'fork', cycles: 63521 },
    ]);
    expect(reader.feed(bytes('total: 5 cycles/op\r\n$ '))).toEqual([]);
  });

  it('reports a failed test in bench\u2019s words', () => {
    const reader = new BenchOutputReader();
    expect(reader.feed(bytes('bench: fork: Out of memory\r\n'))).toEqual([
      { kind: 'error', message: 'bench: fork: Out of memory' },
    ]);
  });

  it('sees through colour sequences and multi-byte characters split between batches', () => {
    const reader = new BenchOutputReader();
    const text = bytes('\u00d7 \x1b[32mcpu: 8 cycles/op\x1b[0m\r\n');
    // Cut inside the two bytes of the ×.
    expect(reader.feed(text.slice(0, 1))).toEqual([]);
    expect(reader.feed(text.slice(1, 2))).toEqual([]);
    expect(reader.feed(bytes('\r\n'))).toEqual([]);
    expect(reader.feed(text.slice(3))).toEqual([{ kind: 'result', operation: 'cpu', cycles: 8 }]);
  });
});
