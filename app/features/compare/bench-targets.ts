import { RUNNABLE_GUEST_KINDS, type GuestKind } from '../../../workers/lab-model';
import { SERVER_CONSOLE } from '../../../workers/server-client';
import type { LabState } from '../../store';

/** A bare-metal server is the baseline; every other column is a kind of guest. */
export type BenchKind = GuestKind | 'bare';

/** One console `bench` is typed into. */
export interface BenchTarget {
  readonly serverId: string;
  readonly consoleId: string;
  /** The guest's name, or the server's on bare metal. */
  readonly label: string;
  readonly kind: BenchKind;
}

export const targetKey = (target: BenchTarget) => `${target.serverId}/${target.consoleId}`;

const LIVE_SERVER = new Set(['running', 'waiting']);

/**
 * The consoles of the lab that can run `bench` now: each running bare-metal server's own, each
 * host OS's own (the lab kernel on the hardware), and each running guest of a running hypervisor
 * or host OS (dom0 manages the others and is not compared).
 */
export function benchTargets(state: LabState): BenchTarget[] {
  const targets: BenchTarget[] = [];
  for (const spec of state.lab.servers) {
    const server = state.servers[spec.name];
    if (!server?.workerAlive || !LIVE_SERVER.has(server.status.state)) continue;
    if (spec.platform === 'bare-metal') {
      targets.push({
        serverId: spec.name,
        consoleId: SERVER_CONSOLE,
        label: spec.name,
        kind: 'bare',
      });
      continue;
    }
    // A host OS's own console is the lab kernel on the hardware: bare metal, busy with guests.
    if (spec.platform === 'host-os') {
      const label = `${spec.name} (host)`;
      targets.push({ serverId: spec.name, consoleId: spec.name, label, kind: 'bare' });
    }
    const live = state.stats[spec.name]?.guests ?? [];
    for (const guest of state.lab.guests) {
      if (guest.server !== spec.name || !RUNNABLE_GUEST_KINDS.has(guest.kind)) continue;
      if (live.find((view) => view.name === guest.name)?.state !== 'running') continue;
      targets.push({
        serverId: spec.name,
        consoleId: guest.name,
        label: guest.name,
        kind: guest.kind,
      });
    }
  }
  return targets;
}
