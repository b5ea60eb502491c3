/**
 * Why each kind of guest pays what it pays for each class of operation, as this lab implements
 * it. The compare view's sentences put these next to the measured figures; which reason is
 * shown, and how strongly, comes from the numbers.
 */
import type { BenchOperation } from './bench-output';
import type { BenchKind } from './bench-targets';

/** What an operation exercises: the kernel's entry, its page tables, a device, or the CPU. */
export type OperationClass = 'kernel' | 'paging' | 'device' | 'compute';

export const OPERATION_CLASS: Record<BenchOperation, OperationClass> = {
  null: 'kernel',
  fork: 'paging',
  ctxsw: 'kernel',
  pgfault: 'paging',
  console: 'device',
  cpu: 'compute',
  mem: 'compute',
};

/** The operation as the subject of a sentence (plural, so "cost" agrees). */
export const OPERATION_SUBJECT: Record<BenchOperation, string> = {
  null: 'System calls',
  fork: 'Forks (a copy of the address space each)',
  ctxsw: 'Context switches',
  pgfault: 'Page faults',
  console: 'Console writes',
  cpu: 'CPU-bound loops',
  mem: 'Memory copies',
};

export const KIND_PHRASE: Record<BenchKind, string> = {
  bare: 'bare metal',
  full: 'full virtualization',
  bt: 'binary translation',
  pv: 'paravirtualization',
  hw: 'hardware-assisted virtualization',
  kvm: 'KVM',
  uml: 'User-Mode Linux',
  container: 'a container',
};

type Reasons = Record<OperationClass, string>;

export const KIND_REASONS: Record<Exclude<BenchKind, 'bare'>, Reasons> = {
  full: {
    kernel:
      "each one traps to the VMM, which emulates the guest kernel's privileged instructions on a virtual CPU",
    paging:
      "each change to the guest's page tables is caught so the VMM can rebuild its shadow page tables",
    device: 'every UART register access traps and the VMM emulates the device',
    compute:
      'user code runs directly on the CPU; only the page faults of memory it touches reach the VMM',
  },
  bt: {
    kernel:
      'the translated kernel calls the VMM directly where it had a privileged instruction, so no trap is taken',
    paging:
      'page-table writes reach the shadow tables through calls the translator put in, not through traps',
    device: "device accesses are translated into direct calls to the VMM's device model",
    compute: "the guest's user code runs as it is; only kernel code is translated",
  },
  pv: {
    kernel:
      'the modified kernel asks the VMM with hypercalls instead of executing privileged instructions',
    paging: 'page-table updates are mmu_update hypercalls, which the VMM checks and applies',
    device: 'the console is one hypercall per buffer, not an emulated register per byte',
    compute: "user code runs directly on the CPU; only the kernel's page-table work costs extra",
  },
  hw: {
    kernel: 'the guest kernel takes them itself in VS-mode, with no exit to the VMM',
    paging:
      "the hardware walks the guest's and the VMM's page tables itself (two-stage translation), so there is no shadow to keep",
    device: 'every UART register access is a guest-page fault, a VM exit the VMM emulates',
    compute: 'user code runs directly on the CPU; a TLB miss walks two levels of tables',
  },
  kvm: {
    kernel: "the guest kernel takes them itself in VS-mode; the host's kvm driver is not involved",
    paging:
      "the hardware walks both levels of page tables, so the host's kvm driver keeps no shadow",
    device: 'every UART register access exits to lkvm, the VMM in host user space',
    compute: 'user code runs directly on the CPU; a TLB miss walks two levels of tables',
  },
  uml: {
    kernel:
      "the host kernel intercepts each of the guest's system calls and hands it to the UML kernel, a process beside it",
    paging: 'the UML kernel maps its processes\u2019 memory with host system calls',
    device: 'its console is a host system call',
    compute: 'user code runs directly on the host CPU',
  },
  container: {
    kernel: "there is only the host kernel, and the container's processes call it directly",
    paging: "the host kernel's own page tables serve the container's processes",
    device: "the container writes to the host kernel's own console driver",
    compute: "the container's processes are ordinary host processes",
  },
};

/** When every kind costs about the same, the reason is the same for all. */
export const SHARED_REASON: Record<OperationClass, string> = {
  kernel: 'entering the kernel costs the same wherever that kernel runs',
  paging: 'page-table work costs the same wherever the kernel runs',
  device: 'the console costs the same wherever it is',
  compute: 'unprivileged instructions run directly on the CPU, whatever virtualizes the kernel',
};
