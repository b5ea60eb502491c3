/**
 * What the lab OS's `bench` prints, read back: its operations in the order it runs them, and
 * cycles/op for each. Shared by bench:virt's VMM columns (bench-virt.ts) and its host-OS block
 * (bench-virt-host.ts), which read the same program's output from different consoles.
 */
export const OPERATIONS = ['null', 'fork', 'ctxsw', 'pgfault', 'console', 'cpu', 'mem'] as const;
export type Operation = (typeof OPERATIONS)[number];
export type BenchFigures = Record<Operation, number>;

/** Every operation's `NAME: N cycles/op` line in `printed`; `label` names the run in errors. */
export function readBenchFigures(printed: string, label: string): BenchFigures {
  const cycles = {} as BenchFigures;
  for (const op of OPERATIONS) {
    const figure = new RegExp(`^${op}: (\\d+) cycles/op`, 'm').exec(printed);
    if (!figure) throw new Error(`${label}: bench printed no ${op} figure:\n${printed}`);
    cycles[op] = Number(figure[1]);
  }
  return cycles;
}
