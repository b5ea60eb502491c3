/**
 * `npm run bench:virt` shows the course's shapes. Relations, not numbers: the figures move with
 * every change to the kernel or the VMM, the lessons must not. The test runs the modes it
 * asserts on through the script's own `measureMode` (bare metal once, then full, pv and hw
 * under each preset), not the whole script with its warm-up runs, to stay quick on CI's two
 * cores; bt's relations live in the bt mode's own tests.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  measureEveryPreset,
  PRESETS,
  table,
  type ModeRun,
  type Preset,
  type PresetRuns,
} from './bench-virt';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = ['bare-metal.elf', 'kernel.elf', 'kernel-pv.elf'];
const haveImages = IMAGES.every((f) => existsSync(join(REPO, 'public/images', f)));

type Runs = Record<'bare' | 'full' | 'pv' | 'hw', ModeRun>;

describe.skipIf(!haveImages)('npm run bench:virt', () => {
  let results: Record<Preset, Runs>;
  beforeAll(async () => {
    results = await measureEveryPreset(['full', 'pv', 'hw']);
  }, 300_000);

  for (const preset of PRESETS) {
    describe(`preset ${preset}`, () => {
      const at = (what: string) => `${preset}: ${what}`;

      test('full pays most per system call and console byte, pv less', () => {
        const { bare, full, pv } = results[preset];
        // Trap and emulate: every system call is a trap the VMM reflects and an sret it emulates.
        expect(full.cycles.null, at('full null vs bare')).toBeGreaterThan(5 * bare.cycles.null);
        // Hypercalls instead of trapped privileged instructions, a buffer instead of MMIO per byte.
        expect(pv.cycles.null, at('pv null vs full')).toBeLessThan(full.cycles.null);
        expect(pv.cycles.console, at('pv console vs full')).toBeLessThan(full.cycles.console);
      });

      test('hw: system calls cost about what they cost on bare metal, far below full', () => {
        const { bare, full, hw } = results[preset];
        expect(hw.cycles.null, at('hw null vs bare')).toBeLessThan(1.5 * bare.cycles.null);
        expect(hw.cycles.null * 5, at('hw null vs full')).toBeLessThan(full.cycles.null);
      });

      test('hw: fork and page faults near bare metal thanks to two-stage translation', () => {
        const { bare, full, hw } = results[preset];
        for (const op of ['fork', 'pgfault'] as const) {
          expect(hw.cycles[op], at(`hw ${op} vs bare`)).toBeLessThan(1.25 * bare.cycles[op]);
          expect(hw.cycles[op] * 2, at(`hw ${op} vs full`)).toBeLessThan(full.cycles[op]);
        }
      });

      test('computation costs the same in every mode', () => {
        const { bare, full, pv, hw } = results[preset];
        for (const [name, mode] of Object.entries({ full, pv, hw })) {
          const ratio = mode.cycles.cpu / bare.cycles.cpu;
          expect(Math.abs(ratio - 1), at(`${name} cpu`)).toBeLessThan(0.05);
        }
        for (const mode of [bare, full, pv, hw]) expect(mode.mips).toBeGreaterThan(0);
      });

      test('why: full emulates, pv asks, hw exits only for SBI, devices, first touches and WFI', () => {
        const { bare, full, pv, hw } = results[preset];
        expect(bare.vmm).toBeUndefined();
        expect(full.vmm?.emulated, at('full emulates')).toBeGreaterThan(0);
        expect(full.vmm?.mmio, at('full emulates MMIO')).toBeGreaterThan(0);
        expect([pv.vmm?.emulated, pv.vmm?.mmio], at('pv emulates nothing')).toEqual([0, 0]);
        expect(pv.vmm?.exits ?? Infinity, at('pv vs full')).toBeLessThan(full.vmm?.exits ?? 0);
        const reasons = Object.keys(hw.vmm?.exitsByReason ?? {}).sort();
        const allowed = [
          'ecall-from-vs',
          'instruction-guest-page-fault',
          'load-guest-page-fault',
          'store-guest-page-fault',
          'virtual-instruction',
          'machine-timer',
          'machine-software',
        ];
        expect(allowed, at('hw exit reasons')).toEqual(expect.arrayContaining(reasons));
        expect(reasons).toContain('store-guest-page-fault'); // the console's THR writes
        expect((hw.vmm?.exits ?? Infinity) * 10, at('hw vs full')).toBeLessThan(
          full.vmm?.exits ?? 0,
        );
        expect(hw.vmm?.shadowFills, at('hw has no shadow tables')).toBe(0);
        expect(hw.vmm?.translation.walkReferences ?? 0, at('hw counts its walks')).toBeGreaterThan(
          hw.vmm?.translation.twoStageTranslations ?? Infinity,
        );
      });
    });
  }

  test('prints every mode, and "not built" for a mode the VMM lacks', () => {
    const { bare, full, pv, hw } = results.modern;
    const runs: PresetRuns = { bare, full, pv, hw };
    const lines = table('modern', runs);
    expect(lines[1]).toMatch(/bare metal\s+full\s+× bare\s+bt\s+× bare\s+pv\s+× bare\s+hw/);
    const nullRow = lines.find((line) => line.startsWith('null')) ?? '';
    expect(nullRow).toContain('not built');
    expect(nullRow).toContain(String(hw.cycles.null));
    expect(lines).toContain('bt   not built: this VMM has no bt mode yet');
    const reasons = lines.find((line) => line.includes('exits by reason:')) ?? '';
    expect(reasons).toContain('store-guest-page-fault');
  });
});
