import { describe, expect, it } from 'vitest';
import { ADAPT_AFTER_FAULTS, AdaptiveSites, UNDO_AFTER_NATIVE } from './adaptive-sites';

const PC = 0x8040_0100;
const INDEX = 42;

/** Faults from PC until the sites say adapt; how many it took. */
function faultsToAdapt(sites: AdaptiveSites): number {
  for (let n = 1; n < 10_000; n++) if (sites.faulted(PC)) return n;
  return Infinity;
}

describe('AdaptiveSites', () => {
  it('adapts an instruction at its second fault', () => {
    expect(faultsToAdapt(new AdaptiveSites())).toBe(ADAPT_AFTER_FAULTS);
  });

  it('undoes an adaptation after callouts in a row that found nothing to resolve', () => {
    const sites = new AdaptiveSites();
    sites.adapted(INDEX, PC);
    for (let n = 1; n < UNDO_AFTER_NATIVE; n++) expect(sites.ranNatively(INDEX)).toBe(false);
    sites.faultAvoided(INDEX); // a resolved fault starts the count again
    for (let n = 1; n < UNDO_AFTER_NATIVE; n++) expect(sites.ranNatively(INDEX)).toBe(false);
    expect(sites.ranNatively(INDEX)).toBe(true);
  });

  it('needs twice the faults after each undo, up to a bound', () => {
    const sites = new AdaptiveSites();
    const needed: number[] = [];
    for (let round = 0; round < 12; round++) {
      needed.push(faultsToAdapt(sites));
      sites.adapted(INDEX, PC);
      for (let n = 0; n < UNDO_AFTER_NATIVE; n++) sites.ranNatively(INDEX);
    }
    expect(needed.slice(0, 4)).toEqual([2, 4, 8, 16]);
    expect(needed[11]).toBe(needed[10]);
    expect(needed[11]).toBe(ADAPT_AFTER_FAULTS << 10);
  });
});
