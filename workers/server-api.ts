/**
 * The contract between the UI and one physical server's worker. Everything here is plain,
 * structured-cloneable data: no engine object crosses the boundary, so the UI cannot reach into
 * the machine and the worker can be replaced (or crash) without the page noticing more than a
 * status change. `app/` imports types from this file (and the worker URL from `server-host`),
 * never from `engine/`.
 */
import type { DomainMode } from '../engine/hypervisor/domain';
import type { GuestSpec } from '../engine/lab/lab-schema';
import type { MachineStats } from './machine-port';

export type { MachineStats } from './machine-port';
export type { DomainMode } from '../engine/hypervisor/domain';

/** What the student chooses when building a physical server. */
export interface ServerConfig {
  readonly name: string;
  /** RAM in MiB (whole MiB, so always a multiple of the 4 KiB page). */
  readonly memoryMiB: number;
  /** Number of CPU cores (harts), 1 to 8. */
  readonly harts: number;
  /** What runs on the hardware; bare metal (one image, one console) when left out. */
  readonly platform?: 'bare-metal' | 'hypervisor' | 'host-os';
  /** hypervisor only: the domains to create, each with a console named after it. */
  readonly guests?: readonly HostedGuest[];
  /** hypervisor only: dom0's memory; dom0's console carries the server's name. */
  readonly dom0MemoryMiB?: number;
  /** host-os only: the guests as the lab file has them; the host's agent creates each. */
  readonly hostGuests?: readonly GuestSpec[];
  /** The CPU's H extension (hw guests need it); off when left out. */
  readonly hardwareVirtualization?: boolean;
}

/** A guest domain of a hypervisor server, as the worker creates it. */
export interface HostedGuest {
  readonly name: string;
  /** The VMM's mode: every mode the engine's VMM has (engine/hypervisor/modes.ts). */
  readonly mode: DomainMode;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly weight: number;
  readonly cap: number;
  /** The image file it boots (`kernel.elf`); the page fetches it and passes it to `loadImages`. */
  readonly image: string;
}

/** One guest domain at the moment of a sample. */
export interface GuestView {
  readonly name: string;
  /** `running`, `paused`, `shutdown`, `crashed`, or `refused` when it could not be created. */
  readonly state: string;
  /** Why it stopped or was refused, in the engine's words. */
  readonly reason: string;
  /** What the VMM did for it; absent for a refused guest. */
  readonly counters?: GuestCounters;
  /** The controls its platform offers in this state (`controlGuest`), none when left out. */
  readonly controls?: readonly GuestAction[];
}

/**
 * What the student can do to one guest. A hypervisor pauses, resumes, reboots (`reset`) and
 * destroys a domain, and `start` creates a stopped or destroyed one again from its image; a
 * host OS's agent can `stop` a guest and `start` it again (the lab kernel has no SIGSTOP, so a
 * guest there cannot be paused), and `reset` is stop then start.
 */
export type GuestAction = 'start' | 'pause' | 'resume' | 'reset' | 'stop' | 'destroy';

/** A guest's VMM counters: the events each kind of virtualization pays for. */
export interface GuestCounters {
  /** Traps into the VMM (world switches) by cause. */
  readonly exits: Readonly<Record<string, number>>;
  /** Hypercalls by name (pv) and SBI calls. */
  readonly calls: Readonly<Record<string, number>>;
  /** Privileged instructions the VMM emulated, by kind (full). */
  readonly emulated: Readonly<Record<string, number>>;
  /** Traps handed back to the guest kernel, by cause. */
  readonly reflected: Readonly<Record<string, number>>;
  /** Device register accesses the VMM emulated, by device. */
  readonly mmio: Readonly<Record<string, number>>;
  readonly shadowFills: number;
  readonly shadowSyncs: number;
  readonly consoleBytes: number;
  /** Instructions the guest's vCPUs have retired (its own, not the VMM's work for it). */
  readonly instructions?: number;
  /** Times the scheduler put one of its vCPUs on a hart (a continued slice counts again). */
  readonly dispatches?: number;
}

/** One event of the VMM's trace ring, numbered in the order the engine wrote them. */
export interface TraceEventView {
  readonly seq: number;
  /** Virtual time in milliseconds. */
  readonly ms: number;
  /** Who: a vCPU (`web.0`), a domain, or the VMM. */
  readonly source: string;
  readonly kind: string;
  readonly detail: string;
}

