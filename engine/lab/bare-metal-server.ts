import { createMachine } from '../machine/machine';
import type { GuestSpec, ServerSpec } from './lab-schema';
import { machineServer } from './machine-server';
import {
  LabStartError,
  type LabConsole,
  type RunningServer,
  type ServerEnvironment,
} from './run-lab';

/** The image a bare-metal server boots: the lab OS with its own firmware (docs/lab-os.md). */
export const BARE_METAL_IMAGE = 'bare-metal.elf';

/**
 * A bare-metal server: the lab OS on a Machine of the server's size, as `npm run vm` boots it.
 * Its one console carries the server's name.
 */
export function createBareMetalServer(
  server: ServerSpec,
  guests: readonly GuestSpec[],
  env: ServerEnvironment,
): RunningServer {
  if (guests.length > 0) {
    throw new LabStartError('guests', `bare-metal server "${server.name}" hosts no guests`);
  }
  const machine = createMachine({
    memoryMiB: server.memoryMiB,
    harts: server.harts,
    hypervisorExtension: server.hardwareVirtualization,
  });
  machine.loadImage(env.loadImage(BARE_METAL_IMAGE));
  machine.boot();
  const own: LabConsole = {
    name: server.name,
    setOutput: (sink) => machine.setOutput(sink),
    sendInput: (bytes) => machine.sendInput(bytes),
  };
  return machineServer({ name: server.name, platform: 'bare-metal', machine, consoles: [own] });
}
