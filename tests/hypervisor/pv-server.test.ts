import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Domain } from '../../engine/hypervisor/domain';
import { createHypervisorServer, type HypervisorServer } from '../../engine/hypervisor/hypervisor';
import { hostileGuest } from '../support/pv-programs';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';
import { runScriptedSession, type SerialMachine } from '../support/serial';

const IMAGES: Record<'full' | 'pv', string> = {
  pv: 'public/images/kernel-pv.elf',
  full: 'public/images/kernel.elf',
};

/** One domain of a hypervisor server as a serial line; the server runs in slices between turns. */
function serialOf(server: HypervisorServer, domain: Domain): SerialMachine {
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  let pending: number[] = [];
  server.setOutput(domain, (byte) => pending.push(byte));
  let killed = false;
  const exited = (async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!killed && domain.alive) {
      server.run(2_000_000);
      const bytes = Uint8Array.from(pending);
      pending = [];
      if (bytes.length > 0) for (const listener of listeners) listener(bytes);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return domain.state === 'shutdown' && domain.haltReason === 'powered off' ? 0 : 1;
  })();
  return {
    onOutput: (listener) => listeners.push(listener),
    type: (text) => server.sendInput(domain, new TextEncoder().encode(text)),
    exited,
    kill: () => (killed = true),
  };
}

/** Boots the lab kernel in `mode` on a one-hart server and runs the two benchmarks. */
async function benchmarks(mode: 'full' | 'pv') {
  const server = createHypervisorServer({ memoryMiB: 64, harts: 1, hardwareVirtualization: false });
  const image = new Uint8Array(readFileSync(IMAGES[mode]));
  const domain = server.createDomain({ name: 'guest', mode, memoryMiB: 32, image });
  const session = await runScriptedSession(serialOf(server, domain), [
    { type: 'bench null\n' },
    { type: 'bench console\n' },
    { type: 'poweroff\n', last: true },
  ]);
  const figure = (segment: string, name: string) =>
    Number(new RegExp(`^${name}: (\\d+) cycles/op`, 'm').exec(segment)?.[1]);
  return {
    session,
    domain,
    null: figure(session.segments[1], 'null'),
    console: figure(session.segments[2], 'console'),
  };
}

