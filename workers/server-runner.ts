import { ConsoleChannel } from './console-channel';
import { createMachinePort, type MachinePort, type RunOutcome } from './machine-port';
import { DutyCycle } from './duty-cycle';
import { PACE_SLEEP_MS, Pacer } from './pacer';
import {
  type ConsoleId,
  type GuestAction,
  type HartStepResult,
  type HostedGuest,
  type NamedImage,
  type ServerApi,
  type ServerConfig,
  type ServerSample,
  type ServerState,
  type ServerStatus,
} from './server-api';

/** Wall-clock length of one run slice; between slices the worker serves calls and messages. */
const SLICE_MS = 8;
/**
 * After a keystroke the server runs this long even when a console's backlog would hold it, so
 * the echo of a key typed into one guest does not wait for the page to draw another guest's
 * flood. The floods gain at most this much output past the high-water mark per key.
 */
const INPUT_GRACE_MS = 30;
/**
 * After a keystroke the server runs at full speed this long, however small its share (see
 * DutyCycle): the guest that echoes may have to wait its turn behind busy guests, and the
 * person typing is the one the page is kept smooth for.
 */
const INPUT_FULL_SPEED_MS = 250;
/** Each `run` call aims at this long, so a slice checks the clock a few times. */
const RUN_CALL_MS = 2;
const MIN_BUDGET = 1_000;
const MAX_BUDGET = 20_000_000;

/**
 * One physical server inside its worker: the machine, its console, and the loop that runs it in
 * slices. Implements the Comlink-exposed `ServerApi`; every method returns plain data.
 */
