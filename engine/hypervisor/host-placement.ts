import { DomainConfigError } from './domain-config';

const MiB = 1024 * 1024;

/** A range of host RAM a domain holds, and whose it is (for the refusal's list of shares). */
export interface HostRange {
  readonly base: number;
  readonly bytes: number;
  readonly owner: string;
}

/**
 * Where a domain of `memoryMiB` goes in host RAM: the first gap that fits above the VMM's own
 * `reservedMiB`, so every domain is one contiguous range and none overlaps another. Refuses with
 * the lab validator's wording, naming who holds what.
 */
export function placeDomain(
  taken: readonly HostRange[],
  memoryMiB: number,
  host: { readonly ramBase: number; readonly ramMiB: number; readonly reservedMiB: number },
): number {
  const bytes = memoryMiB * MiB;
  const sorted = [...taken].sort((a, b) => a.base - b.base);
  let candidate = host.ramBase + host.reservedMiB * MiB;
  for (const range of sorted) {
    if (candidate + bytes <= range.base) break;
    candidate = Math.max(candidate, range.base + range.bytes);
  }
  if (candidate + bytes <= host.ramBase + host.ramMiB * MiB) return candidate;
  const shares = [`VMM ${host.reservedMiB}`, ...taken.map((r) => `${r.owner} ${r.bytes / MiB}`)];
  const used = host.reservedMiB + taken.reduce((n, r) => n + r.bytes / MiB, 0);
  throw new DomainConfigError(
    'memoryMiB',
    `${memoryMiB} MiB does not fit on this server: ${used} of its ${host.ramMiB} MiB are taken (${shares.join(', ')})`,
  );
}
