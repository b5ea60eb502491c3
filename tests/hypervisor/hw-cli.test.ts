import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hardwareRefusal } from '../../engine/lab/validate-lab';

const REPO = resolve(import.meta.dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const VM = join(REPO, 'scripts/vm.ts');

/** Runs `tsx scripts/vm.ts args` with stdin closed at once. */
function vm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [VM, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('latin1')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('npm run vm -- --mode hw', () => {
  it('boots kernel.elf in VS-mode and counts its VM exits by reason in --stats', async () => {
    const result = await vm(['--mode', 'hw', '--mem', '64', '--stats', '--input', 'poweroff\\n']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/sbi: running on Hyperlab VMM \(hardware-assisted\)/);
    const stats = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}');
    const [guest] = stats.vmm.domains;
    expect(guest).toMatchObject({ mode: 'hw', state: 'shutdown', haltReason: 'powered off' });
    expect(guest.exits['store-guest-page-fault']).toBeGreaterThan(0);
    expect(guest.exits).not.toHaveProperty('illegal-instruction');
  });

  it('is refused in one line, starting nothing, on a server without the H extension', async () => {
    const result = await vm(['--mode', 'hw', '--no-hw-virt', '--input', 'poweroff\\n']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const refusal = hardwareRefusal({ kind: 'hw' }, { name: 'server' });
    expect(result.stderr).toBe(
      `vm: the guest cannot be created: mode: ${refusal} (leave out --no-hw-virt)\n`,
    );
  });
});