export class ServerRunner implements ServerApi {
  private config: ServerConfig | undefined;
  private machine: MachinePort | undefined;
  private images: readonly NamedImage[] | undefined;
  private state: ServerState = 'empty';
  private message: string | undefined;
  private budget = 100_000;
  private sliceScheduled = false;
  /** Set while the worker sleeps because the guest's clock is ahead of the wall clock. */
  private paceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pacer = new Pacer();
  /**
   * Set while the worker rests to leave the page a core (see DutyCycle). Only input ends a rest
   * early; console acknowledgements wait for it.
   */
  private restTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly dutyCycle = new DutyCycle();
  private readonly ticker = new MessageChannel();
  /**
   * One channel per console (see `consolesOf`), made when the page attaches it or the guest
   * first prints to it, whichever comes first. The page may attach a guest's console before
   * the guest exists, so that nothing it prints at boot is missed.
   */
  private readonly consoles = new Map<ConsoleId, ConsoleChannel>();
  private lastSample = { time: performance.now(), instructions: 0 };
  /** Until when (performance.now) a keystroke lets the server run past a console backlog. */
  private inputGraceUntil = 0;
  /** Until when (performance.now) a keystroke lets the server run without resting. */
  private inputFullSpeedUntil = 0;
  /** Wall-clock milliseconds spent inside `run` since the last sample. */
  private busyMs = 0;
  /** Trace events of this machine already handed to the page in a sample. */
  private traceSeen = 0;

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
    return this.loadImages([{ name, bytes }]);
  }

  loadImages(images: readonly NamedImage[]): ServerStatus {
    const machine = this.requireMachine();
    // Kept for resets: the engine may keep or alter what it is given.
    this.images = images.map((image) => ({ name: image.name, bytes: image.bytes.slice() }));
    machine.boot(images);
    this.setState('ready');
    return this.status();
  }

  addGuest(guest: HostedGuest, image: NamedImage): ServerStatus {
    const { machine, config, images } = this.requireHypervisor();
    this.config = { ...config, guests: [...without(config.guests, guest.name), guest] };
    if (!images.some((i) => i.name === image.name)) {
      this.images = [...images, { name: image.name, bytes: image.bytes.slice() }];
    }
    machine.addGuest!(guest, image.bytes);
    // A server whose guests had all stopped, or that sat idle, has work again.
    if (this.state === 'powered-off' || this.state === 'waiting') this.setState('running');
    return this.status();
  }

  removeGuest(name: string): ServerStatus {
    const { machine, config } = this.requireHypervisor();
    machine.removeGuest!(name);
    // Its console channel stays: a guest created again under the same name prints on it.
    this.config = { ...config, guests: without(config.guests, name) };
    return this.status();
  }

  setGuestShares(name: string, weight: number, cap: number): ServerStatus {
    const { machine, config } = this.requireHypervisor();
    machine.setShares!(name, weight, cap);
    const guests = (config.guests ?? []).map((g) => (g.name === name ? { ...g, weight, cap } : g));
    this.config = { ...config, guests };
    return this.status();
  }

  start(): ServerStatus {
    this.requireImages();
    if (this.state === 'ready' || this.state === 'paused') this.setState('running');
    return this.status();
  }

  pause(): ServerStatus {
    if (this.state === 'running' || this.state === 'waiting') this.setState('paused');
    return this.status();
  }

  step(instructions: number): ServerStatus {
    const machine = this.requirePausable('step');
    this.setState('paused');
    // A step is not paced: the student asked for these instructions now.
    this.handle(this.safeRun(machine, Math.max(1, Math.floor(instructions)), Infinity));
    this.flushConsoles();
    return this.status();
  }

  stepHart(hart: number, steps: number): HartStepResult {
    const machine = this.requirePausable('step');
    this.setState('paused');
    let retired = 0;
    try {
      retired = machine.stepHart(hart, Math.max(1, Math.floor(steps)));
    } catch (error) {
      if (error instanceof RangeError) throw error;
      this.setState('failed', `emulator error: ${describe(error)}`);
    }
    this.flushConsoles();
    const view = machine.harts()[hart];
    return { status: this.status(), retired, hart: view };
  }

  setPace(rate: number): ServerStatus {
    if (!(rate > 0 && rate <= 1)) throw new RangeError(`a pace is from 0 to 1, not ${rate}`);
    this.pacer.setRate(rate, this.machine?.virtualMs() ?? 0, performance.now());
    return this.status();
  }

  controlGuest(name: string, action: GuestAction): ServerStatus {
    const machine = this.requireMachine();
    if (!machine.controlGuest) throw new Error('only a hypervisor or a host OS has guests');
    machine.controlGuest(name, action);
    // A server whose guests had all stopped, or that sat idle, may have work again.
    if (this.state === 'powered-off' || this.state === 'waiting') this.setState('running');
    else this.scheduleSlice();
    return this.status();
  }

  reset(): ServerStatus {
    const images = this.requireImages();
    const keepPaused = this.state === 'paused' || this.state === 'ready';
    this.reboot(images);
    this.setState(keepPaused ? 'ready' : 'running');
    return this.status();
  }

  attachConsole(consoleId: ConsoleId, port: MessagePort): void {
    this.channel(consoleId).attach(port);
  }

  sendInput(consoleId: ConsoleId, bytes: Uint8Array): void {
    this.requireMachine().sendInput(consoleId, bytes);
    // A key is answered even while flooding consoles hold the server (see INPUT_GRACE_MS).
    this.inputGraceUntil = performance.now() + INPUT_GRACE_MS;
    this.inputFullSpeedUntil = performance.now() + INPUT_FULL_SPEED_MS;
    this.stopResting();
    if (this.state === 'waiting') this.setState('running');
    else this.scheduleSlice();
  }

  setWorkerShare(share: number): void {
    this.dutyCycle.set(share);
    // A larger share takes effect now, not after a rest sized by the smaller one.
    this.stopResting();
    this.scheduleSlice();
  }

  sample(): ServerSample {
    const now = performance.now();
    const stats = this.machine?.stats() ?? null;
    const instructions = stats?.instructions ?? 0;
    const elapsed = (now - this.lastSample.time) / 1000;
    const retired = instructions - this.lastSample.instructions;
    const hostLoad = elapsed > 0 ? Math.min(1, this.busyMs / 1000 / elapsed) : 0;
    this.lastSample = { time: now, instructions };
    this.busyMs = 0;
    const inside = this.machine?.inside?.(this.traceSeen);
    if (inside) this.traceSeen = inside.traceWritten;
    return {
      status: this.status(),
      stats,
      harts: this.machine?.harts() ?? [],
      instructionsPerSecond: elapsed > 0 && retired > 0 ? retired / elapsed : 0,
      hostLoad,
      consoleBacklog: [...this.consoles.values()].reduce((sum, c) => sum + c.backlog, 0),
      guests: this.machine?.guests() ?? [],
      inside: inside?.sample,
    };
  }

  crashForTesting(): void {
    setTimeout(() => {
      throw new Error('crash requested by a test');
    });
  }

  hangForTesting(): void {
    setTimeout(() => {
      for (;;) {
        // Never yields: the page must notice on its own.
      }
    });
  }

  private channel(consoleId: ConsoleId): ConsoleChannel {
    let channel = this.consoles.get(consoleId);
    if (!channel) {
      channel = new ConsoleChannel(() => this.scheduleSlice());
      this.consoles.set(consoleId, channel);
    }
    return channel;
  }

  /** A guest printing faster than its pane draws holds the whole server, as one UART would. */
  private get backlogged(): boolean {
    if (performance.now() < this.inputGraceUntil) return false;
    for (const channel of this.consoles.values()) if (channel.backlogged) return true;
    return false;
  }

  private flushConsoles(): void {
    for (const channel of this.consoles.values()) channel.flush();
  }

  private status(): ServerStatus {
    return { state: this.state, message: this.message };
  }

  private setState(state: ServerState, message?: string): void {
    const wasRunning = this.state === 'running';
    this.state = state;
    this.message = message;
    if (state !== 'running') {
      this.stopSleeping();
      this.stopResting();
    } else if (!wasRunning && this.machine) {
      this.pacer.align(this.machine.virtualMs(), performance.now());
      this.scheduleSlice();
    }
  }

  /**
   * Runs a slice soon. Input and console acknowledgements call this too, and wake a pacing
   * sleep, so a keystroke is seen at once even while an idle guest is paced.
   */
  private scheduleSlice(): void {
    if (this.sliceScheduled || this.restTimer !== undefined || this.state !== 'running') return;
    this.stopSleeping();
    this.sliceScheduled = true;
    this.ticker.port2.postMessage(null);
  }

  /** Runs the machine for about SLICE_MS, then returns to the event loop. */
  private runSlice(): void {
    const machine = this.machine;
    if (!machine || this.state !== 'running') return;
    const sliceStarted = performance.now();
    const deadline = sliceStarted + SLICE_MS;
    let caughtUp = false;
    while (this.state === 'running' && !this.backlogged) {
      const started = performance.now();
      const limit = this.pacer.limitMs(machine.virtualMs(), started);
      const before = machine.retired();
      const outcome = this.safeRun(machine, this.budget, limit);
      this.handle(outcome);
      const now = performance.now();
      this.busyMs += now - started;
      // Only a run that used its whole budget says how fast the guest computes.
      if (machine.retired() - before >= this.budget) this.adaptBudget(now - started);
      caughtUp = outcome.kind === 'on-time';
      // The echo of a key goes to the page as soon as it is printed, not at the slice's end.
      if (now < this.inputGraceUntil) this.flushConsoles();
      if (caughtUp || now >= deadline) break;
    }
    this.flushConsoles();
    if (this.state !== 'running') return;
    if (caughtUp) {
      // The guest is on time with the wall clock: there is nothing to do until it moves on.
      this.paceTimer = setTimeout(() => {
        this.paceTimer = undefined;
        this.scheduleSlice();
      }, PACE_SLEEP_MS);
      return;
    }
    // A slice held by a console backlog rests too: the acknowledgement would otherwise start
    // the next one at once, and a flooding guest would never give up its core.
    const busyMs = performance.now() - sliceStarted;
    const rest = performance.now() < this.inputFullSpeedUntil ? 0 : this.dutyCycle.restMs(busyMs);
    if (rest > 0) {
      this.restTimer = setTimeout(() => {
        this.restTimer = undefined;
        this.scheduleSlice();
      }, rest);
    } else if (!this.backlogged) {
      this.scheduleSlice();
    }
    // Held by a backlog: an acknowledgement from the console resumes the loop (input too).
  }

  private stopResting(): void {
    clearTimeout(this.restTimer);
    this.restTimer = undefined;
  }

  private stopSleeping(): void {
    clearTimeout(this.paceTimer);
    this.paceTimer = undefined;
  }

  /** Sizes the next `run` call so it lasts about RUN_CALL_MS at the speed just measured. */
  private adaptBudget(elapsedMs: number): void {
    const target = elapsedMs > 0.05 ? (this.budget * RUN_CALL_MS) / elapsedMs : this.budget * 2;
    this.budget = Math.round(Math.min(MAX_BUDGET, Math.max(MIN_BUDGET, target)));
  }

  /** An exception from the engine is a failed machine, not a dead worker. */
  private safeRun(machine: MachinePort, budget: number, virtualLimitMs: number): RunOutcome {
    try {
      return machine.run(budget, virtualLimitMs);
    } catch (error) {
      return { kind: 'failed', message: `emulator error: ${describe(error)}` };
    }
  }

  private handle(outcome: RunOutcome): void {
    switch (outcome.kind) {
      case 'budget-exhausted':
      case 'on-time':
        return;
      case 'idle':
        // Only input can wake the machine now; sendInput sets it running again.
        if (this.state === 'running') this.setState('waiting');
        return;
      case 'reset':
        // The engine has rebooted the guest (the stats count it); it runs on.
        return;
      case 'powered-off':
        this.setState('powered-off', outcome.message);
        return;
      case 'failed':
        this.setState('failed', outcome.message);
        return;
    }
  }

  /** A power cycle: a new machine (fresh RAM, devices and counters) booting the same image. */
  private reboot(images: readonly NamedImage[]): void {
    this.machine = this.buildMachine();
    this.machine.boot(images.map((image) => ({ name: image.name, bytes: image.bytes.slice() })));
    const now = performance.now();
    this.lastSample = { time: now, instructions: 0 };
    this.pacer.align(0, now);
  }

  private buildMachine(): MachinePort {
    if (!this.config) throw new Error('the server has not been created');
    // A new machine has a new trace ring, written from zero.
    this.traceSeen = 0;
    return createMachinePort(this.config, (consoleId, byte) =>
      this.channel(consoleId).pushByte(byte),
    );
  }

  private requireMachine(): MachinePort {
    if (!this.machine) throw new Error('the server has not been created');
    return this.machine;
  }

  /** What a change of guests needs: a booted hypervisor server. */
  private requireHypervisor() {
    const machine = this.machine;
    if (
      !machine?.addGuest ||
      !this.config ||
      this.config.platform !== 'hypervisor' ||
      !this.images
    ) {
      throw new Error('guests can only be changed on a hypervisor server that has booted');
    }
    return { machine, config: this.config, images: this.images };
  }

  /** A step needs a paused (or just booted) machine: a running one would move on under it. */
  private requirePausable(command: string): MachinePort {
    const machine = this.requireMachine();
    if (this.state !== 'paused' && this.state !== 'ready') {
      throw new Error(`cannot ${command} a server that is ${this.state}; pause it first`);
    }
    return machine;
  }

  private requireImages(): readonly NamedImage[] {
    if (!this.images) throw new Error('no image is loaded');
    return this.images;
  }
}

function without(guests: readonly HostedGuest[] | undefined, name: string): HostedGuest[] {
  return (guests ?? []).filter((guest) => guest.name !== name);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
