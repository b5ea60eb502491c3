/**
 * npm run -s vm -- [IMAGE] [--mem MiB] [--harts N] [--input TEXT] [--stats] [--max-insns N]
 *
 * Boots IMAGE on one Hyperlab server the way `qemu-system-riscv32 -M virt -bios none -nographic
 * -kernel IMAGE` does, with the console on this terminal. See `--help` and docs/architecture.md.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUEST_KIND_FACTS } from '../engine/lab/guest-kinds';
import { ImageError } from '../engine/machine/image';
import {
  createMachine,
  MAX_HARTS,
  MAX_MEMORY_MIB,
  MIN_MEMORY_MIB,
  type Machine,
  type RunStatus,
} from '../engine/machine/machine';
import { INSTRUCTIONS_PER_TICK, TIMEBASE_HZ } from '../engine/machine/memory-map';
import { HypervisorGuest } from './vm-hypervisor';
import {
  parseOptions,
  UsageError,
  VIRTUALIZATION_MODES,
  type Options,
  type VirtualizationMode,
} from './vm-options';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_IMAGE = resolve(REPO, 'public/images/bare-metal.elf');
/** What a hypervisor boots when no IMAGE is given: the kind's kernel alone (the VMM is its SBI). */
const guestImage = (mode: VirtualizationMode) =>
  resolve(REPO, 'public/images', GUEST_KIND_FACTS[mode].defaultImage);

/** Exit codes besides 0 (power-off) and the guest's own failure code. */
const EXIT_USAGE = 2;
const EXIT_IDLE = 3;
const EXIT_MAX_INSNS = 124; // as timeout(1)

/** Instructions per `run` call, and wall time per slice before yielding to the event loop. */
const RUN_CHUNK = 1_000_000;
const SLICE_MS = 20;

/** How long a paced session sleeps when guest time has caught up with the wall clock. */
const PACING_MS = 10;
/** The most guest time a paced session lets a guest make up at once after falling behind. */
const MAX_BACKLOG_MS = 50;

/** Guest seconds without console traffic, at under 1% busy, that count as idle once stdin ended. */
const QUIET_SECONDS = 30;
const QUIET_BUSY_FRACTION = 0.01;

/** Rounds in a row with every hart trapping and none retiring before the guest counts as stuck. */
const STUCK_ROUNDS = 1000;
const PRIVILEGE_NAMES: Readonly<Record<number, string>> = { 0: 'U', 1: 'S', 3: 'M' };

const CTRL_A = 0x01;

const USAGE = `usage: npm run -s vm -- [IMAGE] [options]

Boots IMAGE (ELF32 RISC-V, or a raw binary loaded at 0x80000000) like
qemu-system-riscv32 -M virt -bios none -nographic -kernel IMAGE.
Without IMAGE, boots public/images/bare-metal.elf.

  --mem MiB        RAM size, ${MIN_MEMORY_MIB}..${MAX_MEMORY_MIB} (default 128)
  --harts N        number of harts, 1..${MAX_HARTS} (default 1)
  --input TEXT     bytes to type into the console, delivered as the guest reads them;
                   escapes: \\n \\r \\t \\\\ \\xHH
  --stats          print one JSON line of statistics to stderr at exit
  --max-insns N    stop after N instructions (exit ${EXIT_MAX_INSNS})
  --mode MODE      run IMAGE as the guest of a hypervisor server in MODE (full, bt, pv,
                   hw); the default IMAGE is then public/images/kernel.elf (kernel-pv.elf
                   for pv), and --stats adds the VMM's counters
  --no-hw-virt     the server's CPU lacks hardware virtualization (the H extension), as
                   before 2005: --mode hw is then refused

On a terminal, Ctrl-A x quits and Ctrl-A Ctrl-A sends Ctrl-A; Ctrl-C goes to the guest.
Exit status: 0 when the guest powers off, its code when it fails (1 if that code is 0 mod 256),
${EXIT_USAGE} for a bad option or image, ${EXIT_IDLE} when the guest waits for input after stdin ended,
${EXIT_MAX_INSNS} when --max-insns stops it or every hart is stuck taking traps.`;

