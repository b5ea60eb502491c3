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
import { hartView, type MachinePort, type OutputSink, type RunOutcome } from './machine-port';
import type { GuestAction, GuestView, HostedGuest, ServerConfig } from './server-api';

const TICKS_PER_MS = TIMEBASE_HZ / 1000;

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
  /** The lab's guests as created, with their images, so a stopped one can be created again. */
  const made = new Map<string, { guest: HostedGuest; image: Uint8Array | undefined }>();
  /** Guests the student destroyed with their control, still in the lab: `start` makes them again. */
  const destroyed = new Set<string>();

  /** Creates and boots one guest; a refusal is kept, by name, for the page to show. */
  const create = (guest: HostedGuest, image: Uint8Array | undefined): void => {
    refused.delete(guest.name);
    destroyed.delete(guest.name);
    // A copy: the VMM may keep or alter the bytes it boots from.
    made.set(guest.name, { guest, image: image?.slice() });
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
      destroyed.delete(name);
      made.delete(name);
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
    stepHart(hart, steps) {
      const retired = server.stepHart(hart, steps);
      connectNewDomains();
      return retired;
    },
    controlGuest(name, action) {
      if (action === 'start') {
        const spec = made.get(name);
        if (!spec) throw new Error(`no guest named ${name} to start`);
        const found = server.domain(name);
        if (found?.alive) throw new Error(`${name} is ${found.state}; it is already started`);
        if (found) server.destroy(found);
        return create(spec.guest, spec.image);
      }
      const found = domain(name);
      if (action === 'pause') return server.pause(found);
      if (action === 'resume') return server.unpause(found);
      if (action === 'reset') return server.restart(found);
      if (action === 'destroy') {
        server.destroy(found);
        destroyed.add(name);
        return;
      }
      throw new Error(`a hypervisor has no ${action} for a domain`);
    },
    harts: () => {
      const onHart = new Map<number, string>();
      for (const d of server.domains) {
        for (const vcpu of d.vcpus) if (vcpu.state === 'running') onHart.set(vcpu.hart, vcpu.label);
      }
      return machine.harts.map((hart) => hartView(hart, onHart.get(hart.id)));
    },
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
        controls: made.has(d.name) ? DOMAIN_CONTROLS[d.state] : undefined,
      })),
      ...[...refused].map(([name, reason]) => ({ name, state: 'refused', reason })),
      ...[...destroyed].map((name) => ({
        name,
        state: 'destroyed',
        reason: 'destroyed with its control; Start creates it again from its image',
        controls: START_ONLY,
      })),
    ],
  };
}

const START_ONLY: readonly GuestAction[] = ['start'];
/** What a domain of the lab can be told in each state (dom0's own `xl create`s are left to dom0). */
const DOMAIN_CONTROLS: Readonly<Record<string, readonly GuestAction[]>> = {
  running: ['pause', 'reset', 'destroy'],
  paused: ['resume', 'reset', 'destroy'],
  shutdown: ['start', 'destroy'],
  crashed: ['start', 'destroy'],
};

/** Why the server has nothing left to run, guest by guest. */
function ending(domains: readonly Domain[]): string {
  if (domains.length === 0) return 'No guest is running on the hypervisor.';
  const each = domains.map(
    (d) => `${d.name} ${d.state}${d.haltReason ? ` (${d.haltReason})` : ''}`,
  );
  return `Every guest has stopped: ${each.join(', ')}.`;
}
