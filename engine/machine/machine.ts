import { Bus } from './bus';
import { Clint } from './clint';
import { VirtualClock } from './clock';
import { CodeCache } from './code-cache';
import { buildDeviceTree, deviceTreeAddress } from './device-tree';
import { Finisher } from './finisher';
import { Hart } from './hart';
import { EXCEPTION_NAMES, INTERRUPT_NAMES, type HartCountersSummary } from './hart-counters';
import { loadIntoRam, parseImage, type BootImage } from './image';
import { placeInitrd, type PlacedInitrd } from './initrd';
import {
  INSTRUCTIONS_PER_TICK,
  MAX_SERIAL_PORTS,
  MEMORY_MAP,
  SERIAL_PORT_IRQ_BASE,
  TIMEBASE_HZ,
  UART0_IRQ,
} from './memory-map';
import { Plic } from './plic';
import { Uart16550 } from './uart16550';

/**
 * Instructions each hart runs per round before the next one gets its turn. Short enough that an
 * IPI or a keystroke reaches a hart within a millisecond of virtual time (100 µs at 1 instruction
 * per ns), long enough that the per-round work (timer check, clock) costs nothing measurable.
 */
export const QUANTUM = 10_000;

export const MIN_MEMORY_MIB = 4;
export const MAX_MEMORY_MIB = 2048;
export const MAX_HARTS = 8;

const MiB = 1024 * 1024;

export interface MachineConfig {
  readonly memoryMiB: number;
  readonly harts: number;
  /**
   * The server's "hardware virtualization" feature: every hart implements the RISC-V H
   * extension (misa.H, VS/VU-mode, two-stage translation). Off by default, and then every H
   * instruction and CSR is illegal, as on a CPU without it.
   */
  readonly hypervisorExtension?: boolean;
  /**
   * Extra ns16550a ports ttyS1..ttySn (0 to MAX_SERIAL_PORTS, default 0), as a host-OS server
   * has: the management agent's port and one console per guest. See MEMORY_MAP.serialPorts.
   */
  readonly serialPorts?: number;
  /** A boot module (newc cpio) placed in RAM below the device tree and named in /chosen. */
  readonly initrd?: Uint8Array;
}

/** Why `run` returned. */
export type RunStatus =
  /** The guest wrote 0x5555 to the finisher. The machine stays off. */
  | { readonly kind: 'powered-off'; readonly code: 0 }
  /** The guest wrote (code << 16) | 0x3333 to the finisher. The machine stays off. */
  | { readonly kind: 'failed'; readonly code: number }
  /** The guest wrote 0x7777: the machine has rebooted (image reloaded, harts at the entry); `run` again goes on. */
  | { readonly kind: 'reset' }
  /** `maxInstructions` retired or virtual time reached `mtimeLimit`; call `run` again to go on. */
  | { readonly kind: 'budget-exhausted' }
  /**
   * Every hart waits in WFI, no timer is armed and nothing pending wakes them: only new input
   * (`sendInput`) can change anything. `inputPending` counts bytes the guest has not read (a
   * guest idle with input pending has its UART interrupt masked).
   */
  | { readonly kind: 'idle'; readonly inputPending: number };

const POWERED_OFF: RunStatus = { kind: 'powered-off', code: 0 };
const RESET: RunStatus = { kind: 'reset' };
const BUDGET_EXHAUSTED: RunStatus = { kind: 'budget-exhausted' };

export interface DeviceStats {
  reads: number;
  writes: number;
}

/** Plain data about a run, for the CLI, the UI and benchmarks. */
export interface MachineStats {
  /** Instructions retired by all harts. */
  instructions: number;
  /** Virtual time in mtime ticks (10 MHz) and in seconds. */
  mtime: number;
  virtualSeconds: number;
  /** Exceptions and interrupts taken, summed over harts, by name. */
  exceptions: Record<string, number>;
  interrupts: Record<string, number>;
  tlbHits: number;
  tlbMisses: number;
  harts: (HartCountersSummary & { hart: number })[];
  uart: { bytesOut: number; bytesIn: number; inputPending: number };
  mmio: Record<string, DeviceStats>;
  plicClaims: number;
  /** Rounds of the scheduler, jumps of the clock to a timer deadline, finisher resets. */
  rounds: number;
  timeSkips: number;
  resets: number;
}

