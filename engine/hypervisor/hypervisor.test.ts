import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as C from '../machine/csr';
import { ImageError } from '../machine/image';
import { DomainRefusal, type Domain } from './domain';
import { DomainConfigError } from './domain-config';
import { exitFromTrap, handleExit } from './exits';
import { createHypervisorServer, type HypervisorServer } from './hypervisor';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));
const server = () =>
  createHypervisorServer({ memoryMiB: 64, harts: 2, hardwareVirtualization: false });

/**
 * Runs `s` in slices until `domain`'s console ends with the shell's prompt and its vCPU waits in
 * WFI there, and returns the cycles it took. A condition rather than a fixed budget, so the kernel
 * may grow; the cap only stops a guest that never gets there.
 */
function runToPrompt(s: HypervisorServer, domain: Domain, cap = 100_000_000): number {
  let output = '';
  s.setOutput(domain, (byte) => (output += String.fromCharCode(byte)));
  const slice = 250_000;
  for (let ran = 0; ran < cap; ran += slice) {
    if (output.endsWith('$ ') && domain.vcpus[0].state === 'blocked') return ran;
    s.run(slice);
  }
  throw new Error(`no prompt within ${cap} cycles; the console says:\n${output.slice(-400)}`);
}

describe('createHypervisorServer', () => {
  it('hands every hart to the VMM: no delegation, its timer and kicks, the monitor', () => {
    const s = server();
    for (const hart of s.machine.harts) {
      expect(hart.monitor).toBe(s);
      expect(hart.readCsr(C.CSR_MEDELEG)).toBe(0);
      expect(hart.readCsr(C.CSR_MIDELEG)).toBe(0);
      expect(hart.readCsr(C.CSR_MIE)).toBe(C.MIP_MTIP | C.MIP_MSIP);
      expect(hart.waitingForInterrupt).toBe(true);
    }
    expect(s.run(1_000_000)).toEqual({ kind: 'all-halted' });
  });

  it('refuses a server no bigger than the VMM', () => {
    expect(() =>
      createHypervisorServer({ memoryMiB: 4, harts: 1, hardwareVirtualization: false }),
    ).toThrow(/more than the VMM's 4 MiB/);
  });
});

describe('createDomain', () => {
  it('places domains side by side above the VMM and refuses what does not fit, naming the shares', () => {
    const s = server();
    const a = s.createDomain({ name: 'a', mode: 'full', memoryMiB: 32, image: KERNEL });
    expect(a.memory.hostBase).toBe(0x8040_0000);
    const b = s.createDomain({ name: 'b', mode: 'full', memoryMiB: 16, image: new Uint8Array(64) });
    expect(b.memory.hostBase).toBe(0x8240_0000);
    expect(() => s.createDomain({ name: 'c', mode: 'full', memoryMiB: 16, image: KERNEL })).toThrow(
      'memoryMiB: 16 MiB does not fit on this server: 52 of its 64 MiB are taken (VMM 4, a 32, b 16)',
    );
    s.destroy(b);
    expect(
      s.createDomain({ name: 'c', mode: 'full', memoryMiB: 16, image: new Uint8Array(64) }).memory
        .hostBase,
    ).toBe(0x8240_0000);
  });

  it('refuses bad configurations with the lab validator wording', () => {
    const s = server();
    const ok = { name: 'web', mode: 'full' as const, memoryMiB: 16, image: KERNEL };
    const refusal = (request: object) => {
      try {
        s.createDomain({ ...ok, ...request });
      } catch (error) {
        expect(error).toBeInstanceOf(DomainConfigError);
        return (error as Error).message;
      }
      return 'created';
    };
    expect(refusal({ vcpus: 3 })).toBe('vcpus: asks for 3 vCPUs but the server has 2 harts');
    expect(refusal({ memoryMiB: 4 })).toMatch(/^memoryMiB: a "full" guest needs at least 8 MiB/);
    expect(refusal({ name: 'Web' })).toMatch(/^name: must start with a lowercase letter/);
    expect(refusal({ cap: 150 })).toBe('cap: 150% is more than 1 vCPU(s) can use (at most 100%)');
    expect(refusal({ weight: 0 })).toMatch(/^weight:/);
    expect(refusal({})).toBe('created');
    expect(refusal({})).toBe('name: "web" is already used');
    expect(() =>
      s.createDomain({ ...ok, name: 'elf', image: Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 1) }),
    ).toThrow(ImageError);
  });

  it('boots vCPU 0 in virtual S-mode at the entry with a0 = 0 and a1 = the device tree, parks the rest', () => {
    const s = server();
    const d = s.createDomain({ name: 'web', mode: 'full', vcpus: 2, memoryMiB: 16, image: KERNEL });
    const [v0, v1] = d.vcpus;
    expect(v0.state).toBe('runnable');
    expect(v0.context.pc).toBe(0x8040_0000);
    expect(v0.context.vpriv).toBe(1);
    expect(v0.context.x[10]).toBe(0);
    expect(d.memory.read32(v0.context.x[11]) >>> 0).toBe(0xedfe0dd0); // FDT magic, big-endian
    expect(v1.state).toBe('halted');
  });
});

