/**
 * npm run -s bench:virt [-- --unbundled] [--preset NAME]... [--no-host]
 *
 * The cost of virtualization, measured: boots the lab OS on bare metal, the unmodified kernel
 * under `full` virtualization, binary translation (`bt`) and hardware assistance (`hw`, on a
 * server with the H extension), and `kernel-pv.elf` under `pv`, runs `bench` in each (typed
 * after the `$ ` prompt, as a person would), and prints every bench operation in cycles/op per
 * mode, each as a ratio to bare metal, the engine's wall-clock MIPS in each mode, and what the
 * VMM did (hw: its exits by reason and two-stage walks; bt: what its translator did). A mode this build's VMM has not registered prints as
 * "not built". The VMM's prices come from a cost preset (modern and pentium4-2006 unless
 * --preset says); the bare machine prices only instructions, so bare metal is measured once.
 * Then, unless --no-host, the host-OS block (bench-virt-host.ts): bench in a host OS's own shell,
 * a KVM VM, a UML guest and a container, as ratios to the same bare-metal run. Those run in the
 * host's kernel, which pays the machine's prices and no VMM's, so they are measured once, not
 * per preset. The last line is one JSON object with every figure (`hostOs` for that block).
 *
 * The engine runs from an esbuild bundle, as the app ships it; --unbundled runs the sources as
 * tsx loads them (much slower, same cycles). Tests import `loadEngine` and `measureMode` to
 * run one mode under one preset.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runScriptedSession, type SerialMachine } from '../tests/support/serial';
import { OPERATIONS, readBenchFigures, type BenchFigures } from './bench-virt-figures';
import { hostTable, measureHostKinds, type HostKindFigures } from './bench-virt-host';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = join(REPO, 'public/images');
/** Bare metal, then the hypervisor's modes in the course's order. */
export const BENCH_MODES = ['bare', 'full', 'bt', 'pv', 'hw'] as const;
export const PRESETS = ['modern', 'pentium4-2006'] as const;
/** Virtual cycles per `run` call; between calls the script serves the typed input. */
const SLICE = 2_000_000;

export type BenchMode = (typeof BENCH_MODES)[number];
export type GuestMode = Exclude<BenchMode, 'bare'>;
export type Preset = (typeof PRESETS)[number];

/** The kernel each guest mode boots: the paravirtual build for pv, the unmodified one else. */
const GUEST_IMAGES: Readonly<Record<GuestMode, string>> = {
  full: 'kernel.elf',
  bt: 'kernel.elf',
  pv: 'kernel-pv.elf',
  hw: 'kernel.elf',
};

export interface Engine {
  createMachine: typeof import('../engine/machine/machine').createMachine;
  createHypervisorServer: typeof import('../engine/hypervisor/hypervisor').createHypervisorServer;
  COST_PRESETS: typeof import('../engine/machine/cost-model').COST_PRESETS;
  MODES: typeof import('../engine/hypervisor/modes').MODES;
}

/** One mode's figures: cycles per operation, and how fast the engine ran it. */
export interface ModeRun {
  cycles: BenchFigures;
  instructions: number;
  /** Wall time spent inside the engine's `run`, boot to poweroff (not waiting for input). */
  wallSeconds: number;
  mips: number;
  /** What the VMM did for the guest over the whole session (boot, bench, poweroff). */
  vmm?: VmmWork;
}

/** The VMM's work, summed over the guest's vCPUs: where the extra cycles went. */
export interface VmmWork {
  exits: number;
  /** Exits by the cause the hardware reported (ecall-from-vs, store-guest-page-fault, …). */
  exitsByReason: Record<string, number>;
  emulated: number;
  calls: number;
  mmio: number;
  shadowFills: number;
  /** The hart's translation work while the guest ran (hw: two-stage walks, G-stage fills). */
  translation: Record<string, number>;
  /** bt only: the binary translator's counters (blocks, traps avoided, adaptations, …). */
  binaryTranslation?: Record<string, number>;
}

