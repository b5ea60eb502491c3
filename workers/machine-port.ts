/**
 * The one file where the worker meets the engine. The rest of workers/ talks to `MachinePort`,
 * so a change in the engine's API is absorbed here.
 */
import type { ServerConfig } from './server-api';

/** Traps taken, by cause name (for example `ecall-from-u`, `load-page-fault`). */
export type TrapCounts = Readonly<Record<string, number>>;

/** The machine's counters, as plain data (what `Machine.stats()` returns). */
export interface MachineStats {
  readonly instructions: number;
  readonly traps: TrapCounts;
  readonly interrupts: TrapCounts;
  readonly tlbHits: number;
  readonly tlbMisses: number;
}

/** Why `run` returned. */
export type RunOutcome =
  | { readonly kind: 'budget-exhausted' }
  | { readonly kind: 'idle' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'powered-off' }
  | { readonly kind: 'failed'; readonly message: string };

export interface MachinePort {
  loadImage(image: Uint8Array): void;
  run(maxInstructions: number): RunOutcome;
  /** Instructions retired so far on all harts (cheap: read every slice). */
  instructions(): number;
  stats(): MachineStats;
  pushInput(bytes: Uint8Array): void;
}

/**
 * Builds a machine whose console UART hands each transmitted byte to `onOutputByte`. Throws the
 * engine's error for an invalid configuration.
 */
export function createMachinePort(
  config: ServerConfig,
  onOutputByte: (byte: number) => void,
): MachinePort {
  void onOutputByte;
  throw new Error(`the emulator engine is not available yet (server ${config.name})`);
}
