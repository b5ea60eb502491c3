/**
 * What a physical server runs directly. `hypervisor`: the type-1 VMM with its host domain (dom0);
 * `host-os`: the lab kernel as the host, with KVM/UML VMs and containers as its processes;
 * `bare-metal`: the lab OS on the hardware with no virtualization, the baseline of every
 * comparison.
 */
export const PLATFORMS = ['hypervisor', 'host-os', 'bare-metal'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const GUEST_KINDS = ['full', 'bt', 'pv', 'hw', 'kvm', 'uml', 'container'] as const;
export type GuestKind = (typeof GUEST_KINDS)[number];

export interface GuestKindFacts {
  readonly platform: Platform;
  /** Needs the CPU's H extension (the server's hardware-virtualization feature). */
  readonly needsHardwareVirtualization: boolean;
  /** The image booted when a guest names none. */
  readonly defaultImage: string;
  /** Below this a guest's kernel cannot boot (containers: below this a shell cannot start). */
  readonly minMemoryMiB: number;
  /** A container's memory is a limit on a shared kernel, not a reservation of frames. */
  readonly reservesMemory: boolean;
}

export const GUEST_KIND_FACTS: Record<GuestKind, GuestKindFacts> = {
  full: vm('hypervisor', false, 'kernel.elf'),
  bt: vm('hypervisor', false, 'kernel.elf'),
  pv: vm('hypervisor', false, 'kernel-pv.elf'),
  hw: vm('hypervisor', true, 'kernel.elf'),
  kvm: vm('host-os', true, 'kernel.elf'),
  uml: vm('host-os', false, 'kernel-um.elf'),
  container: {
    platform: 'host-os',
    needsHardwareVirtualization: false,
    defaultImage: 'rootfs',
    minMemoryMiB: 1,
    reservesMemory: false,
  },
};

function vm(platform: Platform, needsHw: boolean, defaultImage: string): GuestKindFacts {
  return {
    platform,
    needsHardwareVirtualization: needsHw,
    defaultImage,
    minMemoryMiB: 8,
    reservesMemory: true,
  };
}

/** The kinds a platform can host, in the order the course teaches them. */
export function kindsForPlatform(platform: Platform): GuestKind[] {
  return GUEST_KINDS.filter((kind) => GUEST_KIND_FACTS[kind].platform === platform);
}
