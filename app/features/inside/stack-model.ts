import type { StackKind } from './subject';

/** The places software sits in, from the hardware up; not every kind has every place. */
export type LayerId =
  'hardware' | 'firmware' | 'vmm' | 'host-kernel' | 'vmm-process' | 'kernel' | 'apps';

/** One layer of a stack diagram. */
export interface StackLayer {
  readonly id: LayerId;
  readonly name: string;
  /** What it does there, in a few words. */
  readonly role: string;
  /**
   * The privilege mode the hardware runs it in: M, HS/S, VS, U, VU ('' for the hardware). For a
   * deprivileged kernel, `believes` says the mode it thinks it has.
   */
  readonly privilege: string;
  readonly believes?: string;
  /** Shared with the server's other guests (the VMM, a host kernel), or its own. */
  readonly shared: boolean;
  /** What to notice about it: a ported kernel, an unmodified one, translated code. */
  readonly mark?: 'modified' | 'unmodified' | 'translated' | 'shared kernel';
}

const HARDWARE: StackLayer = {
  id: 'hardware',
  name: 'Hardware',
  role: 'RISC-V harts, RAM, UART, timer',
  privilege: '',
  shared: true,
};
const HARDWARE_H: StackLayer = {
  ...HARDWARE,
  role: 'RISC-V harts with the H extension, RAM, UART, timer',
};
const FIRMWARE: StackLayer = {
  id: 'firmware',
  name: 'Firmware (SBI)',
  role: 'boots the kernel, answers SBI calls',
  privilege: 'M',
  shared: true,
};
const APPS: StackLayer = {
  id: 'apps',
  name: 'Applications',
  role: 'the shell and its programs',
  privilege: 'U',
  shared: false,
};

function vmm(role: string): StackLayer {
  return { id: 'vmm', name: 'VMM (type-1 hypervisor)', role, privilege: 'M', shared: true };
}

function deprivilegedKernel(name: string, role: string, mark: StackLayer['mark']): StackLayer {
  return { id: 'kernel', name, role, privilege: 'U', believes: 'S', shared: false, mark };
}

function hostKernel(role: string, privilege = 'S'): StackLayer {
  return { id: 'host-kernel', name: 'Host kernel (lab OS)', role, privilege, shared: true };
}

/**
 * Each kind's stack, hardware first, as this lab builds it (docs/hypervisor.md, DESIGN.md):
 * the VMM sits in the firmware's place in M-mode; full, bt and pv kernels run deprivileged in
 * U-mode; hw and kvm guests get VS-mode from the H extension; UML is a ported kernel running as
 * a host process; containers have no kernel of their own.
 */
export const STACKS: Record<StackKind, readonly StackLayer[]> = {
  'bare-metal': [
    HARDWARE,
    { ...FIRMWARE, shared: false },
    {
      id: 'kernel',
      name: 'Lab OS kernel',
      role: 'owns the machine: processes, memory, devices',
      privilege: 'S',
      shared: false,
    },
    APPS,
  ],
  dom0: [
    HARDWARE,
    vmm('schedules vCPUs, owns memory, answers hypercalls'),
    deprivilegedKernel(
      'dom0 kernel (pv port, privileged)',
      'creates and manages domains by hypercall',
      'modified',
    ),
    { ...APPS, name: 'xl and the shell', role: 'xl create, list, pause, destroy' },
  ],
  full: [
    HARDWARE,
    vmm('emulates privileged instructions, shadows page tables'),
    deprivilegedKernel(
      'Guest kernel (kernel.elf)',
      'unmodified: each privileged instruction traps',
      'unmodified',
    ),
    APPS,
  ],
  bt: [
    HARDWARE,
    vmm('translates kernel code block by block'),
    deprivilegedKernel(
      'Guest kernel (kernel.elf)',
      'unmodified source, running as translated blocks',
      'translated',
    ),
    APPS,
  ],
  pv: [
    HARDWARE,
    vmm('answers hypercalls, validates page-table updates'),
    deprivilegedKernel(
      'Guest kernel (kernel-pv.elf)',
      'ported: calls the VMM instead of trapping',
      'modified',
    ),
    APPS,
  ],
  hw: [
    HARDWARE_H,
    vmm('handles VM exits only: SBI, device accesses, WFI'),
    {
      id: 'kernel',
      name: 'Guest kernel (kernel.elf)',
      role: 'unmodified; most traps stay inside the guest',
      privilege: 'VS',
      shared: false,
      mark: 'unmodified',
    },
    { ...APPS, privilege: 'VU' },
  ],
  kvm: [
    HARDWARE_H,
    FIRMWARE,
    hostKernel('runs the VM as a process; its kvm driver enters VS-mode', 'HS'),
    {
      id: 'vmm-process',
      name: 'VMM process (user space)',
      role: 'emulates the devices; a process in the host’s ps',
      privilege: 'U',
      shared: false,
    },
    {
      id: 'kernel',
      name: 'Guest kernel (kernel.elf)',
      role: 'unmodified; its VM exits go to the host kernel',
      privilege: 'VS',
      shared: false,
      mark: 'unmodified',
    },
    { ...APPS, privilege: 'VU' },
  ],
  uml: [
    HARDWARE,
    FIRMWARE,
    hostKernel('runs the UML kernel and its programs as processes'),
    {
      id: 'kernel',
      name: 'UML kernel (kernel-um.elf)',
      role: 'ported to run as a process of the host',
      privilege: 'U',
      believes: 'S',
      shared: false,
      mark: 'modified',
    },
    { ...APPS, role: 'host processes, traced by the UML kernel' },
  ],
  container: [
    HARDWARE,
    FIRMWARE,
    {
      ...hostKernel('one kernel for all: namespaces and limits'),
      mark: 'shared kernel',
    },
    { ...APPS, name: 'Container processes', role: 'own hostname, root and process list' },
  ],
};

/** A one-line caption: who the subject's kernel is, and who it shares what with. */
export const STACK_SUMMARY: Record<StackKind, string> = {
  'bare-metal':
    'No virtualization: the kernel owns the hardware, the baseline of every comparison.',
  dom0: 'The host domain: a paravirtualized kernel with the right to create and manage domains.',
  full: 'Trap and emulate: the unmodified kernel runs deprivileged; the VMM catches what it tries.',
  bt: 'Binary translation: the VMM rewrites the kernel’s privileged instructions as direct calls.',
  pv: 'Paravirtualization: a ported kernel calls the VMM on purpose instead of trapping.',
  hw: 'Hardware-assisted: the H extension gives the kernel VS-mode; only VM exits reach the VMM.',
  kvm: 'KVM: a VM is a host process; the host kernel’s kvm driver runs it in VS-mode.',
  uml: 'User-mode Linux style: a ported kernel runs as an ordinary process of the host.',
  container: 'A container: processes of the host in their own namespaces, on the shared kernel.',
};
