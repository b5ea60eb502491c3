/** The server form's state (text as typed) and its conversion to a draft for the engine. */
import type { Lab, Platform, ServerSpec } from '../../../workers/lab-model';
import type { ServerDraft } from '../../store';
import { parseNumber } from './FormField';

export interface ServerFormValues {
  readonly name: string;
  readonly platform: Platform;
  readonly harts: string;
  readonly memoryMiB: string;
  readonly hardwareVirtualization: boolean;
  readonly dom0MemoryMiB: string;
}

/** The first `prefix-N` no server or guest of the lab uses. */
export function freeName(lab: Lab, prefix: string): string {
  const taken = new Set([...lab.servers, ...lab.guests].map((entity) => entity.name));
  for (let n = 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function serverFormValues(lab: Lab, spec: ServerSpec | undefined): ServerFormValues {
  if (!spec) {
    return {
      name: freeName(lab, 'server'),
      platform: 'hypervisor',
      harts: '2',
      memoryMiB: '256',
      hardwareVirtualization: true,
      dom0MemoryMiB: '',
    };
  }
  return {
    name: spec.name,
    platform: spec.platform,
    harts: String(spec.harts),
    memoryMiB: String(spec.memoryMiB),
    hardwareVirtualization: spec.hardwareVirtualization,
    dom0MemoryMiB: spec.dom0MemoryMiB === undefined ? '' : String(spec.dom0MemoryMiB),
  };
}

export function serverDraft(values: ServerFormValues): ServerDraft {
  return {
    name: values.name.trim(),
    platform: values.platform,
    harts: parseNumber(values.harts),
    memoryMiB: parseNumber(values.memoryMiB),
    hardwareVirtualization: values.hardwareVirtualization,
    dom0MemoryMiB: values.platform === 'hypervisor' ? parseNumber(values.dom0MemoryMiB) : undefined,
  };
}
