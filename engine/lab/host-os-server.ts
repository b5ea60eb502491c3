import { createMachine, type Machine } from '../machine/machine';
import { MAX_SERIAL_PORTS } from '../machine/memory-map';
import { asciiBytes } from './ascii';
import { BARE_METAL_IMAGE } from './bare-metal-server';
import { packBootModules, type BootModuleFile } from './boot-modules';
import { GUEST_KIND_FACTS } from './guest-kinds';
import { HostAgent, type AgentReply } from './host-agent';
import type { GuestSpec, ServerSpec } from './lab-schema';
import { machineServer } from './machine-server';
import { refuseOtherPlatforms } from './refuse-other-platforms';
import { hardwareRefusal } from './validate-lab';
import {
  LabStartError,
  type LabConsole,
  type RunningServer,
  type ServerEnvironment,
} from './run-lab';

/** The host's serial port the management agent listens on (ttyS1); guests get ttyS2 and up. */
export const AGENT_PORT = 1;
export const MAX_HOST_OS_GUESTS = MAX_SERIAL_PORTS - AGENT_PORT;

/** What the platform knows of one guest, from the agent's replies and events. */
export interface HostGuestState {
  readonly name: string;
  readonly kind: GuestSpec['kind'];
  /** n of /dev/ttySn, its console. */
  readonly port: number;
  state: 'waiting for the agent' | 'creating' | 'starting' | 'running' | 'exited' | 'failed';
  pid?: number;
  error?: string;
  status?: number;
}

/** A host-OS server with its agent, for tests and tools that talk to the agent themselves. */
export interface HostOsServer extends RunningServer {
  readonly machine: Machine;
  readonly agent: HostAgent;
  readonly guests: readonly HostGuestState[];
  /** Asks the agent to start guest `name` again (once it has stopped or exited). */
  startGuest(name: string): void;
  /** Asks the agent to stop guest `name`: a VM's process killed, a container stopped. */
  stopGuest(name: string): void;
}

/** The boot script the host's pid 1 runs: start the agent. */
const RC = 'agentd\n';

/**
 * A host-OS server (issue #6): the lab kernel boots natively (firmware + kernel, the bare-metal
 * image) and becomes the host. Its boot module (initrd) brings /boot/rc, which the host's first
 * shell runs to start the agent, and the images its guests need under /boot. Once the agent is ready the platform creates and
 * starts each guest through it, in the lab file's order, each with its own serial port as
 * console (ttyS2, ttyS3, ...). The host console (UART0) carries the server's name, each port its
 * guest's. KVM needs the server's hardware-virtualization feature, which gives every hart the
 * H extension.
 */
