import { BENCH_OPERATIONS, type BenchOperation } from './bench-output';
import type { BenchProgress } from './bench-run';
import { targetKey, type BenchTarget } from './bench-targets';
import { describeOperation } from './compare-sentences';

/** One guest's column: who it is and what it measured. */
export interface CompareColumn {
  readonly key: string;
  readonly target: BenchTarget;
  readonly progress: BenchProgress;
}

export interface CompareCell {
  readonly key: string;
  readonly cycles: number | undefined;
  /** Cycles relative to bare metal; undefined with no bare-metal figure. */
  readonly ratio: number | undefined;
}

export interface CompareRow {
  readonly operation: BenchOperation;
  /** The bare-metal figure the ratios are relative to. */
  readonly bareMetal: number | undefined;
  readonly cells: readonly CompareCell[];
  readonly sentence: string;
}

/** The baseline is the first bare-metal server that has measured anything. */
export function baselineOf(columns: readonly CompareColumn[]): CompareColumn | undefined {
  return columns.find((c) => c.target.kind === 'bare' && Object.keys(c.progress.cycles).length > 0);
}

/** The rows of the compare table: one per operation bench measures. */
export function compareRows(columns: readonly CompareColumn[]): CompareRow[] {
  const baseline = baselineOf(columns);
  return BENCH_OPERATIONS.map((operation) => {
    const bareMetal = baseline?.progress.cycles[operation];
    const cells = columns.map((column) => {
      const cycles = column.progress.cycles[operation];
      // The baseline's own column shows its figures alone: 1.00× says nothing.
      const ratio =
        cycles !== undefined && bareMetal && column !== baseline ? cycles / bareMetal : undefined;
      return { key: column.key, cycles, ratio };
    });
    const figures = columns.flatMap((column) => {
      const cycles = column.progress.cycles[operation];
      return cycles === undefined ? [] : [{ kind: column.target.kind, cycles }];
    });
    const sentence = figures.length ? describeOperation(operation, figures, bareMetal) : '';
    return { operation, bareMetal, cells, sentence };
  });
}

export function columnsOf(
  targets: readonly BenchTarget[],
  progress: Readonly<Record<string, BenchProgress>>,
): CompareColumn[] {
  return targets.map((target) => {
    const key = targetKey(target);
    return { key, target, progress: progress[key] ?? { state: 'queued', cycles: {} } };
  });
}