/** A stretch of virtual time during which a vCPU ran on a hart (the scheduler's doing). */
export interface DispatchView {
  readonly hart: number;
  readonly vcpu: string;
  readonly domain: string;
  /** Virtual milliseconds; `endMs` is the sample's time for a vCPU still running. */
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * What the page's "see inside" views need from a hypervisor server beyond its counters: the
 * trace events written since the previous sample and the recent vCPU-to-hart dispatches.
 */
export interface InsideSample {
  /** The server's virtual time at the sample, in milliseconds. */
  readonly nowMs: number;
  /** Trace events since the previous sample, oldest first. */
  readonly trace: readonly TraceEventView[];
  /** Events the ring overwrote before a sample could carry them. */
  readonly traceDropped: number;
  /** The dispatch ring, oldest first. */
  readonly dispatches: readonly DispatchView[];
}

/** An image file by name, its bytes transferred to the worker. */
export interface NamedImage {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Where a server is in its life:
 * - `empty`: the machine exists but has no image yet;
 * - `ready`: an image is loaded and the harts sit at the reset vector;
 * - `running`: the worker is executing instructions;
 * - `waiting`: running, but every hart sleeps in WFI with no timer armed: only input wakes it;
 * - `paused`: stopped by the student; `step` executes a few instructions at a time;
 * - `powered-off`: the guest switched the machine off;
 * - `failed`: the guest reported failure or the engine stopped with an error (see `message`).
 */
export type ServerState =
  'empty' | 'ready' | 'running' | 'waiting' | 'paused' | 'powered-off' | 'failed';

export interface ServerStatus {
  readonly state: ServerState;
  /** Why the machine stopped, in the engine's words (for `failed` and `powered-off`). */
  readonly message?: string;
}

/** Where one hart (CPU core) is, at the moment of a sample. */
export interface HartView {
  readonly hart: number;
  /** Privilege mode: M (machine: firmware), S (supervisor: kernel) or U (user programs). */
  readonly mode: 'M' | 'S' | 'U';
  /** The address of the next instruction. */
  readonly pc: number;
  /** Asleep in WFI until an interrupt arrives. */
  readonly waiting: boolean;
  /** Instructions this hart has retired since the machine was built. */
  readonly instructions: number;
  /** Hypervisor only: the vCPU on this hart (`web.vcpu0`), none when the hart is the VMM's, idle. */
  readonly vcpu?: string;
}

/** What `stepHart` did: the instructions that retired and where the hart is now. */
export interface HartStepResult {
  readonly status: ServerStatus;
  /** Fewer than the steps asked when an instruction trapped or the hart went to sleep in WFI. */
  readonly retired: number;
  readonly hart: HartView;
}

/** One sample of a server, taken a few times a second for the card and the counters panel. */
export interface ServerSample {
  readonly status: ServerStatus;
  /** The engine's counters; null until the machine exists. */
  readonly stats: MachineStats | null;
  readonly harts: readonly HartView[];
  /** Instructions retired per wall-clock second since the previous sample (all harts). */
  readonly instructionsPerSecond: number;
  /** The share (0 to 1) of wall-clock time the worker spent executing instructions. */
  readonly hostLoad: number;
  /** Console bytes produced by the guest that the page has not yet acknowledged. */
  readonly consoleBacklog: number;
  /** The guest domains of a hypervisor server (empty on bare metal). */
  readonly guests: readonly GuestView[];
  /** Hypervisor servers only: trace events and dispatches for the "see inside" views. */
  readonly inside?: InsideSample;
}

/** A loaded image, as the worker understood it. */
export interface ImageInfo {
  readonly name: string;
  readonly bytes: number;
}

/**
 * The server worker's API (exposed with Comlink; every method may be awaited from the page).
 * Methods that a machine in the wrong state cannot honour throw an Error whose message says why.
 */
export interface ServerApi {
  /** Builds the machine. Throws on an invalid configuration (the engine's message). */
  create(config: ServerConfig): ServerStatus;
  /** Loads an ELF or raw image (transfer its buffer) and boots it to the reset vector. */
  loadImage(name: string, image: Uint8Array): ServerStatus;
  /**
   * Loads every image the server needs and boots: a bare-metal server its one image, a
   * hypervisor server one domain per guest (a guest the VMM refuses is reported in `guests`).
   */
  loadImages(images: readonly NamedImage[]): ServerStatus;
  /**
   * Hypervisor only, once booted: creates and boots one more guest from `image` (transfer its
   * buffer), as `xl create` would; the others run on. A refusal shows in the sample's guests.
   */
  addGuest(guest: HostedGuest, image: NamedImage): ServerStatus;
  /** Hypervisor only: destroys a guest and frees its memory; the others run on. */
  removeGuest(name: string): ServerStatus;
  /** Hypervisor only: changes a running guest's scheduler weight and cap. */
  setGuestShares(name: string, weight: number, cap: number): ServerStatus;
  /** Runs the harts in slices of a few milliseconds until paused or stopped. */
  start(): ServerStatus;
  pause(): ServerStatus;
  /**
   * While paused: runs one scheduling round (every hart up to the engine's quantum, 10,000
   * instructions, on a hypervisor one slice of the scheduler) and stays paused.
   */
  step(instructions: number): ServerStatus;
  /**
   * While paused: hart `hart` alone takes exactly `steps` steps, each an instruction that retires
   * or one that traps (the pc then at the handler), and the server stays paused. On a hypervisor
   * the step is the vCPU's on that hart, or the VMM's when an exit comes.
   */
  stepHart(hart: number, steps: number): HartStepResult;
  /**
   * Slow motion: the guest's clock runs at `rate` (1 normal, 0.001 a thousandth) of the wall
   * clock's pace, so counters and the trace move slowly enough to watch.
   */
  setPace(rate: number): ServerStatus;
  /** One guest's control (see `GuestAction`); the others run on. Throws the engine's refusal. */
  controlGuest(name: string, action: GuestAction): ServerStatus;
  /** Power-cycles the machine and boots the loaded image again; keeps the state (running or paused). */
  reset(): ServerStatus;
  /**
   * Connects a console to a message port (transfer it). The worker posts `ConsoleOutput`
   * batches on it and waits for `ConsoleAck`s; see `CONSOLE_HIGH_WATER_BYTES`.
   */
  attachConsole(consoleId: ConsoleId, port: MessagePort): void;
  /** Keystrokes for the console's receive queue. */
  sendInput(consoleId: ConsoleId, bytes: Uint8Array): void;
  /**
   * The share of the wall clock (MIN_WORKER_SHARE to 1) the worker may spend running its
   * guests; the page lowers it while it misses frames (see duty-cycle.ts).
   */
  setWorkerShare(share: number): void;
  sample(): ServerSample;
  /** Test hook: makes the worker throw an uncaught error, as an engine bug would. */
  crashForTesting(): void;
  /** Test hook: makes the worker loop forever, as an engine bug could. */
  hangForTesting(): void;
}

/**
 * Consoles by name: a bare-metal server's serial console is `uart0`; on a hypervisor server
 * dom0's carries the server's name and each guest's the guest's name; on a host-OS server the
 * host's console carries the server's name, and each guest's serial port the guest's.
 */
export type ConsoleId = string;

/** The console of a bare-metal server. */
export const SERVER_CONSOLE: ConsoleId = 'uart0';

/** The consoles a server configured so will have. */
export function consolesOf(config: ServerConfig): ConsoleId[] {
  if (config.platform === 'hypervisor') {
    return [config.name, ...(config.guests ?? []).map((guest) => guest.name)];
  }
  if (config.platform === 'host-os') {
    return [config.name, ...(config.hostGuests ?? []).map((guest) => guest.name)];
  }
  return [SERVER_CONSOLE];
}

/** Worker → page on a console port: a batch of output bytes (its buffer is transferred). */
export interface ConsoleOutput {
  readonly kind: 'output';
  readonly bytes: Uint8Array;
}

/** Page → worker on a console port: `bytes` of earlier output have been drawn. */
export interface ConsoleAck {
  readonly kind: 'ack';
  readonly bytes: number;
}

/** The largest batch the worker posts at once: small enough for one xterm parse slice. */
export const CONSOLE_CHUNK_BYTES = 16 * 1024;

/**
 * The console output that may be waiting for the page before the guest is held. When a guest
 * prints faster than the page can draw, the worker stops running the machine until acks bring
 * the backlog under this mark, as a serial line with hardware flow control would. The mark is
 * checked between `run` calls, so one call's output (a few KB) may go past it.
 */
export const CONSOLE_HIGH_WATER_BYTES = 128 * 1024;