export function createHostOsServer(
  server: ServerSpec,
  guests: readonly GuestSpec[],
  env: ServerEnvironment,
): HostOsServer {
  refuseGuests(server, guests);
  const machine = createMachine({
    memoryMiB: server.memoryMiB,
    harts: server.harts,
    hypervisorExtension: server.hardwareVirtualization,
    serialPorts: AGENT_PORT + guests.length,
    initrd: packBootModules(bootModules(guests, env)),
  });
  machine.loadImage(env.loadImage(BARE_METAL_IMAGE));
  machine.boot();

  const states: HostGuestState[] = guests.map((guest, i) => ({
    name: guest.name,
    kind: guest.kind,
    port: AGENT_PORT + 1 + i,
    state: 'waiting for the agent',
  }));
  // Each guest console's sink, so the platform can tell the person why a guest did not start.
  const sinks: ((byte: number) => void)[] = states.map(() => () => {});
  const say = (i: number, text: string) => {
    for (const byte of asciiBytes(`hyperlab: ${text}\r\n`)) sinks[i](byte);
  };
  const fail = (i: number, reply: AgentReply) => {
    states[i].state = 'failed';
    states[i].error = reply.error ?? 'the agent refused';
    say(i, `${states[i].name} did not start: ${states[i].error}`);
  };

  const agent: HostAgent = new HostAgent(
    (bytes) => machine.sendPortInput(AGENT_PORT, bytes),
    (event) => {
      if (event.event === 'ready') {
        guests.forEach((guest, i) => createGuest(agent, guest, states[i], () => startGuest(i)));
      } else {
        const exited = states.find((s) => s.name === event.name);
        if (exited) {
          exited.state = 'exited';
          exited.status = event.status;
        }
      }
    },
  );
  const createGuest = (
    client: HostAgent,
    guest: GuestSpec,
    state: HostGuestState,
    then: () => void,
  ) => {
    state.state = 'creating';
    client.request('create', createFields(guest, state.port), (reply) =>
      reply.ok ? then() : fail(states.indexOf(state), reply),
    );
  };
  const startGuest = (i: number) => {
    states[i].state = 'starting';
    agent.request('start', { name: states[i].name }, (reply) => {
      if (!reply.ok) return fail(i, reply);
      states[i].state = 'running';
      if (typeof reply.pid === 'number') states[i].pid = reply.pid;
    });
  };
  machine.setPortOutput(AGENT_PORT, (byte) => agent.receive(byte));

  const consoles: LabConsole[] = [
    {
      name: server.name,
      setOutput: (sink) => machine.setOutput(sink),
      sendInput: (bytes) => machine.sendInput(bytes),
    },
    ...states.map((state, i): LabConsole => ({
      name: state.name,
      setOutput: (sink) => {
        sinks[i] = sink;
        machine.setPortOutput(state.port, sink);
      },
      sendInput: (bytes) => machine.sendPortInput(state.port, bytes),
    })),
  ];
  const running = machineServer({
    name: server.name,
    platform: 'host-os',
    machine,
    consoles,
    afterChunk: () => agent.flush(),
    extraStats: () => ({ agentReady: agent.ready, guests: states.map((s) => ({ ...s })) }),
    guestsRunning: () => states.filter((s) => s.state === 'running').map((s) => s.name),
  });
  const indexOf = (name: string): number => {
    const i = states.findIndex((state) => state.name === name);
    if (i < 0) throw new Error(`no guest named ${name} on ${server.name}`);
    return i;
  };
  const stopGuest = (name: string) => {
    const i = indexOf(name);
    agent.request('stop', { name }, (reply) => {
      if (!reply.ok) return say(i, `${name} did not stop: ${reply.error ?? 'the agent refused'}`);
      // The agent reaps what it killed itself and announces no exit for it.
      states[i].state = 'exited';
      states[i].pid = undefined;
      states[i].status = undefined;
    });
  };
  return {
    ...running,
    machine,
    agent,
    guests: states,
    startGuest: (name) => startGuest(indexOf(name)),
    stopGuest,
  };
}

/**
 * Guests of other platforms, KVM without the H extension (in the validator's words), and more
 * guests than the server has ports are refused before anything starts.
 */
function refuseGuests(server: ServerSpec, guests: readonly GuestSpec[]): void {
  refuseOtherPlatforms('host-os', guests);
  for (const guest of guests) {
    if (GUEST_KIND_FACTS[guest.kind].needsHardwareVirtualization && !server.hardwareVirtualization)
      throw new LabStartError('guests', `"${guest.name}": ${hardwareRefusal(guest, server)}`);
  }
  if (guests.length > MAX_HOST_OS_GUESTS) {
    throw new LabStartError(
      'guests',
      `"${server.name}" has ${MAX_HOST_OS_GUESTS} serial ports for guest consoles, ` +
        `and ${guests.length} guests`,
    );
  }
}

/** /boot/rc, and each VM's kernel under /boot (once, whatever number of guests boot it). */
function bootModules(guests: readonly GuestSpec[], env: ServerEnvironment): BootModuleFile[] {
  const files: BootModuleFile[] = [{ path: 'boot/rc', data: asciiBytes(RC) }];
  const images = new Set(guests.filter((g) => g.kind !== 'container').map(guestImage));
  for (const image of [...images].sort()) {
    files.push({ path: `boot/${image}`, data: env.loadImage(image), mode: 0o755 });
  }
  return files;
}

function guestImage(guest: GuestSpec): string {
  return guest.image ?? GUEST_KIND_FACTS[guest.kind].defaultImage;
}

/** The agent's create request for a guest (docs/host-os.md). */
function createFields(guest: GuestSpec, port: number): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    kind: guest.kind,
    name: guest.name,
    memoryMiB: guest.memoryMiB,
    console: port,
  };
  if (guest.kind === 'container') {
    // A container's image is a directory the host already has; the default tree otherwise.
    if (guest.image !== undefined) fields.image = guest.image;
    fields.weight = guest.weight;
    if (guest.cap > 0) fields.cap = guest.cap;
  } else {
    fields.image = `/boot/${guestImage(guest)}`;
  }
  return fields;
}
