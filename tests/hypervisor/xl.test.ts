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

/** The rows of an `xl list`: name, id, MiB, vCPUs, state (as the engine names it), mode. */
function rows(listing: string): string[][] {
  return listing
    .split('\n')
    .filter((line) => /^\S+\s+\d+\s+\d+\s+\d+\s+[-a-z]{6}\s/.test(line))
    .map((line) => line.trim().split(/\s+/))
    .map(([name, id, mem, vcpus, letters, , mode]) => [
      name,
      id,
      mem,
      vcpus,
      STATES[letters] ?? letters,
      mode,
    ]);
}

/**
 * dom0's xl against the engine: what it lists is what the VMM's stats() say, what it pauses the
 * VMM has paused, and a domU that tries gets a permission error the VMM counts.
 */
describe.skipIf(!haveImages)("dom0's xl", () => {
  it('lists, pauses, schedules, creates and destroys through /dev/xen/privcmd; a domU is refused, a full guest has no privcmd; bt is created, hw refused in the VMM words without the H extension', async () => {
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
        { type: 'xl create fast bt 16\n' },
        { type: 'xl create accel hw 16\n' },
        { type: 'xl list\n' },
        { type: 'xl destroy fast\n' },
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
        d.mode,
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
      'pv',
    ]);
    expect(stats.domains.map((d) => d.name)).not.toContain('extra');
    expect(host.segments[8]).toContain(
      'xl: pause: xen is dom0, the domain that manages the others',
    );
    // xl refused to pause dom0 itself: the one domctl the VMM refused it is the hw create below.
    expect(stats.domains.find((d) => d.name === 'xen')?.calls['domctl.refused']).toBe(1);
    // bt runs the unmodified kernel and needs nothing of the hardware; hw needs the H extension
    // this server lacks, and xl shows the VMM's own refusal rather than an errno.
    expect(host.segments[9]).toContain('Created domain fast (id 5, bt, 16 MiB)');
    expect(host.segments[10]).toContain(
      'xl: create: mode: the hardware of "server" lacks virtualization support (no H extension), so a "hw" guest cannot run there',
    );
    expect(rows(host.segments[11]).find((r) => r[0] === 'fast')?.[5]).toBe('bt');
    expect(rows(host.segments[11]).map((r) => r[0])).not.toContain('accel');
    expect(stats.domains.map((d) => d.name)).not.toContain('fast');

    // A domU has the device, but the VMM refuses its domctl with EPERM and counts it.
    expect(domU.segments[1]).toContain('xl: list: permission denied: only dom0 may manage domains');
    expect(dbStats?.calls['domctl.refused']).toBe(1);
    // The unmodified kernel has no privcmd at all.
    expect(full.segments[1]).toContain(
      'xl: cannot open /dev/xen/privcmd: No such file or directory',
    );
  }, 120_000);

  it('creates a hw guest on a server with the H extension, and lists it as hw', async () => {
    const { server, consoles } = startHypervisor(
      { memoryMiB: 96, harts: 1, hardwareVirtualization: true },
      [{ name: 'xen', mode: 'pv', memoryMiB: 32, image: image('kernel-pv.elf'), privileged: true }],
    );
    const [dom0] = consoles;
    enableDomainControl(server, dom0.domain, image);
    const host = await runScriptedSession(dom0, [
      { type: 'xl create accel hw 16\n' },
      { type: 'xl list\n' },
      { type: 'xl destroy accel\n' },
      { type: 'poweroff\n', last: true },
    ]);
    expect(host.segments[1]).toContain('Created domain accel (id 1, hw, 16 MiB)');
    expect(rows(host.segments[2]).map((r) => [r[0], r[5]])).toEqual([
      ['xen', 'pv'],
      ['accel', 'hw'],
    ]);
    expect(host.exitCode).toBe(0);
    expect(server.stats().domains.map((d) => d.name)).toEqual(['xen']);
  }, 120_000);
});
