/**
 * npm run -s bench [-- --unbundled] [--runs N]
 *
 * The CPU benchmark: runs guest/cpubench (about 5.6 * 10^8 instructions of integer work) on the
 * engine in this process, timing the wall clock around `run`, and, when qemu-system-riscv32 is
 * installed, on QEMU (-icount off). QEMU's MIPS is the engine's instruction count (the program
 * is deterministic, so both retire the same instructions) over QEMU's wall time minus its
 * start-up, measured on a program that powers off at once. Then the busy-wait (busy-wait.ts): a
 * loop reading the time CSR, on the engine only. Prints the figures, whether both runs printed
 * the same checksum, and last one JSON line with all of it.
 *
 * The image is built from guest/cpubench when clang, ld.lld and make are present, otherwise the
 * committed public/images/cpubench.elf is used (rebuild it with make -C guest/cpubench install).
 * The engine runs from an esbuild bundle of engine/ as the app ships it; --unbundled runs it
 * the way tsx loads the sources instead (each imported constant a getter: much slower).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundledEngine } from '../tests/support/engine-bundle';
import { BUSY_WAIT_TICKS, runBusyWait } from './busy-wait';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMMITTED_IMAGE = join(REPO, 'public/images/cpubench.elf');
const BUILT_IMAGE = join(REPO, 'guest/build/cpubench/cpubench.elf');
const TARGET_MIPS = 200;
const QEMU = 'qemu-system-riscv32';
const QEMU_ARGS = [
  '-M',
  'virt',
  '-bios',
  'none',
  '-cpu',
  'rv32,c=false,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false',
  '-m',
  '128M',
];
const QEMU_IO = ['-display', 'none', '-monitor', 'none', '-serial', 'stdio'];

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Builds the image when the toolchain is here; falls back to the committed one. */
function image(): string {
  if (has('clang') && has('ld.lld') && has('make')) {
    execFileSync('make', ['-s', '-C', join(REPO, 'guest/cpubench')], { stdio: 'inherit' });
    return BUILT_IMAGE;
  }
  console.log(
    'bench: clang, ld.lld or make missing: using the committed public/images/cpubench.elf',
  );
  return COMMITTED_IMAGE;
}

