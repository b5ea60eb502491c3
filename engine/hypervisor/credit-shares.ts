/** One domain's claim on a period's credits. */
export interface Claim {
  /** Relative share (Xen's weight). */
  readonly weight: number;
  /** The most it can use: its active vCPUs times the period, or its cap if lower. */
  readonly limit: number;
}

/**
 * Splits `total` cycles among claims in proportion to weight, never giving a claim more than its
 * limit; what a limited claim cannot use goes round again among the others (water-filling), so a
 * one-vCPU domain on a four-hart server does not waste three harts' worth of credit. Whole
 * cycles, rounded down; the result is in the order of `claims`.
 */
export function shareByWeight(total: number, claims: readonly Claim[]): number[] {
  const shares = claims.map(() => 0);
  let open = claims.map((_, i) => i);
  let left = total;
  while (open.length > 0 && left > 0) {
    const weights = open.reduce((sum, i) => sum + claims[i].weight, 0);
    const limited = open.filter((i) => (left * claims[i].weight) / weights >= claims[i].limit);
    if (limited.length === 0) {
      for (const i of open) shares[i] = Math.floor((left * claims[i].weight) / weights);
      break;
    }
    for (const i of limited) {
      shares[i] = claims[i].limit;
      left -= claims[i].limit;
    }
    open = open.filter((i) => !limited.includes(i));
  }
  return shares;
}
