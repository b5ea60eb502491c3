/**
 * Assemble-and-run helper for golden tests of small rv32 programs (Node only).
 *
 *   const r = runProgram(`
 *     _start:
 *       li a0, 42
 *       EXIT
 *   `);
 *   expect(r.reason).toBe('exit');
 *   expect(r.hart.x[10]).toBe(42);
 *
 * - `assemble(source)` builds with clang 14 / ld.lld / llvm-objcopy (flags below), linked at
 *   0x8000_0000 with entry `_start`, and returns the raw image. Results are cached under
 *   node_modules/.cache/hyperlab-asm/, keyed by a hash of the source and flags.
 * - A prelude is prepended to every source: `_start` is made global, and the macro `EXIT` (which
 *   clobbers t5 and t6) writes 0x5555 to the test device at 0x0010_0000, the address of QEMU's
 *   sifive_test finisher, so the same program also ends a `qemu-system-riscv32 -M virt` run.
 * - `runProgram(source)` loads the image into a Bus with only RAM and the test device, resets a
 *   Hart at 0x8000_0000 in M-mode and runs it in slices until the program writes the test
 *   device, waits in WFI with nothing pending, or uses up `maxInstructions`.
 * - The test device (TEST_DEVICE_BASE): a write at offset 0 stops the run and records the value
 *   as `exitCode`; a write at offset 4 sets hart 0's interrupt lines to the bits of the value
 *   (MSIP 3, MTIP 7, SEIP 9, MEIP 11), so programs can raise interrupts themselves; a read at
 *   offset 8 returns 0x1234_5678 (a device load for tests). Everything else is an access fault.
 * - When the toolchain is missing, `toolchain.available` is false and `toolchain.reason` says
 *   why: use `describe.skipIf(!toolchain.available)` and `reportMissingToolchain()`, so the
 *   suite says it skipped instead of passing silently (and fails in CI).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Bus } from '../../engine/machine/bus';
import { VirtualClock } from '../../engine/machine/clock';
import { CodeCache } from '../../engine/machine/code-cache';
import type { MmioDevice } from '../../engine/machine/device';
import { MMIO_FAULT } from '../../engine/machine/device';
import { Hart } from '../../engine/machine/hart';
import { MEMORY_MAP } from '../../engine/machine/memory-map';

export const LOAD_ADDRESS = 0x8000_0000;
export const TEST_DEVICE_BASE = MEMORY_MAP.finisher.base;

const CLANG_FLAGS = ['--target=riscv32', '-march=rv32ima', '-mabi=ilp32', '-mno-relax', '-c'];
const LD_FLAGS = [
  '-m',
  'elf32lriscv',
  '--no-relax',
  '-Ttext=0x80000000',
  '-e',
  '_start',
  '-static',
];

const PRELUDE = `
.globl _start
.equ TEST_DEVICE, ${TEST_DEVICE_BASE}
.macro EXIT
  li t6, TEST_DEVICE
  li t5, 0x5555
  sw t5, 0(t6)
1: j 1b
.endm
`;

function findTool(names: string[]): string | undefined {
  return names.find((name) => spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0);
}

function detectToolchain(): {
  available: boolean;
  reason: string;
  clang: string;
  ld: string;
  objcopy: string;
} {
  const clang = findTool(['clang', 'clang-14']);
  const ld = findTool(['ld.lld', 'ld.lld-14']);
  const objcopy = findTool(['llvm-objcopy', 'llvm-objcopy-14']);
  const missing = [!clang && 'clang', !ld && 'ld.lld', !objcopy && 'llvm-objcopy'].filter(Boolean);
  return {
    available: missing.length === 0,
    reason:
      missing.length === 0
        ? ''
        : `rv32 golden tests skipped: ${missing.join(', ')} not found on PATH`,
    clang: clang ?? 'clang',
    ld: ld ?? 'ld.lld',
    objcopy: objcopy ?? 'llvm-objcopy',
  };
}

export const toolchain = detectToolchain();

/**
 * Prints why golden tests are skipped; call it once per test file that uses the toolchain. In CI
 * (CI set) a missing toolchain is an error instead, as in tests/support/tools.ts.
 */
export function reportMissingToolchain(): void {
  if (toolchain.available) return;
  if (process.env.CI) throw new Error(`${toolchain.reason}: CI must have every tool installed`);
  console.warn(toolchain.reason);
}

