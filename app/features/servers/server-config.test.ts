import { describe, expect, it } from 'vitest';
import { RUNNABLE_GUEST_KINDS, validateLab, type Lab } from '../../../workers/lab-model';
import { SCENARIOS } from '../scenarios/scenarios';
import { configOf, guestChanges } from './server-config';

function scenario(id: string): Lab {
  const result = validateLab(SCENARIOS.find((s) => s.id === id)!.lab);
  if (!result.ok) throw new Error(`scenario ${id} is invalid`);
  return result.lab;
}

describe('configOf', () => {
  it('gives a bare-metal server its hardware only', () => {
    const lab = scenario('one-of-each');
    const metal = lab.servers.find((s) => s.platform === 'bare-metal')!;
    expect(configOf(metal, lab)).toEqual({ name: 'metal', memoryMiB: 64, harts: 1 });
  });

  it('gives a hypervisor the guests this build can run, each with its image', () => {
    const lab = scenario('one-of-each');
    const config = configOf(lab.servers[0], lab);
    expect(config.platform).toBe('hypervisor');
    expect(config.dom0MemoryMiB).toBe(32);
    // Every kind the engine's VMM has goes to the worker, in the lab's order; the others stay
    // in the lab only.
    const runnable = lab.guests.filter(
      (g) => g.server === lab.servers[0].name && RUNNABLE_GUEST_KINDS.has(g.kind),
    );
    expect(config.guests?.map((g) => [g.name, g.mode, g.image])).toEqual(
      runnable.map((g) => [g.name, g.kind, g.kind === 'pv' ? 'kernel-pv.elf' : 'kernel.elf']),
    );
    expect(config.guests?.map((g) => g.name)).toEqual(expect.arrayContaining(['full', 'pv']));
    expect(config.guests?.find((g) => g.name === 'pv')).toMatchObject({
      weight: 512,
      cap: 0,
      vcpus: 1,
      memoryMiB: 32,
    });
  });

  it('gives a host OS every guest of the lab file, for its agent to create', () => {
    const lab = scenario('one-of-each');
    const host = lab.servers.find((s) => s.platform === 'host-os')!;
    const config = configOf(host, lab);
    expect(config).toMatchObject({ platform: 'host-os', hardwareVirtualization: true });
    expect(config.hostGuests).toEqual(lab.guests.filter((g) => g.server === host.name));
  });

  it('boots the image a guest names', () => {
    const lab = scenario('pv-needs-modified-kernel');
    const images = configOf(lab.servers[0], lab).guests?.map((g) => g.image);
    expect(images).toEqual(['kernel-pv.elf', 'kernel.elf', 'kernel.elf']);
  });
});

describe('guestChanges', () => {
  const lab = scenario('pv-needs-modified-kernel');
  const before = configOf(lab.servers[0], lab);
  const guests = before.guests!;

  it('adds, removes, re-creates and re-weighs guests while the server runs', () => {
    const after = {
      ...before,
      guests: [
        { ...guests[0], weight: 512 },
        { ...guests[1], memoryMiB: 48 },
        { ...guests[0], name: 'extra' },
      ],
    };
    expect(guestChanges(before, after)).toEqual({
      removed: ['full-unmodified', 'pv-unmodified'],
      added: [after.guests[1], after.guests[2]],
      shares: [after.guests[0]],
    });
  });

  it('rebuilds the server only when its hardware or dom0 changes', () => {
    expect(guestChanges(before, { ...before, harts: 1 })).toBeUndefined();
    expect(guestChanges(before, { ...before, dom0MemoryMiB: 16 })).toBeUndefined();
    expect(guestChanges(before, { ...before, guests: [] })?.removed).toHaveLength(3);
    expect(guestChanges(before, before)).toEqual({ removed: [], added: [], shares: [] });
  });
});
