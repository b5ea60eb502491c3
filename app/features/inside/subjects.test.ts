import { describe, expect, it } from 'vitest';
import type { GuestSpec, ServerSpec } from '../../../workers/lab-model';
import type { StatsEntry } from '../../store';
import { countersOf } from './flat-counters';
import { subjectsOf } from './subjects';

const server = (name: string, platform: ServerSpec['platform']): ServerSpec => ({
  name,
  platform,
  harts: 2,
  memoryMiB: 256,
  hardwareVirtualization: true,
});
const guest = (name: string, host: string, kind: GuestSpec['kind']) =>
  ({ name, server: host, kind, memoryMiB: 32 }) as GuestSpec;

describe('subjectsOf', () => {
  it('bare metal: the lab OS itself', () => {
    expect(subjectsOf(server('metal', 'bare-metal'), [])).toEqual([
      { name: 'metal', kind: 'bare-metal', runs: true },
    ]);
  });

  it("a hypervisor: dom0 under the server's name, then its own guests only", () => {
    const subjects = subjectsOf(server('xen', 'hypervisor'), [
      guest('web', 'xen', 'full'),
      guest('other', 'elsewhere', 'pv'),
    ]);
    expect(subjects.map((s) => [s.name, s.kind, s.runs])).toEqual([
      ['xen', 'dom0', true],
      ['web', 'full', true],
    ]);
  });
});

describe('countersOf', () => {
  const entry = {
    stats: {
      instructions: 500,
      exceptions: { 'ecall-from-u': 3 },
      interrupts: {},
      mmio: { uart0: { reads: 2, writes: 5 } },
    },
    guests: [
      {
        name: 'web',
        state: 'running',
        reason: '',
        counters: {
          exits: { wfi: 1 },
          calls: {},
          emulated: {},
          reflected: {},
          mmio: {},
          shadowFills: 4,
          shadowSyncs: 2,
          consoleBytes: 0,
          instructions: 90,
          dispatches: 7,
        },
      },
    ],
  } as unknown as StatsEntry;

  it("a hypervisor guest's are the VMM's counters for it", () => {
    const counters = countersOf(entry, { name: 'web', kind: 'full', runs: true });
    expect(counters).toMatchObject({
      instructions: { instructions: 90 },
      exits: { wfi: 1 },
      shadow: { syncs: 2, fills: 4 },
      dispatches: { 'on a hart': 7 },
    });
  });

  it("bare metal and a host-OS guest have the machine's, device accesses summed", () => {
    for (const kind of ['bare-metal', 'container'] as const) {
      expect(countersOf(entry, { name: 'box', kind, runs: true })).toEqual({
        instructions: { instructions: 500 },
        exceptions: { 'ecall-from-u': 3 },
        interrupts: {},
        mmio: { uart0: 7 },
      });
    }
  });

  it('a guest the sample does not have has none', () => {
    expect(countersOf(entry, { name: 'gone', kind: 'pv', runs: true })).toBeUndefined();
  });
});