const CACHE_DIR = resolve(import.meta.dirname, '../../node_modules/.cache/hyperlab-asm');

/** Assembles and links `source` (with the prelude) and returns the raw image for 0x8000_0000. */
export function assemble(source: string): Uint8Array {
  const full = PRELUDE + source + '\n';
  const key = createHash('sha256')
    .update(JSON.stringify([CLANG_FLAGS, LD_FLAGS, full]))
    .digest('hex')
    .slice(0, 32);
  const cached = join(CACHE_DIR, `${key}.bin`);
  if (existsSync(cached)) return new Uint8Array(readFileSync(cached));
  if (!toolchain.available) throw new Error(toolchain.reason);
  const work = mkdtempSync(join(tmpdir(), 'hyperlab-asm-'));
  try {
    writeFileSync(join(work, 'p.s'), full);
    run(toolchain.clang, [...CLANG_FLAGS, 'p.s', '-o', 'p.o'], work);
    run(toolchain.ld, [...LD_FLAGS, 'p.o', '-o', 'p.elf'], work);
    run(toolchain.objcopy, ['-O', 'binary', 'p.elf', 'p.bin'], work);
    const image = readFileSync(join(work, 'p.bin'));
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(cached, image);
    return new Uint8Array(image);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[], cwd: string): void {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
}

export interface RunOptions {
  /** RAM size in bytes; default 1 MiB. */
  ramBytes?: number;
  /** Give up after about this many instructions; default 1,000,000. */
  maxInstructions?: number;
  /** Instructions per `Hart.run` call; default 10,000. */
  slice?: number;
  /** Called before each slice, e.g. to raise an interrupt line at some point. */
  beforeSlice?: (hart: Hart, retiredSoFar: number) => void;
  /** Build the hart with the H extension (MachineConfig.hypervisorExtension). */
  hypervisorExtension?: boolean;
}

export interface RunResult {
  hart: Hart;
  bus: Bus;
  clock: VirtualClock;
  code: CodeCache;
  /** Why the run ended: the test device was written, WFI with nothing pending, or the budget ran out. */
  reason: 'exit' | 'wfi' | 'budget';
  /** The value written to the test device's offset 0, or null. */
  exitCode: number | null;
  retired: number;
}

/** Assembles `source`, loads it at 0x8000_0000 and runs it on one hart (see the file comment). */
export function runProgram(source: string, options: RunOptions = {}): RunResult {
  const image = assemble(source);
  const bus = new Bus(options.ramBytes ?? 1 << 20);
  const clock = new VirtualClock();
  const code = new CodeCache(bus);
  const hart = new Hart(0, bus, clock, code, {
    hypervisorExtension: options.hypervisorExtension ?? false,
  });
  let exitCode: number | null = null;
  bus.register(TEST_DEVICE_BASE, MEMORY_MAP.finisher.size, {
    name: 'test-device',
    read: (offset, width) => (offset === 8 && width === 4 ? 0x1234_5678 : MMIO_FAULT),
    write: (offset, width, value) => {
      if (width !== 4) return false;
      if (offset === 0) {
        exitCode = value;
        bus.stopRequested = true;
        return true;
      }
      if (offset === 4) {
        for (const bit of [3, 7, 9, 11]) hart.setInterruptLine(bit, ((value >>> bit) & 1) !== 0);
        return true;
      }
      return false;
    },
    snapshot: () => null,
    restore: () => {},
  } satisfies MmioDevice<null>);
  bus.loadBytes(LOAD_ADDRESS, image);
  hart.reset(LOAD_ADDRESS, 0, 0);

  const max = options.maxInstructions ?? 1_000_000;
  const slice = options.slice ?? 10_000;
  let retired = 0;
  let reason: RunResult['reason'] = 'budget';
  for (let steps = 0; steps < max; steps += slice) {
    options.beforeSlice?.(hart, retired);
    const done = hart.run(Math.min(slice, max - steps));
    retired += done;
    clock.advanceByInstructions(done);
    if (bus.stopRequested) {
      reason = 'exit';
      break;
    }
    if (hart.waitingForInterrupt && (hart.csr.mip & hart.csr.mie) === 0 && !options.beforeSlice) {
      reason = 'wfi';
      break;
    }
  }
  return { hart, bus, clock, code, reason, exitCode, retired };
}
