import { growth, type CounterFamily, type FlatCounters } from '../inside/flat-counters';

/** A family's counters at one moment of the page's clock. */
export interface CounterPoint {
  readonly wallMs: number;
  readonly counters: FlatCounters | undefined;
}

/** uPlot's data: x (seconds before the newest sample, negative) then one array per line. */
export interface ChartSeries {
  readonly names: readonly string[];
  readonly data: readonly number[][];
}

/** Lines a chart draws at most; quieter names are summed into one "other" line. */
export const MAX_LINES = 5;
export const OTHER = 'other';

/**
 * Events per second of each name of `family`, between consecutive points: a rolling window of
 * rates. The busiest names over the window get a line each, the rest one line together. A point
 * whose counters went backwards (the machine was rebuilt) counts as no events.
 */
export function buildSeries(points: readonly CounterPoint[], family: CounterFamily): ChartSeries {
  const rates: Record<string, number>[] = [];
  const totals = new Map<string, number>();
  for (let i = 1; i < points.length; i++) {
    const seconds = (points[i].wallMs - points[i - 1].wallMs) / 1000;
    const grown = growth(points[i - 1].counters?.[family], points[i].counters?.[family]);
    const rate: Record<string, number> = {};
    for (const [name, count] of Object.entries(grown)) {
      rate[name] = seconds > 0 ? count / seconds : 0;
      totals.set(name, (totals.get(name) ?? 0) + count);
    }
    rates.push(rate);
  }
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
  const shown = ranked.length > MAX_LINES ? ranked.slice(0, MAX_LINES - 1) : ranked;
  const rest = ranked.slice(shown.length);
  const names = rest.length > 0 ? [...shown, OTHER] : shown;
  const newest = points.at(-1)?.wallMs ?? 0;
  const xs = points.slice(1).map((point) => (point.wallMs - newest) / 1000);
  const lines = shown.map((name) => rates.map((rate) => rate[name] ?? 0));
  if (rest.length > 0) {
    lines.push(rates.map((rate) => rest.reduce((sum, name) => sum + (rate[name] ?? 0), 0)));
  }
  return { names, data: [xs, ...lines] };
}

/** Whether two series draw the same lines (so the chart can take new data without rebuilding). */
export function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