/**
 * One physical RISC-V server compatible with QEMU `virt -bios none`: RAM, bus, CLINT, PLIC,
 * UART, finisher, a device tree and 1–8 harts stepped round-robin. Build it with `createMachine`.
 */
export class Machine {
  /** Where the device tree sits in RAM; every hart gets it in a1 at reset. */
  readonly dtbAddress: number;

  private image: BootImage | undefined;
  private booted = false;
  private halted: RunStatus | undefined;
  private instructions = 0;
  private rounds = 0;
  private timeSkips = 0;
  private resets = 0;
  private stalledRounds = 0;

  constructor(
    readonly bus: Bus,
    readonly clock: VirtualClock,
    readonly code: CodeCache,
    readonly harts: readonly Hart[],
    readonly plic: Plic,
    readonly clint: Clint,
    readonly uart: Uart16550,
    readonly finisher: Finisher,
    readonly dtb: Uint8Array,
    /** ttyS1..ttySn; serialPorts[0] is ttyS1. Empty unless the config asked for ports. */
    readonly serialPorts: readonly Uart16550[] = [],
    /** The boot module, if any, copied into RAM at every boot. */
    readonly initrd?: PlacedInitrd,
  ) {
    this.dtbAddress = deviceTreeAddress(bus.ramSize, dtb.length);
  }

  /** Instructions retired by all harts since the machine was built. */
  get retired(): number {
    return this.instructions;
  }

  /**
   * Consecutive rounds in which no hart retired an instruction and not all of them waited in
   * WFI: every hart is taking traps that retire nothing, typically because mtvec points at
   * memory that faults. A host can call the guest stuck after enough of them.
   */
  get stalled(): number {
    return this.stalledRounds;
  }

  /** Checks and keeps a kernel image (ELF32 or raw); throws ImageError with a one-line reason. */
  loadImage(bytes: Uint8Array): BootImage {
    // The initrd lies just below the device tree, so one range covers both.
    const initrd = this.initrd;
    this.image = parseImage(
      bytes,
      this.bus.ramSize,
      initrd
        ? {
            base: initrd.start,
            size: this.dtbAddress + this.dtb.length - initrd.start,
            what: 'initrd and device tree',
          }
        : { base: this.dtbAddress, size: this.dtb.length, what: 'device tree' },
    );
    return this.image;
  }

  /**
   * Power on, as QEMU's `-bios none` reset vector: image and device tree in RAM, devices reset,
   * every hart in M-mode at the entry with a0 = hart id and a1 = the device tree's address.
   */
  boot(): void {
    const image = this.image;
    if (!image) throw new Error('boot: no image loaded (call loadImage first)');
    loadIntoRam(this.bus, image);
    if (this.initrd) this.bus.loadBytes(this.initrd.start, this.initrd.bytes);
    this.bus.loadBytes(this.dtbAddress, this.dtb);
    // mtime starts from 0 at power-on and at every reset, as QEMU's does.
    this.clock.mtime = 0;
    this.plic.reset();
    this.clint.reset();
    this.uart.reset();
    for (const port of this.serialPorts) port.reset();
    this.finisher.clear();
    this.bus.stopRequested = false;
    for (const hart of this.harts) hart.reset(image.entry, hart.id, this.dtbAddress);
    this.halted = undefined;
    this.booted = true;
  }

  /** Sets where the console's output bytes go. */
  setOutput(sink: (byte: number) => void): void {
    this.uart.setSink(sink);
  }

  /** Queues console input; the guest receives it as it drains the UART FIFO. */
  sendInput(bytes: Uint8Array): void {
    this.uart.enqueueInput(bytes);
  }

