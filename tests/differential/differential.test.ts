/**
 * Differential tests: each bare-metal program in programs/ runs on QEMU (the reference) and on
 * the engine, and the two must print byte-identical UART transcripts and exit with the same
 * status. QEMU's status is also checked against the one the program means to exit with, so a
 * program that breaks on the reference is caught rather than compared.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { bundleEngine } from '../support/engine-bundle';
import { missingTools } from '../support/tools';
import { buildProgram, runOnEngineInWorker, runOnQemu, type RunOptions } from './harness';

interface Program extends RunOptions {
  readonly name: string;
  /** The status the program exits with on purpose. */
  readonly exit: number;
}

const PROGRAMS: readonly Program[] = [
  { name: 'alu', exit: 0 },
  { name: 'loadstore', exit: 0 },
  { name: 'branch', exit: 0 },
  { name: 'atomics', exit: 0 },
  { name: 'csr', exit: 0 },
  { name: 'traps', exit: 3 },
  { name: 'smode', exit: 0 },
  { name: 'paging', exit: 0 },
  { name: 'paging2', exit: 0 },
  { name: 'timer', exit: 0 },
  { name: 'swint', exit: 0 },
  { name: 'echo', exit: 0, input: 'Hello, World 2026\r\nabc xyz ~!@#\n.after the terminator' },
  { name: 'multihart', exit: 0, harts: 2 },
  { name: 'smp4', exit: 0, harts: 4 },
  { name: 'selfmod', exit: 0 },
  { name: 'vectored', exit: 0 },
  { name: 'nested', exit: 0x34 },
  { name: 'uartirq', exit: 0, input: 'first line\nsecond, longer line 12345\n\nlast.tail' },
  { name: 'randinsn', exit: 0 },
  { name: 'minikernel', exit: 0 },
  { name: 'preempt', exit: 0 },
  { name: 'interp', exit: 42 },
  { name: 'hyper', exit: 0, hypervisorExtension: true },
];

const skip = missingTools('differential suite', 'clang', 'ld.lld', 'qemu-system-riscv32');

describe.skipIf(skip !== undefined)('differential: QEMU and the engine agree', () => {
  // The engine as the app ships it, bundled (under vitest's module-by-module loading the
  // trap-heavy programs run ten times slower, see tests/support/engine-bundle.ts), in a worker
  // thread, so an engine that hangs fails its test instead of stalling the run.
  let engineBundle: string;
  beforeAll(async () => {
    engineBundle = await bundleEngine();
  });
  for (const program of PROGRAMS) {
    test(program.name, async () => {
      const elf = buildProgram(program.name);
      const qemu = await runOnQemu(elf, program);
      expect(qemu.status, `QEMU: ${qemu.detail}\n${qemu.output.toString('latin1')}`).toBe(
        program.exit,
      );
      const engine = await runOnEngineInWorker(engineBundle, elf, program);
      expect(
        engine.output.toString('latin1'),
        `transcript of ${program.name} (${engine.detail})`,
      ).toBe(qemu.output.toString('latin1'));
      expect(engine.status, `exit status of ${program.name} (${engine.detail})`).toBe(qemu.status);
    });
  }

  // The CLI too (npm run -s vm), once for input and once for a failing exit status: it must
  // print what QEMU prints and exit as QEMU exits.
  for (const name of ['echo', 'interp']) {
    test(`vm CLI: ${name}`, async () => {
      const program = PROGRAMS.find((p) => p.name === name)!;
      const elf = buildProgram(name);
      const qemu = await runOnQemu(elf, program);
      const escaped = (program.input ?? '')
        .replace(/\\/g, '\\\\')
        .replace(/\r/g, '\\r')
        .replace(/\n/g, '\\n');
      const args = ['--import', 'tsx', 'scripts/vm.ts', elf, '--mem', '128'];
      if (program.input) args.push('--input', escaped);
      const cli = spawnSync(process.execPath, args, {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        input: '',
        encoding: 'latin1',
        timeout: 60_000,
      });
      expect(cli.stdout, cli.stderr).toBe(qemu.output.toString('latin1'));
      expect(cli.status, cli.stderr).toBe(qemu.status);
    });
  }
});
