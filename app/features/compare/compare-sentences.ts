import type { BenchOperation } from './bench-output';
import type { BenchKind } from './bench-targets';
import {
  KIND_PHRASE,
  KIND_REASONS,
  OPERATION_CLASS,
  OPERATION_SUBJECT,
  SHARED_REASON,
} from './kind-reasons';

type GuestKind = Exclude<BenchKind, 'bare'>;

/** One measured figure: a guest of `kind` took `cycles` per operation. */
export interface Figure {
  readonly kind: BenchKind;
  readonly cycles: number;
}

/** Within this factor of the reference, a kind costs "about the same". */
const NEAR = 1.25;

/**
 * The sentence under one operation of the compare view: how much each kind of guest paid
 * relative to bare metal (or, with no bare-metal figure, to the cheapest kind measured) and why,
 * costliest first. Built from the figures, so it says what this run measured.
 */
export function describeOperation(
  operation: BenchOperation,
  figures: readonly Figure[],
  bareMetal: number | undefined,
): string {
  const subject = OPERATION_SUBJECT[operation];
  const opClass = OPERATION_CLASS[operation];
  const kinds = meanByKind(figures);
  if (kinds.length === 0)
    return `${subject}: only bare metal ran bench, so there is nothing to compare.`;
  const cheapest = kinds[kinds.length - 1];
  const reference =
    bareMetal !== undefined
      ? { cycles: bareMetal, name: 'bare metal', kind: undefined, same: 'what bare metal does' }
      : {
          cycles: cheapest.cycles,
          name: `the cost under ${KIND_PHRASE[cheapest.kind]}`,
          kind: cheapest.kind,
          same: `the same as under ${KIND_PHRASE[cheapest.kind]}`,
        };
  const others = kinds.filter((k) => k.kind !== reference.kind);
  const lead =
    bareMetal === undefined
      ? `No bare-metal server ran bench, so ${lowerFirst(subject)} are compared with the cheapest kind here, ${KIND_PHRASE[cheapest.kind]} (${formatCycles(reference.cycles)} cycles). `
      : '';
  if (others.length === 0) {
    return `${lead}${subject} took ${formatCycles(cheapest.cycles)} cycles under ${KIND_PHRASE[cheapest.kind]}: ${KIND_REASONS[cheapest.kind][opClass]}.`;
  }
  const ratios = others.map((k) => ({ ...k, ratio: k.cycles / reference.cycles }));
  if (ratios.every((k) => k.ratio < NEAR && k.ratio >= 1 / NEAR)) {
    const low = Math.min(...ratios.map((k) => k.ratio));
    const high = Math.max(...ratios.map((k) => k.ratio));
    const range = low === high ? formatRatio(low) : `${formatRatio(low)} to ${formatRatio(high)}`;
    const under =
      ratios.length === 1 ? `under ${KIND_PHRASE[ratios[0].kind]}` : 'under every kind measured';
    return `${lead}${subject} cost about ${reference.same} ${under} (${range}): ${SHARED_REASON[opClass]}.`;
  }
  const sentences = ratios.map((k, index) => {
    const reason = KIND_REASONS[k.kind][opClass];
    const where = KIND_PHRASE[k.kind];
    const cost =
      k.ratio >= NEAR
        ? `${formatRatio(k.ratio)} ${reference.name}`
        : k.ratio < 1 / NEAR
          ? `less than ${reference.name.replace('the cost under', 'under')} (${formatRatio(k.ratio)})`
          : `about ${reference.same} (${formatRatio(k.ratio)})`;
    return index === 0
      ? `${subject} cost ${cost} under ${where}: ${reason}.`
      : `Under ${where} they cost ${cost}: ${reason}.`;
  });
  return lead + sentences.join(' ');
}

/** The mean figure of each guest kind (bare metal left out), costliest first. */
function meanByKind(figures: readonly Figure[]): { kind: GuestKind; cycles: number }[] {
  const sums = new Map<GuestKind, { total: number; count: number }>();
  for (const { kind, cycles } of figures) {
    if (kind === 'bare') continue;
    const sum = sums.get(kind) ?? { total: 0, count: 0 };
    sums.set(kind, { total: sum.total + cycles, count: sum.count + 1 });
  }
  return [...sums]
    .map(([kind, { total, count }]) => ({ kind, cycles: total / count }))
    .sort((a, b) => b.cycles - a.cycles);
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio).toLocaleString('en-US') : ratio.toFixed(ratio >= 2 ? 1 : 2)}×`;
}

export function formatCycles(cycles: number): string {
  return Math.round(cycles).toLocaleString('en-US');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
