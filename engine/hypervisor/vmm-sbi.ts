import type { GuestMemory } from './guest-memory';

// Extension ids (docs/sbi.md).
export const SBI_EXT_LEGACY_PUTCHAR = 0x01;
export const SBI_EXT_LEGACY_GETCHAR = 0x02;
export const SBI_EXT_BASE = 0x10;
export const SBI_EXT_TIME = 0x54494d45;
export const SBI_EXT_IPI = 0x00735049;
export const SBI_EXT_SRST = 0x53525354;
export const SBI_EXT_DBCN = 0x4442434e;
export const SBI_EXT_HYPERLAB = 0x0a484c42;

export const SBI_SUCCESS = 0;
export const SBI_ERR_FAILED = -1;
export const SBI_ERR_NOT_SUPPORTED = -2;
export const SBI_ERR_INVALID_PARAM = -3;

export const SBI_SPEC_VERSION = 0x0200_0000;
/** "HYL" 2: the Hyperlab VMM (the firmware is "HYL" 1). */
export const VMM_SBI_IMPL_ID = 0x4859_4c02;
export const VMM_SBI_IMPL_VERSION = 0x0000_0100;

/** One SBI call as the guest made it: a7 = EID, a6 = FID, arguments in a0..a5 (uint32 each). */
export interface SbiCall {
  readonly eid: number;
  readonly fid: number;
  readonly args: readonly number[];
}

/** How the domain asks to end or restart (SRST). */
export type SbiReset = 'shutdown' | 'failure' | 'reboot';

/**
 * The answer: a0 = error and a1 = value, except for the legacy extensions, which set only a0
 * (`legacy`). `name` is the call's name for the counters; `reset` asks the VMM to stop or
 * restart the domain after answering.
 */
export interface SbiResult {
  readonly name: string;
  readonly error: number;
  readonly value: number;
  readonly legacy: boolean;
  readonly reset?: SbiReset;
}

/** What the VMM's SBI needs from the domain and vCPU that called. */
export interface SbiEnvironment {
  /** "Hyperlab VMM (full virtualization)" and so on, per mode. */
  readonly implName: string;
  readonly memory: GuestMemory;
  readonly vcpus: number;
  /** The calling vCPU's id. */
  readonly vcpu: number;
  consoleWrite(bytes: Uint8Array): void;
  /** Up to `max` bytes of console input that are waiting; never blocks. */
  consoleRead(max: number): Uint8Array;
  /** Arms the calling vCPU's virtual timer at absolute mtime `deadline`; clears its STIP. */
  setTimer(deadline: number): void;
  /** Raises the virtual SSIP of vCPU `vcpu`. */
  sendIpi(vcpu: number): void;
}

const TWO_32 = 2 ** 32;

/**
 * Answers one SBI call from a guest in virtual S-mode: the surface of docs/sbi.md (base, TIME,
 * IPI, SRST, DBCN and legacy console, the Hyperlab name extension), with guest-physical buffers
 * checked against the domain's RAM. Pure apart from `env`, so tests call it directly.
 */
export function handleSbiCall(call: SbiCall, env: SbiEnvironment): SbiResult {
  const [a0 = 0, a1 = 0, a2 = 0] = call.args;
  switch (call.eid >>> 0) {
    case SBI_EXT_LEGACY_PUTCHAR:
      env.consoleWrite(Uint8Array.of(a0 & 0xff));
      return legacy('legacy_putchar', 0);
    case SBI_EXT_LEGACY_GETCHAR: {
      const got = env.consoleRead(1);
      return legacy('legacy_getchar', got.length > 0 ? got[0] : -1);
    }
    case SBI_EXT_BASE:
      return base(call.fid, a0);
    case SBI_EXT_TIME:
      if (call.fid !== 0) break;
      env.setTimer((a1 >>> 0) * TWO_32 + (a0 >>> 0));
      return ok('set_timer', 0);
    case SBI_EXT_IPI:
      if (call.fid !== 0) break;
      return sendIpi(a0 >>> 0, a1 | 0, env);
    case SBI_EXT_SRST:
      if (call.fid !== 0) break;
      return reset(a0 >>> 0, a1 >>> 0);
    case SBI_EXT_DBCN:
      return debugConsole(call.fid, a0 >>> 0, a1 >>> 0, a2 >>> 0, env);
    case SBI_EXT_HYPERLAB:
      if (call.fid !== 0) break;
      return implName(a0 >>> 0, a1 >>> 0, env);
  }
  return fail('unsupported', SBI_ERR_NOT_SUPPORTED);
}

