import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab } from '../support/cli';
import { hardwareRefusal } from '../../engine/lab/validate-lab';

/** A lab of one hypervisor server, with or without the feature, and one hw guest on it. */
function hwLab(hardwareVirtualization: boolean): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hyperlab-lab-hw-')), 'hw.json');
  const server = { name: 'xen', harts: 1, memoryMiB: 96, platform: 'hypervisor' };
  writeFileSync(
    file,
    JSON.stringify({
      hyperlab: 1,
      timeLimitSeconds: 30,
      servers: [{ ...server, hardwareVirtualization }],
      guests: [{ name: 'fast', server: 'xen', kind: 'hw', memoryMiB: 32 }],
    }),
  );
  return file;
}

describe('npm run lab -- FILE with a hw guest', () => {
  it('runs it on a server with hardware virtualization', async () => {
    const result = await lab([
      hwLab(true),
      '--console',
      'fast',
      '--input',
      'xen=poweroff\\n',
      '--input',
      'fast=uname -a\\npoweroff\\n',
    ]);
    expect(result.stdout).toContain('Hyperlab VMM (hardware-assisted) riscv32');
    expect(result.code).toBe(0);
  });

  it('refuses it, starting nothing, on a server without', async () => {
    const file = hwLab(false);
    const result = await lab([file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const refusal = hardwareRefusal({ kind: 'hw' }, { name: 'xen' });
    expect(result.stderr).toBe(`${file}: guests[0].kind: ${refusal}\n`);
  });
});
