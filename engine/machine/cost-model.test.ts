import { describe, expect, it } from 'vitest';
import {
  COST_EVENT_ID,
  COST_EVENTS,
  COST_PRESET_NAMES,
  COST_PRESETS,
  CYCLES_PER_TICK,
  DEFAULT_COST_PRESET,
  costPreset,
  explainCost,
  priceEvents,
  priceTable,
  walkReferences,
} from './cost-model';
import { INSTRUCTIONS_PER_TICK } from './memory-map';

describe('cost model', () => {
  it('prices every event in every preset with a whole, positive number of cycles', () => {
    for (const name of COST_PRESET_NAMES) {
      const model = COST_PRESETS[name];
      expect(model.name).toBe(name);
      expect(Object.keys(model.prices).sort()).toEqual([...COST_EVENTS].sort());
      for (const event of COST_EVENTS) {
        const price = model.prices[event];
        expect(Number.isInteger(price) && price > 0, `${name}.${event} = ${price}`).toBe(true);
      }
      expect(model.prices.instruction).toBe(1);
    }
  });

  it('makes the early-VT exit far dearer than the modern one, and dearer than a trap', () => {
    const early = COST_PRESETS['pentium4-2006'].prices;
    const modern = COST_PRESETS.modern.prices;
    expect(early.hwExitEntry).toBeGreaterThanOrEqual(1000);
    expect(modern.hwExitEntry).toBeLessThan(1000);
    expect(early.hwExitEntry / modern.hwExitEntry).toBeGreaterThanOrEqual(5);
    for (const p of [early, modern]) {
      expect(p.hwExitEntry).toBeGreaterThan(p.trapEntry + p.trapReturn);
      // A hypercall is a deliberate entry: cheaper than an unplanned world switch plus emulation.
      expect(p.hypercall).toBeLessThan(p.worldSwitch + p.emulatedInstruction);
    }
  });

  it('adds up a counted set of events', () => {
    const model = COST_PRESETS.modern;
    const priced = priceEvents(model, { instruction: 1000, trapEntry: 3, worldSwitch: 2 });
    const p = model.prices;
    expect(priced.byEvent.trapEntry).toBe(3 * p.trapEntry);
    expect(priced.byEvent.tlbFlush).toBe(0);
    expect(priced.total).toBe(1000 + 3 * p.trapEntry + 2 * p.worldSwitch);
    expect(Object.values(priced.byEvent).reduce((a, b) => a + b, 0)).toBe(priced.total);
    expect(priceEvents(model, {}).total).toBe(0);
    expect(() => priceEvents(model, { trapEntry: -1 })).toThrow(RangeError);
    expect(() => priceEvents(model, { trapEntry: 0.5 })).toThrow(/whole number/);
  });

  it('explains where the cycles went, dearest first', () => {
    const model = COST_PRESETS['pentium4-2006'];
    expect(
      explainCost(model, { instruction: 700, worldSwitch: 2, tlbFlush: 0, trapEntry: 4 }),
    ).toEqual([
      'worldSwitch 2 × 1500 = 3000',
      'instruction 700 × 1 = 700',
      'trapEntry 4 × 150 = 600',
    ]);
  });

  it('gives hot paths a table indexed by event id', () => {
    const table = priceTable(COST_PRESETS['pentium4-2006']);
    expect(table.length).toBe(COST_EVENTS.length);
    expect(table[COST_EVENT_ID.hwExitEntry]).toBe(3000);
    COST_EVENTS.forEach((event, id) => expect(COST_EVENT_ID[event]).toBe(id));
  });

  it('finds presets by name and has a default', () => {
    expect(costPreset('modern')).toBe(COST_PRESETS.modern);
    expect(costPreset('pentium3')).toBeUndefined();
    expect(costPreset('toString')).toBeUndefined();
    expect(COST_PRESETS[DEFAULT_COST_PRESET]).toBeDefined();
  });

  it('counts the references of one- and two-stage walks', () => {
    expect(walkReferences(2)).toBe(2);
    expect(walkReferences(2, 2)).toBe(8);
    expect(walkReferences(4, 4)).toBe(24); // x86-64 nested paging, the textbook figure
  });

  it('runs the clock at one instruction per cycle, 100 cycles per 10 MHz tick', () => {
    expect(CYCLES_PER_TICK).toBe(INSTRUCTIONS_PER_TICK);
  });
});
