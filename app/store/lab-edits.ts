/**
 * Edits of a lab as pure functions: each builds the candidate lab an edit would produce, and
 * `checkEdit` runs the engine's validation on it. The store applies a candidate only when the
 * engine accepts it, so the lab in the store is always one `npm run lab` would accept.
 */
import {
  LAB_FORMAT_VERSION,
  validateLab,
  type GuestKind,
  type Lab,
  type LabResult,
  type Platform,
} from '../../workers/lab-model';

/**
 * A server as its form holds it: numbers may be missing (an empty field) or not numbers at all,
 * and the engine's validation says so in its own words.
 */
export interface ServerDraft {
  readonly name: string;
  readonly harts: number | undefined;
  readonly memoryMiB: number | undefined;
  readonly hardwareVirtualization: boolean;
  readonly platform: Platform;
  /** Only for a hypervisor server; undefined means the engine's default. */
  readonly dom0MemoryMiB?: number | undefined;
}

export interface GuestDraft {
  readonly name: string;
  readonly server: string;
  readonly kind: GuestKind;
  readonly vcpus: number | undefined;
  readonly memoryMiB: number | undefined;
  readonly weight: number | undefined;
  readonly cap: number | undefined;
  readonly image?: string | undefined;
}

/** The lab a new page starts with: one bare-metal server booting the lab OS. */
export const DEFAULT_LAB: Lab = {
  hyperlab: LAB_FORMAT_VERSION,
  name: 'My lab',
  servers: [
    {
      name: 'server-1',
      harts: 1,
      memoryMiB: 64,
      hardwareVirtualization: false,
      platform: 'bare-metal',
    },
  ],
  guests: [],
};

/** Drops the fields a draft leaves undefined, so the lab file has no `"x": null` noise. */
function compact<T extends object>(draft: T): T {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Puts `draft` at `index` (or appends it when index is null). A renamed server takes its
 * guests along; a server that stops being a hypervisor loses its dom0 memory setting.
 */
export function withServer(lab: Lab, index: number | null, draft: ServerDraft): unknown {
  const server = compact({
    ...draft,
    dom0MemoryMiB: draft.platform === 'hypervisor' ? draft.dom0MemoryMiB : undefined,
  });
  const previous = index === null ? undefined : lab.servers[index];
  const servers =
    index === null
      ? [...lab.servers, server]
      : lab.servers.map((s, i) => (i === index ? server : s));
  const guests =
    previous && previous.name !== draft.name
      ? lab.guests.map((g) => (g.server === previous.name ? { ...g, server: draft.name } : g))
      : lab.guests;
  return { ...lab, servers, guests };
}

/** Removes server `name` and every guest on it. */
export function withoutServer(lab: Lab, name: string): unknown {
  return {
    ...lab,
    servers: lab.servers.filter((s) => s.name !== name),
    guests: lab.guests.filter((g) => g.server !== name),
  };
}

export function withGuest(lab: Lab, index: number | null, draft: GuestDraft): unknown {
  const guest = compact(draft);
  const guests =
    index === null ? [...lab.guests, guest] : lab.guests.map((g, i) => (i === index ? guest : g));
  return { ...lab, guests };
}

export function withoutGuest(lab: Lab, index: number): unknown {
  return { ...lab, guests: lab.guests.filter((_, i) => i !== index) };
}

export function withName(lab: Lab, name: string): unknown {
  return { ...lab, name };
}

/** The engine's verdict on a candidate lab. */
export function checkEdit(candidate: unknown): LabResult {
  return validateLab(candidate);
}
