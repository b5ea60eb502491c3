import { TIMEBASE_HZ } from '../machine/memory-map';
import type { Platform } from './guest-kinds';
import type { GuestSpec, Lab, ServerSpec } from './lab-schema';
import type { LabIssue } from './validate-lab';

/**
 * Running a whole lab headless: every server advances in virtual time in lock step, slice by
 * slice, until every guest has powered off, the lab's time limit passes, or nothing can happen
 * without input. Each platform plugs in through one ServerFactory (engine/lab/platforms.ts), so
 * the runner knows nothing about machines or hypervisors.
 */

/** A console a person can read and type into: a guest's, or a bare-metal server's own. */
export interface LabConsole {
  /** A guest's name, or the server's for the OS a server runs itself (bare metal, dom0). */
  readonly name: string;
  /** Where output bytes go (nowhere until set). */
  setOutput(sink: (byte: number) => void): void;
  /** Queues bytes; the guest receives them as it reads its console. */
  sendInput(bytes: Uint8Array): void;
}

/** Where a server is after `run`. */
export type ServerStatus =
  /** It has more to do; call `run` again with a later time. */
  | { readonly kind: 'running' }
  /** Every guest waits for console input: only `sendInput` can change anything. */
  | { readonly kind: 'idle' }
  /** Every guest has stopped for good. `code` is 0 when all powered off, else the first failure's. */
  | { readonly kind: 'done'; readonly code: number; readonly summary: string };

/** One physical server of a running lab, whatever its platform. */
export interface RunningServer {
  readonly name: string;
  readonly platform: Platform;
  readonly consoles: readonly LabConsole[];
  /**
   * Runs until the server's virtual time reaches `untilTicks` (mtime ticks at TIMEBASE_HZ since
   * the lab started), or it is idle or done. Deterministic: how a run is sliced changes nothing.
   */
  run(untilTicks: number): ServerStatus;
  /** Plain data for `--stats` and the UI. */
  stats(): Record<string, unknown>;
  /** Names of what still runs on it (guests, or the server itself on bare metal). */
  stillRunning(): string[];
}

/** What a factory may ask of its host: the bytes of a guest image by name (`kernel.elf`). */
export interface ServerEnvironment {
  loadImage(name: string): Uint8Array;
}

export type ServerFactory = (
  server: ServerSpec,
  guests: readonly GuestSpec[],
  env: ServerEnvironment,
) => RunningServer;

/** The factories by platform; a platform without one is not in this build yet. */
export type ServerFactories = Readonly<Partial<Record<Platform, ServerFactory>>>;

/** A server that cannot start: the runner prints it as `FILE: path: message` and exits 2. */
export class LabStartError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'LabStartError';
  }
}

/** Refuses a lab any of whose platforms this build cannot run, before anything is built. */
export function checkPlatforms(lab: Lab, factories: ServerFactories): LabIssue[] {
  return lab.servers.flatMap((server, i) =>
    factories[server.platform]
      ? []
      : [
          {
            path: `servers[${i}].platform`,
            message: `${server.platform} servers are not available yet in this build ("${server.name}")`,
          },
        ],
  );
}

/**
 * Builds every server of a validated lab. Throws LabStartError (with the server's path) when a
 * platform is missing or a server cannot be built; callers check `checkPlatforms` first.
 */
export function buildServers(
  lab: Lab,
  factories: ServerFactories,
  env: ServerEnvironment,
): RunningServer[] {
  return lab.servers.map((server, i) => {
    const factory = factories[server.platform];
    if (!factory) {
      throw new LabStartError(
        `servers[${i}].platform`,
        `${server.platform} servers are not available yet in this build`,
      );
    }
    const guests = lab.guests.filter((g) => g.server === server.name);
    try {
      return factory(server, guests, env);
    } catch (error) {
      if (error instanceof LabStartError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new LabStartError(`servers[${i}]`, `"${server.name}" cannot start: ${why}`);
    }
  });
}

/** Why a lab run ended. */
export type LabOutcome =
  | { readonly kind: 'done'; readonly code: number; readonly failures: readonly string[] }
  | { readonly kind: 'time-limit'; readonly stillRunning: readonly string[] }
  | { readonly kind: 'idle'; readonly waiting: readonly string[] };

/** Default lock-step slice: 10 ms of virtual time, so servers never drift apart by more. */
export const LAB_SLICE_TICKS = TIMEBASE_HZ / 100;

/** Servers advancing together in virtual time. */
export class LabRun {
  /** Virtual time every server has reached, in mtime ticks. */
  now = 0;
  private readonly statuses: ServerStatus[];

  constructor(
    readonly servers: readonly RunningServer[],
    /** Stop once virtual time reaches this many ticks (Infinity: no limit). */
    readonly limitTicks = Infinity,
    readonly sliceTicks = LAB_SLICE_TICKS,
  ) {
    this.statuses = servers.map(() => ({ kind: 'running' }));
  }

  /** Advances every unfinished server by one slice; an outcome once the run is over. */
  step(): LabOutcome | undefined {
    const target = Math.min(this.now + this.sliceTicks, this.limitTicks);
    this.servers.forEach((server, i) => {
      if (this.statuses[i].kind !== 'done') this.statuses[i] = server.run(target);
    });
    this.now = target;
    return this.outcome();
  }

  /** Status of each server after the last step. */
  status(i: number): ServerStatus {
    return this.statuses[i];
  }

  private outcome(): LabOutcome | undefined {
    const open = this.servers.filter((_, i) => this.statuses[i].kind !== 'done');
    if (open.length === 0) {
      const failures: string[] = [];
      let code = 0;
      this.statuses.forEach((status, i) => {
        if (status.kind !== 'done' || status.code === 0) return;
        failures.push(`${this.servers[i].name}: ${status.summary}`);
        if (code === 0) code = status.code;
      });
      return { kind: 'done', code, failures };
    }
    const stillRunning = open.flatMap((server) => server.stillRunning());
    if (this.now >= this.limitTicks) return { kind: 'time-limit', stillRunning };
    if (this.statuses.every((s) => s.kind !== 'running'))
      return { kind: 'idle', waiting: stillRunning };
    return undefined;
  }
}
