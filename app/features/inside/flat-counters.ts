import type { StatsEntry } from '../../store';
import { countsMachine, type Subject } from './subject';

/**
 * The families of counters the inside views chart and animate. Each holds cumulative counts by
 * name (a cause, a call, a device), as the engine counts them.
 */
export type CounterFamily =
  | 'instructions'
  | 'exits'
  | 'reflected'
  | 'calls'
  | 'emulated'
  | 'mmio'
  | 'shadow'
  | 'dispatches'
  | 'exceptions'
  | 'interrupts';

export type FlatCounters = Partial<Record<CounterFamily, Readonly<Record<string, number>>>>;

/**
 * One subject's cumulative counters from a server's sample: a hypervisor guest's VMM counters
 * (by name in `guests`), or the machine's own for bare metal and a host-OS guest (see
 * `countsMachine`). Undefined when the sample has no such guest.
 */
export function countersOf(entry: StatsEntry, subject: Subject): FlatCounters | undefined {
  if (countsMachine(subject.kind)) {
    const stats = entry.stats;
    if (!stats) return undefined;
    const devices: Record<string, number> = {};
    for (const [name, device] of Object.entries(stats.mmio)) {
      devices[name] = device.reads + device.writes;
    }
    return {
      instructions: { instructions: stats.instructions },
      exceptions: stats.exceptions,
      interrupts: stats.interrupts,
      mmio: devices,
    };
  }
  const counters = entry.guests.find((guest) => guest.name === subject.name)?.counters;
  if (!counters) return undefined;
  return {
    ...(counters.instructions !== undefined && {
      instructions: { instructions: counters.instructions },
    }),
    exits: counters.exits,
    reflected: counters.reflected,
    calls: counters.calls,
    emulated: counters.emulated,
    mmio: counters.mmio,
    shadow: { syncs: counters.shadowSyncs, fills: counters.shadowFills },
    ...(counters.dispatches !== undefined && { dispatches: { 'on a hart': counters.dispatches } }),
  };
}

/** How much each name of a family grew from `before` to `after` (a counter reset counts 0). */
export function growth(
  before: Readonly<Record<string, number>> | undefined,
  after: Readonly<Record<string, number>> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!after) return out;
  for (const [name, value] of Object.entries(after)) {
    const grown = value - (before?.[name] ?? 0);
    if (grown > 0) out[name] = grown;
  }
  return out;
}
