import { useEffect, useState } from 'react';
import { countersOf } from './flat-counters';
import { onHistory } from './live-history';
import { stackEvents, type StackEvent } from './stack-events';
import type { LayerId } from './stack-model';
import type { Subject } from './subject';

/** How long one event takes to climb the diagram (the CSS animation's length). */
export const FLIGHT_MS = 1400;
/** Events listed under the diagram, newest first. */
const RECENT = 5;

/** An event on its way up the diagram; `key` is unique for the page's life. */
export interface Flight {
  readonly key: number;
  readonly born: number;
  readonly event: StackEvent;
}

export interface Flights {
  readonly flying: readonly Flight[];
  readonly recent: readonly Flight[];
}

const NONE: Flights = { flying: [], recent: [] };
let nextKey = 0;

/**
 * The events to animate on a subject's stack, from its counters in each new sample. A family
 * with an event still in the air waits for it to land, so each family animates at most once per
 * FLIGHT_MS however fast its counter runs; the list says how many happened.
 */
export function useStackFlights(
  serverId: string,
  subject: Subject,
  layers: ReadonlySet<LayerId>,
): Flights {
  const [flights, setFlights] = useState<Flights>(NONE);
  const { name, kind, runs } = subject;
  // A new subject mounts a new diagram (keyed by it), so these start empty for it.
  useEffect(() => {
    if (!runs) return;
    const who: Subject = { name, kind, runs };
    return onHistory(serverId, (history) => {
      const snapshots = history.snapshots;
      if (snapshots.length < 2) return;
      const events = stackEvents(
        kind,
        countersOf(snapshots[snapshots.length - 2].entry, who),
        countersOf(snapshots[snapshots.length - 1].entry, who),
        layers,
      );
      const now = performance.now();
      setFlights((previous) => {
        const flying = previous.flying.filter((flight) => now - flight.born < FLIGHT_MS);
        const busy = new Set(flying.map((flight) => flight.event.family));
        const added = events
          .filter((event) => !busy.has(event.family))
          .map((event) => ({ key: nextKey++, born: now, event }));
        if (added.length === 0 && flying.length === previous.flying.length) return previous;
        return {
          flying: [...flying, ...added],
          recent: [...[...added].reverse(), ...previous.recent].slice(0, RECENT),
        };
      });
    });
  }, [serverId, name, kind, runs, layers]);
  return flights;
}
