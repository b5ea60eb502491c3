/**
 * npm run -s bench:virt [-- --unbundled] [--preset NAME]...
 *
 * The cost of virtualization, measured: boots the lab OS on bare metal, the unmodified kernel
 * under `full` virtualization and `kernel-pv.elf` under `pv` on the hypervisor, runs `bench` in
 * each (typed after the `$ ` prompt, as a person would), and prints every bench operation in
 * cycles/op per mode, each as a ratio to bare metal, and the engine's wall-clock MIPS in each
 * mode. The VMM's prices come from a cost preset (modern and pentium4-2006 unless --preset
 * says); the bare machine prices only instructions, so bare metal is measured once. The last
 * line is one JSON object with every figure.
 *
 * The engine runs from an esbuild bundle, as the app ships it; --unbundled runs the sources as
 * tsx loads them (much slower, same cycles).
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runScriptedSession, type SerialMachine } from '../tests/support/serial';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = join(REPO, 'public/images');
const OPERATIONS = ['null', 'fork', 'ctxsw', 'pgfault', 'console', 'cpu', 'mem'] as const;
const MODES = ['bare', 'full', 'pv'] as const;
const PRESETS = ['modern', 'pentium4-2006'];
/** Virtual cycles per `run` call; between calls the script serves the typed input. */
const SLICE = 2_000_000;

type Operation = (typeof OPERATIONS)[number];
type Mode = (typeof MODES)[number];

interface Engine {
  createMachine: typeof import('../engine/machine/machine').createMachine;
  createHypervisorServer: typeof import('../engine/hypervisor/hypervisor').createHypervisorServer;
  COST_PRESETS: typeof import('../engine/machine/cost-model').COST_PRESETS;
}

/** One mode's figures: cycles per operation, and how fast the engine ran it. */
interface ModeRun {
  cycles: Record<Operation, number>;
  instructions: number;
  /** Wall time spent inside the engine's `run`, boot to poweroff (not waiting for input). */
  wallSeconds: number;
  mips: number;
  /** What the VMM did for the guest over the whole session (boot, bench, poweroff). */
  vmm?: VmmWork;
}

/** The VMM's work, summed over the guest's vCPUs: where the extra cycles went. */
interface VmmWork {
  exits: number;
  emulated: number;
  calls: number;
  mmio: number;
  shadowFills: number;
}

