import { describe, expect, it } from 'vitest';
import type { FlatCounters } from './flat-counters';
import { stackEvents } from './stack-events';
import { STACKS, type LayerId } from './stack-model';
import type { StackKind } from './subject';

const layersOf = (kind: StackKind): ReadonlySet<LayerId> =>
  new Set(STACKS[kind].map((layer) => layer.id));
const events = (kind: StackKind, before: FlatCounters, after: FlatCounters) =>
  stackEvents(kind, before, after, layersOf(kind));

describe('stackEvents', () => {
  it('animates nothing when no counter moved', () => {
    const same: FlatCounters = { calls: { sched_op: 3 }, exits: { ecall: 3 } };
    expect(events('pv', same, same)).toEqual([]);
  });

  it('a pv hypercall climbs from the kernel to the VMM, the busiest name first', () => {
    const [event] = events(
      'pv',
      { calls: { sched_op: 1, console_io: 5 } },
      { calls: { sched_op: 11, console_io: 6 } },
    );
    expect(event).toMatchObject({
      family: 'calls',
      name: 'sched_op',
      count: 10,
      route: ['kernel', 'vmm'],
      label: 'hypercall sched_op',
    });
  });

  it("a system call under full virtualization goes through the VMM to the guest's kernel", () => {
    const [event] = events(
      'full',
      { reflected: { 'ecall-from-u': 2 } },
      { reflected: { 'ecall-from-u': 4 } },
    );
    expect(event.route).toEqual(['apps', 'vmm', 'kernel']);
  });

  it("a full guest's exits show only when nothing more telling explains them", () => {
    const before: FlatCounters = { exits: { 'illegal-instruction': 1 }, emulated: { csr: 1 } };
    const explained = events('full', before, {
      exits: { 'illegal-instruction': 5 },
      emulated: { csr: 5 },
    });
    expect(explained.map((e) => e.family)).toEqual(['emulated']);
    const bare = events('full', before, {
      exits: { 'illegal-instruction': 2 },
      emulated: { csr: 1 },
    });
    expect(bare).toMatchObject([{ family: 'exits', route: ['kernel', 'vmm'] }]);
  });

  it('a VM exit under hw goes from VS-mode to the VMM', () => {
    const [event] = events('hw', { exits: { wfi: 0 } }, { exits: { wfi: 3 } });
    expect(event).toMatchObject({ route: ['kernel', 'vmm'], label: 'VM exit: wfi' });
  });

  it("a container's system call goes into the shared host kernel", () => {
    const [event] = events(
      'container',
      { exceptions: { 'ecall-from-u': 0 } },
      { exceptions: { 'ecall-from-u': 9 } },
    );
    expect(event.route).toEqual(['apps', 'host-kernel']);
  });

  it("a KVM guest's SBI call, counted by the host, is a VM exit into the host kernel", () => {
    const [event] = events(
      'kvm',
      { exceptions: { 'ecall-from-vs': 4 } },
      { exceptions: { 'ecall-from-vs': 6 } },
    );
    expect(event).toMatchObject({
      route: ['kernel', 'host-kernel'],
      label: 'VM exit: ecall-from-vs',
    });
    expect(events('container', {}, { exceptions: { 'ecall-from-vs': 1 } })).toEqual([]);
  });

  it('on bare metal the timer climbs from the hardware through the firmware to the kernel', () => {
    const [event] = events(
      'bare-metal',
      { interrupts: { 'machine-timer': 1 } },
      { interrupts: { 'machine-timer': 2 } },
    );
    expect(event.route).toEqual(['hardware', 'firmware', 'kernel']);
  });

  it('never routes through a layer the kind does not have', () => {
    for (const kind of Object.keys(STACKS) as StackKind[]) {
      const all = events(
        kind,
        {},
        {
          calls: { a: 1 },
          emulated: { b: 1 },
          reflected: { 'ecall-from-u': 1, c: 1 },
          mmio: { uart: 1 },
          shadow: { syncs: 1 },
          exits: { d: 1 },
          exceptions: { 'ecall-from-u': 1 },
          interrupts: { 'supervisor-timer': 1 },
        },
      );
      for (const event of all) {
        for (const layer of event.route) expect(layersOf(kind).has(layer)).toBe(true);
      }
    }
  });
});
