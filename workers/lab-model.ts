/**
 * The lab model the UI builds on: the engine's lab-file format, its validation and the facts
 * about each kind of guest, re-exported so `app/` never imports `engine/`. Everything here is a
 * pure function or plain data, cheap enough to run on the page's main thread; the UI validates
 * with exactly these functions, so a lab the page accepts is a lab `npm run lab` accepts.
 */
import type { GuestKind, Platform } from '../engine/lab/guest-kinds';

export {
  GUEST_KINDS,
  GUEST_KIND_FACTS,
  PLATFORMS,
  kindsForPlatform,
  type GuestKind,
  type GuestKindFacts,
  type Platform,
} from '../engine/lab/guest-kinds';
export {
  LAB_FORMAT_VERSION,
  MAX_HARTS,
  MAX_SERVER_MEMORY_MIB,
  type GuestSpec,
  type Lab,
  type LabInput,
  type ServerSpec,
} from '../engine/lab/lab-schema';
export {
  DEFAULT_DOM0_MIB,
  HOST_KERNEL_RESERVED_MIB,
  VMM_RESERVED_MIB,
  formatLabIssues,
  hardwareRefusal,
  parseLabText,
  validateLab,
  type LabIssue,
  type LabResult,
} from '../engine/lab/validate-lab';

/**
 * The platforms the page can boot in this build. A bare-metal server runs the lab OS in its
 * worker, a hypervisor server the VMM with its guests; host-OS servers are kept in the lab (and
 * its file) but not run yet.
 */
export const RUNNABLE_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>([
  'bare-metal',
  'hypervisor',
]);

/** Guest kinds the page can run in this build: the VMM's modes so far. */
export const RUNNABLE_GUEST_KINDS: ReadonlySet<GuestKind> = new Set<GuestKind>(['full', 'pv']);

/** The image a bare-metal server boots, relative to the app's base URL. */
export const BARE_METAL_IMAGE_PATH = 'images/bare-metal.elf';