function main(): void {
  let options: Options | 'help' | undefined;
  try {
    options = parseOptions(process.argv.slice(2), DEFAULT_IMAGE);
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    new Session(bootTarget(options), options).start();
  } catch (error) {
    const oneLiner =
      error instanceof UsageError || error instanceof ImageError || error instanceof RangeError;
    if (!oneLiner) throw error;
    const where =
      error instanceof ImageError && options && options !== 'help'
        ? `${displayPath(options.image)}: `
        : '';
    process.stderr.write(`vm: ${where}${error.message}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

/** The bare machine with IMAGE loaded, or with --mode a hypervisor server running it as a guest. */
function bootTarget(options: Options): SessionMachine {
  if (options.mode === undefined) {
    const machine = createMachine({ memoryMiB: options.memoryMiB, harts: options.harts });
    machine.loadImage(readImage(options.image));
    return machine;
  }
  const image = readImage(
    options.image === DEFAULT_IMAGE ? guestImage(options.mode) : options.image,
  );
  return new HypervisorGuest({ ...options, mode: options.mode }, image);
}

/** What a session drives: a bare machine, or one guest of a hypervisor server. */
type SessionMachine = Machine | HypervisorGuest;

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

function readImage(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const isDefault =
      path === DEFAULT_IMAGE || VIRTUALIZATION_MODES.some((m) => path === guestImage(m));
    if (isDefault && code === 'ENOENT') {
      throw new UsageError(
        `no IMAGE given and the default ${displayPath(path)} does not exist (build it: npm run build:guest)`,
      );
    }
    const reason = (code && READ_ERRORS[code]) ?? code ?? String(error);
    throw new UsageError(`cannot read ${displayPath(path)}: ${reason}`);
  }
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** One run of the machine on this process's terminal. */
class Session {
  private output = new Uint8Array(64 * 1024);
  private outputLength = 0;
  private readonly startedAt = performance.now();
  private stdinEnded = false;
  private waitingForInput = false;
  private escapePending = false;
  private readonly raw: boolean;
  private exiting = false;
  /** Pacing anchor: guest time `paceMtime` corresponds to wall time `paceWall` (ms). */
  private paceWall = performance.now();
  private paceMtime = 0;
  /** The timer of a paced wait (guest time ahead of the wall clock), if one is pending. */
  private pacing: ReturnType<typeof setTimeout> | undefined;
  /** Where the current quiet stretch began: console activity count, mtime, instructions. */
  private quiet = { activity: -1, mtime: 0, instructions: 0 };

  constructor(
    private readonly machine: SessionMachine,
    private readonly options: Options,
  ) {
    this.raw = process.stdin.isTTY === true;
  }

  start(): void {
    this.machine.setOutput((byte) => this.collect(byte));
    this.machine.boot();
    if (this.options.input.length > 0) this.machine.sendInput(this.options.input);
    this.listenToStdin();
    process.stdout.on('error', () => this.exit(0)); // the reader went away (| head): stop quietly
    setImmediate(() => this.slice());
  }

  private listenToStdin(): void {
    const stdin = process.stdin;
    if (this.raw) stdin.setRawMode(true);
    stdin.on('data', (chunk: Buffer) => this.onInput(chunk));
    stdin.on('end', () => {
      this.stdinEnded = true;
      this.wake();
    });
    stdin.on('error', () => {
      this.stdinEnded = true;
      this.wake();
    });
  }

  private onInput(chunk: Buffer): void {
    if (!this.raw) {
      this.machine.sendInput(chunk);
      this.wake();
      return;
    }
    // On a terminal, Ctrl-A is QEMU's escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A.
    const forward: number[] = [];
    for (const byte of chunk) {
      if (this.escapePending) {
        this.escapePending = false;
        if (byte === 0x78 /* x */) {
          this.flush();
          process.stderr.write('\r\nvm: terminated (Ctrl-A x)\r\n');
          this.exit(0);
          return;
        }
        if (byte === 0x68 /* h */) {
          process.stderr.write('\r\nCtrl-A x  quit\r\nCtrl-A Ctrl-A  send Ctrl-A\r\n');
          continue;
        }
        forward.push(byte);
      } else if (byte === CTRL_A) {
        this.escapePending = true;
      } else {
        forward.push(byte);
      }
    }
    if (forward.length > 0) {
      this.machine.sendInput(Uint8Array.from(forward));
      this.wake();
    }
  }

  /** New input or the end of stdin: run now if the session was waiting. */
  private wake(): void {
    if (this.pacing !== undefined) {
      clearTimeout(this.pacing);
      this.pacing = undefined;
    } else if (!this.waitingForInput) {
      return;
    }
    this.waitingForInput = false;
    setImmediate(() => this.slice());
  }

  /**
   * How far guest time may go now: as far as the wall clock has moved since the pacing anchor.
   * A guest that computes falls behind the wall clock (it runs slower than 1 instruction per
   * virtual ns); the anchor then moves up so that at most MAX_BACKLOG_MS of that lag is made up
   * in a burst, and a `sleep 1` after a long computation still takes a second.
   */
  private paceLimit(): number {
    const now = performance.now();
    const mtime = this.machine.clock.mtime;
    const ticksPerMs = TIMEBASE_HZ / 1000;
    if (this.paceMtime + (now - this.paceWall) * ticksPerMs - mtime > MAX_BACKLOG_MS * ticksPerMs) {
      this.paceWall = now - MAX_BACKLOG_MS;
      this.paceMtime = mtime;
    }
    return this.paceMtime + (now - this.paceWall) * ticksPerMs;
  }

  /** Runs the machine for about SLICE_MS of wall time, then yields so stdin is read promptly. */
  private slice(): void {
    if (this.exiting) return;
    this.pacing = undefined;
    const machine = this.machine;
    const sliceEnd = performance.now() + SLICE_MS;
    let status: RunStatus;
    let paced = false;
    for (;;) {
      const left = this.options.maxInstructions - machine.retired;
      // While more input may come (a terminal, an open pipe), guest time may not run ahead of
      // the wall clock: `sleep 5` takes five seconds and an idle guest costs no CPU. Once stdin
      // has ended nothing outside can change the run, so it goes as fast as it can.
      const limit = this.stdinEnded ? Infinity : this.paceLimit();
      status = machine.run(Math.min(RUN_CHUNK, left), limit);
      if (status.kind === 'reset') continue;
      if (status.kind !== 'budget-exhausted' || machine.retired >= this.options.maxInstructions)
        break;
      if (machine.clock.mtime >= Math.floor(limit)) {
        paced = true;
        break;
      }
      if (performance.now() >= sliceEnd) break;
    }
    this.flush();
    this.act(status, paced);
  }

  private act(status: RunStatus, paced: boolean): void {
    switch (status.kind) {
      case 'powered-off':
        this.exit(0, 'powered-off');
        return;
      case 'failed':
        // A failure must never look like success to a shell, even when code % 256 is 0.
        this.exit(status.code & 0xff || 1, `failed with code ${status.code}`);
        return;
      case 'reset':
      case 'budget-exhausted': {
        const executed = this.machine.retired;
        if (executed >= this.options.maxInstructions) {
          process.stderr.write(
            `${this.raw ? '\r\n' : ''}vm: stopped after ${executed} instructions (--max-insns ${this.options.maxInstructions})\n`,
          );
          this.exit(EXIT_MAX_INSNS, 'max-insns');
          return;
        }
        if (this.machine.stalled >= STUCK_ROUNDS) {
          process.stderr.write(`${this.raw ? '\r\n' : ''}vm: ${this.stuckReport()}\n`);
          this.exit(EXIT_MAX_INSNS, 'stuck');
          return;
        }
        if (this.quietForTooLong()) {
          process.stderr.write(
            `vm: the guest is idle waiting for input and stdin has ended (no console activity for ${QUIET_SECONDS} s of guest time)\n`,
          );
          this.exit(EXIT_IDLE, 'idle');
          return;
        }
        if (paced) this.pacing = setTimeout(() => this.slice(), PACING_MS);
        else setImmediate(() => this.slice());
        return;
      }
      case 'idle':
        if (this.stdinEnded) {
          const unread =
            status.inputPending > 0
              ? ` (${status.inputPending} input bytes unread: its UART interrupt is off)`
              : '';
          process.stderr.write(
            `vm: the guest is idle waiting for input and stdin has ended${unread}\n`,
          );
          this.exit(EXIT_IDLE, 'idle');
          return;
        }
        this.waitingForInput = true;
        return;
    }
  }

  /**
   * A guest with a periodic timer tick is never idle in the machine's sense (a timer is always
   * armed), so once stdin has ended the session watches instead for a stretch of guest time with
   * no console traffic in which the harts were almost always waiting: then only input could
   * change anything, and none will come.
   */
  private quietForTooLong(): boolean {
    const machine = this.machine;
    const uart = machine.uart;
    const activity = uart.bytesTransmitted + uart.bytesReceived;
    const now = machine.clock.mtime;
    if (!this.stdinEnded || uart.pendingInput() > 0 || activity !== this.quiet.activity) {
      this.quiet = { activity, mtime: now, instructions: machine.retired };
      return false;
    }
    const ticks = now - this.quiet.mtime;
    if (ticks < QUIET_SECONDS * TIMEBASE_HZ) return false;
    const busy =
      (machine.retired - this.quiet.instructions) /
      (ticks * INSTRUCTIONS_PER_TICK * machine.harts.length);
    if (busy < QUIET_BUSY_FRACTION) return true;
    this.quiet = { activity, mtime: now, instructions: machine.retired };
    return false;
  }

  /** One line on a guest whose harts only take traps: where hart 0 is and what it keeps hitting. */
  private stuckReport(): string {
    const stats = this.machine.stats();
    const traps = Object.entries(stats.exceptions).sort((a, b) => b[1] - a[1]);
    const hart = this.machine.harts[0];
    const pc = (hart.pc >>> 0).toString(16).padStart(8, '0');
    const cause = traps.length > 0 ? `, mostly ${traps[0][0]}` : '';
    return (
      `the guest is stuck: no instruction retired in ${STUCK_ROUNDS} rounds of traps ` +
      `(hart 0 at pc 0x${pc} in ${PRIVILEGE_NAMES[hart.priv]}-mode${cause})`
    );
  }

  private collect(byte: number): void {
    if (this.outputLength === this.output.length) {
      const grown = new Uint8Array(this.output.length * 2);
      grown.set(this.output);
      this.output = grown;
    }
    this.output[this.outputLength++] = byte;
  }

  private flush(): void {
    if (this.outputLength === 0) return;
    process.stdout.write(this.output.slice(0, this.outputLength));
    this.outputLength = 0;
  }

  private exit(code: number, reason = 'terminated'): void {
    if (this.exiting) return;
    this.exiting = true;
    if (this.raw) process.stdin.setRawMode(false);
    if (this.options.stats) process.stderr.write(`${JSON.stringify(this.statsLine(reason))}\n`);
    // Exit once stdout has taken everything written so far.
    process.stdout.write('', () => process.exit(code));
  }

  private statsLine(exit: string) {
    const stats = this.machine.stats();
    const wallMs = Math.round(performance.now() - this.startedAt);
    return {
      exit,
      instructions: stats.instructions,
      wallMs,
      mips: wallMs > 0 ? Math.round(stats.instructions / wallMs / 10) / 100 : null,
      virtualSeconds: stats.virtualSeconds,
      traps: stats.exceptions,
      interrupts: stats.interrupts,
      tlbHits: stats.tlbHits,
      tlbMisses: stats.tlbMisses,
      harts: stats.harts,
      uart: stats.uart,
      mmio: stats.mmio,
      plicClaims: stats.plicClaims,
      timeSkips: stats.timeSkips,
      resets: stats.resets,
      ...(this.machine instanceof HypervisorGuest ? { vmm: this.machine.vmmStats() } : {}),
    };
  }
}

main();
