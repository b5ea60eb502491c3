import { describe, expect, it } from 'vitest';
import { vm } from '../support/cli';
import { hardwareRefusal } from '../../engine/lab/validate-lab';

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
