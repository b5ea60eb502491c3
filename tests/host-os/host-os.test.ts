import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBareMetalServer } from '../../engine/lab/bare-metal-server';
import type { AgentReply } from '../../engine/lab/host-agent';
import { createHostOsServer, type HostOsServer } from '../../engine/lab/host-os-server';
import { labSchema, type GuestSpec } from '../../engine/lab/lab-schema';
import type { RunningServer } from '../../engine/lab/run-lab';
import { LabDriver, loadPublicImage } from './lab-driver';

/**
 * Issue #6, "how it is shown to work": one host-OS server with two KVM VMs, one UML guest and
 * three containers at once, a bare-metal server beside it, commands in every console, isolation,
 * limits, `kill` on the host ending a VM, and the shared fate (`insmod buggy` stops that server,
 * the other runs on). The pieces come from four helpers; a piece whose program is not in the
 * images yet is left out of the lab and its checks skip, saying why.
 */

const env = { loadImage: loadPublicImage };

/** Which of the pieces the committed images have, and why a missing one is missing. */
function missingPieces(): { kvm?: string; uml?: string; containers?: string; buggy?: string } {
  const bin = new TextDecoder('latin1').decode(loadPublicImage('bare-metal.elf'));
  const has = (program: string) => bin.includes(`bin/${program}\0`);
  return {
    kvm: has('lkvm') ? undefined : 'no /bin/lkvm in bare-metal.elf yet (KVM helper)',
    uml: existsSync('public/images/kernel-um.elf')
      ? undefined
      : 'no public/images/kernel-um.elf yet (UML helper)',
    containers: has('ctr') ? undefined : 'no /bin/ctr in bare-metal.elf yet (CONTAINERS helper)',
    buggy: has('insmod') ? undefined : 'no /bin/insmod in bare-metal.elf yet (CONTAINERS helper)',
  };
}

const missing = missingPieces();
for (const why of Object.values(missing)) if (why) console.warn(`host-os: skipping part: ${why}`);

function guests(): GuestSpec[] {
  const list: object[] = [];
  if (!missing.kvm) {
    list.push({ name: 'vm1', server: 'host', kind: 'kvm', memoryMiB: 16 });
    list.push({ name: 'vm2', server: 'host', kind: 'kvm', memoryMiB: 16 });
  }
  if (!missing.uml) list.push({ name: 'um1', server: 'host', kind: 'uml', memoryMiB: 16 });
  if (!missing.containers) {
    list.push({ name: 'box1', server: 'host', kind: 'container', memoryMiB: 8 });
    list.push({ name: 'box2', server: 'host', kind: 'container', memoryMiB: 4 });
    list.push({ name: 'box3', server: 'host', kind: 'container', memoryMiB: 8, weight: 128 });
  }
  return labSchema.parse({
    hyperlab: 1,
    servers: [
      { name: 'host', harts: 1, memoryMiB: 128, hardwareVirtualization: true, platform: 'host-os' },
      {
        name: 'other',
        harts: 1,
        memoryMiB: 32,
        hardwareVirtualization: false,
        platform: 'bare-metal',
      },
    ],
    guests: list,
  }).guests;
}

