import type { Domain, DomainMode } from '../hypervisor/domain';
import { createHypervisorServer, type HypervisorServer } from '../hypervisor/hypervisor';
import { enableDomainControl } from '../hypervisor/pv/domain-control';
import { GUEST_KIND_FACTS } from './guest-kinds';
import type { GuestSpec, ServerSpec } from './lab-schema';
import {
  type LabConsole,
  type RunningServer,
  type ServerEnvironment,
  type ServerStatus,
} from './run-lab';
import { refuseOtherPlatforms } from './refuse-other-platforms';
import { DEFAULT_DOM0_MIB } from './validate-lab';

/** The image dom0 boots: the paravirtualized lab kernel, the only one that can make domctl calls. */
export const DOM0_IMAGE = 'kernel-pv.elf';

/**
 * A hypervisor server of a lab: the VMM (`createHypervisorServer`) with dom0 booted first, then
 * one domain per guest. dom0 is the pv lab kernel, privileged and given the server's domain
 * control, so its `xl` can list and manage the others; its console carries the server's name,
 * every other console its guest's. The server is done when every domain has stopped.
 */
export function createLabHypervisorServer(
  server: ServerSpec,
  guests: readonly GuestSpec[],
  env: ServerEnvironment,
): RunningServer {
  // A VMM mode this build lacks, or `hw` without the H extension, is refused by createDomain.
  refuseOtherPlatforms('hypervisor', guests);
  // The physical machine with the VMM in its firmware slot.
  const vmm = createHypervisorServer({
    name: server.name,
    memoryMiB: server.memoryMiB,
    harts: server.harts,
    hardwareVirtualization: server.hardwareVirtualization,
  });
  // dom0 first: id 0, the host domain, named after the server, with domain control.
  const loadImage = (name: string) => env.loadImage(name);
  const dom0 = bootDom0(vmm, server.name, server.dom0MemoryMiB ?? DEFAULT_DOM0_MIB, loadImage);
  // Each guest as a domain, in the lab file's order, with its weight and cap.
  const domains = guests.map((guest) => createGuest(vmm, guest, env));
  const consoles = [dom0, ...domains].map((d) => domainConsole(vmm, d));
  return runningServer(server, vmm, consoles);
}

/**
 * Boots dom0 on a VMM that has no domain yet: the pv lab kernel as the privileged domain (id 0)
 * called `name`, whose domctl hypercalls become the server's commands, so `xl` in its console
 * can list and manage the other domains (and `xl create` may boot either kernel by name).
 */
export function bootDom0(
  vmm: HypervisorServer,
  name: string,
  memoryMiB: number,
  loadImage: (name: string) => Uint8Array,
): Domain {
  const dom0 = vmm.createDomain({
    name,
    mode: 'pv',
    memoryMiB,
    image: loadImage(DOM0_IMAGE),
    privileged: true,
  });
  enableDomainControl(vmm, dom0, loadImage);
  return dom0;
}

function createGuest(vmm: HypervisorServer, guest: GuestSpec, env: ServerEnvironment): Domain {
  const mode = guest.kind as DomainMode;
  return vmm.createDomain({
    name: guest.name,
    mode,
    memoryMiB: guest.memoryMiB,
    vcpus: guest.vcpus,
    weight: guest.weight,
    cap: guest.cap,
    image: env.loadImage(guest.image ?? GUEST_KIND_FACTS[guest.kind].defaultImage),
  });
}

function domainConsole(vmm: HypervisorServer, domain: Domain): LabConsole {
  return {
    name: domain.name,
    setOutput: (sink) => vmm.setOutput(domain, sink),
    sendInput: (bytes) => vmm.sendInput(domain, bytes),
  };
}

/** The VMM as the lab runner drives it, in lab time (which goes on while the server idles). */
function runningServer(
  server: ServerSpec,
  vmm: HypervisorServer,
  consoles: readonly LabConsole[],
): RunningServer {
  const { clock } = vmm.machine;
  // Lab time = offset + the server's mtime; the server's clock stands while it waits for input.
  let offset = 0;
  let final: ServerStatus | undefined;
  return {
    name: server.name,
    platform: 'hypervisor',
    consoles,
    run(untilTicks) {
      if (final) return final;
      const status = vmm.run(Infinity, untilTicks - offset);
      if (status.kind === 'all-halted') {
        final = ending(vmm.domains);
        return final;
      }
      if (status.kind === 'idle') {
        offset = untilTicks - clock.mtime;
        return { kind: 'idle' };
      }
      return { kind: 'running' };
    },
    stats() {
      return { name: server.name, platform: 'hypervisor', ...vmm.stats() };
    },
    stillRunning() {
      return vmm.domains.filter((d) => d.alive).map((d) => d.name);
    },
  };
}

/** Done: code 0 when every domain powered off, else 1 for the first that did not. */
function ending(domains: readonly Domain[]): ServerStatus {
  const failed = domains.find((d) => d.state === 'crashed' || d.haltReason !== 'powered off');
  if (!failed) return { kind: 'done', code: 0, summary: 'every domain powered off' };
  const why = failed.haltReason || failed.state;
  return {
    kind: 'done',
    code: failed.state === 'crashed' ? 2 : 1,
    summary: `${failed.name} ${why}`,
  };
}