describe('domain life cycle', () => {
  it('pauses, unpauses and destroys with typed refusals, giving memory and VMM frames back', () => {
    const s = server();
    const frames = s.vmmMemory.freeFrames;
    const d = s.createDomain({ name: 'web', mode: 'full', memoryMiB: 16, image: KERNEL });
    expect(s.vmmMemory.freeFrames).toBe(frames - 2);
    runToPrompt(s, d); // at the shell prompt, blocked in WFI
    s.pause(d);
    expect(d.vcpus[0].state).toBe('paused');
    expect(() => s.pause(d)).toThrow(DomainRefusal);
    const at = s.retired;
    s.run(1_000_000);
    expect(s.retired).toBe(at); // nothing else to run: the harts idle
    s.unpause(d);
    expect(() => s.unpause(d)).toThrow('domain web: cannot unpause it while it is running');
    s.run(1_000_000);
    expect(s.retired).toBeGreaterThan(at);
    s.destroy(d);
    expect(s.domains).toEqual([]);
    expect(s.vmmMemory.freeFrames).toBe(frames);
    expect(s.run(1_000_000)).toEqual({ kind: 'all-halted' });
  });

  it('restarts a paused domain from its image, running again, and refuses a halted one', () => {
    const s = server();
    const d = s.createDomain({ name: 'web', mode: 'full', memoryMiB: 16, image: KERNEL });
    runToPrompt(s, d);
    s.pause(d);
    s.restart(d);
    expect(d.state).toBe('running');
    expect(d.reboots).toBe(1);
    runToPrompt(s, d); // the kernel booted again, to its prompt
    s.destroy(d);
    expect(() => s.restart(d)).toThrow(DomainRefusal);
  });

  it('reflects every fault of a kernel that is not one, which loops without harming the server', () => {
    const s = server();
    // A raw image of zeros: the first fetch is an illegal instruction with stvec 0, so the guest
    // loops on faults at address 0, which is not its RAM: the VMM reflects each one.
    const d = s.createDomain({
      name: 'zero',
      mode: 'full',
      memoryMiB: 8,
      image: new Uint8Array(64),
    });
    s.run(200_000);
    expect(d.totals().reflected.get('illegal-instruction')).toBe(1);
    expect(d.totals().reflected.get('instruction-access-fault')).toBeGreaterThan(100);
    expect(d.state).toBe('running');
  });

  it('dispatches an exit built by hand to the mode (handleExit is the one entry)', () => {
    const s = server();
    const d = s.createDomain({ name: 'web', mode: 'full', memoryMiB: 16, image: KERNEL });
    s.run(100_000);
    const hart = s.machine.harts[d.vcpus[0].hart];
    const context = {
      hart,
      vcpu: d.vcpus[0],
      domain: d,
      vmm: {
        charge: () => {},
        trace: () => {},
        sbi: () => ({ name: 'x', error: 0, value: 0, legacy: false }),
        memory: s.vmmMemory,
        now: () => 0,
      },
    };
    hart.pc = 0x8040_0100;
    const before = d.vcpus[0].counters.exits.get('breakpoint');
    expect(handleExit(context, exitFromTrap(C.CAUSE_BREAKPOINT, 0, false, 1))).toEqual({
      kind: 'resume',
    });
    expect(d.vcpus[0].counters.exits.get('breakpoint')).toBe(before + 1);
    expect(d.vcpus[0].context.csr.scause).toBe(C.CAUSE_BREAKPOINT);
    expect(d.vcpus[0].context.csr.sepc).toBe(0x8040_0100);
  });
});
