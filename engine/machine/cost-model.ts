import { TIMEBASE_HZ } from './memory-map';

/**
 * The price of every event the machine and the VMM can charge, in virtual cycles
 * (docs/cost-model.md says where each number comes from). The VMM's events keep the names of
 * engine/hypervisor/prices.ts (`VmmPrices`), so a preset's `prices` can stand in for it. A hart's cycle counter is its
 * instructions plus these charges, and virtual time follows cycles at CPU_HZ.
 */

/**
 * The virtual CPU's clock. One instruction costs one cycle, so at 1 GHz a 10 MHz timer ticks
 * every 100 cycles: the same ratio as INSTRUCTIONS_PER_TICK, which QEMU's `-icount shift=0`
 * also uses (one instruction per virtual nanosecond).
 */
export const CPU_HZ = 1_000_000_000;

/** Cycles per mtime tick (10 MHz timebase); a test keeps it equal to INSTRUCTIONS_PER_TICK. */
export const CYCLES_PER_TICK = CPU_HZ / TIMEBASE_HZ;

/**
 * Every priced event. The order is the numeric id (COST_EVENT_ID), which hot paths use to
 * index a price table without looking up strings.
 */
export const COST_EVENTS = [
  /** One retired instruction. */
  'instruction',
  /** The hardware taking a trap: save pc and cause, switch mode, jump to the vector. */
  'trapEntry',
  /** sret / mret. */
  'trapReturn',
  /** Software VMM: a guest trap lands in the VMM and the VMM resumes the guest (round trip). */
  'worldSwitch',
  /** Hardware-assisted (H extension): one VM exit plus the VM entry that resumes the guest. */
  'hwExitEntry',
  /** The VMM decoding and emulating one privileged instruction (CSR access, sret, wfi, …). */
  'emulatedInstruction',
  /** The VMM delivering a trap or virtual interrupt into the guest's handler (virtual CSRs, pc). */
  'reflectTrap',
  /** The VMM switching a hart from one vCPU to another (full context; TLB flush charged apart). */
  'contextSwitch',
  /** A deliberate call into the VMM (pv): trap in, dispatch, return; charged instead of a world switch. */
  'hypercall',
  /** One memory reference of a page walk; a two-stage walk counts each of its references. */
  'walkReference',
  /** The VMM filling one shadow page-table entry on a fault (its guest walk counted apart). */
  'shadowFill',
  /** The VMM dropping a vCPU's shadow tables (guest satp write, sfence.vma). */
  'shadowSync',
  /** Decoding a trapping load or store to a device and performing it on the device model. */
  'mmioEmulation',
  /** Binary translation: translating one guest instruction of a block. */
  'btTranslateInstruction',
  /** Binary translation: a translated block calling into the VMM in place of a privileged instruction. */
  'btCallout',
  /** A TLB flush (sfence.vma, satp write, or a VMM flush on a world switch). */
  'tlbFlush',
] as const;

export type CostEvent = (typeof COST_EVENTS)[number];

/** Numeric ids of the events, for price tables (`table[COST_EVENT_ID.trapEntry]`). */
export const COST_EVENT_ID = Object.fromEntries(COST_EVENTS.map((event, id) => [event, id])) as {
  readonly [E in CostEvent]: number;
};

export type Prices = Readonly<Record<CostEvent, number>>;

export interface CostModel {
  /** The preset's key, e.g. `pentium4-2006`. */
  readonly name: string;
  /** One line for menus: which CPU it stands for. */
  readonly description: string;
  readonly prices: Prices;
}

export const COST_PRESET_NAMES = ['pentium4-2006', 'modern'] as const;
export type CostPresetName = (typeof COST_PRESET_NAMES)[number];

/**
 * The presets. Prices are cycles of the CPU each stands for; the lab runs every preset at
 * CPU_HZ, so what carries over is the ratio between events, which is the lesson.
 */
