import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession } from '../support/serial';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));

describe('two full-virtualization guests on a 2-hart server', () => {
  it('boots both side by side, each on its own hart, with separate consoles', async () => {
    const run = startHypervisor({ memoryMiB: 96, harts: 2, hardwareVirtualization: false }, [
      { name: 'web', mode: 'full', memoryMiB: 40, image: KERNEL },
      { name: 'db', mode: 'full', memoryMiB: 48, image: KERNEL },
    ]);
    const [web, db] = await Promise.all(
      run.consoles.map((console, i) =>
        runScriptedSession(console, [
          { type: `hostname ${['alpha', 'beta'][i]}; hostname\n` },
          { type: 'bench null\n' },
          { type: 'poweroff\n', last: true },
        ]),
      ),
    );
    await run.finished;
    expect(web.segments[0]).toMatch(/memory: 40 MiB/);
    expect(db.segments[0]).toMatch(/memory: 48 MiB/);
    expect(web.segments[1]).toMatch(/^alpha\r?$/m);
    expect(db.segments[1]).toMatch(/^beta\r?$/m);
    expect(web.transcript).not.toMatch(/beta/);
    expect(db.transcript).not.toMatch(/alpha/);
    expect([web.exitCode, db.exitCode]).toEqual([0, 0]);
    const stats = run.server.stats();
    for (const domain of stats.domains) {
      expect(domain.state).toBe('shutdown');
      expect(domain.exits['ecall-from-vu']).toBeGreaterThan(2001);
    }
    // Both harts ran guest code.
    const harts = new Set(
      run.server.trace
        .recent()
        .filter((e) => e.kind === 'run')
        .map((e) => e.detail),
    );
    expect(harts).toEqual(new Set(['on hart 0', 'on hart 1']));
  });
});
