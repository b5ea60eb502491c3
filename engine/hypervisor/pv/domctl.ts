import type { DomainMode, DomainState } from '../domain';
import type { GuestMemory } from '../guest-memory';
import {
  DOMAIN_CONFIG_BYTES,
  DOMAIN_INFO_BYTES,
  DOMCTL_OPS,
  DOMAIN_CONFIG_REASON_AT,
  DOMAIN_CONFIG_REASON_BYTES,
  EFAULT,
  EINVAL,
  type DomctlOp,
} from './abi';

/** One domain as `domctl list` reports it. */
export interface DomainSummary {
  readonly id: number;
  readonly name: string;
  readonly state: DomainState;
  readonly mode: DomainMode;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly weight: number;
  readonly cap: number;
  readonly privileged: boolean;
  /** Virtual CPU time its vCPUs have run, in milliseconds (`xl list`'s Time(s)). */
  readonly cpuMs: number;
  /** Running, but every vCPU waits for an interrupt (`xl list`'s "b"). */
  readonly blocked: boolean;
}

/** What dom0 may ask for a new domain (`struct hv_domain_config`). */
export interface DomainRequest {
  readonly name: string;
  readonly mode: DomainMode;
  readonly vcpus: number;
  readonly memoryMiB: number;
  readonly weight: number;
  readonly cap: number;
  readonly image: 'kernel.elf' | 'kernel-pv.elf';
}

/** A created domain's id, or the refusal: -errno and the VMM's reason in its own words. */
export type CreateOutcome =
  { readonly id: number } | { readonly errno: number; readonly reason: string };

/**
 * The hypervisor server's side of domain control, which the pv mode calls for dom0. Each command
 * returns 0 (or the new domain's id) or a negative errno: -ESRCH for an unknown id, -EBUSY when
 * the command does not fit the domain's state, -EINVAL for what dom0 may not do to itself.
 */
export interface DomainControl {
  list(): readonly DomainSummary[];
  create(request: DomainRequest): CreateOutcome;
  pause(id: number): number;
  unpause(id: number): number;
  destroy(id: number): number;
  setWeight(id: number, weight: number): number;
  setCap(id: number, cap: number): number;
}

const STATES: readonly DomainState[] = ['running', 'paused', 'shutdown', 'crashed'];
/**
 * The mode numbers of `struct hv_domain_info` and `struct hv_domain_config`, in order. New modes
 * go at the end so numbers already in use keep their meaning; guest/include/hyperlab/abi.h's
 * DOMAIN_MODE_NAMES is the guest's copy (domctl.test.ts keeps the two equal).
 */
export const DOMCTL_MODES = ['full', 'pv', 'bt', 'hw'] as const satisfies readonly DomainMode[];

/**
 * Runs domctl `op` for dom0 with the argument registers a1..a3; returns [a0, a1]. The caller has
 * checked that the caller is dom0.
 */
export function runDomctl(
  control: DomainControl,
  memory: GuestMemory,
  op: number,
  args: readonly [number, number, number],
): [number, number] {
  const name: DomctlOp | undefined = DOMCTL_OPS[op];
  const [a1, a2] = args;
  switch (name) {
    case 'list':
      return listDomains(control, memory, a1, a2 >>> 0);
    case 'create': {
      const request = readRequest(memory, a1);
      const outcome = 'reason' in request ? request : control.create(request);
      if ('id' in outcome) return [0, outcome.id];
      writeReason(memory, a1, outcome.reason);
      return [-outcome.errno, 0];
    }
    case 'pause':
      return [control.pause(a1), 0];
    case 'unpause':
      return [control.unpause(a1), 0];
    case 'destroy':
      return [control.destroy(a1), 0];
    case 'set_weight':
      return [a2 >= 1 && a2 <= 65535 ? control.setWeight(a1, a2) : -EINVAL, 0];
    case 'set_cap':
      return [a2 >= 0 && a2 <= 100 * 8 ? control.setCap(a1, a2) : -EINVAL, 0];
  }
  return [-EINVAL, 0];
}

