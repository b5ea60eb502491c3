import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packBootModules } from '../../engine/lab/boot-modules';
import { EngineHost } from '../host-os/engine-host';

const IMAGE = 'public/images/bare-metal.elf';
const BOOT_MODULES = packBootModules([
  {
    path: 'boot/kernel-um.elf',
    data: new Uint8Array(readFileSync('public/images/kernel-um.elf')),
    mode: 0o755,
  },
]);
const UML_CONSOLE = 2;
const UML_NAME = 'Hyperlab UML (user-mode kernel on the host)';

/** A host with the um kernel in /boot, at its shell prompt. */
function bootHost(): EngineHost {
  const host = new EngineHost(IMAGE, { memoryMiB: 128, ports: 2, initrd: BOOT_MODULES });
  host.runUntil(0, (text) => text.endsWith('$ '));
  return host;
}

/** Types a command at the UML guest's shell (on ttyS2) and returns its output up to the prompt. */
function umlCommand(host: EngineHost, line: string): string {
  const before = host.transcripts[UML_CONSOLE].length;
  host.type(UML_CONSOLE, `${line}\n`);
  host.runUntil(
    UML_CONSOLE,
    (text) => text.length > before + line.length && text.endsWith('$ '),
    2_000_000_000,
  );
  return host.transcripts[UML_CONSOLE].slice(before).replace(/\r/g, '');
}

/** The host's process list as [pid, ppid, command] rows. */
function hostProcesses(host: EngineHost): [number, number, string][] {
  return host
    .command('ps')
    .replace(/\r/g, '')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 5)
    .map((cols) => [Number(cols[0]), Number(cols[1]), cols[cols.length - 1]]);
}

function cyclesPerOp(output: string, name: string): number {
  const m = new RegExp(`${name}: (\\d+) cycles/op`).exec(output);
  if (!m) throw new Error(`no ${name} figure in:\n${output}`);
  return Number(m[1]);
}