/** The engine: bundled by esbuild into one module (the app's speed), or the sources as loaded. */
export async function loadEngine(unbundled: boolean): Promise<Engine> {
  const exports = `
    export { createMachine } from './engine/machine/machine';
    export { createHypervisorServer } from './engine/hypervisor/hypervisor';
    export { COST_PRESETS } from './engine/machine/cost-model';
    export { MODES } from './engine/hypervisor/modes';`;
  if (unbundled) {
    const [machine, hypervisor, cost, modes] = await Promise.all([
      import('../engine/machine/machine'),
      import('../engine/hypervisor/hypervisor'),
      import('../engine/machine/cost-model'),
      import('../engine/hypervisor/modes'),
    ]);
    return { ...machine, ...hypervisor, ...cost, ...modes };
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

/** Whether this build's VMM has `mode` (bare metal always runs). */
export function isBuilt(engine: Engine, mode: BenchMode): boolean {
  return mode === 'bare' || engine.MODES[mode] !== undefined;
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

/**
 * One guest alone on a one-hart hypervisor server whose VMM charges `preset`'s prices. Only
 * `hw` needs the H extension; the other modes run on a server without it, as in 2005.
 */
function bootGuest(engine: Engine, mode: GuestMode, preset: Preset): Booted {
  const server = engine.createHypervisorServer({
    memoryMiB: 64,
    harts: 1,
    hardwareVirtualization: mode === 'hw',
    costModel: engine.COST_PRESETS[preset],
  });
  const domain = server.createDomain({
    name: 'guest',
    mode,
    memoryMiB: 32,
    image: new Uint8Array(readFileSync(join(IMAGES, GUEST_IMAGES[mode]))),
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
        exitsByReason: t.exits.toJSON(),
        emulated: t.emulated.total(),
        calls: t.calls.total(),
        mmio: t.mmio.total(),
        shadowFills: t.shadowFills,
        translation: t.translation.toJSON(),
        ...(domain.mode.translationCounters
          ? { binaryTranslation: domain.mode.translationCounters() }
          : {}),
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
  const cycles = readBenchFigures(session.segments[1], label);
  const instructions = booted.retired();
  return {
    cycles,
    instructions,
    wallSeconds,
    mips: instructions / wallSeconds / 1e6,
    vmm: booted.vmm?.(),
  };
}

/**
 * Runs `bench` in one mode: bare metal (the preset does not matter there), or one guest under
 * `preset`'s prices. The mode must be built (`isBuilt`).
 */
export function measureMode(engine: Engine, mode: BenchMode, preset: Preset): Promise<ModeRun> {
  if (mode === 'bare') return measure(bootBareMetal(engine), 'bare metal');
  return measure(bootGuest(engine, mode, preset), `${mode} (${preset})`);
}

/**
 * What the tests of bench:virt's relations compare: bare metal once (its cost does not depend on
 * a preset), then each of `modes` under every preset, on the bundled engine.
 */
export async function measureEveryPreset<M extends GuestMode>(
  modes: readonly M[],
): Promise<Record<Preset, Record<'bare' | M, ModeRun>>> {
  const engine = await loadEngine(false);
  const bare = await measureMode(engine, 'bare', 'modern');
  const results = {} as Record<Preset, Record<'bare' | M, ModeRun>>;
  for (const preset of PRESETS) {
    const runs = { bare } as Record<'bare' | M, ModeRun>;
    for (const mode of modes) runs[mode] = await measureMode(engine, mode, preset);
    results[preset] = runs;
  }
  return results;
}

/** Each mode's run under one preset; undefined for a mode this build's VMM lacks. */
export type PresetRuns = { readonly bare: ModeRun } & Partial<Record<GuestMode, ModeRun>>;

const GUEST_MODES: readonly GuestMode[] = ['full', 'bt', 'pv', 'hw'];
const NOT_BUILT = 'not built';

/** The table of one preset: each operation in cycles/op and × bare metal, then MIPS and work. */
export function table(preset: string, runs: PresetRuns): string[] {
  const pad = (text: string, width: number) => text.padStart(width);
  const column = (mode: GuestMode, cell: (run: ModeRun) => [string, string]) => {
    const run = runs[mode];
    const [figure, ratio] = run ? cell(run) : [NOT_BUILT, ''];
    return `${pad(figure, 11)}${pad(ratio, 8)}`;
  };
  const header = GUEST_MODES.map((mode) => `${pad(mode, 11)}${pad('× bare', 8)}`).join('');
  const lines = [
    `preset ${preset} (the VMM's prices; bare metal prices only instructions)`,
    `${'operation'.padEnd(10)}${pad('bare metal', 11)}${header}   cycles/op`,
  ];
  for (const op of OPERATIONS) {
    const bare = runs.bare.cycles[op];
    const cells = GUEST_MODES.map((mode) =>
      column(mode, (run) => [String(run.cycles[op]), (run.cycles[op] / bare).toFixed(2)]),
    );
    lines.push(`${op.padEnd(10)}${pad(String(bare), 11)}${cells.join('')}`);
  }
  const mips = GUEST_MODES.map((mode) => column(mode, (run) => [run.mips.toFixed(1), '']));
  lines.push(
    `${'wall MIPS'.padEnd(10)}${pad(runs.bare.mips.toFixed(1), 11)}${mips.join('')}   (the engine's speed inside run, boot to poweroff)`,
  );
  for (const mode of GUEST_MODES) {
    const w = runs[mode]?.vmm;
    if (!w) {
      lines.push(`${mode.padEnd(4)} ${NOT_BUILT}: this VMM has no ${mode} mode yet`);
      continue;
    }
    lines.push(
      `${mode.padEnd(4)} VMM work, whole session: ${w.exits} exits, ${w.emulated} emulated privileged instructions, ${w.calls} hypercalls and SBI calls, ${w.mmio} MMIO emulations, ${w.shadowFills} shadow fills`,
    );
    if (mode === 'hw') {
      const reasons = Object.entries(w.exitsByReason).sort(([, a], [, b]) => b - a);
      lines.push(`     exits by reason: ${reasons.map(([name, n]) => `${name} ${n}`).join(', ')}`);
      const t = w.translation;
      lines.push(
        `     hardware: ${t.twoStageTranslations ?? 0} two-stage TLB refills, ${t.walkReferences ?? 0} walk references (not priced); G-stage mapped on first touch: ${t.gStageMegapages ?? 0} 4 MiB megapages, ${t.gStagePages ?? 0} 4 KiB pages`,
      );
    }
    if (mode === 'bt' && w.binaryTranslation) lines.push(translatorLine(w.binaryTranslation));
  }
  return lines;
}

/** bt's line: what the translator did, whose callouts replaced the exits full would have taken. */
function translatorLine(b: Record<string, number>): string {
  const n = (name: string) => b[name] ?? 0;
  return (
    `     binary translation: ${n('blocks')} blocks translated (${n('instructions')} instructions), ` +
    `${n('traps avoided')} traps avoided, ${n('adaptations')} adaptations ` +
    `(${n('adaptations mmio')} MMIO, ${n('adaptations shadow')} shadow), ` +
    `${n('adapted callouts')} adapted callouts, ${n('invalidations')} invalidations`
  );
}

interface Options {
  unbundled: boolean;
  presets: Preset[];
  /** Whether to measure the host-OS kinds (kvm, uml, container) after the presets. */
  host: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const presets: Preset[] = [];
  let unbundled = false;
  let host = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--unbundled') unbundled = true;
    else if (argv[i] === '--no-host') host = false;
    else if (argv[i] === '--preset' && i + 1 < argv.length) {
      const name = argv[++i];
      const preset = PRESETS.find((p) => p === name);
      if (!preset) throw new Error(`bench:virt: no cost preset "${name}" (${PRESETS.join(', ')})`);
      presets.push(preset);
    } else
      throw new Error(
        `bench:virt: unknown option ${argv[i]} (--unbundled, --preset NAME, --no-host)`,
      );
  }
  return { unbundled, presets: presets.length > 0 ? presets : [...PRESETS], host };
}

const round = (x: number) => Number(x.toFixed(2));
const ratios = (cycles: BenchFigures, bare: BenchFigures) =>
  Object.fromEntries(OPERATIONS.map((op) => [op, round(cycles[op] / bare[op])]));

/** The JSON line's host-OS part: each kind's cycles/op and ratios to bare metal. */
function hostJson(figures: HostKindFigures, bare: BenchFigures) {
  return Object.fromEntries(
    Object.entries(figures).map(([kind, cycles]) => [
      kind,
      { cycles, ratio: ratios(cycles, bare) },
    ]),
  );
}

async function main(): Promise<void> {
  const { unbundled, presets, host } = parseArgs(process.argv.slice(2));
  const engine = await loadEngine(unbundled);
  const built = GUEST_MODES.filter((mode) => isBuilt(engine, mode));
  console.log(
    `bench:virt: bench on bare metal and under ${built.join(', ')}${host ? '; then in a host OS: kvm, uml, container' : ''}; engine ${unbundled ? 'unbundled (tsx)' : 'bundled (esbuild)'}`,
  );
  // A first, untimed run of each mode warms the JIT, so no MIPS figure is a cold start's.
  await measureMode(engine, 'bare', presets[0]);
  for (const mode of built) await measureMode(engine, mode, presets[0]);
  const bare = await measureMode(engine, 'bare', presets[0]);
  const results: Record<string, PresetRuns> = {};
  for (const preset of presets) {
    const runs: PresetRuns = { bare };
    for (const mode of built) runs[mode] = await measureMode(engine, mode, preset);
    results[preset] = runs;
    console.log('');
    for (const line of table(preset, runs)) console.log(line);
  }
  // The host kinds' cycles do not depend on a preset (nor on the JIT): measured once, after.
  const hostFigures = host ? measureHostKinds() : undefined;
  if (hostFigures) {
    console.log('');
    for (const line of hostTable(bare.cycles, hostFigures)) console.log(line);
  }
  const figures = (run: ModeRun | undefined, bareRun: ModeRun) =>
    run && {
      cycles: run.cycles,
      ratio: ratios(run.cycles, bareRun.cycles),
      instructions: run.instructions,
      wallSeconds: round(run.wallSeconds),
      mips: round(run.mips),
      vmm: run.vmm ?? null,
    };
  const json = Object.fromEntries(
    Object.entries(results).map(([preset, runs]) => [
      preset,
      Object.fromEntries(BENCH_MODES.map((mode) => [mode, figures(runs[mode], runs.bare) ?? null])),
    ]),
  );
  console.log('');
  console.log(
    JSON.stringify({
      engine: unbundled ? 'unbundled' : 'bundled',
      operations: OPERATIONS,
      presets: json,
      // Outside the presets: the host kinds pay the machine's prices, not the VMM's.
      hostOs: hostFigures ? hostJson(hostFigures, bare.cycles) : null,
    }),
  );
}

// Run as a script (npm run bench:virt), not when a test imports the functions above.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
