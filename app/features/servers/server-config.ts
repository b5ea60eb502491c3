/** How a server of the lab becomes the configuration its worker builds. */
import {
  GUEST_KIND_FACTS,
  RUNNABLE_GUEST_KINDS,
  type Lab,
  type ServerSpec,
} from '../../../workers/lab-model';
import type { HostedGuest, ServerConfig } from '../../../workers/server-client';

/** What the worker builds for a server of the lab: the hardware, and on a hypervisor its guests. */
export function configOf(spec: ServerSpec, lab: Lab): ServerConfig {
  const hardware = { name: spec.name, memoryMiB: spec.memoryMiB, harts: spec.harts };
  if (spec.platform !== 'hypervisor') return hardware;
  const guests = lab.guests.flatMap((guest): HostedGuest[] =>
    guest.server === spec.name && RUNNABLE_GUEST_KINDS.has(guest.kind)
      ? [
          {
            name: guest.name,
            mode: guest.kind === 'pv' ? 'pv' : 'full',
            vcpus: guest.vcpus,
            memoryMiB: guest.memoryMiB,
            weight: guest.weight,
            cap: guest.cap,
            image: guest.image ?? GUEST_KIND_FACTS[guest.kind].defaultImage,
          },
        ]
      : [],
  );
  return { ...hardware, platform: 'hypervisor', guests };
}

/** How a running hypervisor's guests must change to match a new configuration. */
export interface GuestChanges {
  /** Guests to destroy (a guest changed beyond its shares is destroyed, then created again). */
  readonly removed: readonly string[];
  readonly added: readonly HostedGuest[];
  /** Guests whose weight or cap alone changed: the scheduler takes those live. */
  readonly shares: readonly HostedGuest[];
}

/**
 * The guest changes that turn `from` into `to` while the server runs, or undefined when the
 * server must be rebuilt instead: its hardware changed, it is not a hypervisor, or it goes from
 * or to no guests at all (a hypervisor without guests has not booted).
 */
export function guestChanges(from: ServerConfig, to: ServerConfig): GuestChanges | undefined {
  if (from.platform !== 'hypervisor' || to.platform !== 'hypervisor') return undefined;
  if (from.name !== to.name || from.memoryMiB !== to.memoryMiB || from.harts !== to.harts) {
    return undefined;
  }
  const before = from.guests ?? [];
  const after = to.guests ?? [];
  if (before.length === 0 || after.length === 0) return undefined;
  const removed = before.filter((b) => !after.some((a) => a.name === b.name)).map((g) => g.name);
  const added: HostedGuest[] = [];
  const shares: HostedGuest[] = [];
  for (const guest of after) {
    const old = before.find((b) => b.name === guest.name);
    if (!old) {
      added.push(guest);
    } else if (
      JSON.stringify({ ...old, weight: 0, cap: 0 }) !==
      JSON.stringify({ ...guest, weight: 0, cap: 0 })
    ) {
      removed.push(guest.name);
      added.push(guest);
    } else if (old.weight !== guest.weight || old.cap !== guest.cap) {
      shares.push(guest);
    }
  }
  return { removed, added, shares };
}
