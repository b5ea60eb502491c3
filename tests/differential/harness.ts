/**
 * Builds the differential programs and runs one on QEMU (the reference) or on the engine,
 * returning its UART transcript and exit status in the same shape for both.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createMachine as createUnbundledMachine } from '../../engine/machine/machine';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
export const RUNTIME = join(HERE, 'runtime');
const PROGRAMS_DIR = join(HERE, 'programs');
const CACHE = join(REPO, 'node_modules/.cache/hyperlab-differential');

/** RAM of both machines, in MiB; the programs' fault tests rely on where RAM ends. */
export const MEMORY_MIB = 128;

const CLANG_FLAGS = [
  '--target=riscv32',
  '-march=rv32ima',
  '-mabi=ilp32',
  '-O2',
  '-nostdlib',
  '-ffreestanding',
  '-fno-builtin',
  '-mno-relax',
  '-fno-pic',
  '-mcmodel=medany',
  '-Wall',
  '-Wextra',
  '-Werror',
];

/**
 * QEMU's default rv32 CPU also has C, F, D, H and the bit-manipulation extensions; the engine
 * is RV32IMA with S and U. Turning them off makes misa, jump-alignment traps, the CSR file and
 * the set of legal instructions comparable.
 */
export const QEMU_CPU =
  'rv32,c=false,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false';
/** The same CPU with the H extension, for programs run on a server with hardware virtualization. */
export const QEMU_CPU_H = QEMU_CPU.replace('h=false', 'h=true');

export interface RunOptions {
  readonly harts?: number;
  /** RAM in MiB; MEMORY_MIB unless given. */
  readonly memoryMiB?: number;
  /** Bytes typed into the UART; the programs read them by polling, so timing never shows. */
  readonly input?: string;
  /** The H extension on both (QEMU_CPU_H; MachineConfig.hypervisorExtension). */
  readonly hypervisorExtension?: boolean;
}

export interface RunResult {
  /** Everything the program wrote to the UART, byte for byte. */
  readonly output: Buffer;
  /** 0 for a power-off, the finisher's failure code (mod 256, as a process exit status) otherwise. */
  readonly status: number | 'timeout' | 'idle' | 'reset' | 'threw';
  /** Why the run ended abnormally (stderr, an exception), for the failure message. */
  readonly detail: string;
}

/** The sources of one program: the shared runtime plus programs/NAME.c and/or NAME.S. */
function sourcesOf(name: string): string[] {
  const own = ['.c', '.S']
    .map((ext) => join(PROGRAMS_DIR, name + ext))
    .filter((p) => existsSync(p));
  if (own.length === 0) throw new Error(`no program ${name} in ${PROGRAMS_DIR}`);
  return [join(RUNTIME, 'start.S'), join(RUNTIME, 'rt.c'), ...own];
}

/** Builds programs/NAME with the runtime; see buildElf. */
export function buildProgram(name: string): string {
  return buildElf(name, sourcesOf(name));
}

/**
 * Compiles `sources` with the runtime's header and links them with its linker script into an
 * ELF, cached under node_modules/.cache by a hash of every input (sources, header, linker
 * script, flags), and returns the ELF's path.
 */
export function buildElf(name: string, sources: readonly string[]): string {
  const inputs = [...sources, join(RUNTIME, 'rt.h'), join(RUNTIME, 'link.ld')];
  const hash = createHash('sha256');
  hash.update(CLANG_FLAGS.join(' '));
  for (const file of inputs) hash.update(file.slice(REPO.length)).update(readFileSync(file));
  const key = hash.digest('hex').slice(0, 16);
  const elf = join(CACHE, `${name}-${key}.elf`);
  if (existsSync(elf)) return elf;
  const work = join(CACHE, `${name}-${key}.${process.pid}`);
  mkdirSync(work, { recursive: true });
  const objects = sources.map((source, i) => {
    const object = join(work, `${i}.o`);
    execFileSync('clang', [...CLANG_FLAGS, `-I${RUNTIME}`, '-c', source, '-o', object], {
      stdio: 'pipe',
    });
    return object;
  });
  const linked = join(work, 'out.elf');
  execFileSync(
    'ld.lld',
    [
      '-m',
      'elf32lriscv',
      '--no-relax',
      '-static',
      '-T',
      join(RUNTIME, 'link.ld'),
      ...objects,
      '-o',
      linked,
    ],
    {
      stdio: 'pipe',
    },
  );
  renameSync(linked, elf); // atomic, so parallel test workers never see half an ELF
  rmSync(work, { recursive: true, force: true });
  return elf;
}

/** Runs `elf` on qemu-system-riscv32 -M virt -bios none, killing it after `timeoutMs`. */
export function runOnQemu(
  elf: string,
  options: RunOptions = {},
  timeoutMs = 20_000,
): Promise<RunResult> {
  const args = [
    ['-M', 'virt', '-bios', 'none', '-cpu', options.hypervisorExtension ? QEMU_CPU_H : QEMU_CPU],
    ['-kernel', elf],
    ['-m', `${options.memoryMiB ?? MEMORY_MIB}M`, '-smp', String(options.harts ?? 1)],
    ['-display', 'none', '-monitor', 'none', '-serial', 'stdio'],
  ].flat();
  return new Promise((resolvePromise, reject) => {
    const qemu = spawn('qemu-system-riscv32', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      qemu.kill('SIGKILL');
    }, timeoutMs);
    qemu.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    qemu.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    qemu.on('error', reject);
    qemu.on('close', (code, signal) => {
      clearTimeout(timer);
      qemu.stdin.destroy();
      const detail = Buffer.concat(err).toString();
      const status = timedOut ? 'timeout' : (code ?? (signal ? 128 : -1));
      resolvePromise({ output: Buffer.concat(out), status, detail });
    });
    qemu.stdin.on('error', () => {}); // QEMU may exit before reading all input
    // Input is written but stdin stays open until QEMU exits: on end of input QEMU 7.2 closes
    // the serial backend and drops some of the bytes the guest writes after that.
    if (options.input) qemu.stdin.write(options.input);
  });
}

