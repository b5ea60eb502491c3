import {
  consolesOf,
  spawnServerWorker,
  transferBytes,
  transferImage,
  transferImages,
  transferPort,
  type ConsoleId,
  type GuestAction,
  type HartStepResult,
  type HostedGuest,
  type NamedImage,
  type ServerConfig,
  type ServerSample,
  type ServerStatus,
  type ServerWorker,
} from '../../../workers/server-client';
import { ConsoleStream } from '../console/console-stream';
import { workerShare } from './worker-share';

/** How often the card and the counters are refreshed. */
const SAMPLE_INTERVAL_MS = 250;
/**
 * A worker that leaves a sample unanswered this long is stuck (an endless loop in the engine)
 * and is treated as crashed. Its slices last milliseconds, so a healthy one answers at once.
 */
const UNRESPONSIVE_MS = 5_000;

/**
 * The Step slice button's budget. The engine finishes the scheduler round it is in (up to
 * 10,000 instructions per hart, on a hypervisor one slice of its scheduler) so that slicing
 * never changes what the guest sees; one step is therefore one round. An exact number of
 * instructions on one hart is `stepHart`.
 */
const STEP_INSTRUCTIONS = 1;

export interface ServerHostEvents {
  onSample(sample: ServerSample): void;
  onCrash(reason: string): void;
}

/** A server command the card's buttons may send. */
export type ServerCommandName = 'start' | 'pause' | 'reset' | 'step';

/**
 * Everything the page owns for one running server worker: the worker, its console stream and
 * the sampling timer. Disposing it ends them all; a crashed host is disposed and replaced by a
 * new one (see server-hosts.ts).
 */
export class ServerHost {
  /** The server's consoles by name: `uart0` on bare metal, one per guest on a hypervisor. */
  private readonly streams = new Map<ConsoleId, ConsoleStream>();
  private readonly worker: ServerWorker;
  private readonly sampler: ReturnType<typeof setInterval>;
  /** Stops passing the page's frame-keeping share on to the worker. */
  private readonly unfollowShare: () => void;
  private disposed = false;
  /** When the sample still unanswered was asked for (performance.now), or undefined. */
  private samplingSince: number | undefined;

  constructor(
    readonly config: ServerConfig,
    private readonly events: ServerHostEvents,
  ) {
    this.worker = spawnServerWorker(config.name, (reason) => this.crash(reason));
    for (const id of consolesOf(config)) this.addConsole(id);
    this.sampler = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    this.unfollowShare = workerShare.follow((share) => {
      if (!this.disposed) this.api.setWorkerShare(share).catch(() => {});
    });
  }

  get consoles(): ReadonlyMap<ConsoleId, ConsoleStream> {
    return this.streams;
  }

  /** Opens a console to the worker (before the guest that prints on it exists). */
  addConsole(id: ConsoleId): void {
    if (this.streams.has(id)) return;
    const channel = new MessageChannel();
    this.streams.set(id, new ConsoleStream(channel.port1));
    void this.api.attachConsole(id, transferPort(channel.port2));
  }

  /** Starts one more guest on a running hypervisor; its console must be open already. */
  addGuest(guest: HostedGuest, image: NamedImage): Promise<ServerStatus> {
    return this.api.addGuest(guest, transferImage(image));
  }

  /** Destroys a guest; its console stays open, for a guest created again under its name. */
  removeGuest(name: string): Promise<ServerStatus> {
    return this.api.removeGuest(name);
  }

  /** Closes the console of a guest that is gone for good. */
  closeConsole(id: ConsoleId): void {
    this.streams.get(id)?.dispose();
    this.streams.delete(id);
  }

  setGuestShares(name: string, weight: number, cap: number): Promise<ServerStatus> {
    return this.api.setGuestShares(name, weight, cap);
  }

  private get api() {
    return this.worker.api;
  }

  create(): Promise<ServerStatus> {
    return this.api.create(this.config);
  }

  loadImage(name: string, bytes: Uint8Array): Promise<ServerStatus> {
    return this.api.loadImage(name, transferBytes(bytes));
  }

  loadImages(images: NamedImage[]): Promise<ServerStatus> {
    return this.api.loadImages(transferImages(images));
  }

  /** Sends a command, then samples at once so the card shows its effect without waiting. */
  async command(name: ServerCommandName): Promise<ServerStatus> {
    const status = await (name === 'step' ? this.api.step(STEP_INSTRUCTIONS) : this.api[name]());
    this.sample();
    return status;
  }

  /** Steps one hart exactly, then samples so the hart table shows where it is. */
  async stepHart(hart: number, steps: number): Promise<HartStepResult> {
    const result = await this.api.stepHart(hart, steps);
    this.sample();
    return result;
  }

  setPace(rate: number): Promise<ServerStatus> {
    return this.api.setPace(rate);
  }

  async controlGuest(name: string, action: GuestAction): Promise<ServerStatus> {
    const status = await this.api.controlGuest(name, action);
    this.sample();
    return status;
  }

  sendInput(consoleId: ConsoleId, bytes: Uint8Array): void {
    if (this.disposed) return;
    // Keys typed before the machine exists have nowhere to go; they are dropped.
    this.api.sendInput(consoleId, transferBytes(bytes)).catch(() => {});
  }

  /** Test hooks: make the worker die, or hang, the way an engine bug would. */
  crashForTesting(): void {
    void this.api.crashForTesting();
  }

  hangForTesting(): void {
    void this.api.hangForTesting();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.sampler);
    this.unfollowShare();
    for (const stream of this.streams.values()) stream.dispose();
    this.worker.dispose();
  }

  private crash(reason: string): void {
    if (this.disposed) return;
    this.dispose();
    this.events.onCrash(reason);
  }

  /** One sample at a time: a worker busy in a long call is not sent a queue of requests. */
  private sample(): void {
    if (this.disposed) return;
    const now = performance.now();
    if (this.samplingSince !== undefined) {
      if (now - this.samplingSince > UNRESPONSIVE_MS) {
        this.crash(`the worker stopped answering for ${UNRESPONSIVE_MS / 1000} s`);
      }
      return;
    }
    this.samplingSince = now;
    this.api
      .sample()
      .then((sample) => {
        if (!this.disposed) this.events.onSample(sample);
      })
      // A sample lost to a dying worker needs no report: the crash itself is reported.
      .catch(() => {})
      .finally(() => {
        this.samplingSince = undefined;
      });
  }
}
