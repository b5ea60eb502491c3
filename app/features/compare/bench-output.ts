/**
 * Reads the lab OS's `bench` from a console's byte stream: it prints one line per operation,
 * `NAME: N cycles/op` (guest/user/bench.c), and `bench: ...` when a test fails. The reader
 * keeps only the current line, so it costs nothing per byte beyond finding line ends, and
 * reports a result only when a whole line has arrived.
 */

/** The operations `bench` measures, in the order it runs them. */
export const BENCH_OPERATIONS = [
  'null',
  'fork',
  'ctxsw',
  'pgfault',
  'console',
  'cpu',
  'mem',
] as const;
export type BenchOperation = (typeof BENCH_OPERATIONS)[number];

export type BenchLine =
  | { readonly kind: 'result'; readonly operation: BenchOperation; readonly cycles: number }
  | { readonly kind: 'error'; readonly message: string };

const RESULT = /^(null|fork|ctxsw|pgfault|console|cpu|mem): (\d+) cycles\/op$/;
/** Colour and cursor sequences a console may carry; bench prints none, the shell may. */
// eslint-disable-next-line no-control-regex -- ESC is exactly what it must match
const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** A line longer than this is not bench's: the reader drops it rather than grow forever. */
const MAX_LINE = 256;

export class BenchOutputReader {
  private line = '';
  private readonly decoder = new TextDecoder();

  /** Feeds bytes; returns the bench lines they completed (usually none). */
  feed(bytes: Uint8Array): BenchLine[] {
    const text = this.decoder.decode(bytes, { stream: true });
    const found: BenchLine[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const line = this.line + text.slice(start, end);
      this.line = '';
      start = end + 1;
      const parsed = parseLine(line);
      if (parsed) found.push(parsed);
    }
    this.line += text.slice(start);
    if (this.line.length > MAX_LINE) this.line = '';
    return found;
  }
}

function parseLine(raw: string): BenchLine | undefined {
  const line = raw.replace(ESCAPES, '').replace(/\r/g, '').trim();
  const result = RESULT.exec(line);
  if (result) {
    return { kind: 'result', operation: result[1] as BenchOperation, cycles: Number(result[2]) };
  }
  if (line.startsWith('bench: ')) return { kind: 'error', message: line };
  return undefined;
}