  /** Sets where serial port ttyS`port`'s output bytes go (1 to the number of ports). */
  setPortOutput(port: number, sink: (byte: number) => void): void {
    this.serialPort(port).setSink(sink);
  }

  /** Queues input on serial port ttyS`port`, as `sendInput` does on the console. */
  sendPortInput(port: number, bytes: Uint8Array): void {
    this.serialPort(port).enqueueInput(bytes);
  }

  private serialPort(port: number): Uart16550 {
    const uart = this.serialPorts[port - 1];
    if (!Number.isInteger(port) || !uart)
      throw new RangeError(
        `no serial port ttyS${port}: this machine has ${this.serialPorts.length}`,
      );
    return uart;
  }

  /** Input bytes queued on the console and every serial port that the guest has not read. */
  private inputPending(): number {
    let pending = this.uart.pendingInput();
    for (const port of this.serialPorts) pending += port.pendingInput();
    return pending;
  }

  /**
   * Runs rounds until at least `maxInstructions` have retired (a round is never cut short by the
   * budget, so how a run is sliced does not change what the guest sees), the guest powers off or
   * fails, resets, or has nothing left to do. In each round every hart runs up to QUANTUM
   * instructions, cut short at the next timer deadline so timer interrupts arrive on time; then
   * virtual time advances by the round's length. When every hart waits in WFI, time jumps to the
   * next deadline.
   *
   * `mtimeLimit` also ends the run (as 'budget-exhausted') once virtual time reaches it, and a
   * jump of time never passes it: a host that wants guest time to follow its own clock (a person
   * at a terminal) passes its elapsed time here. While every hart waits, nothing can observe
   * where a jump stops, so the limit changes nothing the guest sees.
   */
  run(maxInstructions: number, mtimeLimit = Infinity): RunStatus {
    if (this.halted) return this.halted;
    if (!this.booted) throw new Error('run: the machine has not booted (call boot first)');
    const harts = this.harts;
    const clock = this.clock;
    const clint = this.clint;
    const timeLimit = Math.floor(mtimeLimit);
    let executed = 0;
    while (executed < maxInstructions && clock.mtime < timeLimit) {
      const deadline = clint.nextDeadline();
      const quantum =
        deadline === Infinity
          ? QUANTUM
          : Math.min(QUANTUM, (deadline - clock.mtime) * INSTRUCTIONS_PER_TICK);
      let retired = 0;
      for (let i = 0; i < harts.length; i++) {
        retired += harts[i].run(quantum);
        if (this.bus.stopRequested) break;
      }
      this.rounds++;
      this.instructions += retired;
      executed += retired;
      // The finisher ends the round on the spot; the clock stays where the round began, so
      // virtual time remains whole rounds (and whole ticks) across a reset.
      if (this.bus.stopRequested) return this.finish();
      if (retired > 0 || !this.allWaiting()) {
        // A round lasts `quantum` of virtual time for every hart, including one that idled in
        // WFI for part of it. (A round that retired nothing without WFI still counts against the
        // budget, so a hart stuck taking traps cannot hold `run` forever.)
        if (retired === 0) {
          executed += quantum * harts.length;
          this.stalledRounds++;
        } else {
          this.stalledRounds = 0;
        }
        clock.advanceByInstructions(quantum);
        clint.update();
        continue;
      }
      if (deadline === Infinity) return { kind: 'idle', inputPending: this.inputPending() };
      clock.skipTo(Math.min(deadline, timeLimit));
      clint.update();
      this.timeSkips++;
    }
    return BUDGET_EXHAUSTED;
  }