/** Fills up to `max` `struct hv_domain_info` at `buffer`; a1 = how many domains there are. */
function listDomains(
  control: DomainControl,
  memory: GuestMemory,
  buffer: number,
  max: number,
): [number, number] {
  const domains = control.list();
  const count = Math.min(max, domains.length);
  if (count > 0 && !memory.contains(buffer, count * DOMAIN_INFO_BYTES)) return [-EFAULT, 0];
  const bytes = new Uint8Array(count * DOMAIN_INFO_BYTES);
  const view = new DataView(bytes.buffer);
  domains.slice(0, count).forEach((d, i) => {
    const at = i * DOMAIN_INFO_BYTES;
    const words = [
      d.id,
      STATES.indexOf(d.state),
      DOMCTL_MODES.indexOf(d.mode),
      d.vcpus,
      d.memoryMiB * 1024,
      d.weight,
      d.cap,
      (d.privileged ? 1 : 0) | (d.blocked ? 2 : 0),
    ];
    words.forEach((w, k) => view.setUint32(at + 4 * k, w >>> 0, true));
    for (let c = 0; c < 15 && c < d.name.length; c++)
      bytes[at + 32 + c] = d.name.charCodeAt(c) & 0x7f;
    view.setUint32(at + 48, Math.min(d.cpuMs, 0xffff_ffff) >>> 0, true);
  });
  memory.writeBytes(buffer, bytes);
  return [0, domains.length];
}

/** Reads a `struct hv_domain_config`, or says why it cannot be a request. */
function readRequest(
  memory: GuestMemory,
  at: number,
): DomainRequest | { errno: number; reason: string } {
  const bytes = memory.readBytes(at, DOMAIN_CONFIG_BYTES);
  if (bytes === undefined)
    return { errno: EFAULT, reason: "the configuration is not in the domain's RAM" };
  const view = new DataView(bytes.buffer);
  const word = (k: number) => view.getUint32(16 + 4 * k, true);
  let name = '';
  for (let c = 0; c < 16 && bytes[c] !== 0; c++) name += String.fromCharCode(bytes[c]);
  const mode: DomainMode | undefined = DOMCTL_MODES[word(0)];
  const image = word(5) === 0 ? 'kernel.elf' : word(5) === 1 ? 'kernel-pv.elf' : undefined;
  const refuse = (reason: string) => ({ errno: EINVAL, reason });
  if (name === '') return refuse('name: is empty');
  if (mode === undefined) {
    const known = DOMCTL_MODES.map((m, i) => `${i} ${m}`).join(', ');
    return refuse(`mode: ${word(0)} is not one of ${known}`);
  }
  if (image === undefined)
    return refuse(`image: ${word(5)} is neither 0 kernel.elf nor 1 kernel-pv.elf`);
  if (word(1) < 1) return refuse('vcpus: must be a whole number from 1');
  if (word(2) < 4) return refuse('memoryMiB: a domain needs at least 4 MiB');
  return {
    name,
    mode,
    vcpus: word(1),
    memoryMiB: word(2),
    weight: word(3) || 256,
    cap: word(4),
    image,
  };
}

/**
 * Writes a refused create's reason into the config's `reason` field (NUL-terminated, cut to fit),
 * so xl can show the VMM's own words rather than only an errno.
 */
function writeReason(memory: GuestMemory, config: number, reason: string): void {
  const at = config + DOMAIN_CONFIG_REASON_AT;
  if (!memory.contains(at, DOMAIN_CONFIG_REASON_BYTES)) return;
  const bytes = new Uint8Array(DOMAIN_CONFIG_REASON_BYTES);
  for (let c = 0; c < reason.length && c < bytes.length - 1; c++)
    bytes[c] = reason.charCodeAt(c) < 0x80 ? reason.charCodeAt(c) : 0x3f;
  memory.writeBytes(at, bytes);
}
