/**
 * `npm run bench:virt` shows the course's shapes. Relations, not numbers: the figures move with
 * every change to the kernel or the VMM, the lessons must not.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = ['bare-metal.elf', 'kernel.elf', 'kernel-pv.elf'];
const haveImages = IMAGES.every((f) => existsSync(join(REPO, 'public/images', f)));

interface ModeFigures {
  cycles: Record<string, number>;
  mips: number;
  vmm: { exits: number; emulated: number; mmio: number } | null;
}
type Figures = Record<'bare' | 'full' | 'pv', ModeFigures>;

describe.skipIf(!haveImages)('npm run bench:virt', () => {
  test('full pays most per system call and console byte, pv less, computation nothing', () => {
    const out = execFileSync(join(REPO, 'node_modules/.bin/tsx'), ['scripts/bench-virt.ts'], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    const json = JSON.parse(lines[lines.length - 1]) as { presets: Record<string, Figures> };
    expect(Object.keys(json.presets)).toEqual(['modern', 'pentium4-2006']);
    for (const [preset, { bare, full, pv }] of Object.entries(json.presets)) {
      const at = (what: string) => `${preset}: ${what}`;
      // Trap and emulate: every system call is a trap the VMM reflects and an sret it emulates.
      expect(full.cycles.null, at('full null vs bare')).toBeGreaterThan(5 * bare.cycles.null);
      // Hypercalls instead of trapped privileged instructions, a buffer instead of MMIO per byte.
      expect(pv.cycles.null, at('pv null vs full')).toBeLessThan(full.cycles.null);
      expect(pv.cycles.console, at('pv console vs full')).toBeLessThan(full.cycles.console);
      // Computation never leaves the guest: within a few percent in every mode.
      for (const mode of [full, pv]) {
        expect(Math.abs(mode.cycles.cpu / bare.cycles.cpu - 1), at('cpu')).toBeLessThan(0.05);
      }
      for (const mode of [bare, full, pv]) expect(mode.mips).toBeGreaterThan(0);
      // Why: full traps and emulates, pv asks; pv emulates no instruction and no device.
      expect(bare.vmm).toBeNull();
      expect(full.vmm?.emulated, at('full emulates')).toBeGreaterThan(0);
      expect(full.vmm?.mmio, at('full emulates MMIO')).toBeGreaterThan(0);
      expect([pv.vmm?.emulated, pv.vmm?.mmio], at('pv emulates nothing')).toEqual([0, 0]);
      expect(pv.vmm?.exits ?? Infinity, at('pv exits vs full')).toBeLessThan(full.vmm?.exits ?? 0);
    }
  }, 300_000);
});
