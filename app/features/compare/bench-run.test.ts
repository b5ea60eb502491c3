import { describe, expect, it } from 'vitest';
import { runBenchEverywhere, type BenchConsole, type BenchProgress } from './bench-run';
import type { BenchTarget } from './bench-targets';

const ALL = 'null fork ctxsw pgfault console cpu mem'.split(' ');

/** A console that answers `bench` with `lines` (one batch each), once it is typed. */
function fakeConsole(log: string[], name: string, lines: string[]): BenchConsole {
  let reader: ((bytes: Uint8Array) => void) | undefined;
  return {
    tap: (r) => {
      reader = r;
      return () => (reader = undefined);
    },
    type: (text) => {
      log.push(`${name}: ${JSON.stringify(text)}`);
      // The guest answers later, as a worker would.
      setTimeout(() => {
        for (const line of lines) reader?.(new TextEncoder().encode(line));
      });
    },
  };
}

const target = (serverId: string, consoleId: string): BenchTarget => ({
  serverId,
  consoleId,
  label: consoleId,
  kind: 'full',
});

describe('runBenchEverywhere', () => {
  it('types bench into each console, one guest at a time per server, and reads every figure', async () => {
    const log: string[] = [];
    const answer = (n: number) => ALL.map((op) => `${op}: ${n} cycles/op\r\n`);
    const consoles: Record<string, BenchConsole> = {
      a: fakeConsole(log, 'a', ['bench\r\n', ...answer(10)]),
      b: fakeConsole(log, 'b', answer(20)),
      c: fakeConsole(log, 'c', answer(30)),
    };
    const progress: Record<string, BenchProgress> = {};
    const run = runBenchEverywhere(
      [target('xen', 'a'), target('xen', 'b'), target('metal', 'c')],
      (t) => consoles[t.consoleId],
      (key, update) => (progress[key] = update),
    );
    // Both servers start at once; the second guest of xen waits for the first.
    expect(log).toEqual(['a: "bench\\r"', 'c: "bench\\r"']);
    expect(progress['xen/b'].state).toBe('queued');
    await run.done;
    expect(log).toEqual(['a: "bench\\r"', 'c: "bench\\r"', 'b: "bench\\r"']);
    expect(progress['xen/a']).toEqual({
      state: 'done',
      cycles: Object.fromEntries(ALL.map((op) => [op, 10])),
    });
    expect(progress['xen/b'].cycles.mem).toBe(20);
  });

  it('reports bench\u2019s own errors, and a console that is gone', async () => {
    const log: string[] = [];
    const lines = [...ALL.slice(1).map((op) => `${op}: 5 cycles/op\n`), 'bench: null: No memory\n'];
    const progress: Record<string, BenchProgress> = {};
    const run = runBenchEverywhere(
      [target('xen', 'a'), target('xen', 'gone')],
      (t) => (t.consoleId === 'a' ? fakeConsole(log, 'a', lines) : undefined),
      (key, update) => (progress[key] = update),
    );
    await run.done;
    expect(progress['xen/a']).toMatchObject({ state: 'failed', message: 'bench: null: No memory' });
    expect(progress['xen/gone']).toMatchObject({ state: 'failed', message: 'its console is gone' });
  });
});
