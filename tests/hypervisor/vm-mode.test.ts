import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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

describe('npm run vm -- --mode full', () => {
  it('boots kernel.elf as the guest of a hypervisor server and adds the VMM counters to --stats', async () => {
    const result = await vm([
      '--mode',
      'full',
      '--mem',
      '64',
      '--stats',
      '--input',
      'uname -a\\npoweroff\\n',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/memory: 60 MiB at 0x80000000/);
    expect(result.stdout).toMatch(
      /Hyperlab hyperlab 0\.1 #1 Hyperlab VMM \(full virtualization\) riscv32/,
    );
    const stats = JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}');
    expect(stats.exit).toBe('powered-off');
    const [guest] = stats.vmm.domains;
    expect(guest).toMatchObject({
      name: 'guest',
      mode: 'full',
      state: 'shutdown',
      haltReason: 'powered off',
    });
    expect(guest.exits['illegal-instruction']).toBeGreaterThan(1000);
    expect(guest.mmio.uart0).toBeGreaterThan(2 * 60);
  });

  it('refuses a server too small for the guest in one line', async () => {
    const result = await vm(['--mode', 'full', '--mem', '8']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^vm: .*(memoryMiB|needs|does not fit).*\n$/);
  });
});
