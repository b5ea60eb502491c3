import type { GuestKind } from '../../../workers/lab-model';

/**
 * What the inside views can show the stack of: a guest of a given kind, dom0 (the hypervisor's
 * host domain), or the lab OS on bare metal.
 */
export type StackKind = GuestKind | 'dom0' | 'bare-metal';

/** One thing running on a server that the inside views can look into. */
export interface Subject {
  /** The guest's (or dom0's) name; the server's for bare metal. */
  readonly name: string;
  readonly kind: StackKind;
  /** False for a guest this build keeps in the lab but cannot run: a diagram, no live events. */
  readonly runs: boolean;
}

/** Kinds that run as processes of a host kernel: the host's own counters are what there is. */
export const HOST_OS_KINDS: ReadonlySet<StackKind> = new Set<StackKind>([
  'kvm',
  'uml',
  'container',
]);

/**
 * Whether the subject's counters are the whole machine's: the lab OS on bare metal, and a
 * host-OS guest, which the host counts with all its other processes (its counters cannot say
 * which guest caused an event).
 */
export function countsMachine(kind: StackKind): boolean {
  return kind === 'bare-metal' || HOST_OS_KINDS.has(kind);
}

/** Whether a trace event's source (a domain, or one of its vCPUs `name.vcpuN`) is `subject`. */
export function isFrom(source: string, subject: string): boolean {
  return source === subject || source.startsWith(`${subject}.vcpu`);
}
