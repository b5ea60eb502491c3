import { describe, expect, it } from 'vitest';
import { measureHostKinds } from './bench-virt-host';

describe('bench:virt host-OS columns', () => {
  it('shows what each kind costs: KVM near the host except for device exits, UML slow for everything the kernel does, containers at the host cost', () => {
    const f = measureHostKinds();
    // Computation and memory never leave the guest: the same everywhere.
    for (const kind of ['kvm', 'uml', 'container'] as const) {
      expect(f[kind].cpu).toBe(f.host.cpu);
      expect(f[kind].mem).toBe(f.host.mem);
    }
    // KVM: system calls and page faults stay inside the VM (hardware assistance)...
    expect(f.kvm.null).toBeLessThan(f.host.null * 1.2);
    expect(f.kvm.pgfault).toBeLessThan(f.host.pgfault * 1.2);
    // ...but every console byte is an MMIO exit that lkvm, a host process, emulates.
    expect(f.kvm.console).toBeGreaterThan(f.host.console * 10);
    // UML: every system call and fault is host round trips.
    expect(f.uml.null).toBeGreaterThan(f.host.null * 4);
    expect(f.uml.fork).toBeGreaterThan(f.host.fork * 2);
    // A container is host processes: within a few percent of the host for everything.
    for (const op of ['null', 'fork', 'pgfault'] as const)
      expect(f.container[op]).toBeLessThan(f.host[op] * 1.1);
  }, 300_000);
});
