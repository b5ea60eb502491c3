/**
 * Where the worker meets a host-OS server (engine/lab/host-os-server.ts): the lab kernel booted
 * natively as the host, whose agent creates each KVM VM, UML kernel and container of the lab,
 * dressed as the `MachinePort` the runner drives. The host console carries the server's name,
 * each guest's serial port the guest's; the guests' states come from the agent's replies.
 */
import {
  createHostOsServer,
  type HostGuestState,
  type HostOsServer,
} from '../engine/lab/host-os-server';
import {
  describeStatus,
  hartView,
  ON_TIME,
  STUCK_ROUNDS,
  stuckReport,
  TICKS_PER_MS,
  type MachinePort,
  type OutputSink,
} from './machine-port';
import type { GuestAction, GuestView, ServerConfig } from './server-api';

export function createHostOsPort(config: ServerConfig, onOutput: OutputSink): MachinePort {
  let server: HostOsServer | undefined;
  const booted = (): HostOsServer => {
    if (!server) throw new Error('the host OS has not booted');
    return server;
  };
  return {
    boot(images) {
      const loadImage = (name: string): Uint8Array => {
        const found = images.find((image) => image.name === name);
        if (!found) throw new Error(`the image ${name} was not loaded`);
        return found.bytes.slice();
      };
      server = createHostOsServer(
        {
          name: config.name,
          harts: config.harts,
          memoryMiB: config.memoryMiB,
          hardwareVirtualization: config.hardwareVirtualization ?? false,
          platform: 'host-os',
        },
        config.hostGuests ?? [],
        { loadImage },
      );
      for (const console of server.consoles) {
        console.setOutput((byte) => onOutput(console.name, byte));
      }
    },
    run(maxInstructions, virtualLimitMs) {
      const { machine, agent } = booted();
      const limit = Math.floor(virtualLimitMs * TICKS_PER_MS);
      const status = machine.run(maxInstructions, limit);
      // The agent's requests and replies travel on ttyS1 between runs.
      agent.flush();
      if (machine.stalled >= STUCK_ROUNDS) return { kind: 'failed', message: stuckReport(machine) };
      if (status.kind === 'budget-exhausted' && machine.clock.mtime >= limit) return ON_TIME;
      return describeStatus(status);
    },
    retired: () => server?.machine.retired ?? 0,
    stats: () => booted().machine.stats(),
    stepHart: (hart, steps) => {
      const { machine, agent } = booted();
      const retired = machine.stepHart(hart, steps);
      agent.flush();
      return retired;
    },
    harts: () => (server?.machine.harts ?? []).map((hart) => hartView(hart)),
    virtualMs: () => (server?.machine.clock.mtime ?? 0) / TICKS_PER_MS,
    sendInput: (consoleId, bytes) => {
      const console = booted().consoles.find((c) => c.name === consoleId);
      if (!console) throw new Error(`no console named ${consoleId}`);
      console.sendInput(bytes);
    },
    guests: () => (server?.guests ?? []).map(guestView),
    controlGuest(name, action) {
      const { guests, startGuest, stopGuest } = booted();
      const guest = guests.find((g) => g.name === name);
      if (!guest) throw new Error(`no guest named ${name}`);
      const running = guest.state === 'running';
      if (action === 'stop' && running) return stopGuest(name);
      if (action === 'start' && guest.state === 'exited') return startGuest(name);
      if (action === 'reset' && running) {
        // The agent answers one request at a time, in order: the stop is done before the start.
        stopGuest(name);
        return startGuest(name);
      }
      throw new Error(`${name} is ${guest.state}: the host's agent cannot ${action} it now`);
    },
  };
}

/** What the agent can do to a guest in this state; the lab kernel has no SIGSTOP to pause. */
function hostControls(guest: HostGuestState): GuestAction[] {
  if (guest.state === 'running') return ['stop', 'reset'];
  if (guest.state === 'exited') return ['start'];
  return [];
}

/** A guest as the page shows it: the agent's state in the words the guest list uses. */
function guestView(guest: HostGuestState): GuestView {
  switch (guest.state) {
    case 'running':
      return { name: guest.name, state: 'running', reason: '', controls: hostControls(guest) };
    case 'exited':
      return {
        name: guest.name,
        state: 'shutdown',
        reason: `its process exited${guest.status === undefined ? '' : ` with status ${guest.status}`}`,
        controls: hostControls(guest),
      };
    case 'failed':
      return { name: guest.name, state: 'refused', reason: guest.error ?? 'the host refused it' };
    default:
      return { name: guest.name, state: 'starting', reason: '' };
  }
}