/** Whether this SBI implements extension `eid` (Base probe_extension). */
export function probeExtension(eid: number): boolean {
  switch (eid >>> 0) {
    case SBI_EXT_LEGACY_PUTCHAR:
    case SBI_EXT_LEGACY_GETCHAR:
    case SBI_EXT_BASE:
    case SBI_EXT_TIME:
    case SBI_EXT_IPI:
    case SBI_EXT_SRST:
    case SBI_EXT_DBCN:
    case SBI_EXT_HYPERLAB:
      return true;
  }
  return false;
}

function base(fid: number, a0: number): SbiResult {
  switch (fid) {
    case 0:
      return ok('get_spec_version', SBI_SPEC_VERSION);
    case 1:
      return ok('get_impl_id', VMM_SBI_IMPL_ID);
    case 2:
      return ok('get_impl_version', VMM_SBI_IMPL_VERSION);
    case 3:
      return ok('probe_extension', probeExtension(a0) ? 1 : 0);
    // A guest has no machine-mode identity of its own: vendor, architecture and implementation 0.
    case 4:
      return ok('get_mvendorid', 0);
    case 5:
      return ok('get_marchid', 0);
    case 6:
      return ok('get_mimpid', 0);
  }
  return fail('base_unsupported', SBI_ERR_NOT_SUPPORTED);
}

/** send_ipi: `mask` of vCPU ids from `base`, or every vCPU when base is -1. */
function sendIpi(mask: number, first: number, env: SbiEnvironment): SbiResult {
  for (let v = 0; v < env.vcpus; v++) {
    const hit =
      first === -1 || (v >= first && v - first < 32 && ((mask >>> (v - first)) & 1) !== 0);
    if (hit) env.sendIpi(v);
  }
  return ok('send_ipi', 0);
}

function reset(type: number, reason: number): SbiResult {
  if (type === 0) return { ...ok('system_reset', 0), reset: reason === 0 ? 'shutdown' : 'failure' };
  if (type === 1 || type === 2) return { ...ok('system_reset', 0), reset: 'reboot' };
  return fail('system_reset', SBI_ERR_INVALID_PARAM);
}

function debugConsole(
  fid: number,
  count: number,
  lo: number,
  hi: number,
  env: SbiEnvironment,
): SbiResult {
  if (fid === 2) {
    env.consoleWrite(Uint8Array.of(count & 0xff));
    return ok('console_write_byte', 0);
  }
  if (fid !== 0 && fid !== 1) return fail('dbcn_unsupported', SBI_ERR_NOT_SUPPORTED);
  const name = fid === 0 ? 'console_write' : 'console_read';
  // The buffer is guest-physical and must lie wholly in the domain's RAM.
  const gpa = hi * TWO_32 + lo;
  if (hi !== 0 || (count > 0 && !env.memory.contains(gpa, count))) {
    return fail(name, SBI_ERR_INVALID_PARAM);
  }
  if (fid === 0) {
    const bytes = env.memory.readBytes(gpa, count) ?? new Uint8Array(0);
    env.consoleWrite(bytes);
    return ok(name, bytes.length);
  }
  const got = env.consoleRead(count);
  env.memory.writeBytes(gpa, got);
  return ok(name, got.length);
}

function implName(buffer: number, length: number, env: SbiEnvironment): SbiResult {
  if (length === 0) return fail('get_impl_name', SBI_ERR_INVALID_PARAM);
  const name = asciiBytes(env.implName);
  const copied = name.subarray(0, Math.min(name.length, length - 1));
  const bytes = new Uint8Array(copied.length + 1);
  bytes.set(copied);
  if (!env.memory.writeBytes(buffer, bytes)) return fail('get_impl_name', SBI_ERR_INVALID_PARAM);
  return ok('get_impl_name', name.length);
}

function ok(name: string, value: number): SbiResult {
  return { name, error: SBI_SUCCESS, value, legacy: false };
}

function fail(name: string, error: number): SbiResult {
  return { name, error, value: 0, legacy: false };
}

function legacy(name: string, a0: number): SbiResult {
  return { name, error: a0, value: 0, legacy: true };
}

/** The name's bytes; implementation names are ASCII (anything else becomes '?'). */
function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i] = code < 0x80 ? code : 0x3f;
  }
  return bytes;
}