  /**
   * Single-step for a person watching: hart `index` alone takes exactly `steps` steps while the
   * other harts stand still. A step is one instruction that retires, or one that traps instead
   * (an ecall, a fault): the trapping instruction is the step, and the pc is then at the
   * handler, not past it. An interrupt pending before a step is taken first, and the step runs
   * the handler's first instruction. A hart asleep in WFI with nothing to wake it takes no step.
   * Virtual time moves one instruction's worth per step, so the same steps give the same
   * machine every time. Returns the instructions retired, which a trap does not add to.
   */
  stepHart(index: number, steps: number): number {
    const hart = this.harts[index];
    if (!hart) throw new RangeError(`no hart ${index}: this machine has ${this.harts.length}`);
    // No check that boot() ran: a hypervisor takes the harts without booting the machine.
    if (this.halted) return 0;
    let retired = 0;
    for (let i = 0; i < steps; i++) {
      // A budget of one is one step: Hart.run spends a unit on a retired or a trapping instruction.
      retired += hart.run(1);
      this.clock.advanceByInstructions(1);
      this.clint.update();
      if (this.bus.stopRequested) {
        this.finish();
        break;
      }
      if (hart.waitingForInterrupt) break;
    }
    this.instructions += retired;
    return retired;
  }

  /** Statistics as plain data. */
  stats(): MachineStats {
    const harts = this.harts.map((hart) => ({ hart: hart.id, ...hart.counters.summary() }));
    const exceptions: Record<string, number> = {};
    const interrupts: Record<string, number> = {};
    for (const hart of this.harts) {
      addNamed(exceptions, hart.counters.exceptions, EXCEPTION_NAMES);
      addNamed(interrupts, hart.counters.interrupts, INTERRUPT_NAMES);
    }
    const mmio: Record<string, DeviceStats> = {};
    for (const device of [this.uart, ...this.serialPorts, this.plic, this.clint, this.finisher]) {
      mmio[device.name] = { reads: device.reads, writes: device.writes };
    }
    return {
      instructions: this.instructions,
      mtime: this.clock.mtime,
      virtualSeconds: this.clock.mtime / TIMEBASE_HZ,
      exceptions,
      interrupts,
      tlbHits: harts.reduce((n, h) => n + h.tlbHits, 0),
      tlbMisses: harts.reduce((n, h) => n + h.tlbMisses, 0),
      harts,
      uart: {
        bytesOut: this.uart.bytesTransmitted,
        bytesIn: this.uart.bytesReceived,
        inputPending: this.uart.pendingInput(),
      },
      mmio,
      plicClaims: this.plic.claims,
      rounds: this.rounds,
      timeSkips: this.timeSkips,
      resets: this.resets,
    };
  }

  /** Acts on the finisher once a hart has stopped for it. */
  private finish(): RunStatus {
    this.bus.stopRequested = false;
    const outcome = this.finisher.outcome;
    this.finisher.clear();
    switch (outcome.kind) {
      case 'power-off':
        this.halted = POWERED_OFF;
        return POWERED_OFF;
      case 'fail':
        this.halted = { kind: 'failed', code: outcome.code };
        return this.halted;
      case 'reset':
        // QEMU reboots on 0x7777, and so do we: devices reset, mtime back to 0, the image and
        // device tree copied in again; the rest of RAM keeps its contents, as QEMU's does.
        this.resets++;
        this.boot();
        return RESET;
      case 'none':
        return BUDGET_EXHAUSTED; // a stop nobody asked the finisher for: just return early
    }
  }

  private allWaiting(): boolean {
    for (const hart of this.harts) if (!hart.waitingForInterrupt) return false;
    return true;
  }
}

function addNamed(
  into: Record<string, number>,
  counts: Float64Array,
  names: readonly string[],
): void {
  counts.forEach((count, cause) => {
    if (count !== 0) into[names[cause]] = (into[names[cause]] ?? 0) + count;
  });
}

/** Refuses a configuration the machine cannot have, with the reason. */
export function checkMachineConfig(config: MachineConfig): void {
  const { memoryMiB, harts } = config;
  if (!Number.isInteger(memoryMiB) || memoryMiB < MIN_MEMORY_MIB || memoryMiB > MAX_MEMORY_MIB) {
    throw new RangeError(
      `memory must be a whole number of MiB from ${MIN_MEMORY_MIB} to ${MAX_MEMORY_MIB}, got ${memoryMiB}`,
    );
  }
  if (!Number.isInteger(harts) || harts < 1 || harts > MAX_HARTS) {
    throw new RangeError(`harts must be a whole number from 1 to ${MAX_HARTS}, got ${harts}`);
  }
  const ports = config.serialPorts ?? 0;
  if (!Number.isInteger(ports) || ports < 0 || ports > MAX_SERIAL_PORTS) {
    throw new RangeError(
      `serial ports must be a whole number from 0 to ${MAX_SERIAL_PORTS}, got ${ports}`,
    );
  }
}

