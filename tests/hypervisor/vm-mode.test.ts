import { describe, expect, it } from 'vitest';
import { vm } from '../support/cli';

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
