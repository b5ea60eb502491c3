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
