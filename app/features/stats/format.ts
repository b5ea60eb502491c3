/** Number formatting shared by the card and the counters panel. */

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** Millions of instructions per second, with a digit after the point below 100. */
export function formatMips(instructionsPerSecond: number): string {
  const mips = instructionsPerSecond / 1e6;
  return mips >= 100 ? mips.toFixed(0) : mips.toFixed(1);
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–';
}

/** Virtual seconds, to the millisecond below a minute. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(3)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${(seconds - 60 * minutes).toFixed(0)} s`;
}
