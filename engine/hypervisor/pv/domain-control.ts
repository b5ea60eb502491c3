import { CYCLES_PER_TICK } from '../../machine/cost-model';
import { TIMEBASE_HZ } from '../../machine/memory-map';
import type { Domain } from '../domain';
import type { HypervisorServer } from '../hypervisor';
import { EBUSY, EINVAL, ESRCH } from './abi';
import type { DomainControl, DomainRequest } from './domctl';
import { PvMode } from './pv-mode';

/**
 * Gives dom0 (a pv domain created with `privileged`) the server's domain control: its domctl
 * hypercalls list, create, pause, unpause and destroy domains and set their weight and cap.
 * `image` supplies the bytes of the two kernels a created domain may boot.
 */
export function enableDomainControl(
  server: HypervisorServer,
  dom0: Domain,
  image: (name: DomainRequest['image']) => Uint8Array,
): void {
  if (!(dom0.mode instanceof PvMode) || !dom0.config.privileged) {
    throw new Error(`domain control: ${dom0.name} is not a privileged pv domain`);
  }
  dom0.mode.control = serverControl(server, image);
}

const CYCLES_PER_MS = (CYCLES_PER_TICK * TIMEBASE_HZ) / 1000;

/** The server's commands as domctl answers: 0 or an id, else -errno (docs/hypercalls.md). */
function serverControl(
  server: HypervisorServer,
  image: (name: DomainRequest['image']) => Uint8Array,
): DomainControl {
  const find = (id: number) => server.domains.find((d) => d.id === id);
  /** Runs `command` on a domU: -ESRCH if there is none, -EINVAL for dom0, -EBUSY on a refusal. */
  const onDomU = (id: number, command: (d: Domain) => void): number => {
    const domain = find(id);
    if (domain === undefined) return -ESRCH;
    if (domain.config.privileged) return -EINVAL;
    return attempt(() => command(domain), -EBUSY);
  };
  /** Runs `command` on any domain, dom0 included: -ESRCH if there is none, -EINVAL if refused. */
  const onAny = (id: number, command: (d: Domain) => void): number => {
    const domain = find(id);
    return domain === undefined ? -ESRCH : attempt(() => command(domain), -EINVAL);
  };
  return {
    list: () =>
      server.domains.map((d) => ({
        id: d.id,
        name: d.name,
        state: d.state,
        mode: d.config.mode,
        vcpus: d.vcpus.length,
        memoryMiB: d.config.memoryMiB,
        weight: d.weight,
        cap: d.cap,
        privileged: d.config.privileged,
        cpuMs: Math.floor(d.totals().cpuCycles / CYCLES_PER_MS),
        blocked:
          d.state === 'running' &&
          d.vcpus.some((v) => v.state === 'blocked') &&
          d.vcpus.every((v) => v.state === 'blocked' || v.state === 'halted'),
      })),
    // A refusal keeps the VMM's words (a DomainConfigError's field and reason), for xl to show.
    create: (request) => {
      try {
        return { id: server.createDomain({ ...request, image: image(request.image) }).id };
      } catch (error) {
        if (error instanceof Error) return { errno: EINVAL, reason: error.message };
        throw error;
      }
    },
    pause: (id) => onDomU(id, (d) => server.pause(d)),
    unpause: (id) => onDomU(id, (d) => server.unpause(d)),
    destroy: (id) => onDomU(id, (d) => server.destroy(d)),
    setWeight: (id, weight) => onAny(id, (d) => server.setWeight(d, weight)),
    setCap: (id, cap) => onAny(id, (d) => server.setCap(d, cap)),
  };
}

/** 0 if `run` returns, `errno` if it throws a refusal or a configuration error. */
function attempt(run: () => void, errno: number): number {
  try {
    run();
    return 0;
  } catch (error) {
    if (error instanceof Error) return errno;
    throw error;
  }
}
