import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enableDomainControl } from '../../engine/hypervisor/pv/domain-control';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession } from '../support/serial';

const image = (name: string) => new Uint8Array(readFileSync(`public/images/${name}`));
const haveImages = ['kernel.elf', 'kernel-pv.elf'].every((f) => existsSync(`public/images/${f}`));

/** Xen's state letters as the engine's domain states: r and b are both a running domain. */
const STATES: Record<string, string> = {
  'r-----': 'running',
  '-b----': 'running',
  '--p---': 'paused',
  '---s--': 'shutdown',
  '----c-': 'crashed',
};

/** The rows of an `xl list`: name, id, MiB, vCPUs, state (as the engine names it). */
function rows(listing: string): string[][] {
  return listing
    .split('\n')
    .filter((line) => /^\S+\s+\d+\s+\d+\s+\d+\s+[-a-z]{6}\s/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(0, 5))
    .map(([name, id, mem, vcpus, letters]) => [name, id, mem, vcpus, STATES[letters] ?? letters]);
}

/**
 * dom0's xl against the engine: what it lists is what the VMM's stats() say, what it pauses the
 * VMM has paused, and a domU that tries gets a permission error the VMM counts.
 */
describe.skipIf(!haveImages)("dom0's xl", () => {
  it('lists, pauses, schedules, creates and destroys through /dev/xen/privcmd; a domU is refused, a full guest has no privcmd', async () => {
    const { server, consoles } = startHypervisor(
      { memoryMiB: 160, harts: 2, hardwareVirtualization: false },
      [
        { name: 'xen', mode: 'pv', memoryMiB: 32, image: image('kernel-pv.elf'), privileged: true },
        { name: 'web', mode: 'full', memoryMiB: 32, image: image('kernel.elf') },
        { name: 'mail', mode: 'full', memoryMiB: 24, image: image('kernel.elf'), weight: 128 },
        { name: 'db', mode: 'pv', memoryMiB: 16, image: image('kernel-pv.elf') },
      ],
    );
    const [dom0, web, , db] = consoles;
    enableDomainControl(server, dom0.domain, image);

    const [host, domU, full] = await Promise.all([
      runScriptedSession(dom0, [
        { type: 'xl list\n' },
        { type: 'xl pause mail\n' },
        { type: 'xl list\n' },
        { type: 'xl sched-credit -d db -w 300 -c 50\n' },
        { type: 'xl create extra pv 16\n' },
        { type: 'xl list\n' },
        { type: 'xl destroy extra\n' },
        { type: 'xl pause xen\n' },
        { type: 'poweroff\n', last: true },
      ]),
      runScriptedSession(db, [{ type: 'xl list\n' }, { type: 'poweroff\n', last: true }]),
      runScriptedSession(web, [{ type: 'xl list\n' }, { type: 'poweroff\n', last: true }]),
    ]);
    const stats = server.stats();
    web.kill(); // mail stays paused: stop the run loop

    // The first listing agrees with the engine: names, ids, memory, vCPUs; all running then,
    // dom0 on a hart (it runs xl), the others most likely blocked at their prompts.
    expect(host.segments[1]).toMatch(/^xen +0 +32 +1 r----- /m);
    expect(rows(host.segments[1])).toEqual(
      stats.domains.map((d) => [
        d.name,
        String(d.id),
        String(d.memoryMiB),
        String(d.vcpus.length),
        'running',
      ]),
    );
    // xl pause: the VMM paused it, and the next listing says so.
    expect(stats.domains.find((d) => d.name === 'mail')?.state).toBe('paused');
    expect(rows(host.segments[3]).find((r) => r[0] === 'mail')?.[4]).toBe('paused');
    expect(host.exitCode).toBe(0);
    // sched-credit, create, destroy: each reached the VMM; dom0 itself cannot be paused.
    const dbStats = stats.domains.find((d) => d.name === 'db');
    expect([dbStats?.weight, dbStats?.cap]).toEqual([300, 50]);
    expect(host.segments[5]).toContain('Created domain extra (id 4, pv, 16 MiB)');
    expect(rows(host.segments[6]).find((r) => r[0] === 'extra')).toEqual([
      'extra',
      '4',
      '16',
      '1',
      'running',
    ]);
    expect(stats.domains.map((d) => d.name)).not.toContain('extra');
    expect(host.segments[8]).toContain(
      'xl: pause: xen is dom0, the domain that manages the others',
    );
    expect(stats.domains.find((d) => d.name === 'xen')?.calls['domctl.refused'] ?? 0).toBe(0);

    // A domU has the device, but the VMM refuses its domctl with EPERM and counts it.
    expect(domU.segments[1]).toContain('xl: list: permission denied: only dom0 may manage domains');
    expect(dbStats?.calls['domctl.refused']).toBe(1);
    // The unmodified kernel has no privcmd at all.
    expect(full.segments[1]).toContain(
      'xl: cannot open /dev/xen/privcmd: No such file or directory',
    );
  }, 120_000);
});
