import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packBootModules, type BootModuleFile } from '../../engine/lab/boot-modules';
import { EngineHost } from '../host-os/engine-host';
import { missingTools } from '../support/tools';

const HOST_IMAGE = 'public/images/bare-metal.elf';
const GUEST_KERNEL = 'public/images/kernel.elf';

/**
 * The host's boot modules: the lab kernel as /boot/kernel.elf, as a host-OS server gets it, and
 * any other guest images a test needs.
 */
function bootModules(extra: readonly BootModuleFile[]): Uint8Array {
  const kernel = new Uint8Array(readFileSync(GUEST_KERNEL));
  return packBootModules([{ path: 'boot/kernel.elf', data: kernel, mode: 0o755 }, ...extra]);
}

function bootHost(hypervisorExtension: boolean, extra: readonly BootModuleFile[] = []): EngineHost {
  const host = new EngineHost(HOST_IMAGE, {
    ports: 3,
    initrd: bootModules(extra),
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
    host.command('sleep 1');
    const boot = host.command('lkvm run --mem 16 --stats /boot/kernel.elf');
    expect(boot).toMatch(/sbi: running on Hyperlab lkvm \(KVM\)/);
    expect(boot).toMatch(/memory: 16 MiB at 0x80000000/);
    expect(boot).not.toMatch(/kvm: H extension present/); // the guest's own driver stays dormant
    expect(host.command('uname -a')).toMatch(/Hyperlab lkvm \(KVM\) riscv32/);
    // The guest's clock starts at 0 when its VM is made (htimedelta), not at the host's boot.
    expect(Number(host.command('cat /proc/uptime').split(' ')[0])).toBeLessThan(1);
    expect(host.command('ls /bin')).toMatch(/poweroff/);
    // The guest's system calls never leave VS-mode: they cost what they cost on bare metal.
    const guestNull = nullCycles(host.command('bench'));
    expect(guestNull).toBeLessThan(hostNull * 1.1);
    const off = host.command('poweroff');
    expect(off).toMatch(/lkvm: guest guest powered off/);
    // --stats: the device and SBI exits reached lkvm; the guest's system calls did not.
    const exits = /exits to lkvm: mmio (\d+), sbi (\d+), halt (\d+), tick (\d+)/.exec(off);
    expect(exits, off).not.toBeNull();
    const [mmio, sbi] = [Number(exits?.[1]), Number(exits?.[2])];
    expect(mmio).toBeGreaterThan(500);
    expect(sbi).toBeGreaterThan(0);
    expect(host.command('echo status $?')).toBe('status 0\r\n');
    // A second VM reuses the first one's slot and G-stage root, with nothing of it left behind.
    expect(host.command('lkvm run --mem 8 /boot/kernel.elf')).toMatch(/memory: 8 MiB/);
    expect(host.command('uname -a')).toMatch(/Hyperlab lkvm \(KVM\)/);
    // Ctrl-A x ends lkvm from its console whatever the guest does, as in QEMU.
    const before = host.transcripts[0].length;
    host.type(0, '\x01x');
    host.runUntil(0, (text) => text.length > before && text.endsWith('$ '));
    expect(host.transcripts[0].slice(before)).toMatch(/lkvm: guest guest stopped \(Ctrl-A x\)/);
    expect(host.command('echo status $?')).toBe('status 0\r\n');
  }, 120_000);

  it('runs VMs as host processes on their own ports: their CPU time is theirs, kill ends one', () => {
    const host = bootHost(true);
    host.command('lkvm run --name web --mem 16 --console /dev/ttyS2 /boot/kernel.elf &');
    host.command('lkvm run --name db --mem 16 --console /dev/ttyS3 /boot/kernel.elf &');
    for (const port of [2, 3]) {
      host.runUntil(port, (text) => text.endsWith('$ '));
      expect(host.transcripts[port]).toMatch(/sbi: running on Hyperlab lkvm \(KVM\)/);
    }
    // Both guests keep their own state while they share the hart.
    host.type(2, 'echo web here\n');
    host.type(3, 'echo db here\n');
    host.runUntil(2, (text) => /web here\r*\n\$ $/.test(text));
    host.runUntil(3, (text) => /db here\r*\n\$ $/.test(text));
    host.type(2, 'spin 0.3\n');
    host.runUntil(2, (text) => /thousand steps\r*\n\$ $/.test(text), 2_000_000_000);
    const ps = host.command('ps');
    const rows = ps.split('\n').filter((row) => /\blkvm\b/.test(row));
    expect(rows, ps).toHaveLength(2);
    const [web, db] = rows.map((row) => row.trim().split(/\s+/));
    // /proc/PID/stat: PID (COMM) S PPID PGID TICKS ...: the guest's 0.3 s of computing were
    // charged to its lkvm, as any program's time is; the idle one used almost none.
    const ticks = (pid: string) => Number(host.command(`cat /proc/${pid}/stat`).split(' ')[5]);
    expect(ticks(web[0])).toBeGreaterThanOrEqual(25);
    expect(ticks(db[0])).toBeLessThan(5);
    host.command(`kill ${web[0]}`);
    host.command('echo'); // the shell reaps its background job at this prompt
    const after = host.command('ps');
    expect(after).toContain(`${db[0]} `);
    expect(after.split('\n').filter((row) => /\blkvm\b/.test(row))).toHaveLength(1);
    host.type(3, 'echo db still here\n');
    host.runUntil(3, (text) => /db still here\r*\n\$ $/.test(text));
    expect(host.command('echo host still here')).toBe('host still here\r\n');
  }, 240_000);
  it('shares the hart by nice: a niced VM computes less than its neighbour', () => {
    const host = bootHost(true);
    host.command('nice -n 5 lkvm run --mem 16 --console /dev/ttyS2 /boot/kernel.elf &');
    host.command('lkvm run --mem 16 --console /dev/ttyS3 /boot/kernel.elf &');
    for (const port of [2, 3]) host.runUntil(port, (text) => text.endsWith('$ '));
    // Both guests spin for the same 0.4 s of (shared) time; their loop counts show the split.
    host.type(2, 'spin 0.4\n');
    host.type(3, 'spin 0.4\n');
    const steps = (port: number) => {
      host.runUntil(port, (text) => /thousand steps\r*\n\$ $/.test(text), 2_000_000_000);
      return Number(/spin: (\d+) thousand steps/.exec(host.transcripts[port])?.[1]);
    };
    const [niced, plain] = [steps(2), steps(3)];
    expect(niced).toBeGreaterThan(0);
    expect(niced * 2).toBeLessThan(plain);
  }, 240_000);

  it('ends with status 1 and a message when the guest kernel panics', () => {
    const host = bootHost(true);
    host.command('lkvm run --mem 16 /boot/kernel.elf');
    const panic = host.command('echo 1 > /proc/panic');
    expect(panic).toMatch(/kernel panic/);
    expect(panic).toMatch(/lkvm: guest guest stopped after a system failure/);
    expect(host.command('echo status $?')).toBe('status 1\r\n');
  }, 120_000);
});

