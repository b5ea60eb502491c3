/**
 * Where the worker meets the VMM: a hypervisor server (engine/hypervisor) dressed as the
 * `MachinePort` the runner drives, with dom0 booted first (its console named after the server,
 * its `xl` managing the others) and one console per guest domain. A guest the VMM refuses
 * (a mode it does not have yet, an image it cannot load, no room) is reported by name and the
 * other guests run on, as on a real server.
 */
import type { Domain } from '../engine/hypervisor/domain';
import { createHypervisorServer } from '../engine/hypervisor/hypervisor';
import { bootDom0 } from '../engine/lab/hypervisor-server';
import { DEFAULT_DOM0_MIB } from '../engine/lab/validate-lab';
import { TIMEBASE_HZ } from '../engine/machine/memory-map';
import { domainInstructions, readInside } from './inside-port';
import type { MachinePort, OutputSink, RunOutcome } from './machine-port';
import type { GuestView, HartView, HostedGuest, ServerConfig } from './server-api';

const TICKS_PER_MS = TIMEBASE_HZ / 1000;
const PRIVILEGE: Record<number, HartView['mode']> = { 0: 'U', 1: 'S', 3: 'M' };

export function createHypervisorPort(config: ServerConfig, onOutput: OutputSink): MachinePort {
  const server = createHypervisorServer({
    name: config.name,
    memoryMiB: config.memoryMiB,
    harts: config.harts,
    hardwareVirtualization: config.hardwareVirtualization ?? false,
  });
  const { machine } = server;
  /** Domains whose console reaches the page: the lab's, dom0, and those `xl create` made. */
  const connected = new WeakSet<Domain>();
  const connect = (domain: Domain): void => {
    connected.add(domain);
    server.setOutput(domain, (byte) => onOutput(domain.name, byte));
  };
  /**
   * Connects the domains dom0's `xl create` made since the last run, so their consoles reach the
   * page too (from the end of the run that created them: a line or two of boot may be missed).
   */
  const connectNewDomains = (): void => {
    for (const domain of server.domains) if (!connected.has(domain)) connect(domain);
  };
  /** Guests that could not be created, with the VMM's reason. */
  const refused = new Map<string, string>();

  /** Creates and boots one guest; a refusal is kept, by name, for the page to show. */
  const create = (guest: HostedGuest, image: Uint8Array | undefined): void => {
    refused.delete(guest.name);
    try {
      if (!image) throw new Error(`its image ${guest.image} was not loaded`);
      const created = server.createDomain({ ...guest, image });
      connect(created);
    } catch (error) {
      refused.set(guest.name, error instanceof Error ? error.message : String(error));
    }
  };

  const domain = (name: string): Domain => {
    const found = server.domain(name);
    if (!found) throw new Error(refused.get(name) ?? `no guest named ${name}`);
    return found;
  };

  const instructionsOf = (name: string): number | undefined => {
    const found = server.domain(name);
    return found && domainInstructions(server, found);
  };

  return {
    boot(images) {
      // dom0 first, as on Xen: the pv kernel, privileged, whose xl manages the other domains.
      const load = (name: string): Uint8Array => {
        const found = images.find((i) => i.name === name);
        if (!found) throw new Error(`the image ${name} was not loaded`);
        return found.bytes.slice();
      };
      const dom0 = bootDom0(server, config.name, config.dom0MemoryMiB ?? DEFAULT_DOM0_MIB, load);
      connect(dom0);
      for (const guest of config.guests ?? []) {
        create(guest, images.find((i) => i.name === guest.image)?.bytes);
      }
    },
    addGuest: (guest, image) => create(guest, image),
    removeGuest(name) {
      refused.delete(name);
      const found = server.domain(name);
      if (found) server.destroy(found);
    },
    setShares(name, weight, cap) {
      const found = domain(name);
      server.setWeight(found, weight);
      server.setCap(found, cap);
    },
    run(maxInstructions, virtualLimitMs): RunOutcome {
      const limit = Math.floor(virtualLimitMs * TICKS_PER_MS);
      const status = server.run(maxInstructions, limit);
      connectNewDomains();
      if (status.kind === 'idle') return { kind: 'idle' };
      if (status.kind === 'all-halted')
        return { kind: 'powered-off', message: ending(server.domains) };
      return machine.clock.mtime >= limit ? { kind: 'on-time' } : { kind: 'budget-exhausted' };
    },
    retired: () => server.retired,
    stats: () => ({ ...machine.stats(), instructions: server.retired }),
    harts: () =>
      machine.harts.map((hart) => ({
        hart: hart.id,
        mode: PRIVILEGE[hart.priv],
        pc: hart.pc >>> 0,
        waiting: hart.waitingForInterrupt,
      })),
    virtualMs: () => machine.clock.mtime / TICKS_PER_MS,
    sendInput: (consoleId, bytes) => server.sendInput(domain(consoleId), bytes),
    inside: (traceSeen) => readInside(server, traceSeen),
    guests: (): GuestView[] => [
      ...server.stats().domains.map((d) => ({
        name: d.name,
        state: d.state,
        reason: d.haltReason,
        counters: {
          exits: d.exits,
          calls: d.calls,
          emulated: d.emulated,
          reflected: d.reflected,
          mmio: d.mmio,
          shadowFills: d.shadowFills,
          shadowSyncs: d.shadowSyncs,
          consoleBytes: d.consoleBytes,
          instructions: instructionsOf(d.name),
          dispatches: d.scheduled,
        },
      })),
      ...[...refused].map(([name, reason]) => ({ name, state: 'refused', reason })),
    ],
  };
}

/** Why the server has nothing left to run, guest by guest. */
function ending(domains: readonly Domain[]): string {
  if (domains.length === 0) return 'No guest is running on the hypervisor.';
  const each = domains.map(
    (d) => `${d.name} ${d.state}${d.haltReason ? ` (${d.haltReason})` : ''}`,
  );
  return `Every guest has stopped: ${each.join(', ')}.`;
}
