import { growth, type CounterFamily, type FlatCounters } from './flat-counters';
import type { LayerId } from './stack-model';
import { countsMachine, type StackKind } from './subject';

/**
 * One event to animate on a stack diagram: counters of `family` grew between two samples, the
 * busiest name by `count`; it travels `route`, from the layer that caused it to the one that
 * handled it. Only what the engine counted is animated: no counter moved, no event.
 */
export interface StackEvent {
  readonly family: CounterFamily;
  readonly name: string;
  readonly count: number;
  readonly route: readonly LayerId[];
  /** What happened, in a few words ("hypercall sched_op"). */
  readonly label: string;
}

/** How an event of a family climbs the stack of a kind; undefined: not drawn for that kind. */
type Router = (kind: StackKind, name: string) => { route: LayerId[]; label: string } | undefined;

const VM_KINDS: ReadonlySet<StackKind> = new Set(['full', 'bt', 'pv', 'hw', 'dom0']);
const PV_KINDS: ReadonlySet<StackKind> = new Set(['pv', 'dom0']);

/** A system call from a program: where it goes first depends on who owns the trap. */
function systemCall(kind: StackKind): LayerId[] {
  switch (kind) {
    case 'bare-metal':
    case 'container':
    case 'hw':
    case 'kvm':
      return ['apps', kind === 'container' ? 'host-kernel' : 'kernel'];
    case 'uml':
      return ['apps', 'host-kernel', 'kernel'];
    default:
      // Deprivileged kernels: the VMM takes the trap and reflects it to the guest's kernel.
      return ['apps', 'vmm', 'kernel'];
  }
}

/** The kernel that owns the machine's traps: the lab OS, or on a host OS the host kernel. */
function owner(kind: StackKind): LayerId {
  return kind === 'bare-metal' ? 'kernel' : 'host-kernel';
}

/** Where the guest kernel's requests and traps land: the VMM, or the host kernel under KVM. */
function handler(kind: StackKind): LayerId {
  if (kind === 'kvm' || kind === 'uml' || kind === 'container') return 'host-kernel';
  if (kind === 'bare-metal') return 'firmware';
  return 'vmm';
}

const ROUTERS: Partial<Record<CounterFamily, Router>> = {
  calls: (kind, name) => ({
    route: kind === 'container' ? systemCall(kind) : ['kernel', handler(kind)],
    label: PV_KINDS.has(kind) ? `hypercall ${name}` : `SBI call ${name}`,
  }),
  emulated: (kind, name) => ({
    route: ['kernel', handler(kind)],
    label: `${name} trapped, emulated`,
  }),
  reflected: (kind, name) =>
    name === 'ecall-from-u'
      ? { route: systemCall(kind), label: 'system call, reflected to the kernel' }
      : { route: ['kernel', handler(kind), 'kernel'], label: `${name}, reflected` },
  mmio: (kind, name) =>
    countsMachine(kind)
      ? { route: [owner(kind), 'hardware'], label: `${name} register access` }
      : kind === 'kvm'
        ? { route: ['kernel', 'host-kernel', 'vmm-process'], label: `${name} access, emulated` }
        : { route: ['kernel', handler(kind), 'hardware'], label: `${name} access, emulated` },
  shadow: (kind, name) =>
    name === 'syncs' && VM_KINDS.has(kind)
      ? { route: ['kernel', 'vmm'], label: 'shadow page table sync' }
      : undefined,
  exits: (kind, name) =>
    kind === 'hw' || kind === 'kvm'
      ? { route: ['kernel', handler(kind)], label: `VM exit: ${name}` }
      : undefined,
  // The machine's own traps: bare metal, and on a host OS the host's (any process or VM).
  exceptions: (kind, name) => {
    const kernel = owner(kind);
    if (name === 'ecall-from-u') {
      const label = kind === 'container' ? 'system call into the shared kernel' : 'system call';
      return { route: ['apps', kernel], label };
    }
    if (name === 'ecall-from-s') return { route: [kernel, 'firmware'], label: 'SBI call' };
    if (name === 'ecall-from-vs' || name.includes('guest-page-fault')) {
      // Only a VM in VS-mode raises these: a VM exit into the host kernel's kvm.
      return kind === 'kvm'
        ? { route: ['kernel', 'host-kernel'], label: `VM exit: ${name}` }
        : undefined;
    }
    return { route: ['apps', kernel], label: name };
  },
  interrupts: (kind, name) => {
    const kernel = owner(kind);
    if (name.endsWith('timer')) {
      return { route: ['hardware', 'firmware', kernel], label: 'timer interrupt' };
    }
    if (name.endsWith('external')) {
      return { route: ['hardware', kernel], label: 'device interrupt (UART via the PLIC)' };
    }
    return { route: ['hardware', kernel], label: `${name} interrupt` };
  },
};

/** Families in the order they are worth showing when several moved at once. */
const ORDER: readonly CounterFamily[] = [
  'calls',
  'reflected',
  'emulated',
  'exits',
  'mmio',
  'shadow',
  'exceptions',
  'interrupts',
];

/**
 * The events to animate for the counters that grew from `before` to `after`: at most one per
 * family (its busiest name), only on layers the kind's stack has, and for a deprivileged kernel's
 * exits only when nothing more telling (a call, an emulation, a reflection) explains them.
 */
export function stackEvents(
  kind: StackKind,
  before: FlatCounters | undefined,
  after: FlatCounters | undefined,
  layers: ReadonlySet<LayerId>,
): StackEvent[] {
  if (!before || !after) return [];
  const events: StackEvent[] = [];
  for (const family of ORDER) {
    const grown = Object.entries(growth(before[family], after[family]));
    if (grown.length === 0) continue;
    grown.sort((a, b) => b[1] - a[1]);
    const [name, count] = grown[0];
    const routed = ROUTERS[family]?.(kind, name);
    if (!routed || !routed.route.every((layer) => layers.has(layer))) continue;
    events.push({ family, name, count, ...routed });
  }
  if (events.length === 0 && VM_KINDS.has(kind)) {
    const exits = Object.entries(growth(before.exits, after.exits)).sort((a, b) => b[1] - a[1]);
    if (exits.length > 0) {
      const [name, count] = exits[0];
      events.push({
        family: 'exits',
        name,
        count,
        route: ['kernel', 'vmm'],
        label: `exit: ${name}`,
      });
    }
  }
  return events;
}
