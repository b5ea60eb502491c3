import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { EngineHost } from '../host-os/engine-host';

const HOST_IMAGE = 'public/images/bare-metal.elf';
const GUEST_KERNEL = 'public/images/kernel.elf';

/** The host's boot modules: the lab kernel as /boot/kernel.elf, as a host-OS server gets it. */
function bootModules(): Uint8Array {
  const kernel = new Uint8Array(readFileSync(GUEST_KERNEL));
  return packBootModules([{ path: 'boot/kernel.elf', data: kernel, mode: 0o755 }]);
}

function bootHost(hypervisorExtension: boolean): EngineHost {
  const host = new EngineHost(HOST_IMAGE, {
    ports: 2,
    initrd: bootModules(),
    hypervisorExtension,
  });
  host.runUntil(0, (text) => text.endsWith('$ '));
  return host;
}

/** The null-syscall figure of `bench` output, in cycles per operation. */
function nullCycles(benchOutput: string): number {
  const match = /null: (\d+) cycles\/op/.exec(benchOutput);
  if (!match) throw new Error(`no null figure in:\n${benchOutput}`);
  return Number(match[1]);
}

describe('KVM on a host with the H extension (engine)', () => {
  it('boots the unmodified kernel under lkvm on the host console and powers off with status 0', () => {
    const host = bootHost(true);
    expect(host.transcripts[0]).toMatch(/kvm: H extension present, \/dev\/kvm ready/);
    const hostNull = nullCycles(host.command('bench'));
    const boot = host.command('lkvm run --mem 16 /boot/kernel.elf');
    expect(boot).toMatch(/sbi: running on Hyperlab lkvm \(KVM\)/);
    expect(boot).toMatch(/memory: 16 MiB at 0x80000000/);
    expect(boot).not.toMatch(/kvm: H extension present/); // the guest's own driver stays dormant
    expect(host.command('uname -a')).toMatch(/Hyperlab lkvm \(KVM\) riscv32/);
    expect(host.command('ls /bin')).toMatch(/poweroff/);
    // The guest's system calls never leave VS-mode: they cost what they cost on bare metal.
    const guestNull = nullCycles(host.command('bench'));
    expect(guestNull).toBeLessThan(hostNull * 1.1);
    expect(host.command('poweroff')).toMatch(/lkvm: guest guest powered off/);
    expect(host.command('echo status $?')).toBe('status 0\r\n');
  }, 120_000);

  it('runs a VM as a host process on its own port: ps lists lkvm, kill ends it', () => {
    const host = bootHost(true);
    host.command('lkvm run --name web --mem 16 --console /dev/ttyS2 /boot/kernel.elf &');
    host.runUntil(2, (text) => text.endsWith('$ '));
    expect(host.transcripts[2]).toMatch(/sbi: running on Hyperlab lkvm \(KVM\)/);
    host.type(2, 'uname -a\n');
    host.runUntil(2, (text) => /riscv32\r*\n\$ $/.test(text));
    const ps = host.command('ps');
    const line = ps.split('\n').find((row) => /\blkvm\b/.test(row));
    expect(line, ps).toBeDefined();
    const pid = Number(/^\s*(\d+)/.exec(line ?? '')?.[1]);
    host.command(`kill ${pid}`);
    host.command('echo'); // the shell reaps its background job at this prompt
    expect(host.command('ps')).not.toMatch(/\blkvm\b/);
    expect(host.command('echo still here')).toBe('still here\r\n');
  }, 120_000);
});

describe('KVM on a host without the H extension (engine)', () => {
  it('cannot open /dev/kvm, and lkvm says what is missing', () => {
    const host = bootHost(false);
    expect(host.transcripts[0]).not.toMatch(/kvm:/);
    const refusal = host.command('lkvm run --mem 16');
    expect(refusal).toMatch(
      /lkvm: \/dev\/kvm: No such device or address - this CPU has no hardware virtualization \(H extension\)/,
    );
    expect(host.command('echo status $?')).toBe('status 1\r\n');
  }, 60_000);
});
