import { describe, expect, it } from 'vitest';
import { COST_PRESET_NAMES, COST_PRESETS } from '../machine/cost-model';
import { FLAT_PRICES, type VmmPrices } from './prices';

describe('the VMM price names and the cost model', () => {
  it('lets every cost-model preset stand in for the VMM prices', () => {
    for (const name of COST_PRESET_NAMES) {
      // Compiles only while the cost model prices every event the VMM charges, by its name.
      const prices: VmmPrices = COST_PRESETS[name].prices;
      for (const event of Object.keys(FLAT_PRICES) as (keyof VmmPrices)[]) {
        expect(prices[event], `${name}.${event}`).toBeGreaterThan(0);
      }
    }
  });
});
