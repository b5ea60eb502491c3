import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession } from '../support/serial';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));

describe('a full-virtualization guest that reboots', () => {
  it('boots again from its image on SRST reboot, in the same domain, and powers off after', async () => {
    const run = startHypervisor({ memoryMiB: 48, harts: 1, hardwareVirtualization: false }, [
      { name: 'web', mode: 'full', memoryMiB: 40, image: KERNEL },
    ]);
    const session = await runScriptedSession(run.consoles[0], [
      { type: 'hostname changed\n' },
      { type: 'reboot\n' },
      { type: 'hostname\n' },
      { type: 'poweroff\n', last: true },
    ]);
    await run.finished;
    expect(session.segments[2]).toMatch(
      /reboot: restarting system[\s\S]*booting on hart 0[\s\S]*\$ $/,
    );
    // A fresh boot: the hostname comes from /etc/hostname again.
    expect(session.segments[3]).toMatch(/^hyperlab\r?$/m);
    expect(session.exitCode).toBe(0);
    const [domain] = run.server.stats().domains;
    expect(domain).toMatchObject({ reboots: 1, state: 'shutdown' });
    expect(domain.calls.get_impl_name).toBe(2);
  });
});
