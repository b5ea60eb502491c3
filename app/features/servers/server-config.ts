/** How a server of the lab becomes the configuration its worker builds. */
import {
  DEFAULT_DOM0_MIB,
  GUEST_KIND_FACTS,
  RUNNABLE_GUEST_KINDS,
  type Lab,
  type ServerSpec,
} from '../../../workers/lab-model';
import type { DomainMode, HostedGuest, ServerConfig } from '../../../workers/server-client';

/** What the worker builds for a server of the lab: the hardware, and on a hypervisor its guests. */
export function configOf(spec: ServerSpec, lab: Lab): ServerConfig {
  const hardware = { name: spec.name, memoryMiB: spec.memoryMiB, harts: spec.harts };
  if (spec.platform === 'host-os') {
    // The host's agent creates every guest of the lab file; it refuses a kind it lacks itself.
    const hostGuests = lab.guests.filter((guest) => guest.server === spec.name);
    const { hardwareVirtualization } = spec;
    return { ...hardware, platform: 'host-os', hardwareVirtualization, hostGuests };
  }
  if (spec.platform !== 'hypervisor') return hardware;
  const guests = lab.guests.flatMap((guest): HostedGuest[] =>
    guest.server === spec.name && RUNNABLE_GUEST_KINDS.has(guest.kind)
      ? [
          {
            name: guest.name,
            // A hypervisor kind runs only when the VMM has a mode of that name (availability.ts).
            mode: guest.kind as DomainMode,
            vcpus: guest.vcpus,
            memoryMiB: guest.memoryMiB,
            weight: guest.weight,
            cap: guest.cap,
            image: guest.image ?? GUEST_KIND_FACTS[guest.kind].defaultImage,
          },
        ]
      : [],
  );
  const dom0MemoryMiB = spec.dom0MemoryMiB ?? DEFAULT_DOM0_MIB;
  const { hardwareVirtualization } = spec;
  return { ...hardware, platform: 'hypervisor', dom0MemoryMiB, hardwareVirtualization, guests };
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
 * server must be rebuilt instead: its hardware (or dom0) changed, or it is not a hypervisor.
 */
export function guestChanges(from: ServerConfig, to: ServerConfig): GuestChanges | undefined {
  if (from.platform !== 'hypervisor' || to.platform !== 'hypervisor') return undefined;
  const hardware = (c: ServerConfig) =>
    [c.name, c.memoryMiB, c.harts, c.dom0MemoryMiB, c.hardwareVirtualization].join();
  if (hardware(from) !== hardware(to)) return undefined;
  const before = from.guests ?? [];
  const after = to.guests ?? [];
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