const noToolchain = missingTools('KVM guests built here', 'clang', 'ld.lld');

/** tests/kvm/programs/NAME.S linked as a guest kernel at 0x8040_0000 (an ELF lkvm loads). */
function buildGuestProgram(name: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'kvm-guest-'));
  const [object, elf] = [join(dir, `${name}.o`), join(dir, `${name}.elf`)];
  execFileSync('clang', [
    ...['--target=riscv32', '-march=rv32ima', '-mabi=ilp32', '-mno-relax', '-c'],
    ...[`tests/kvm/programs/${name}.S`, '-o', object],
  ]);
  execFileSync('ld.lld', [
    ...['-m', 'elf32lriscv', '--no-relax', '-static', '-N', '-Ttext=0x80400000', '-e', '_start'],
    ...[object, '-o', elf],
  ]);
  return new Uint8Array(readFileSync(elf));
}

describe.skipIf(noToolchain)('other guests under lkvm (engine)', () => {
  it('delivers a virtual instruction to the guest as an illegal instruction', () => {
    const program = buildGuestProgram('virtual-insn');
    const host = bootHost(true, [{ path: 'boot/virtual-insn.elf', data: program }]);
    const output = host.command('lkvm run --mem 8 /boot/virtual-insn.elf');
    expect(output).toMatch(/virtual instruction delivered as illegal instruction/);
    expect(output).toMatch(/lkvm: guest guest powered off/);
  }, 60_000);
  it('gives a guest nothing past the end of its RAM: loads there read 0, stores vanish', () => {
    const program = buildGuestProgram('outside-ram');
    const host = bootHost(true, [{ path: 'boot/outside-ram.elf', data: program }]);
    const output = host.command('lkvm run --mem 8 /boot/outside-ram.elf');
    expect(output).toMatch(/outside its RAM the guest reaches nothing/);
    expect(output).toMatch(/lkvm: guest guest powered off/);
  }, 60_000);
});

describe('KVM on a host without the H extension (engine)', () => {
  it('cannot open /dev/kvm, and lkvm says what is missing', () => {
    const host = bootHost(false);
    expect(host.transcripts[0]).not.toMatch(/kvm:/);
    // The transcript holds bytes; the message's dash is UTF-8.
    const refusal = Buffer.from(host.command('lkvm run --mem 16'), 'latin1').toString('utf8');
    expect(refusal).toMatch(
      /lkvm: \/dev\/kvm: No such device or address — this CPU has no hardware virtualization \(H extension\)/,
    );
    expect(host.command('echo status $?')).toBe('status 1\r\n');
  }, 60_000);
});