/** The engine: bundled by esbuild into one module (the app's speed), or the sources as loaded. */
async function loadEngine(unbundled: boolean): Promise<Engine> {
  const exports = `
    export { createMachine } from './engine/machine/machine';
    export { createHypervisorServer } from './engine/hypervisor/hypervisor';
    export { COST_PRESETS } from './engine/machine/cost-model';`;
  if (unbundled) {
    const [machine, hypervisor, cost] = await Promise.all([
      import('../engine/machine/machine'),
      import('../engine/hypervisor/hypervisor'),
      import('../engine/machine/cost-model'),
    ]);
    return { ...machine, ...hypervisor, ...cost };
  }
  const result = await build({
    stdin: { contents: exports, resolveDir: REPO, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'error',
  });
  const dir = mkdtempSync(join(tmpdir(), 'hyperlab-bench-virt-'));
  const file = join(dir, 'engine.mjs');
  writeFileSync(file, result.outputFiles[0].contents);
  try {
    return (await import(pathToFileURL(file).href)) as Engine;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a serial session needs of a booted system: one slice of running, input, output. */
interface Booted {
  /** Runs one slice; 'idle' waits for input, a number is the exit code. */
  step(): 'running' | 'idle' | number;
  sendInput(bytes: Uint8Array): void;
  setOutput(sink: (byte: number) => void): void;
  retired(): number;
  vmm?(): VmmWork;
}

function bootBareMetal(engine: Engine): Booted {
  const machine = engine.createMachine({ memoryMiB: 64, harts: 1 });
  machine.loadImage(new Uint8Array(readFileSync(join(IMAGES, 'bare-metal.elf'))));
  machine.boot();
  return {
    step() {
      const status = machine.run(SLICE);
      if (status.kind === 'powered-off' || status.kind === 'failed') return status.code;
      return status.kind === 'idle' ? 'idle' : 'running';
    },
    sendInput: (bytes) => machine.sendInput(bytes),
    setOutput: (sink) => machine.setOutput(sink),
    retired: () => machine.retired,
  };
}

/** One guest alone on a one-hart hypervisor server whose VMM charges `preset`'s prices. */
function bootGuest(engine: Engine, mode: 'full' | 'pv', preset: string): Booted {
  const costModel = engine.COST_PRESETS[preset as keyof Engine['COST_PRESETS']];
  const server = engine.createHypervisorServer({
    memoryMiB: 64,
    harts: 1,
    hardwareVirtualization: false,
    costModel,
  });
  const image = mode === 'full' ? 'kernel.elf' : 'kernel-pv.elf';
  const domain = server.createDomain({
    name: 'guest',
    mode,
    memoryMiB: 32,
    image: new Uint8Array(readFileSync(join(IMAGES, image))),
  });
  return {
    step() {
      const status = server.run(SLICE);
      if (status.kind === 'all-halted') return domain.haltReason === 'powered off' ? 0 : 1;
      return status.kind === 'idle' ? 'idle' : 'running';
    },
    sendInput: (bytes) => server.sendInput(domain, bytes),
    setOutput: (sink) => server.setOutput(domain, sink),
    retired: () => server.retired,
    vmm: () => {
      const t = domain.totals();
      return {
        exits: t.exits.total(),
        emulated: t.emulated.total(),
        calls: t.calls.total(),
        mmio: t.mmio.total(),
        shadowFills: t.shadowFills,
      };
    },
  };
}

/** A booted system as a serial line, run in slices on the event loop; `busy` adds up run time. */
function serial(booted: Booted, busy: { ms: number }): SerialMachine {
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  let pending: number[] = [];
  let wake: (() => void) | undefined;
  let killed = false;
  booted.setOutput((byte) => pending.push(byte));
  const exited = (async () => {
    await new Promise<void>((done) => setImmediate(done));
    for (;;) {
      if (killed) return 137;
      const started = performance.now();
      const status = booted.step();
      busy.ms += performance.now() - started;
      if (pending.length > 0) {
        const bytes = Uint8Array.from(pending);
        pending = [];
        for (const listener of listeners) listener(bytes);
      }
      if (typeof status === 'number') return status;
      if (status === 'idle') await new Promise<void>((done) => (wake = done));
      else await new Promise<void>((done) => setImmediate(done));
    }
  })();
  return {
    onOutput: (listener) => listeners.push(listener),
    type: (text) => {
      booted.sendInput(new TextEncoder().encode(text));
      wake?.();
    },
    exited,
    kill: () => {
      killed = true;
      wake?.();
    },
  };
}

/** Boots, types `bench` then `poweroff`, and reads the figures. */
async function measure(booted: Booted, label: string): Promise<ModeRun> {
  const busy = { ms: 0 };
  const session = await runScriptedSession(
    serial(booted, busy),
    [{ type: 'bench\n' }, { type: 'poweroff\n', last: true }],
    { timeoutMs: 600_000 },
  );
  const wallSeconds = busy.ms / 1000;
  if (session.exitCode !== 0) {
    throw new Error(`${label}: exited ${session.exitCode}:\n${session.transcript}`);
  }
  const cycles = {} as Record<Operation, number>;
  for (const op of OPERATIONS) {
    const figure = new RegExp(`^${op}: (\\d+) cycles/op`, 'm').exec(session.segments[1]);
    if (!figure)
      throw new Error(`${label}: bench printed no ${op} figure:\n${session.segments[1]}`);
    cycles[op] = Number(figure[1]);
  }
  const instructions = booted.retired();
  return {
    cycles,
    instructions,
    wallSeconds,
    mips: instructions / wallSeconds / 1e6,
    vmm: booted.vmm?.(),
  };
}

/** The table of one preset: each operation in cycles/op and × bare metal, then MIPS. */
function table(preset: string, runs: Record<Mode, ModeRun>): string[] {
  const pad = (text: string, width: number) => text.padStart(width);
  const ratio = (mode: Mode, op: Operation) => runs[mode].cycles[op] / runs.bare.cycles[op];
  const lines = [
    `preset ${preset} (the VMM's prices; bare metal prices only instructions)`,
    `${'operation'.padEnd(10)}${pad('bare metal', 12)}${pad('full', 12)}${pad('× bare', 9)}${pad('pv', 12)}${pad('× bare', 9)}   cycles/op`,
  ];
  for (const op of OPERATIONS) {
    lines.push(
      `${op.padEnd(10)}${pad(String(runs.bare.cycles[op]), 12)}${pad(String(runs.full.cycles[op]), 12)}${pad(ratio('full', op).toFixed(2), 9)}${pad(String(runs.pv.cycles[op]), 12)}${pad(ratio('pv', op).toFixed(2), 9)}`,
    );
  }
  lines.push(
    `${'wall MIPS'.padEnd(10)}${pad(runs.bare.mips.toFixed(1), 12)}${pad(runs.full.mips.toFixed(1), 12)}${pad('', 9)}${pad(runs.pv.mips.toFixed(1), 12)}   (the engine's speed inside run, boot to poweroff)`,
  );
  for (const mode of ['full', 'pv'] as const) {
    const w = runs[mode].vmm;
    if (!w) continue;
    lines.push(
      `${mode.padEnd(4)} VMM work, whole session: ${w.exits} exits, ${w.emulated} emulated privileged instructions, ${w.calls} hypercalls and SBI calls, ${w.mmio} MMIO emulations, ${w.shadowFills} shadow fills`,
    );
  }
  return lines;
}

function parseArgs(argv: readonly string[]): { unbundled: boolean; presets: string[] } {
  const presets: string[] = [];
  let unbundled = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--unbundled') unbundled = true;
    else if (argv[i] === '--preset' && i + 1 < argv.length) presets.push(argv[++i]);
    else throw new Error(`bench:virt: unknown option ${argv[i]} (--unbundled, --preset NAME)`);
  }
  for (const preset of presets) {
    if (!PRESETS.includes(preset)) {
      throw new Error(`bench:virt: no cost preset "${preset}" (${PRESETS.join(', ')})`);
    }
  }
  return { unbundled, presets: presets.length > 0 ? presets : PRESETS };
}

async function main(): Promise<void> {
  const { unbundled, presets } = parseArgs(process.argv.slice(2));
  const engine = await loadEngine(unbundled);
  console.log(
    `bench:virt: bench on bare metal, under full and under pv; engine ${unbundled ? 'unbundled (tsx)' : 'bundled (esbuild)'}`,
  );
  // A first, untimed run of each mode warms the JIT, so no MIPS figure is a cold start's.
  await measure(bootBareMetal(engine), 'bare metal (warm-up)');
  await measure(bootGuest(engine, 'full', presets[0]), 'full (warm-up)');
  await measure(bootGuest(engine, 'pv', presets[0]), 'pv (warm-up)');
  const bare = await measure(bootBareMetal(engine), 'bare metal');
  const results: Record<string, Record<Mode, ModeRun>> = {};
  for (const preset of presets) {
    const full = await measure(bootGuest(engine, 'full', preset), `full (${preset})`);
    const pv = await measure(bootGuest(engine, 'pv', preset), `pv (${preset})`);
    results[preset] = { bare, full, pv };
    console.log('');
    for (const line of table(preset, results[preset])) console.log(line);
  }
  const round = (x: number) => Number(x.toFixed(2));
  const json = Object.fromEntries(
    Object.entries(results).map(([preset, runs]) => [
      preset,
      Object.fromEntries(
        MODES.map((mode) => [
          mode,
          {
            cycles: runs[mode].cycles,
            ratio: Object.fromEntries(
              OPERATIONS.map((op) => [op, round(runs[mode].cycles[op] / runs.bare.cycles[op])]),
            ),
            instructions: runs[mode].instructions,
            wallSeconds: round(runs[mode].wallSeconds),
            mips: round(runs[mode].mips),
            vmm: runs[mode].vmm ?? null,
          },
        ]),
      ),
    ]),
  );
  console.log('');
  console.log(
    JSON.stringify({
      engine: unbundled ? 'unbundled' : 'bundled',
      operations: OPERATIONS,
      presets: json,
    }),
  );
}

await main();
