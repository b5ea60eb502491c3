import { createMachine, type RunStatus } from '../machine/machine';
import type { GuestSpec, ServerSpec } from './lab-schema';
import {
  LabStartError,
  type RunningServer,
  type ServerEnvironment,
  type ServerStatus,
} from './run-lab';

/** The image a bare-metal server boots: the lab OS with its own firmware (docs/lab-os.md). */
export const BARE_METAL_IMAGE = 'bare-metal.elf';

/** Instructions per Machine.run call, so time is checked and reset offsets stay close. */
const CHUNK = 1_000_000;

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
  // Lab time = offset + the machine's mtime, which restarts from 0 when the guest resets.
  let offset = 0;
  let lastMtime = 0;
  let resets = 0;
  let final: ServerStatus | undefined;

  const finish = (status: RunStatus): ServerStatus | undefined => {
    if (status.kind === 'powered-off') return { kind: 'done', code: 0, summary: 'powered off' };
    if (status.kind === 'failed') {
      // A failure must never read as success, even when its code is 0 mod 256.
      return {
        kind: 'done',
        code: status.code & 0xff || 1,
        summary: `failed with code ${status.code}`,
      };
    }
    return undefined;
  };

  return {
    name: server.name,
    platform: 'bare-metal',
    consoles: [
      {
        name: server.name,
        setOutput: (sink) => machine.setOutput(sink),
        sendInput: (bytes) => machine.sendInput(bytes),
      },
    ],
    run(untilTicks) {
      if (final) return final;
      for (;;) {
        const status = machine.run(CHUNK, untilTicks - offset);
        if (status.kind === 'reset') {
          // The time before the reset is known to within one chunk (10 ms of virtual time).
          offset += lastMtime;
          lastMtime = 0;
          resets++;
          continue;
        }
        lastMtime = machine.clock.mtime;
        final = finish(status);
        if (final) return final;
        if (status.kind === 'idle') {
          // Nothing happens until input: the machine's clock stands, the lab's goes on.
          offset = untilTicks - machine.clock.mtime;
          return { kind: 'idle' };
        }
        if (machine.clock.mtime + offset >= untilTicks) return { kind: 'running' };
      }
    },
    stats() {
      return { name: server.name, platform: 'bare-metal', ...machine.stats(), labResets: resets };
    },
    stillRunning() {
      return final ? [] : [server.name];
    },
  };
}
