import { GUEST_KIND_FACTS, kindsForPlatform } from '../lab/guest-kinds';
import { VMM_RESERVED_MIB } from '../lab/validate-lab';
import type { DomainConfig, DomainMode } from './domain';

/** A domain that cannot be created as asked: which field and why, in a student's words. */
export class DomainConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DomainConfigError';
  }
}

/** What createDomain accepts: everything but name, mode, memory and image has a default. */
export interface DomainRequest {
  readonly name: string;
  readonly mode: DomainMode;
  readonly memoryMiB: number;
  readonly image: Uint8Array;
  readonly vcpus?: number;
  readonly weight?: number;
  readonly cap?: number;
  readonly privileged?: boolean;
}

export { VMM_RESERVED_MIB };

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** The guest kinds a hypervisor server runs, in the course's order (one VMM mode each). */
export const DOMAIN_MODES: readonly DomainMode[] = kindsForPlatform('hypervisor') as DomainMode[];

/**
 * Checks a request against the server (harts, the names already taken) and fills defaults. The
 * rules and wording are the lab validator's (engine/lab/validate-lab.ts), so a student meets the
 * same refusal from a lab file and from a live server.
 */
export function checkDomainRequest(
  request: DomainRequest,
  server: { readonly harts: number; readonly names: readonly string[] },
): DomainConfig {
  const { name, mode, memoryMiB } = request;
  const vcpus = request.vcpus ?? 1;
  const weight = request.weight ?? 256;
  const cap = request.cap ?? 0;
  if (!NAME.test(name)) {
    throw new DomainConfigError(
      'name',
      'must start with a lowercase letter and use only a-z, 0-9 and "-" (at most 32 characters)',
    );
  }
  if (server.names.includes(name)) throw new DomainConfigError('name', `"${name}" is already used`);
  if (!DOMAIN_MODES.includes(mode)) {
    throw new DomainConfigError(
      'mode',
      `must be one of ${DOMAIN_MODES.join(', ')}, got "${String(mode)}"`,
    );
  }
  if (!Number.isInteger(vcpus) || vcpus < 1)
    throw new DomainConfigError('vcpus', 'must be a whole number from 1');
  if (vcpus > server.harts) {
    throw new DomainConfigError(
      'vcpus',
      `asks for ${vcpus} vCPUs but the server has ${server.harts} harts`,
    );
  }
  const min = GUEST_KIND_FACTS[mode].minMemoryMiB;
  if (!Number.isInteger(memoryMiB) || memoryMiB < min) {
    throw new DomainConfigError(
      'memoryMiB',
      `a "${mode}" guest needs at least ${min} MiB (whole MiB)`,
    );
  }
  if (!Number.isInteger(weight) || weight < 1 || weight > 65535) {
    throw new DomainConfigError('weight', 'must be a whole number from 1 to 65535');
  }
  checkCap(cap, vcpus);
  return {
    name,
    mode,
    vcpus,
    memoryMiB,
    image: request.image,
    weight,
    cap,
    privileged: request.privileged ?? false,
  };
}

/** A cap is a percent of one hart, 0 for none, at most what the vCPUs can use. */
export function checkCap(cap: number, vcpus: number): void {
  if (!Number.isInteger(cap) || cap < 0)
    throw new DomainConfigError('cap', 'must be a whole number of percent, 0 for none');
  if (cap > 100 * vcpus) {
    throw new DomainConfigError(
      'cap',
      `${cap}% is more than ${vcpus} vCPU(s) can use (at most ${100 * vcpus}%)`,
    );
  }
}