/** The pv mode on the hypervisor server, and the lesson: hypercalls cost less than trapping. */
describe('pv on the hypervisor server', () => {
  it('runs the lab kernel with fewer cycles per system call and per console byte than full', async () => {
    const pv = await benchmarks('pv');
    const full = await benchmarks('full');
    expect(pv.session.segments[0]).toContain('sbi: running on Hyperlab VMM (paravirtualized)');
    expect(pv.session.exitCode).toBe(0);
    expect(full.session.exitCode).toBe(0);
    expect(pv.null).toBeGreaterThan(0);
    expect(pv.console).toBeGreaterThan(0);
    expect(pv.null).toBeLessThan(full.null);
    expect(pv.console).toBeLessThan(full.console);

    const pvTotals = pv.domain.totals();
    expect(pvTotals.exits.get('illegal-instruction')).toBe(0);
    expect(pvTotals.emulated.total()).toBe(0);
    expect(pvTotals.mmio.total()).toBe(0);
    expect(pvTotals.calls.get('iret')).toBeGreaterThan(0);
    expect(pvTotals.calls.get('console_write')).toBeGreaterThan(0);
    expect(full.domain.totals().exits.get('illegal-instruction')).toBeGreaterThan(0);
  }, 180_000);

  it('reboots a pv domain into a fresh kernel (the old pinned tables are dropped)', async () => {
    const server = createHypervisorServer({
      memoryMiB: 64,
      harts: 1,
      hardwareVirtualization: false,
    });
    const image = new Uint8Array(readFileSync(IMAGES.pv));
    const domain = server.createDomain({ name: 'guest', mode: 'pv', memoryMiB: 32, image });
    const session = await runScriptedSession(serialOf(server, domain), [
      { type: 'reboot\n' },
      { type: 'echo back\n' },
      { type: 'poweroff\n', last: true },
    ]);
    expect(session.segments[1]).toContain('sbi: running on Hyperlab VMM (paravirtualized)');
    expect(session.segments[2]).toMatch(/^back\r?$/m);
    expect(session.exitCode).toBe(0);
    expect(domain.totals().calls.get('pin_table.refused')).toBe(0);
  }, 60_000);

  it('wakes a blocked pv kernel as soon as a key arrives, not at its next timer tick', () => {
    const server = createHypervisorServer({
      memoryMiB: 64,
      harts: 1,
      hardwareVirtualization: false,
    });
    const image = new Uint8Array(readFileSync(IMAGES.pv));
    const domain = server.createDomain({ name: 'guest', mode: 'pv', memoryMiB: 32, image });
    let text = '';
    server.setOutput(domain, (byte) => (text += String.fromCharCode(byte)));
    for (let i = 0; i < 100 && !text.endsWith('$ '); i++) server.run(2_000_000);
    server.run(2_000_000); // idle at the prompt: the vCPU blocks between ticks
    const typed = server.machine.clock.mtime;
    server.sendInput(domain, new TextEncoder().encode('x'));
    for (let i = 0; i < 1000 && !text.endsWith('x'); i++) server.run(1000);
    expect(text.endsWith('$ x')).toBe(true);
    expect(server.machine.clock.mtime - typed).toBeLessThan(1000); // a tick is 100_000 (10 ms)
  }, 60_000);

  it('stops the unmodified kernel at its first privileged instruction and runs the others on', () => {
    const server = createHypervisorServer({
      memoryMiB: 96,
      harts: 1,
      hardwareVirtualization: false,
    });
    const bad = server.createDomain({
      name: 'unmodified',
      mode: 'pv',
      memoryMiB: 32,
      image: new Uint8Array(readFileSync(IMAGES.full)),
    });
    const good = server.createDomain({
      name: 'paravirt',
      mode: 'pv',
      memoryMiB: 32,
      image: new Uint8Array(readFileSync(IMAGES.pv)),
    });
    let text = '';
    server.setOutput(good, (byte) => (text += String.fromCharCode(byte)));
    for (let i = 0; i < 100 && !text.endsWith('$ '); i++) server.run(2_000_000);
    expect(bad.state).toBe('crashed');
    expect(bad.haltReason).toMatch(
      /`csrw sie, zero` \(0x10401073\) at 0x80400000 .*full mode \(or hw\)/,
    );
    expect(good.alive).toBe(true);
    expect(text.endsWith('$ ')).toBe(true);
  }, 60_000);
});

describe.skipIf(!toolchain.available)('a hostile pv guest on the hypervisor server', () => {
  reportMissingToolchain();
  it('is refused its neighbour’s, the VMM’s and the UART’s frames while the lab kernel runs on', async () => {
    const server = createHypervisorServer({
      memoryMiB: 64,
      harts: 1,
      hardwareVirtualization: false,
    });
    const hostile = server.createDomain({
      name: 'hostile',
      mode: 'pv',
      memoryMiB: 8,
      image: assemble(hostileGuest(8)),
    });
    let said = '';
    server.setOutput(hostile, (byte) => (said += String.fromCharCode(byte)));
    const guest = server.createDomain({
      name: 'guest',
      mode: 'pv',
      memoryMiB: 32,
      image: new Uint8Array(readFileSync(IMAGES.pv)),
    });
    const session = await runScriptedSession(serialOf(server, guest), [
      { type: 'echo still here\n' },
      { type: 'poweroff\n', last: true },
    ]);
    expect(said).toBe('hostile: all 6 refused\n');
    expect(hostile.haltReason).toBe('powered off');
    expect(hostile.totals().calls.get('mmu_update.refused')).toBe(6);
    expect(session.segments[1]).toMatch(/^still here\r?$/m);
    expect(session.exitCode).toBe(0);
  }, 60_000);
});
