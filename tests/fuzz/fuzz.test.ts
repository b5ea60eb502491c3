/**
 * Fuzz test: 2^20 random instruction words (seeded, so a failure reproduces) in each of M, S
 * (Sv32 on) and U (Sv32 on) mode must only ever raise architectural traps: no JavaScript
 * exception may escape the engine, the run must end through the finisher with the fuzzer's
 * report, and every word must have had its turn. The guest side is fuzz.c: see its header for
 * how traps resume at the next word with fresh registers. A failing seed can be replayed with
 * `npm run -s vm -- ELF --mem 32 --input 'M 1234\n'` on the ELF this test builds. The engine runs
 * bundled, in a worker thread, so a hang fails the test after 100 s instead of stalling the run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildElf, RUNTIME, runOnEngineInWorker } from '../differential/harness';
import { bundleEngine } from '../support/engine-bundle';
import { missingTools } from '../support/tools';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORDS = 1 << 20;
/**
 * Fixed per mode, so a failure reproduces. To explore, FUZZ_SEED=<hex> runs every mode with
 * that seed instead.
 */
const SEEDS = { M: 0x1234, S: 0xbeef, U: 0x5eed } as const;
const seedFor = (mode: keyof typeof SEEDS): number =>
  process.env.FUZZ_SEED ? parseInt(process.env.FUZZ_SEED, 16) : SEEDS[mode];

const EXC_ILLEGAL = 'exc2';
const PAGE_FAULTS = ['exc12', 'exc13', 'exc15'];
const ACCESS_FAULTS = ['exc1', 'exc5', 'exc7'];
const IRQ_TIMER = 'irq7';

/** Parses "FUZZ-RESULT mode=M words=N traps=N exc2=N ..." into numbers by key. */
function parseResult(output: string): Record<string, number> | undefined {
  const line = output.split('\n').find((l) => l.startsWith('FUZZ-RESULT '));
  if (!line) return undefined;
  const fields: Record<string, number> = {};
  for (const pair of line.split(' ').slice(1)) {
    const [key, value] = pair.split('=');
    fields[key] = key === 'mode' ? value.charCodeAt(0) : Number(value);
  }
  return fields;
}

const skip = missingTools('fuzz test', 'clang', 'ld.lld');

describe.skipIf(skip !== undefined)(
  'fuzz: random instructions only raise architectural traps',
  () => {
    for (const mode of ['M', 'S', 'U'] as const) {
      test(`${mode}-mode`, async () => {
        const elf = buildElf('fuzz', [
          join(RUNTIME, 'start.S'),
          join(RUNTIME, 'rt.c'),
          join(HERE, 'fuzz.c'),
          join(HERE, 'fuzz.S'),
        ]);
        const engine = await bundleEngine();
        const input = `${mode} ${seedFor(mode).toString(16)}\n`;
        const run = await runOnEngineInWorker(
          engine,
          elf,
          { input, memoryMiB: 32 },
          { maxInstructions: 1_500_000_000, timeoutMs: 100_000 },
        );
        const output = run.output.toString('latin1');
        const context = `seed ${input.trim()}: ${run.detail}\n${output.slice(-500)}`;
        expect(run.detail, context).not.toMatch(/threw/);
        expect(run.status, context).toBe(0);
        const result = parseResult(output);
        expect(result, context).toBeDefined();
        if (!result) return;
        expect(String.fromCharCode(result.mode)).toBe(mode);
        expect(result.words).toBe(WORDS);
        // One trap per word plus the ecall that starts the run: each word really ran.
        expect(result.traps).toBe(WORDS + 1);
        expect(result[EXC_ILLEGAL], 'illegal-instruction traps').toBeGreaterThan(0);
        expect(result[IRQ_TIMER], 'timer interrupts (loops broken)').toBeGreaterThan(0);
        const faults = (keys: string[]) => keys.reduce((n, k) => n + (result[k] ?? 0), 0);
        expect(
          faults(ACCESS_FAULTS),
          'access faults (unmapped and refused addresses)',
        ).toBeGreaterThan(0);
        if (mode !== 'M') expect(faults(PAGE_FAULTS), 'page faults').toBeGreaterThan(0);
        console.log(`fuzz ${mode}: ${output.slice(output.indexOf('FUZZ-RESULT')).trim()}`);
      });
    }
  },
);
