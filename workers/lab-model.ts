/**
 * The lab model the UI builds on: the engine's lab-file format, its validation and the facts
 * about each kind of guest, re-exported so `app/` never imports `engine/`. Everything here is a
 * pure function or plain data, cheap enough to run on the page's main thread; the UI validates
 * with exactly these functions, so a lab the page accepts is a lab `npm run lab` accepts.
 */
import { runnableKinds, runnablePlatforms } from '../engine/lab/availability';
import { GUEST_KIND_FACTS, type GuestKind, type Platform } from '../engine/lab/guest-kinds';

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

export {
  kindRuns,
  platformRuns,
  runnableKinds,
  runnablePlatforms,
} from '../engine/lab/availability';

/** The platforms the server worker has a port for (workers/machine-port.ts). */
const WORKER_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>([
  'bare-metal',
  'hypervisor',
  'host-os',
]);

/**
 * The platforms the page can boot in this build: those the engine runs (engine/lab/availability)
 * that the worker can host. The others are kept in the lab, its file and its link.
 */
export const RUNNABLE_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>(
  runnablePlatforms().filter((platform) => WORKER_PLATFORMS.has(platform)),
);

/** Guest kinds the page can run in this build: the engine's, on a platform the page boots. */
export const RUNNABLE_GUEST_KINDS: ReadonlySet<GuestKind> = new Set<GuestKind>(
  runnableKinds().filter((kind) => RUNNABLE_PLATFORMS.has(GUEST_KIND_FACTS[kind].platform)),
);

/** The image a bare-metal server boots, relative to the app's base URL. */
export const BARE_METAL_IMAGE_PATH = 'images/bare-metal.elf';