describe('UML: the um kernel as a process of the host OS (engine)', () => {
  it('boots to its own shell on its console, with its own name and processes', () => {
    const host = bootHost();
    // Its memory is its own heap: more than the host has is refused at boot.
    expect(host.command('/boot/kernel-um.elf mem=2000')).toContain(
      'kernel-um: the host has not that much memory (brk failed)',
    );
    host.command(`/boot/kernel-um.elf mem=16 con=/dev/ttyS${UML_CONSOLE} name=uml1 &`);
    host.runUntil(UML_CONSOLE, (text) => text.endsWith('$ '), 2_000_000_000);
    const boot = host.transcripts[UML_CONSOLE];
    expect(boot).toContain('Hyperlab kernel 0.1 (um) booting');
    expect(boot).toContain(`sbi: running on ${UML_NAME}`);
    // Its RAM is its own heap, right above its image, both in the host's user half.
    expect(boot).toMatch(/memory: 16 MiB at 0x00010000, kernel 0x00010000-0x00[0-9a-f]{6},/);

    expect(umlCommand(host, 'uname -a')).toContain(`Hyperlab uml1 0.1 #1 ${UML_NAME} riscv32\n`);
    expect(umlCommand(host, 'ls /bin')).toMatch(/bench[\s\S]*sh/);
    // Inside, ps sees the guest's own processes only: its shell (pid 1) and ps itself.
    const inside = umlCommand(host, 'ps').split('\n').slice(2, -1);
    expect(inside.map((line) => line.trim().split(/\s+/).pop())).toEqual(['sh', 'ps']);

    // The host sees the UML kernel and, as its children, one process per guest address space.
    const procs = hostProcesses(host);
    const kernel = procs.find(([, ppid, cmd]) => cmd === 'kernel-um.elf' && ppid === 1);
    expect(kernel).toBeDefined();
    const children = procs.filter(([, ppid]) => ppid === kernel?.[0]);
    expect(children.length).toBeGreaterThanOrEqual(1);

    // Killing the UML kernel on the host takes its traced children with it.
    host.command(`kill -9 ${kernel?.[0]}`);
    host.command('sleep 1');
    expect(hostProcesses(host).filter(([, , cmd]) => cmd === 'kernel-um.elf')).toEqual([]);
  });

  it("handles its processes' faults and signals itself, and survives the host killing one", () => {
    const host = bootHost();
    host.command(`/boot/kernel-um.elf mem=64 con=/dev/ttyS${UML_CONSOLE} &`);
    host.runUntil(UML_CONSOLE, (text) => text.endsWith('$ '), 2_000_000_000);
    // A fault in a guest process reaches the UML kernel, which kills the process.
    expect(umlCommand(host, 'crash')).toMatch(/\[pid \d+ crash\] killed by SIGSEGV/);
    // ^C arrives as a byte on its raw console and becomes the guest's own SIGINT.
    host.type(UML_CONSOLE, 'sleep 100\n');
    host.runUntil(UML_CONSOLE, (text) => /sleep 100\r*\n$/.test(text));
    const before = host.transcripts[UML_CONSOLE].length;
    host.type(UML_CONSOLE, '\x03');
    host.runUntil(UML_CONSOLE, (text) => text.length > before && text.endsWith('$ '));
    // The host kills the address space of the guest's shell.  The UML kernel finds out when the
    // shell next runs (here, when a line arrives): it loses that process and starts pid 1 again.
    const procs = hostProcesses(host);
    const kernel = procs.find(([, , cmd]) => cmd === 'kernel-um.elf');
    const child = procs.find(([, ppid]) => ppid === kernel?.[0]);
    host.command(`kill -9 ${child?.[0]}`);
    host.type(UML_CONSOLE, 'echo lost\n');
    host.runUntil(UML_CONSOLE, (text) => /init: sh exited[^\n]*\n[\s\S]*\$ $/.test(text));
    expect(host.transcripts[UML_CONSOLE]).toMatch(
      /\[pid 1 sh\] killed: its host address space failed/,
    );
    expect(umlCommand(host, 'echo still here')).toContain('still here');
    // reboot execs the kernel again; the old image's children go with it, leaving no zombie.
    const rebooted = umlCommand(host, 'reboot');
    expect(rebooted).toMatch(
      /reboot: restarting system\n[\s\S]*Hyperlab kernel 0.1 \(um\) booting/,
    );
    const after = hostProcesses(host).filter(([, , cmd]) => cmd === 'kernel-um.elf');
    expect(after.map(([, ppid]) => ppid === kernel?.[0])).toEqual([false, true]);
  });

  it('runs bench far slower than the host for everything the kernel does, not for computation', () => {
    const host = bootHost();
    const bare = host.command('bench null fork ctxsw pgfault cpu');
    host.command(`/boot/kernel-um.elf mem=16 con=/dev/ttyS${UML_CONSOLE} &`);
    host.runUntil(UML_CONSOLE, (text) => text.endsWith('$ '), 2_000_000_000);
    const uml = umlCommand(host, 'bench null fork ctxsw pgfault cpu');
    for (const name of ['null', 'ctxsw', 'pgfault'])
      expect(cyclesPerOp(uml, name)).toBeGreaterThan(2.5 * cyclesPerOp(bare, name));
    expect(cyclesPerOp(uml, 'fork')).toBeGreaterThan(2 * cyclesPerOp(bare, 'fork'));
    expect(cyclesPerOp(uml, 'cpu')).toBeLessThan(2 * cyclesPerOp(bare, 'cpu'));
    // poweroff ends the process: the host's shell is left with no UML kernel.
    host.type(UML_CONSOLE, 'poweroff\n');
    host.runUntil(UML_CONSOLE, (text) => text.includes('reboot: power down'));
    host.command('sleep 1');
    expect(hostProcesses(host).filter(([, , cmd]) => cmd === 'kernel-um.elf')).toEqual([]);
  });
});
