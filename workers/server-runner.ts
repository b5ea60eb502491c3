import { ConsoleChannel } from './console-channel';
import { createMachinePort, type MachinePort, type RunOutcome } from './machine-port';
import type {
  ConsoleId,
  ServerApi,
  ServerConfig,
  ServerSample,
  ServerState,
  ServerStatus,
} from './server-api';

/** Wall-clock length of one run slice; between slices the worker serves calls and messages. */
const SLICE_MS = 8;
/** Each `run` call aims at this long, so a slice checks the clock a few times. */
const RUN_CALL_MS = 2;
const MIN_BUDGET = 1_000;
const MAX_BUDGET = 20_000_000;
/** While every hart waits in WFI, look again this often in case an interrupt is due. */
const WAITING_RECHECK_MS = 20;

/**
 * One physical server inside its worker: the machine, its console, and the loop that runs it in
 * slices. Implements the Comlink-exposed `ServerApi`; every method returns plain data.
 */
export class ServerRunner implements ServerApi {
  private config: ServerConfig | undefined;
  private machine: MachinePort | undefined;
  private image: { name: string; bytes: Uint8Array } | undefined;
  private state: ServerState = 'empty';
  private message: string | undefined;
  private resets = 0;
  private budget = 100_000;
  private sliceScheduled = false;
  private waitingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ticker = new MessageChannel();
  private readonly console = new ConsoleChannel(() => this.scheduleSlice());
  private lastSample = { time: performance.now(), instructions: 0 };

  constructor() {
    // A MessageChannel tick yields to the event loop without setTimeout's 4 ms clamp.
    this.ticker.port1.onmessage = () => {
      this.sliceScheduled = false;
      this.runSlice();
    };
  }

  create(config: ServerConfig): ServerStatus {
    this.config = config;
    this.machine = this.buildMachine();
    this.setState('empty');
    return this.status();
  }

  loadImage(name: string, bytes: Uint8Array): ServerStatus {
    const machine = this.requireMachine();
    // Kept for resets: the engine may keep or alter what it is given.
    this.image = { name, bytes: bytes.slice() };
    this.resets = 0;
    machine.loadImage(bytes);
    this.setState('ready');
    return this.status();
  }

  start(): ServerStatus {
    this.requireImage();
    if (this.state === 'ready' || this.state === 'paused') this.setState('running');
    return this.status();
  }

  pause(): ServerStatus {
    if (this.state === 'running' || this.state === 'waiting') this.setState('paused');
    return this.status();
  }

  step(instructions: number): ServerStatus {
    const machine = this.requireMachine();
    if (this.state !== 'paused' && this.state !== 'ready') {
      throw new Error(`cannot step a server that is ${this.state}; pause it first`);
    }
    this.state = 'paused';
    this.handle(this.safeRun(machine, Math.max(1, Math.floor(instructions))));
    this.console.flush();
    return this.status();
  }

  reset(): ServerStatus {
    const image = this.requireImage();
    const keepPaused = this.state === 'paused' || this.state === 'ready';
    this.reboot(image.bytes);
    this.resets = 0;
    this.setState(keepPaused ? 'ready' : 'running');
    return this.status();
  }

  attachConsole(consoleId: ConsoleId, port: MessagePort): void {
    if (consoleId !== 'uart0') throw new Error(`no console named ${consoleId}`);
    this.console.attach(port);
  }

  sendInput(consoleId: ConsoleId, bytes: Uint8Array): void {
    if (consoleId !== 'uart0') throw new Error(`no console named ${consoleId}`);
    this.requireMachine().pushInput(bytes);
    if (this.state === 'waiting') this.setState('running');
  }

  sample(): ServerSample {
    const now = performance.now();
    const stats = this.machine?.stats() ?? {
      instructions: 0,
      traps: {},
      interrupts: {},
      tlbHits: 0,
      tlbMisses: 0,
    };
    const elapsed = (now - this.lastSample.time) / 1000;
    const retired = stats.instructions - this.lastSample.instructions;
    this.lastSample = { time: now, instructions: stats.instructions };
    return {
      status: this.status(),
      stats,
      instructionsPerSecond: elapsed > 0 && retired > 0 ? retired / elapsed : 0,
      consoleBacklog: this.console.backlog,
    };
  }

  crashForTesting(): void {
    setTimeout(() => {
      throw new Error('crash requested by a test');
    });
  }

  private status(): ServerStatus {
    return { state: this.state, message: this.message, resets: this.resets };
  }

  private setState(state: ServerState, message?: string): void {
    this.state = state;
    this.message = message;
    if (state === 'running') this.scheduleSlice();
  }

  private scheduleSlice(): void {
    if (this.sliceScheduled || this.state !== 'running') return;
    clearTimeout(this.waitingTimer);
    this.sliceScheduled = true;
    this.ticker.port2.postMessage(null);
  }

  /** Runs the machine for about SLICE_MS, then returns to the event loop. */
  private runSlice(): void {
    const machine = this.machine;
    if (!machine || this.state !== 'running') return;
    const deadline = performance.now() + SLICE_MS;
    while (this.state === 'running' && !this.console.backlogged) {
      const started = performance.now();
      this.handle(this.safeRun(machine, this.budget));
      const now = performance.now();
      this.adaptBudget(now - started);
      if (now >= deadline) break;
    }
    this.console.flush();
    // A backlogged console resumes the loop from its acknowledgement handler.
    if (!this.console.backlogged) this.scheduleSlice();
  }

  /** Sizes the next `run` call so it lasts about RUN_CALL_MS at the speed just measured. */
  private adaptBudget(elapsedMs: number): void {
    const target = elapsedMs > 0.05 ? (this.budget * RUN_CALL_MS) / elapsedMs : this.budget * 2;
    this.budget = Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, target)));
  }

  /** An exception from the engine is a failed machine, not a dead worker. */
  private safeRun(machine: MachinePort, budget: number): RunOutcome {
    try {
      return machine.run(budget);
    } catch (error) {
      return { kind: 'failed', message: `emulator error: ${describe(error)}` };
    }
  }

  private handle(outcome: RunOutcome): void {
    switch (outcome.kind) {
      case 'budget-exhausted':
        return;
      case 'idle':
        if (this.state === 'running') {
          this.setState('waiting');
          this.waitingTimer = setTimeout(() => {
            if (this.state === 'waiting') this.setState('running');
          }, WAITING_RECHECK_MS);
        }
        return;
      case 'reset':
        // The guest asked for a reset (the sifive_test finisher): power-cycle, keep running.
        this.reboot(this.requireImage().bytes);
        this.resets++;
        return;
      case 'powered-off':
        this.setState('powered-off', 'the guest powered the server off');
        return;
      case 'failed':
        this.setState('failed', outcome.message);
        return;
    }
  }

  private reboot(image: Uint8Array): void {
    this.machine = this.buildMachine();
    this.machine.loadImage(image.slice());
    this.lastSample = { time: performance.now(), instructions: 0 };
  }

  private buildMachine(): MachinePort {
    if (!this.config) throw new Error('the server has not been created');
    return createMachinePort(this.config, (byte) => this.console.pushByte(byte));
  }

  private requireMachine(): MachinePort {
    if (!this.machine) throw new Error('the server has not been created');
    return this.machine;
  }

  private requireImage(): { name: string; bytes: Uint8Array } {
    if (!this.image) throw new Error('no image is loaded');
    return this.image;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
