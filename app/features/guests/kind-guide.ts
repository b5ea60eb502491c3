/**
 * What each kind of guest is, in the course's words and ours: shown on the cards of the Add
 * guest dialog. The facts that decide anything (platform, hardware needs, default image, least
 * memory) come from the engine's GUEST_KIND_FACTS; these are only the explanations.
 */
import type { GuestKind } from '../../../workers/lab-model';

export interface KindGuide {
  /** The name the course uses. */
  readonly title: string;
  /** One or two sentences: what runs where. */
  readonly what: string;
  readonly advantages: readonly string[];
  readonly limitations: readonly string[];
  /** An experiment to run in the guest's console. */
  readonly tryThis: string;
}

export const KIND_GUIDES: Record<GuestKind, KindGuide> = {
  full: {
    title: 'Full virtualization (trap and emulate)',
    what:
      'The unmodified kernel runs deprivileged, in user mode. Every privileged instruction it ' +
      'executes traps to the VMM, which emulates it on a virtual CPU; page tables are shadowed ' +
      'and every device register access is emulated.',
    advantages: [
      'Runs any kernel as it is: no source changes, no special hardware.',
      'The guest cannot tell it is not alone on the machine.',
    ],
    limitations: [
      'Each privileged instruction costs a trap into the VMM and back.',
      'Shadow page tables must be rebuilt whenever the guest changes its own.',
      'Works only because RISC-V traps every sensitive instruction (Popek and Goldberg).',
    ],
    tryThis: 'Run `bench null` and watch the trap counters climb; compare with bare metal.',
  },
  bt: {
    title: 'Full virtualization with binary translation',
    what:
      'The same unmodified kernel, but the VMM translates its code block by block before it ' +
      'runs, replacing privileged instructions with direct calls into the VMM, as VMware did ' +
      'on x86 before VT-x.',
    advantages: [
      'Runs the unmodified kernel, like trap and emulate.',
      'A translated privileged instruction avoids the trap, so kernel-heavy work is cheaper.',
    ],
    limitations: [
      'Translating costs time up front and memory for the translation cache.',
      'Code that writes code (or fence.i) forces translations to be thrown away.',
      'The VMM is far more complex, and bugs in it are subtle.',
    ],
    tryThis:
      'Run `bench null` here and in a full guest: compare traps avoided and blocks translated.',
  },
  pv: {
    title: 'Paravirtualization',
    what:
      'A modified kernel (kernel-pv.elf) knows it runs on a hypervisor: instead of executing ' +
      'privileged instructions it asks the VMM through hypercalls, and updates its page ' +
      'tables through the VMM, which checks every entry.',
    advantages: [
      'Far fewer exits: one hypercall can do the work of many trapped instructions.',
      'Needs no hardware support, as Xen showed in 2003.',
    ],
    limitations: [
      'The kernel must be ported: the unmodified kernel.elf stops at its first privileged instruction.',
      'Every kernel you want to run needs its own port, kept up to date.',
    ],
    tryThis:
      'Run `bench null`, then look at hypercalls by name; open the kernel diff to see the port.',
  },
  hw: {
    title: 'Hardware-assisted virtualization',
    what:
      "The CPU's H extension gives the guest its own privileged mode (VS-mode): the unmodified " +
      'kernel runs there at full speed, and only a few events (a VM exit) reach the VMM. The ' +
      'hardware walks two levels of page tables itself.',
    advantages: [
      'Unmodified kernel, few exits: close to bare-metal speed for most work.',
      'A much simpler VMM: no shadow page tables, no translation.',
    ],
    limitations: [
      'Needs the hardware feature: a server without it refuses this guest.',
      'Each exit is expensive, and each TLB miss walks two tables.',
    ],
    tryThis: 'Run `bench null` and compare VM exits by reason with the traps of a full guest.',
  },
  kvm: {
    title: 'Kernel-level: KVM',
    what:
      "The host OS's kernel becomes the hypervisor: its kvm driver uses the H extension, and " +
      'each VM is an ordinary host process (a user-space VMM) with the guest inside it.',
    advantages: [
      "Reuses the host kernel's scheduler and memory management for VMs.",
      'A VM is a process: `ps`, `top`, `kill` and `renice` work on it.',
    ],
    limitations: [
      'Needs the hardware feature, like hw guests.',
      'A bug in the host kernel hits every VM on the server.',
    ],
    tryThis:
      "On the host, run `ps` and find the VM's lkvm; `renice -n 10 -p PID` it and watch `top`.",
  },
  uml: {
    title: 'Kernel-level: User-Mode Linux',
    what:
      'A guest kernel built to run as an ordinary process of the host OS: its "hardware" is ' +
      "the host's system calls, so it needs no virtualization support at all.",
    advantages: [
      'Runs on any host, no hardware feature needed.',
      'Easy to start, stop and debug like any program.',
    ],
    limitations: [
      'The guest kernel must be a special build (kernel-um.elf).',
      'Every guest system call becomes several host system calls: slow.',
    ],
    tryThis:
      'Run `bench null` inside, then `cat /proc/stat` on the host: each guest system call is several of its own.',
  },
  container: {
    title: 'OS-level: container',
    what:
      'No second kernel at all: a group of host processes with their own namespaces (process ' +
      'list, host name, root) and resource limits. Its memory is a limit, not a reservation.',
    advantages: [
      'Starts in an instant and costs almost nothing: processes run natively.',
      'Many fit on one server, since they share the kernel and its memory.',
    ],
    limitations: [
      'Shares the host kernel: one kernel, one fate. A kernel fault stops every container.',
      "Can only run programs for the host's kernel, never another OS.",
    ],
    tryThis: 'Run `ps` and `hostname` inside, then `ps` and `ctr ls` on the host: who sees whom?',
  },
};

/** Names of the platforms as a student reads them. */
export const PLATFORM_LABELS = {
  hypervisor: 'Bare-metal hypervisor (type 1) with its host domain (dom0)',
  'host-os': 'Host OS (runs KVM, UML and containers)',
  'bare-metal': 'Bare metal (the lab OS alone, no guests)',
} as const;
