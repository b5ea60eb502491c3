/**
 * bench:virt's bt column holds the lessons of binary translation (issue #5). Relations, not
 * numbers: the guest kernel's privileged instructions are callouts, not traps, so system calls
 * cost far less than under full; adaptive translation turns the UART's MMIO into a callout to the
 * device model, so console output is cheaper than under hw in 2006, where every byte is a VM exit
 * of thousands of cycles; fork and page faults are cheaper than under full; user code runs
 * untranslated, at bare-metal cost. Runs the modes it compares through bench-virt's own
 * `measureMode` (bare metal once, then full, bt and hw under each preset).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { measureEveryPreset, PRESETS, table, type ModeRun, type Preset } from './bench-virt';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const haveImages = ['bare-metal.elf', 'kernel.elf'].every((f) =>
  existsSync(join(REPO, 'public/images', f)),
);

type Runs = Record<'bare' | 'full' | 'bt' | 'hw', ModeRun>;

describe.skipIf(!haveImages)('npm run bench:virt: the bt column', () => {
  let results: Record<Preset, Runs>;
  beforeAll(async () => {
    results = await measureEveryPreset(['full', 'bt', 'hw']);
  }, 300_000);

  for (const preset of PRESETS) {
    describe(`preset ${preset}`, () => {
      const at = (what: string) => `${preset}: ${what}`;

      test('system calls cost well below full: the kernel calls the VMM instead of trapping', () => {
        const { full, bt } = results[preset];
        expect(bt.cycles.null, at('bt null vs full')).toBeLessThan(0.7 * full.cycles.null);
      });

      test('fork and page faults cost less than under full (callouts, adapted shadow fills)', () => {
        const { full, bt } = results[preset];
        for (const op of ['fork', 'pgfault', 'ctxsw'] as const)
          expect(bt.cycles[op], at(`bt ${op} vs full`)).toBeLessThan(full.cycles[op]);
      });

      test('computation runs untranslated, at bare-metal cost', () => {
        const { bare, bt } = results[preset];
        expect(Math.abs(bt.cycles.cpu / bare.cycles.cpu - 1), at('bt cpu')).toBeLessThan(0.05);
        expect(bt.mips).toBeGreaterThan(0);
      });

      test('why: far fewer exits than full, the same device work', () => {
        const { full, bt } = results[preset];
        const [f, b] = [full.vmm, bt.vmm];
        if (!f || !b) throw new Error('the guest runs report no VMM work');
        expect(b.exits * 3, at('bt exits vs full')).toBeLessThan(f.exits);
        expect(b.exitsByReason['illegal-instruction'] ?? 0, at('bt illegal exits')).toBe(0);
        expect(Math.abs(b.mmio - f.mmio), at('bt mmio vs full')).toBeLessThan(0.05 * f.mmio);
      });
    });
  }

  test("prints the translator's work on a line of its own, as hw prints the hardware's", () => {
    const { bare, full, bt, hw } = results.modern;
    const counters = bt.vmm?.binaryTranslation ?? {};
    expect(full.vmm?.binaryTranslation).toBeUndefined();
    for (const name of ['blocks', 'traps avoided', 'adaptations', 'adapted callouts'])
      expect(counters[name], name).toBeGreaterThan(0);
    const line = table('modern', { bare, full, bt, hw }).find((l) =>
      l.includes('binary translation:'),
    );
    expect(line).toContain(`${counters.blocks} blocks translated`);
    expect(line).toContain(`${counters['traps avoided']} traps avoided`);
    expect(line).toContain(`${counters['adapted callouts']} adapted callouts`);
    expect(line).toContain(`${counters.invalidations ?? 0} invalidations`);
  });

  test('in 2006, console output is cheaper under adaptive bt than under hw', () => {
    const { bt, hw } = results['pentium4-2006'];
    // hw: a VM exit of thousands of cycles per UART byte; bt: a callout to the device model.
    expect(bt.cycles.console).toBeLessThan(hw.cycles.console);
  });
});