describe('a host-OS server with KVM VMs, a UML guest and containers', () => {
  let host: HostOsServer;
  let lab: LabDriver;
  const guestList = guests();

  beforeAll(() => {
    const spec = labSchema.parse({
      hyperlab: 1,
      servers: [
        {
          name: 'host',
          harts: 1,
          memoryMiB: 128,
          hardwareVirtualization: true,
          platform: 'host-os',
        },
        {
          name: 'other',
          harts: 1,
          memoryMiB: 32,
          hardwareVirtualization: false,
          platform: 'bare-metal',
        },
      ],
    });
    host = createHostOsServer(spec.servers[0], guestList, env);
    const other: RunningServer = createBareMetalServer(spec.servers[1], [], env);
    lab = new LabDriver([host, other]);
    lab.runUntil(
      () =>
        host.agent.ready &&
        host.guests.every(
          (g) =>
            g.state !== 'creating' && g.state !== 'starting' && g.state !== 'waiting for the agent',
        ),
      30,
      'the agent creates and starts every guest',
      'host',
    );
    // Every guest's shell is up.
    for (const guest of guestList)
      lab.runUntil(
        () => lab.output(guest.name).includes('$ '),
        60,
        `${guest.name} boots`,
        guest.name,
      );
    lab.runUntil(() => lab.output('other').includes('$ '), 10, 'the other server boots', 'other');
  }, 300_000);

  it('boots the host, which starts the agent on ttyS1 and every guest through it', () => {
    expect(lab.output('host')).toContain('agentd: managing guests on /dev/ttyS1');
    for (const guest of host.guests) expect(guest).toMatchObject({ state: 'running' });
    expect(host.guests.map((g) => g.port)).toEqual(guestList.map((_, i) => i + 2));
  });

  it.skipIf(missing.kvm)(
    'runs two KVM VMs, each its own kernel on its own console',
    () => {
      for (const vm of ['vm1', 'vm2']) {
        expect(lab.command(vm, 'uname -a')).toMatch(/Hyperlab lkvm \(KVM\)/);
        expect(lab.command(vm, `echo on ${vm}`)).toBe(`on ${vm}\n`);
      }
    },
    120_000,
  );

  it.skipIf(missing.uml)(
    'runs a UML kernel as a host process',
    () => {
      expect(lab.command('um1', 'uname -a')).toMatch(/um1 .*UML/);
    },
    120_000,
  );

  it.skipIf(missing.containers)(
    'runs three containers, each seeing only itself',
    () => {
      for (const box of ['box1', 'box2', 'box3']) {
        expect(lab.command(box, 'hostname')).toBe(`${box}\n`);
        const ps = lab.command(box, 'ps');
        expect(ps).not.toMatch(/agentd|lkvm|kernel-um/);
        expect(ps.trim().split('\n').length).toBeLessThanOrEqual(3); // header, sh, ps
      }
    },
    120_000,
  );

  it('shows every guest on the host as its processes, as ps and the agent agree', () => {
    const ps = lab.command('host', 'ps');
    const vms = host.guests.filter((g) => g.kind !== 'container');
    for (const vm of vms) expect(ps).toMatch(new RegExp(`^\\s*${vm.pid}\\s`, 'm'));
    if (!missing.containers) for (const box of ['box1', 'box2', 'box3']) expect(ps).toContain(box);
  }, 120_000);

  it('answers list and usage from the kernel: the pids ps shows, the rows ctr ls prints', () => {
    let list: AgentReply | undefined;
    let usage: AgentReply | undefined;
    host.agent.request('list', {}, (reply) => (list = reply));
    host.agent.request('usage', {}, (reply) => (usage = reply));
    lab.runUntil(() => usage !== undefined, 10, 'the agent answers list and usage', 'host');
    const listed = (list?.guests ?? []) as { name: string; state: string; pid?: number }[];
    const used = (usage?.usage ?? []) as {
      name: string;
      cpuTicks?: number;
      memKiB?: number;
      mem?: string;
    }[];
    expect(listed.map((g) => g.name)).toEqual(guestList.map((g) => g.name));
    const ps = lab.command('host', 'ps');
    for (const vm of listed.filter((g) => g.pid !== undefined)) {
      expect(vm.state).toBe('running');
      expect(ps).toMatch(new RegExp(`^\\s*${vm.pid}\\s`, 'm'));
      const vmUse = used.find((u) => u.name === vm.name);
      expect(vmUse?.cpuTicks).toBeGreaterThanOrEqual(0);
      expect(vmUse?.memKiB).toBeGreaterThan(vm.name.startsWith('vm') ? 16 * 1024 : 0);
    }
    if (!missing.containers) {
      const ctrLs = lab.command('host', 'ctr ls');
      for (const box of listed.filter((g) => g.name.startsWith('box'))) {
        const row = new RegExp(`^${box.name}\\s+(\\S+)\\s+\\S+\\s+(\\S+)`, 'm').exec(ctrLs);
        expect(box.state).toBe(row?.[1]);
        expect(used.find((u) => u.name === box.name)?.mem).toBe(row?.[2]);
      }
    }
  }, 120_000);

  it.skipIf(missing.containers)(
    'keeps a container within its memory limit',
    () => {
      const hog = lab.command('box2', 'memhog 16', 60);
      expect(hog).not.toMatch(/got 16 MiB/);
      // The host and the other guests are untouched.
      expect(lab.command('host', 'echo host fine')).toBe('host fine\n');
    },
    120_000,
  );

  it.skipIf(missing.kvm)(
    'ends a VM when the host kills its process; the others run on',
    () => {
      const vm2 = host.guests.find((g) => g.name === 'vm2');
      lab.command('host', `kill -9 ${vm2?.pid}`);
      lab.runUntil(() => vm2?.state === 'exited', 5, 'the agent reports vm2 exited', 'host');
      expect(lab.command('vm1', 'echo still here')).toBe('still here\n');
    },
    120_000,
  );

  it.skipIf(missing.buggy)(
    'one kernel, one fate: insmod buggy stops this server only',
    () => {
      lab.type('host', 'insmod buggy\n');
      lab.runUntil(() => lab.run.status(0).kind === 'done', 5, 'the host stops', 'host');
      expect(lab.run.status(0)).toMatchObject({ kind: 'done' });
      expect(lab.run.status(0).kind === 'done' && lab.run.status(0)).not.toMatchObject({ code: 0 });
      expect(host.stillRunning()).toEqual([]);
      expect(lab.command('other', 'echo the other server runs on')).toBe(
        'the other server runs on\n',
      );
    },
    120_000,
  );
});