export const COST_PRESETS: Readonly<Record<CostPresetName, CostModel>> = {
  'pentium4-2006': {
    name: 'pentium4-2006',
    description: 'Pentium 4 with first-generation VT-x (Adams & Agesen, ASPLOS 2006)',
    prices: {
      instruction: 1,
      trapEntry: 150,
      trapReturn: 100,
      worldSwitch: 1500,
      hwExitEntry: 3000,
      emulatedInstruction: 500,
      reflectTrap: 500,
      contextSwitch: 1000,
      hypercall: 450,
      walkReference: 20,
      shadowFill: 1000,
      shadowSync: 2000,
      mmioEmulation: 1000,
      btTranslateInstruction: 200,
      btCallout: 200,
      tlbFlush: 500,
    },
  },
  modern: {
    name: 'modern',
    description: 'A recent out-of-order CPU: VM exits of a few hundred cycles',
    prices: {
      instruction: 1,
      trapEntry: 40,
      trapReturn: 30,
      worldSwitch: 250,
      hwExitEntry: 400,
      emulatedInstruction: 100,
      reflectTrap: 80,
      contextSwitch: 300,
      hypercall: 120,
      walkReference: 10,
      shadowFill: 300,
      shadowSync: 500,
      mmioEmulation: 200,
      btTranslateInstruction: 60,
      btCallout: 40,
      tlbFlush: 150,
    },
  },
};

/**
 * The preset a server gets when the lab does not choose: a student's first figures should look
 * like the hardware they know; the 2006 preset is the history lesson.
 */
export const DEFAULT_COST_PRESET: CostPresetName = 'modern';

/** The preset called `name`, or undefined (for command lines and lab files). */
export function costPreset(name: string): CostModel | undefined {
  return (COST_PRESET_NAMES as readonly string[]).includes(name)
    ? COST_PRESETS[name as CostPresetName]
    : undefined;
}

/** The model's prices as a table indexed by COST_EVENT_ID, for hot paths. */
export function priceTable(model: CostModel): Float64Array {
  return Float64Array.from(COST_EVENTS, (event) => model.prices[event]);
}

/** How many of each event happened (events left out happened zero times). */
export type EventCounts = Partial<Record<CostEvent, number>>;

export interface PricedEvents {
  /** Cycles of all events together. */
  readonly total: number;
  /** Cycles per event: count × price (zero for events that did not happen). */
  readonly byEvent: Readonly<Record<CostEvent, number>>;
}

/**
 * Prices a counted set of events: what a benchmark's explanation shows ("12 traps × 40 cycles
 * + 12 world switches × 250 …"). Throws RangeError on a negative or fractional count, which
 * would be a counting bug upstream.
 */
export function priceEvents(model: CostModel, counts: EventCounts): PricedEvents {
  const byEvent = {} as Record<CostEvent, number>;
  let total = 0;
  for (const event of COST_EVENTS) {
    const count = counts[event] ?? 0;
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`priceEvents: ${event} count must be a whole number, got ${count}`);
    }
    byEvent[event] = count * model.prices[event];
    total += byEvent[event];
  }
  return { total, byEvent };
}

/**
 * One line per event that happened, dearest first: `worldSwitch 12 × 250 = 3000`. What a
 * benchmark prints under its figure to say where the cycles went.
 */
export function explainCost(model: CostModel, counts: EventCounts): string[] {
  const { byEvent } = priceEvents(model, counts);
  return COST_EVENTS.filter((event) => byEvent[event] > 0)
    .sort((a, b) => byEvent[b] - byEvent[a] || COST_EVENT_ID[a] - COST_EVENT_ID[b])
    .map((event) => `${event} ${counts[event]} × ${model.prices[event]} = ${byEvent[event]}`);
}

/**
 * Memory references of a page walk. One stage: one per level (Sv32: 2). Two stages (Sv32 under
 * Sv32x4): every guest-table reference is a guest-physical address the host stage translates
 * first, and so is the final guest-physical address: (g + 1)(h + 1) − 1 references, 8 for
 * Sv32 over Sv32x4 — the reason nested paging makes a TLB miss dearer.
 */
export function walkReferences(guestLevels: number, hostLevels = 0): number {
  if (hostLevels === 0) return guestLevels;
  return (guestLevels + 1) * (hostLevels + 1) - 1;
}

/** Virtual seconds for a number of cycles at CPU_HZ. */
export function cyclesToSeconds(cycles: number): number {
  return cycles / CPU_HZ;
}