function checksumOf(output: string): string | undefined {
  return /cpubench: checksum ([0-9a-f]{8})/.exec(output)?.[1];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface EngineRun {
  instructions: number;
  seconds: number;
  output: string;
  /** MIPS of each kernel, timed from one output line to the next. */
  kernels: Record<string, number>;
}

type MachineModule = typeof import('../engine/machine/machine');

async function engineModule(unbundled: boolean): Promise<MachineModule> {
  return unbundled ? await import('../engine/machine/machine') : await loadBundledEngine();
}

async function runEngine(elf: string, unbundled: boolean): Promise<EngineRun> {
  const { createMachine } = await engineModule(unbundled);
  const machine = createMachine({ memoryMiB: 128, harts: 1 });
  machine.loadImage(readFileSync(elf));
  const bytes: number[] = [];
  const kernels: Record<string, number> = {};
  let line = '';
  let mark = { at: 0, retired: 0 };
  machine.setOutput((byte) => {
    bytes.push(byte);
    if (byte !== 10) {
      line += String.fromCharCode(byte);
      return;
    }
    // "cpubench: NAME CHECKSUM" ends a kernel: the time since the previous line is its own.
    const kernel = /^cpubench: (\w+) [0-9a-f]{8}$/.exec(line)?.[1];
    const now = { at: performance.now(), retired: machine.retired };
    if (kernel && kernel !== 'checksum') {
      kernels[kernel] = Number(
        ((now.retired - mark.retired) / (now.at - mark.at) / 1e3).toFixed(1),
      );
    }
    mark = now;
    line = '';
  });
  machine.boot();
  const start = performance.now();
  mark = { at: start, retired: 0 };
  // Slices of 10^6 instructions cost nothing measurable and let the output be timed.
  let status = machine.run(1_000_000);
  while (status.kind === 'budget-exhausted') status = machine.run(1_000_000);
  const seconds = (performance.now() - start) / 1000;
  const output = Buffer.from(bytes).toString('latin1');
  if (status.kind !== 'powered-off') {
    throw new Error(`cpubench on the engine ended ${JSON.stringify(status)}:\n${output}`);
  }
  return { instructions: machine.retired, seconds, output, kernels };
}

/** Wall time of one QEMU run of `kernel`, with its UART output. */
function runQemu(kernel: string): { seconds: number; output: string } {
  const start = performance.now();
  const result = spawnSync(QEMU, [...QEMU_ARGS, '-kernel', kernel, ...QEMU_IO], {
    encoding: 'latin1',
    timeout: 120_000,
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${QEMU} exited ${result.status}: ${result.stderr}`);
  return { seconds, output: result.stdout };
}

/**
 * QEMU's start-up and shutdown: a raw image (loaded at 0x8000_0000) that powers off at once:
 * lui t0, 0x100; lui t1, 0x5; addi t1, t1, 0x555; sw t1, 0(t0).
 */
function qemuStartup(dir: string, runs: number): number {
  const trivial = join(dir, 'poweroff.bin');
  const words = [0x001002b7, 0x00005337, 0x55530313, 0x0062a023];
  writeFileSync(trivial, Buffer.from(new Uint32Array(words).buffer));
  return median(Array.from({ length: runs }, () => runQemu(trivial).seconds));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unbundled = args.includes('--unbundled');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1])) : 3;
  const elf = image();
  console.log(
    `bench: ${relative(REPO, elf)}, ${runs} run(s) each, engine ${unbundled ? 'unbundled (tsx)' : 'bundled (esbuild)'}`,
  );

  const engineRuns: EngineRun[] = [];
  for (let i = 0; i < runs; i++) engineRuns.push(await runEngine(elf, unbundled));
  const engine = engineRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  const engineMips = engine.instructions / engine.seconds / 1e6;
  const engineChecksum = checksumOf(engine.output);
  console.log(
    `engine: ${engine.instructions} instructions in ${engine.seconds.toFixed(3)} s (best of ${runs}): ${engineMips.toFixed(1)} MIPS`,
  );
  console.log(
    `        by kernel: ${Object.entries(engine.kernels)
      .map(([name, mips]) => `${name} ${mips}`)
      .join(', ')} MIPS`,
  );

  const { createMachine } = await engineModule(unbundled);
  const wait = Array.from({ length: runs }, () => runBusyWait(createMachine)).reduce((best, run) =>
    run.seconds < best.seconds ? run : best,
  );
  const busyWaitMips = wait.instructions / wait.seconds / 1e6;
  console.log(
    `busy-wait: ${wait.instructions} instructions reading time for ${BUSY_WAIT_TICKS / 10_000} ms of virtual time in ${wait.seconds.toFixed(3)} s (best of ${runs}): ${busyWaitMips.toFixed(1)} MIPS`,
  );

  let qemu:
    { mips: number; seconds: number; startup: number; checksum: string | undefined } | undefined;
  if (has(QEMU)) {
    const dir = mkdtempSync(join(tmpdir(), 'hyperlab-bench-'));
    try {
      const startup = qemuStartup(dir, 5);
      const timed = Array.from({ length: runs }, () => runQemu(elf));
      const best = timed.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const seconds = Math.max(best.seconds - startup, 1e-3);
      qemu = {
        mips: engine.instructions / seconds / 1e6,
        seconds,
        startup,
        checksum: checksumOf(best.output),
      };
      console.log(
        `qemu:   ${best.seconds.toFixed(3)} s wall (best of ${runs}) - ${startup.toFixed(3)} s start-up = ${seconds.toFixed(3)} s: ${qemu.mips.toFixed(1)} MIPS`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.log(`qemu:   ${QEMU} not installed, skipped (apt-get install qemu-system-misc)`);
  }

  const agree = qemu ? engineChecksum !== undefined && engineChecksum === qemu.checksum : undefined;
  const ratio = qemu ? engineMips / qemu.mips : undefined;
  if (ratio !== undefined)
    console.log(`ratio:  engine runs at ${(ratio * 100).toFixed(1)}% of QEMU's speed`);
  console.log(
    `checksum: engine ${engineChecksum ?? 'missing'}, qemu ${qemu ? (qemu.checksum ?? 'missing') : 'not run'}${agree === undefined ? '' : agree ? ' (agree)' : ' (DIFFER)'}`,
  );
  console.log(
    `target: ${TARGET_MIPS} MIPS on the engine: ${engineMips >= TARGET_MIPS ? 'met' : 'not met'}`,
  );
  const round = (x: number | undefined, digits = 1) =>
    x === undefined ? null : Number(x.toFixed(digits));
  console.log(
    JSON.stringify({
      image: relative(REPO, elf),
      engine: unbundled ? 'unbundled' : 'bundled',
      instructions: engine.instructions,
      engineSeconds: round(engine.seconds, 3),
      engineMips: round(engineMips),
      engineKernelMips: engine.kernels,
      busyWaitMips: round(busyWaitMips),
      qemuSeconds: round(qemu?.seconds, 3),
      qemuStartupSeconds: round(qemu?.startup, 3),
      qemuMips: round(qemu?.mips),
      ratio: round(ratio, 4),
      engineChecksum: engineChecksum ?? null,
      qemuChecksum: qemu?.checksum ?? null,
      checksumsAgree: agree ?? null,
      targetMips: TARGET_MIPS,
      targetMet: engineMips >= TARGET_MIPS,
    }),
  );
  if (agree === false || engineChecksum === undefined) process.exitCode = 1;
}

await main();
