/** The guest form's state (text as typed) and its conversion to a draft for the engine. */
import {
  GUEST_KIND_FACTS,
  hardwareRefusal,
  kindsForPlatform,
  type GuestKind,
  type GuestSpec,
  type Lab,
  type ServerSpec,
} from '../../../workers/lab-model';
import type { GuestDraft } from '../../store';
import { parseNumber } from '../lab/FormField';
import { freeName } from '../lab/server-form';

export interface GuestFormValues {
  readonly name: string;
  readonly server: string;
  readonly kind: GuestKind;
  readonly vcpus: string;
  readonly memoryMiB: string;
  readonly weight: string;
  readonly cap: string;
  readonly image: string;
}

export function newGuestValues(lab: Lab, server: string, kind: GuestKind): GuestFormValues {
  return {
    name: freeName(lab, kind),
    server,
    kind,
    vcpus: '1',
    memoryMiB: kind === 'container' ? '16' : '32',
    weight: '256',
    cap: '0',
    image: '',
  };
}

export function guestValues(spec: GuestSpec): GuestFormValues {
  return {
    name: spec.name,
    server: spec.server,
    kind: spec.kind,
    vcpus: String(spec.vcpus),
    memoryMiB: String(spec.memoryMiB),
    weight: String(spec.weight),
    cap: String(spec.cap),
    image: spec.image ?? '',
  };
}

export function guestDraft(values: GuestFormValues): GuestDraft {
  return {
    name: values.name.trim(),
    server: values.server,
    kind: values.kind,
    vcpus: parseNumber(values.vcpus),
    memoryMiB: parseNumber(values.memoryMiB),
    weight: parseNumber(values.weight),
    cap: parseNumber(values.cap),
    image: values.image.trim() || undefined,
  };
}

/** Servers whose platform hosts guests at all (a bare-metal server hosts none). */
export function hostingServers(lab: Lab): ServerSpec[] {
  return lab.servers.filter((server) => kindsForPlatform(server.platform).length > 0);
}

/** Why `kind` cannot go on `server`, in the engine's words, or undefined when it can. */
export function kindRefusal(kind: GuestKind, server: ServerSpec): string | undefined {
  return GUEST_KIND_FACTS[kind].needsHardwareVirtualization && !server.hardwareVirtualization
    ? hardwareRefusal({ kind }, server)
    : undefined;
}
