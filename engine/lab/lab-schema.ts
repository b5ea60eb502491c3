import { z } from 'zod';
import { GUEST_KINDS, PLATFORMS } from './guest-kinds';

/** The lab-file format this engine reads and writes. Bump it on any incompatible change. */
export const LAB_FORMAT_VERSION = 1;

export const MAX_HARTS = 8;
export const MAX_SERVER_MEMORY_MIB = 2048;

// Names become console titles, host names and command-line keys (`--console NAME`).
const name = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,31}$/,
    'must start with a lowercase letter and use only a-z, 0-9 and "-" (at most 32 characters)',
  );

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .number({ error: `must be a number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(min, `must be at least ${min} (${what})`)
    .max(max, `must be at most ${max} (${what})`);

export const serverSchema = z.strictObject({
  name,
  harts: wholeNumber('harts per server', 1, MAX_HARTS),
  memoryMiB: wholeNumber('MiB of RAM', 16, MAX_SERVER_MEMORY_MIB),
  hardwareVirtualization: z.boolean({ error: 'must be true or false' }),
  platform: z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(', ')}` }),
  /** hypervisor only: memory of the host domain (dom0). */
  dom0MemoryMiB: wholeNumber('MiB for dom0', 8, MAX_SERVER_MEMORY_MIB).optional(),
});

export const guestSchema = z.strictObject({
  name,
  server: z.string({ error: 'must name a server' }),
  kind: z.enum(GUEST_KINDS, { error: `must be one of ${GUEST_KINDS.join(', ')}` }),
  vcpus: wholeNumber('virtual CPUs', 1, MAX_HARTS).default(1),
  memoryMiB: wholeNumber('MiB of memory', 1, MAX_SERVER_MEMORY_MIB),
  image: z.string().min(1, 'must not be empty').optional(),
  /** Credit-scheduler share, as in Xen: relative to other guests on the server. */
  weight: wholeNumber('scheduler weight', 1, 65535).default(256),
  /** Percent of one hart the guest may use at most; 0 means no cap. */
  cap: wholeNumber('percent of one hart, 0 for none', 0, 100 * MAX_HARTS).default(0),
});

export const labSchema = z.strictObject({
  hyperlab: z.literal(LAB_FORMAT_VERSION, {
    error: `must be ${LAB_FORMAT_VERSION}, the lab-file format this Hyperlab reads`,
  }),
  name: z.string().max(80, 'must be at most 80 characters').default('Untitled lab'),
  /** Headless runs (`npm run lab`) stop after this much virtual time. */
  timeLimitSeconds: z.number().positive('must be positive').max(3600).optional(),
  servers: z.array(serverSchema).min(1, 'a lab needs at least one server'),
  guests: z.array(guestSchema).default([]),
});

export type ServerSpec = z.infer<typeof serverSchema>;
export type GuestSpec = z.infer<typeof guestSchema>;
export type Lab = z.infer<typeof labSchema>;
/** A lab as a person writes it: defaulted fields may be left out. */
export type LabInput = z.input<typeof labSchema>;