export interface EngineOptions {
  /** Stop (status 'timeout') once this many instructions have retired. */
  readonly maxInstructions?: number;
  /** The engine's createMachine: the sources as vitest loads them unless given (see engine-bundle.ts). */
  readonly createMachine?: typeof createUnbundledMachine;
}

/**
 * Runs `elf` on the engine in this process, through the machine API, until the finisher stops
 * it, it idles waiting for input that will never come, or `maxInstructions` retire.
 */
export function runOnEngine(
  elf: string,
  options: RunOptions = {},
  engine: EngineOptions = {},
): RunResult {
  const maxInstructions = engine.maxInstructions ?? 2_000_000_000;
  const createMachine = engine.createMachine ?? createUnbundledMachine;
  const chunks: number[] = [];
  try {
    const machine = createMachine({
      memoryMiB: options.memoryMiB ?? MEMORY_MIB,
      harts: options.harts ?? 1,
      hypervisorExtension: options.hypervisorExtension ?? false,
    });
    machine.loadImage(readFileSync(elf));
    machine.setOutput((byte) => chunks.push(byte));
    machine.boot();
    if (options.input) machine.sendInput(Buffer.from(options.input, 'latin1'));
    for (;;) {
      const result = machine.run(10_000_000);
      const output = Buffer.from(chunks);
      switch (result.kind) {
        case 'powered-off':
          return { output, status: 0, detail: '' };
        case 'failed':
          return { output, status: result.code & 0xff, detail: '' };
        case 'idle':
          return {
            output,
            status: 'idle',
            detail: `idle with ${result.inputPending} input bytes pending`,
          };
        case 'reset':
          return { output, status: 'reset', detail: 'the guest reset the machine' };
        case 'budget-exhausted':
          if (machine.retired >= maxInstructions) {
            return {
              output,
              status: 'timeout',
              detail: `still running after ${machine.retired} instructions`,
            };
          }
      }
    }
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { output: Buffer.from(chunks), status: 'threw', detail: `engine threw: ${detail}` };
  }
}

/**
 * The engine loop of runOnEngine, as a worker's source (plain JavaScript, so the worker needs
 * no TypeScript loader): it imports the bundled engine, runs, and posts output as it goes.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
(async () => {
  const { createMachine } = await import(workerData.engineUrl);
  const chunks = [];
  const flush = () => { if (chunks.length) parentPort.postMessage({ bytes: Uint8Array.from(chunks.splice(0)) }); };
  const done = (status, detail) => { flush(); parentPort.postMessage({ status, detail }); };
  try {
    const machine = createMachine({
      memoryMiB: workerData.memoryMiB,
      harts: workerData.harts,
      hypervisorExtension: workerData.hypervisorExtension,
    });
    machine.loadImage(readFileSync(workerData.elf));
    machine.setOutput((byte) => chunks.push(byte));
    machine.boot();
    if (workerData.input) machine.sendInput(Buffer.from(workerData.input, 'latin1'));
    for (;;) {
      const result = machine.run(10000000);
      flush();
      if (result.kind === 'powered-off') return done(0, '');
      if (result.kind === 'failed') return done(result.code & 0xff, '');
      if (result.kind === 'idle') return done('idle', 'idle with ' + result.inputPending + ' input bytes pending');
      if (result.kind === 'reset') return done('reset', 'the guest reset the machine');
      if (machine.retired >= workerData.maxInstructions) {
        return done('timeout', 'still running after ' + machine.retired + ' instructions');
      }
    }
  } catch (error) {
    done('threw', 'engine threw: ' + (error && error.stack ? error.stack : String(error)));
  }
})();
`;

/**
 * As runOnEngine, but in a worker thread running the bundled engine at `enginePath`, so that an
 * engine stuck inside one `run` call (which no in-process timeout can interrupt) is terminated
 * after `timeoutMs` and reported, instead of hanging the test run.
 */
export function runOnEngineInWorker(
  enginePath: string,
  elf: string,
  options: RunOptions = {},
  { maxInstructions = 2_000_000_000, timeoutMs = 60_000 } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        engineUrl: pathToFileURL(enginePath).href,
        elf,
        input: options.input ?? '',
        memoryMiB: options.memoryMiB ?? MEMORY_MIB,
        harts: options.harts ?? 1,
        hypervisorExtension: options.hypervisorExtension ?? false,
        maxInstructions,
      },
    });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (status: RunResult['status'], detail: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise({ output: Buffer.concat(chunks), status, detail });
    };
    const timer = setTimeout(
      () =>
        settle(
          'timeout',
          `no answer from the engine after ${timeoutMs / 1000} s: it hangs inside run`,
        ),
      timeoutMs,
    );
    worker.on(
      'message',
      (message: { bytes?: Uint8Array; status?: RunResult['status']; detail?: string }) => {
        if (message.bytes) chunks.push(Buffer.from(message.bytes));
        if (message.status !== undefined) settle(message.status, message.detail ?? '');
      },
    );
    worker.on('error', (error) =>
      settle('threw', `engine worker failed: ${error.stack ?? error.message}`),
    );
    worker.on('exit', (code) => settle('threw', `engine worker exited (${code}) without a result`));
  });
}
