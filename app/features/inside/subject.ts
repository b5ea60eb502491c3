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

/** Whether a trace event's source (a domain, or one of its vCPUs `name.vcpuN`) is `subject`. */
export function isFrom(source: string, subject: string): boolean {
  return source === subject || source.startsWith(`${subject}.vcpu`);
}