/**
 * Builds a machine, one step per line, in the order the parts depend on each other. Nothing is
 * running yet: `loadImage` then `boot` start it.
 */
export function createMachine(config: MachineConfig): Machine {
  checkMachineConfig(config);
  const memoryBytes = config.memoryMiB * MiB;
  const {
    finisher: finisherRange,
    clint: clintRange,
    plic: plicRange,
    uart0: uartRange,
  } = MEMORY_MAP;

  // RAM at 0x8000_0000 and the physical address space around it.
  const bus = new Bus(memoryBytes);
  // mtime: moves only as instructions retire, never with the wall clock.
  const clock = new VirtualClock();
  // Predecoded instructions, one cache shared by all harts (they share RAM).
  const code = new CodeCache(bus);
  // The harts, in M-mode; boot() sets their pc, a0 and a1.
  const hypervisorExtension = config.hypervisorExtension ?? false;
  const harts: Hart[] = [];
  for (let id = 0; id < config.harts; id++)
    harts.push(new Hart(id, bus, clock, code, { hypervisorExtension }));
  // Interrupt wires from the CLINT and PLIC into each hart's mip.
  const line = (hart: number, bit: number, level: boolean) =>
    harts[hart].setInterruptLine(bit, level);
  // External interrupts: two contexts per hart (M -> MEIP, S -> SEIP).
  const plic = new Plic(config.harts, line);
  // Software and timer interrupts per hart, mtime from the clock.
  const clint = new Clint(config.harts, clock, line);
  // Console UART; its output is discarded until someone calls setOutput. IRQ to PLIC source 10.
  const uart = new Uart16550(
    () => {},
    (level) => plic.setSourceLevel(UART0_IRQ, level),
  );
  // Power off, reset and fail for the guest.
  const finisher = new Finisher(bus);
  // The devices on the bus, at QEMU virt's addresses (the bus refuses overlaps).
  bus.register(finisherRange.base, finisherRange.size, finisher);
  bus.register(clintRange.base, clintRange.size, clint);
  bus.register(plicRange.base, plicRange.size, plic);
  bus.register(uartRange.base, uartRange.size, uart);
  // A host-OS server's extra ports ttyS1..ttySn, each on its own PLIC source.
  const serialPorts = createSerialPorts(config.serialPorts ?? 0, bus, plic);
  // The device tree that describes all of the above to the guest, and where the initrd goes.
  const tree = {
    memoryBytes,
    harts: config.harts,
    isa: hypervisorExtension ? 'rv32imah' : undefined,
    serialPorts: serialPorts.length,
  };
  const placed = config.initrd ? placeInitrd(config.initrd, tree) : undefined;
  const dtb = placed ? placed.dtb : buildDeviceTree(tree);
  return new Machine(
    bus,
    clock,
    code,
    harts,
    plic,
    clint,
    uart,
    finisher,
    dtb,
    serialPorts,
    placed?.initrd,
  );
}

function createSerialPorts(count: number, bus: Bus, plic: Plic): Uart16550[] {
  const { base, stride, size } = MEMORY_MAP.serialPorts;
  const ports: Uart16550[] = [];
  for (let n = 1; n <= count; n++) {
    const irq = SERIAL_PORT_IRQ_BASE + n - 1;
    const port = new Uart16550(
      () => {},
      (level) => plic.setSourceLevel(irq, level),
      `ttyS${n}`,
    );
    bus.register(base + (n - 1) * stride, size, port);
    ports.push(port);
  }
  return ports;
}
