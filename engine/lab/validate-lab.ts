import type { z } from 'zod';
import { GUEST_KIND_FACTS, kindsForPlatform } from './guest-kinds';
import { labSchema, type GuestSpec, type Lab, type ServerSpec } from './lab-schema';

/** One thing wrong with a lab file: where (`guests[2].kind`) and why, in a student's words. */
export interface LabIssue {
  readonly path: string;
  readonly message: string;
}

export type LabResult = { ok: true; lab: Lab } | { ok: false; issues: LabIssue[] };

/** Memory the VMM keeps for itself on a hypervisor server. */
export const VMM_RESERVED_MIB = 4;
/** dom0's memory when the server does not say. */
export const DEFAULT_DOM0_MIB = 32;
/** Memory the host kernel keeps for itself on a host-OS server. */
export const HOST_KERNEL_RESERVED_MIB = 16;

/** Parses and validates the text of a lab file. */
export function parseLabText(text: string): LabResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: '', message: `not valid JSON: ${why}` }] };
  }
  return validateLab(data);
}

/** Validates a lab description: its shape first, then the rules that tie its parts together. */
export function validateLab(data: unknown): LabResult {
  const parsed = labSchema.safeParse(data);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(fromZodIssue) };
  const issues = checkRelations(parsed.data);
  return issues.length === 0 ? { ok: true, lab: parsed.data } : { ok: false, issues };
}

/** One line per issue, for the command line and error banners. */
export function formatLabIssues(issues: readonly LabIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

function fromZodIssue(issue: z.core.$ZodIssue): LabIssue {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}` };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { path, message: 'is required' };
  }
  return { path, message: issue.message };
}

function checkRelations(lab: Lab): LabIssue[] {
  const issues: LabIssue[] = [];
  const servers = new Map<string, ServerSpec>();
  const taken = new Set<string>();
  lab.servers.forEach((server, i) => {
    const at = `servers[${i}]`;
    if (taken.has(server.name)) {
      issues.push({ path: `${at}.name`, message: `"${server.name}" is already used` });
    }
    taken.add(server.name);
    servers.set(server.name, server);
    if (server.dom0MemoryMiB !== undefined && server.platform !== 'hypervisor') {
      issues.push({
        path: `${at}.dom0MemoryMiB`,
        message: `only a hypervisor server has a dom0; "${server.name}" is ${server.platform}`,
      });
    }
  });
  lab.guests.forEach((guest, i) => {
    const at = `guests[${i}]`;
    if (taken.has(guest.name)) {
      issues.push({ path: `${at}.name`, message: `"${guest.name}" is already used` });
    }
    taken.add(guest.name);
    const server = servers.get(guest.server);
    if (!server) {
      const known = lab.servers.map((s) => `"${s.name}"`).join(', ');
      issues.push({
        path: `${at}.server`,
        message: `no server "${guest.server}" (servers: ${known})`,
      });
      return;
    }
    issues.push(...checkGuestOnServer(guest, server, at));
  });
  for (const server of lab.servers) issues.push(...checkMemoryBudget(lab, server));
  return issues;
}

function checkGuestOnServer(guest: GuestSpec, server: ServerSpec, at: string): LabIssue[] {
  const facts = GUEST_KIND_FACTS[guest.kind];
  if (facts.platform !== server.platform) {
    const hosted = kindsForPlatform(server.platform);
    const offers = hosted.length
      ? `it hosts ${hosted.join(', ')}`
      : 'it runs one OS and hosts no guests';
    return [
      {
        path: `${at}.kind`,
        message:
          `a "${guest.kind}" guest needs a ${facts.platform} server, ` +
          `but "${server.name}" is a ${server.platform} server (${offers})`,
      },
    ];
  }
  const issues: LabIssue[] = [];
  if (facts.needsHardwareVirtualization && !server.hardwareVirtualization) {
    issues.push({ path: `${at}.kind`, message: hardwareRefusal(guest, server) });
  }
  if (guest.vcpus > server.harts) {
    issues.push({
      path: `${at}.vcpus`,
      message: `asks for ${guest.vcpus} vCPUs but "${server.name}" has ${server.harts} harts`,
    });
  }
  if (guest.memoryMiB < facts.minMemoryMiB) {
    issues.push({
      path: `${at}.memoryMiB`,
      message: `a "${guest.kind}" guest needs at least ${facts.minMemoryMiB} MiB`,
    });
  }
  if (guest.cap > 100 * guest.vcpus) {
    issues.push({
      path: `${at}.cap`,
      message: `${guest.cap}% is more than ${guest.vcpus} vCPU(s) can use (at most ${100 * guest.vcpus}%)`,
    });
  }
  return issues;
}

/** The refusal a student meets when a guest needs the H extension the server lacks. */
export function hardwareRefusal(
  guest: Pick<GuestSpec, 'kind'>,
  server: Pick<ServerSpec, 'name'>,
): string {
  const lacks = `the hardware of "${server.name}" lacks virtualization support (no H extension)`;
  if (guest.kind === 'kvm') {
    return `${lacks}, so /dev/kvm cannot work; use "uml" (no hardware support needed) or a "container"`;
  }
  return (
    `${lacks}, so a "${guest.kind}" guest cannot run there; use "full" or "bt" with the same ` +
    `unmodified kernel, or "pv" with the modified kernel, or turn the feature on`
  );
}

function checkMemoryBudget(lab: Lab, server: ServerSpec): LabIssue[] {
  const users: { name: string; mib: number }[] = [];
  if (server.platform === 'hypervisor') {
    users.push({ name: 'VMM', mib: VMM_RESERVED_MIB });
    users.push({ name: 'dom0', mib: server.dom0MemoryMiB ?? DEFAULT_DOM0_MIB });
  } else if (server.platform === 'host-os') {
    users.push({ name: 'host kernel', mib: HOST_KERNEL_RESERVED_MIB });
  }
  const issues: LabIssue[] = [];
  let used = users.reduce((sum, u) => sum + u.mib, 0);
  lab.guests.forEach((guest, i) => {
    if (guest.server !== server.name) return;
    const at = `guests[${i}].memoryMiB`;
    if (!GUEST_KIND_FACTS[guest.kind].reservesMemory) {
      if (guest.memoryMiB > server.memoryMiB) {
        issues.push({
          path: at,
          message: `a limit of ${guest.memoryMiB} MiB is more than "${server.name}" has (${server.memoryMiB} MiB)`,
        });
      }
      return;
    }
    if (used + guest.memoryMiB > server.memoryMiB) {
      const shares = users.map((u) => `${u.name} ${u.mib}`).join(', ');
      issues.push({
        path: at,
        message:
          `${guest.memoryMiB} MiB does not fit on "${server.name}": ` +
          `${used} of its ${server.memoryMiB} MiB are taken (${shares})`,
      });
      return;
    }
    used += guest.memoryMiB;
    users.push({ name: guest.name, mib: guest.memoryMiB });
  });
  return issues;
}
