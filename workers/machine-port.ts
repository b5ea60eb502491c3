/**
 * The one file where the worker meets the engine. The rest of workers/ talks to `MachinePort`,
 * so a change in the engine's API is absorbed here.
 */
import { TIMEBASE_HZ } from '../engine/machine/memory-map';
import type { Hart } from '../engine/machine/hart';
import {
  createMachine,
  type Machine,
  type MachineStats,
  type RunStatus,
} from '../engine/machine/machine';
import { createHostOsPort } from './host-os-port';
import { createHypervisorPort } from './hypervisor-port';
import type { InsideReading } from './inside-port';
import {
  SERVER_CONSOLE,
  type ConsoleId,
  type GuestAction,
  type GuestView,
  type HartView,
  type HostedGuest,
  type NamedImage,
  type ServerConfig,
} from './server-api';

export type { MachineStats };

/** Why `run` returned, with the engine's codes turned into sentences for the student. */
export type RunOutcome =
  | { readonly kind: 'budget-exhausted' }
  /** The guest's clock reached the limit `run` was given: it is on time with the wall clock. */
  | { readonly kind: 'on-time' }
  /** Every hart waits in WFI with no timer armed: only console input can wake the machine. */
  | { readonly kind: 'idle' }
  /** The guest asked for a reset; the engine has already rebooted it and it runs on. */
  | { readonly kind: 'reset' }
  | { readonly kind: 'powered-off'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface MachinePort {
  /**
   * Bare metal: checks the first image (ELF32 or raw) and powers on at its entry. Hypervisor:
   * creates and boots one domain per guest from the image it names. Throws the engine's refusal
   * when nothing can run.
   */
  boot(images: readonly NamedImage[]): void;
  /**
   * Runs until about `maxInstructions` have retired or the guest's clock reaches
   * `virtualLimitMs`, whichever comes first (the engine finishes the round it is in).
   */
  run(maxInstructions: number, virtualLimitMs: number): RunOutcome;
  /** Hart `hart` alone takes exactly `steps` steps (`Machine.stepHart`); returns those retired. */
  stepHart(hart: number, steps: number): number;
  /** Instructions retired since the machine was built (cheap). */
  retired(): number;
  stats(): MachineStats;
  harts(): HartView[];
  /** The guest's clock in milliseconds (cheap: read after every `run`). */
  virtualMs(): number;
  sendInput(consoleId: ConsoleId, bytes: Uint8Array): void;
  /** The guest domains and their states (none on bare metal). */
  guests(): GuestView[];
  /** Hypervisor only: creates and boots one more guest (a refusal shows in `guests`). */
  addGuest?(guest: HostedGuest, image: Uint8Array | undefined): void;
  /** Hypervisor only: destroys a guest and gives its memory back. */
  removeGuest?(name: string): void;
  /** Hypervisor only: a guest's scheduler weight and cap, changed while it runs. */
  setShares?(name: string, weight: number, cap: number): void;
  /** Hypervisor and host OS: one guest's control, as its `GuestView.controls` offer. */
  controlGuest?(name: string, action: GuestAction): void;
  /** Hypervisor only: the trace after the first `traceSeen` events, and recent dispatches. */
  inside?(traceSeen: number): InsideReading;
}

/** Where a console's bytes go: the console's name and one byte. */
export type OutputSink = (consoleId: ConsoleId, byte: number) => void;

/**
 * Builds the server's machine: a bare machine whose UART is console `uart0`, or a hypervisor
 * server with a console per guest. Throws the engine's error for an invalid configuration.
 */
export function createMachinePort(config: ServerConfig, onOutput: OutputSink): MachinePort {
  if (config.platform === 'hypervisor') return createHypervisorPort(config, onOutput);
  if (config.platform === 'host-os') return createHostOsPort(config, onOutput);
  return createBareMetalPort(config, onOutput);
}

function createBareMetalPort(config: ServerConfig, onOutput: OutputSink): MachinePort {
  const machine: Machine = createMachine({
    memoryMiB: config.memoryMiB,
    harts: config.harts,
    hypervisorExtension: config.hardwareVirtualization ?? false,
  });
  machine.setOutput((byte) => onOutput(SERVER_CONSOLE, byte));
  return {
    boot(images) {
      if (images.length === 0) throw new Error('no image to boot');
      machine.loadImage(images[0].bytes);
      machine.boot();
    },
    run(maxInstructions, virtualLimitMs) {
      const limit = Math.floor(virtualLimitMs * TICKS_PER_MS);
      const status = machine.run(maxInstructions, limit);
      if (machine.stalled >= STUCK_ROUNDS) return { kind: 'failed', message: stuckReport(machine) };
      if (status.kind === 'budget-exhausted' && machine.clock.mtime >= limit) return ON_TIME;
      return describeStatus(status);
    },
    stepHart: (hart, steps) => machine.stepHart(hart, steps),
    retired: () => machine.retired,
    stats: () => machine.stats(),
    harts: () => machine.harts.map((hart) => hartView(hart)),
    virtualMs: () => machine.clock.mtime / TICKS_PER_MS,
    sendInput: (consoleId, bytes) => {
      if (consoleId !== SERVER_CONSOLE) throw new Error(`no console named ${consoleId}`);
      machine.sendInput(bytes);
    },
    guests: () => [],
  };
}

/** Where a hart is, as plain data. */
export function hartView(hart: Hart, vcpu?: string): HartView {
  return {
    hart: hart.id,
    mode: MODE_NAMES[hart.priv],
    pc: hart.pc >>> 0,
    waiting: hart.waitingForInterrupt,
    instructions: hart.counters.instructions,
    vcpu,
  };
}

export const TICKS_PER_MS = TIMEBASE_HZ / 1000;
/**
 * Rounds in a row in which every hart took traps and none retired an instruction before the
 * guest counts as stuck (as `npm run vm` decides). Such a guest would otherwise spin forever.
 */
export const STUCK_ROUNDS = 1000;
/** Privilege levels by their encoding (2 is reserved). */
export const MODE_NAMES: Record<number, HartView['mode']> = { 0: 'U', 1: 'S', 3: 'M' };
export const BUDGET_EXHAUSTED: RunOutcome = { kind: 'budget-exhausted' };
export const ON_TIME: RunOutcome = { kind: 'on-time' };
export const IDLE: RunOutcome = { kind: 'idle' };
const RESET: RunOutcome = { kind: 'reset' };

export function describeStatus(status: RunStatus): RunOutcome {
  switch (status.kind) {
    case 'budget-exhausted':
      return BUDGET_EXHAUSTED;
    case 'idle':
      return IDLE;
    case 'reset':
      return RESET;
    case 'powered-off':
      return { kind: 'powered-off', message: 'The guest powered the server off.' };
    case 'failed':
      return {
        kind: 'failed',
        message: `The guest reported a failure (exit code ${status.code}) and stopped the server.`,
      };
  }
}

/** What a stuck guest keeps doing: where hart 0 is and the trap it takes most. */
export function stuckReport(machine: Machine): string {
  const hart = machine.harts[0];
  const traps = Object.entries(machine.stats().exceptions).sort((a, b) => b[1] - a[1]);
  const pc = (hart.pc >>> 0).toString(16).padStart(8, '0');
  const cause = traps.length > 0 ? `, mostly ${traps[0][0]}` : '';
  return (
    `The guest is stuck: its CPUs keep taking traps without executing an instruction ` +
    `(hart 0 at pc 0x${pc} in ${MODE_NAMES[hart.priv]}-mode${cause}).`
  );
}
