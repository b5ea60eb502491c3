import { BENCH_OPERATIONS, BenchOutputReader, type BenchOperation } from './bench-output';
import { targetKey, type BenchTarget } from './bench-targets';

/** Where one console's run of `bench` is. */
export interface BenchProgress {
  readonly state: 'queued' | 'running' | 'done' | 'failed';
  /** Cycles per operation, as bench printed them so far. */
  readonly cycles: Readonly<Partial<Record<BenchOperation, number>>>;
  /** Why it failed: bench's own error lines, or a time-out. */
  readonly message?: string;
}

/** What a run needs from a server: its consoles' output and its keyboard. */
export interface BenchConsole {
  /** Calls `reader` with each batch of output; returns the function that stops it. */
  tap(reader: (bytes: Uint8Array) => void): () => void;
  /** Types `text`, as the console's keyboard would. */
  type(text: string): void;
}

/**
 * The whole suite takes well under 200 million guest instructions (guest/user/bench.c); under
 * full virtualization on a busy laptop that is tens of seconds, so this is a generous bound.
 */
const BENCH_TIMEOUT_MS = 240_000;

/**
 * Types `bench` into every target's console, as a person would, and reads what it prints.
 * Guests of one server run one after the other, so they do not share its harts while measured;
 * servers run side by side, since each has its own machine and its own clock.
 */
export function runBenchEverywhere(
  targets: readonly BenchTarget[],
  consoleOf: (target: BenchTarget) => BenchConsole | undefined,
  report: (key: string, progress: BenchProgress) => void,
): { done: Promise<void>; cancel(): void } {
  let cancelled = false;
  const stops = new Set<() => void>();
  const byServer = new Map<string, BenchTarget[]>();
  for (const target of targets) {
    report(targetKey(target), { state: 'queued', cycles: {} });
    byServer.set(target.serverId, [...(byServer.get(target.serverId) ?? []), target]);
  }
  const runServer = async (queue: BenchTarget[]) => {
    for (const target of queue) {
      if (cancelled) return;
      const key = targetKey(target);
      const terminal = consoleOf(target);
      if (!terminal) {
        report(key, { state: 'failed', cycles: {}, message: 'its console is gone' });
        continue;
      }
      await benchOne(terminal, (progress) => report(key, progress), stops);
    }
  };
  const done = Promise.all([...byServer.values()].map(runServer)).then(() => {});
  return {
    done,
    cancel() {
      cancelled = true;
      for (const stop of stops) stop();
    },
  };
}

function benchOne(
  terminal: BenchConsole,
  report: (progress: BenchProgress) => void,
  stops: Set<() => void>,
): Promise<void> {
  return new Promise((resolve) => {
    const reader = new BenchOutputReader();
    const cycles: Partial<Record<BenchOperation, number>> = {};
    const errors: string[] = [];
    const finish = (failure?: string) => {
      clearTimeout(timer);
      untap();
      stops.delete(stop);
      const message = failure ?? (errors.length ? errors.join('; ') : undefined);
      report({ state: message ? 'failed' : 'done', cycles: { ...cycles }, message });
      resolve();
    };
    const stop = () => finish('stopped');
    const timer = setTimeout(
      () => finish(`no complete answer within ${BENCH_TIMEOUT_MS / 1000} s`),
      BENCH_TIMEOUT_MS,
    );
    const untap = terminal.tap((bytes) => {
      const lines = reader.feed(bytes);
      if (lines.length === 0) return;
      for (const line of lines) {
        if (line.kind === 'result') cycles[line.operation] = line.cycles;
        else errors.push(line.message);
      }
      if (Object.keys(cycles).length + errors.length >= BENCH_OPERATIONS.length) finish();
      else report({ state: 'running', cycles: { ...cycles } });
    });
    stops.add(stop);
    report({ state: 'running', cycles: {} });
    // Enter is a carriage return, as xterm sends it.
    terminal.type('bench\r');
  });
}
