import { MODES } from '../hypervisor/modes';
import {
  GUEST_KINDS,
  GUEST_KIND_FACTS,
  PLATFORMS,
  type GuestKind,
  type Platform,
} from './guest-kinds';
import { SERVER_FACTORIES } from './platforms';

/**
 * What this build can run, read from the engine itself rather than written down twice: a
 * platform runs when it has a server factory (platforms.ts), a hypervisor guest kind when the
 * VMM has a mode of that name (hypervisor/modes.ts), and a host-OS kind when the host-OS
 * platform runs. So a mode or platform lights up in the lab runner and the page the moment it
 * lands, with no list to keep in step.
 */
export function platformRuns(platform: Platform): boolean {
  return SERVER_FACTORIES[platform] !== undefined;
}

export function kindRuns(kind: GuestKind): boolean {
  const { platform } = GUEST_KIND_FACTS[kind];
  if (!platformRuns(platform)) return false;
  // MODES is keyed by the VMM's own mode names, which are the lab's hypervisor kind names.
  if (platform === 'hypervisor') return Object.hasOwn(MODES, kind);
  return true;
}

/** The platforms this build runs, in the lab format's order. */
export function runnablePlatforms(): Platform[] {
  return PLATFORMS.filter(platformRuns);
}

/** The guest kinds this build runs, in the order the course teaches them. */
export function runnableKinds(): GuestKind[] {
  return GUEST_KINDS.filter(kindRuns);
}
