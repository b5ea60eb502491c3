import type { GuestSpec, ServerSpec } from '../../../workers/lab-model';
import { RUNNABLE_GUEST_KINDS, RUNNABLE_PLATFORMS } from '../../../workers/lab-model';
import type { Subject } from './subject';

/**
 * What can be looked into on a server: the lab OS on bare metal; on a hypervisor dom0 (named
 * after the server) and each guest; on a host OS its guests. A guest of a kind this build
 * cannot run still has its diagram.
 */
export function subjectsOf(spec: ServerSpec, guests: readonly GuestSpec[]): Subject[] {
  const runs = RUNNABLE_PLATFORMS.has(spec.platform);
  if (spec.platform === 'bare-metal') return [{ name: spec.name, kind: 'bare-metal', runs }];
  const own = guests
    .filter((guest) => guest.server === spec.name)
    .map((guest) => ({
      name: guest.name,
      kind: guest.kind,
      runs: runs && RUNNABLE_GUEST_KINDS.has(guest.kind),
    }));
  return spec.platform === 'hypervisor' ? [{ name: spec.name, kind: 'dom0', runs }, ...own] : own;
}
