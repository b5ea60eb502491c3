import type { Machine, RunStatus } from '../machine/machine';
import type { Platform } from './guest-kinds';
import type { LabConsole, RunningServer, ServerStatus } from './run-lab';

/** Instructions per Machine.run call, so time is checked and reset offsets stay close. */
const CHUNK = 1_000_000;

/** What a platform adds to a machine that runs one OS natively (bare metal, a host OS). */
export interface MachineServerParts {
  readonly name: string;
  readonly platform: Platform;
  readonly machine: Machine;
  readonly consoles: readonly LabConsole[];
  /** Called after every chunk the machine runs (a host OS talks to its agent here). */
  readonly afterChunk?: () => void;
  /** Extra plain data for `stats()`. */
  readonly extraStats?: () => Record<string, unknown>;
  /** What still runs on it besides the server's own OS. */
  readonly guestsRunning?: () => string[];
}

/**
 * A booted Machine as the lab runner drives it, in lab time: lab time = offset + the machine's
 * mtime, which restarts from 0 when the guest resets and stands while it waits for input. Done
 * when the OS powers off (code 0) or fails.
 */
export function machineServer(parts: MachineServerParts): RunningServer {
  const { machine, name, platform } = parts;
  let offset = 0;
  let lastMtime = 0;
  let resets = 0;
  let final: ServerStatus | undefined;
  return {
    name,
    platform,
    consoles: parts.consoles,
    run(untilTicks) {
      if (final) return final;
      for (;;) {
        const status = machine.run(CHUNK, untilTicks - offset);
        parts.afterChunk?.();
        if (status.kind === 'reset') {
          // The time before the reset is known to within one chunk (10 ms of virtual time).
          offset += lastMtime;
          lastMtime = 0;
          resets++;
          continue;
        }
        lastMtime = machine.clock.mtime;
        final = finalStatus(status);
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
      return { name, platform, ...machine.stats(), labResets: resets, ...parts.extraStats?.() };
    },
    stillRunning() {
      return final ? [] : [name, ...(parts.guestsRunning?.() ?? [])];
    },
  };
}

function finalStatus(status: RunStatus): ServerStatus | undefined {
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
}
