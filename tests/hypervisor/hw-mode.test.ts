import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainConfigError } from '../../engine/hypervisor/domain-config';
import type { DomainStats } from '../../engine/hypervisor/hypervisor-stats';
import { createHypervisorServer } from '../../engine/hypervisor/hypervisor';
import { hardwareRefusal } from '../../engine/lab/validate-lab';
import { LAB_OS_SESSION } from '../boot/session';
import { bootOnEngine } from '../support/engine-serial';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession, type SessionResult, type SessionStep } from '../support/serial';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));
const SBI = 'Hyperlab VMM (hardware-assisted)';
const FIRMWARE = 'Hyperlab firmware (bare metal)';
const WITH_H = { memoryMiB: 132, harts: 1, hardwareVirtualization: true };

/** Every figure (cycles, ticks, pids, addresses) and the SBI's name aside. */
function withoutFigures(segment: string): string {
  return segment
    .replaceAll(SBI, 'SBI')
    .replaceAll(FIRMWARE, 'SBI')
    .replace(/0x[0-9a-f]+/g, '0x#')
    .replace(/\d+/g, '#')
    .replace(/ +/g, ' ');
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('the unmodified kernel under hardware-assisted virtualization (hw)', () => {
  let bare: SessionResult;
  let session: SessionResult;
  beforeAll(async () => {
    bare = await runScriptedSession(bootOnEngine('public/images/bare-metal.elf'), LAB_OS_SESSION);
    const run = startHypervisor(WITH_H, [
      { name: 'hyperlab', mode: 'hw', memoryMiB: 128, image: KERNEL },
    ]);
    session = await runScriptedSession(run.consoles[0], LAB_OS_SESSION);
    await run.finished;
  });

  it('boots in VS-mode naming the VMM, and runs every program of the student session', () => {
    expect(session.segments[0]).toContain(`sbi: running on ${SBI}`);
    expect(session.transcript).not.toMatch(/panic/i);
    expect(session.exitCode).toBe(0);
  });

  it('prints the bare-metal transcript, figures and the SBI name aside', () => {
    LAB_OS_SESSION.forEach((step, i) => {
      expect(withoutFigures(session.segments[i + 1]), `after ${step.type}`).toBe(
        withoutFigures(bare.segments[i + 1]),
      );
    });
  });
});

/** Runs `steps` on one guest of `mode` and returns the domain's counters at every prompt. */
async function countersOf(mode: 'full' | 'hw', steps: readonly SessionStep[]) {
  const run = startHypervisor({ memoryMiB: 64, harts: 1, hardwareVirtualization: true }, [
    { name: 'web', mode, memoryMiB: 48, image: KERNEL },
  ]);
  const snapshots: DomainStats[] = [];
  let text = '';
  run.consoles[0].onOutput((bytes) => {
    text += new TextDecoder().decode(bytes);
    if (text.endsWith('$ ')) snapshots.push(run.server.stats().domains[0]);
  });
  const session = await runScriptedSession(run.consoles[0], steps);
  await run.finished;
  return { session, snapshots, final: run.server.stats().domains[0] };
}

describe('what exits under hw, against full, for the same session', () => {
  const steps: SessionStep[] = [
    { type: 'uname -a\n' },
    { type: 'bench null\n' },
    { type: 'poweroff\n', last: true },
  ];
  let hw: Awaited<ReturnType<typeof countersOf>>;
  let full: Awaited<ReturnType<typeof countersOf>>;
  beforeAll(async () => {
    hw = await countersOf('hw', steps);
    full = await countersOf('full', steps);
  });

  it('runs the session to poweroff under both', () => {
    for (const run of [hw, full]) {
      expect(run.session.segments[2]).toMatch(/^null: \d+ cycles\/op/m);
      expect(run.final).toMatchObject({ state: 'shutdown', haltReason: 'powered off' });
    }
    expect(hw.session.segments[1]).toContain(`#1 ${SBI} riscv32`);
  });

  it('exits far less often than full: system calls and CSR accesses never leave the guest', () => {
    expect(total(hw.final.exits) * 10).toBeLessThan(total(full.final.exits));
    // bench null makes 2001 system calls; under hw none of them is an exit, only its console
    // output and timer ticks are, while under full each is several.
    const benchExits = ({ snapshots: [, afterUname, afterBench] }: typeof hw) =>
      total(afterBench.exits) - total(afterUname.exits);
    expect(benchExits(hw)).toBeLessThan(2001 / 4);
    expect(benchExits(hw) * 10).toBeLessThan(benchExits(full));
    expect(Object.keys(hw.final.exits).sort()).toEqual(
      expect.arrayContaining(['ecall-from-vs', 'store-guest-page-fault', 'virtual-instruction']),
    );
    expect(hw.final.exits).not.toHaveProperty('ecall-from-vu');
    expect(hw.final.exits).not.toHaveProperty('illegal-instruction');
    // No CSR access is emulated (full emulates thousands); WFI is the one emulated instruction.
    expect(Object.keys(hw.final.emulated)).toEqual(['wfi']);
    expect(full.final.emulated['csr sstatus']).toBeGreaterThan(1000);
    expect(hw.final.shadowFills).toBe(0);
  });

  it('pays at least one exit, an MMIO emulation, per console byte written', () => {
    const [atPrompt, , afterBench] = hw.snapshots;
    const bytes = afterBench.consoleBytes - atPrompt.consoleBytes;
    const mmio = (afterBench.mmio.uart0 ?? 0) - (atPrompt.mmio.uart0 ?? 0);
    const guestPageFaults =
      (afterBench.exits['store-guest-page-fault'] ?? 0) -
      (atPrompt.exits['store-guest-page-fault'] ?? 0);
    expect(bytes).toBeGreaterThan(20);
    expect(mmio).toBeGreaterThanOrEqual(bytes);
    expect(guestPageFaults).toBeGreaterThanOrEqual(bytes);
  });

  it('injects the timer and UART interrupts through hvip and counts the two-stage walks', () => {
    const { injected, translation, calls } = hw.final;
    expect(injected['virtual-supervisor-timer']).toBeGreaterThan(0);
    expect(injected['virtual-supervisor-external']).toBeGreaterThan(0); // the typed commands
    expect(calls).toMatchObject({ get_impl_name: 1, system_reset: 1 });
    // The guest's RAM lies 4 MiB aligned in host RAM: each first touch maps a megapage.
    expect(translation.gStageMegapages).toBeGreaterThan(1);
    expect(translation.gStageMegapages).toBeLessThanOrEqual(48 / 4);
    expect(translation.twoStageTranslations).toBeGreaterThan(1000);
    // A two-stage TLB miss reads up to 8 PTEs: more than one per miss on average.
    expect(translation.walkReferences).toBeGreaterThan(2 * translation.twoStageTranslations);
    expect(translation.tlbHits).toBeGreaterThan(translation.tlbMisses);
    expect(full.final.translation).toEqual({});
  });
});

describe('hw guests sharing a hart with each other and with a full guest', () => {
  it('keeps every guest its own VS state across world switches', async () => {
    const run = startHypervisor({ memoryMiB: 100, harts: 1, hardwareVirtualization: true }, [
      // 10 MiB: the next guest's RAM is not 4 MiB aligned in host RAM, so it gets 4 KiB pages.
      { name: 'one', mode: 'hw', memoryMiB: 10, image: KERNEL },
      { name: 'two', mode: 'hw', memoryMiB: 24, image: KERNEL },
      { name: 'three', mode: 'full', memoryMiB: 24, image: KERNEL },
    ]);
    const sessions = await Promise.all(
      run.consoles.map((console) =>
        runScriptedSession(console, [
          { type: `hostname ${console.domain.name} && bench null\n` },
          { type: 'hostname\n' },
          { type: 'poweroff\n', last: true },
        ]),
      ),
    );
    await run.finished;
    sessions.forEach((session, i) => {
      const name = run.consoles[i].domain.name;
      expect(session.segments[1], name).toMatch(/^null: \d+ cycles\/op/m);
      expect(session.segments[2], name).toMatch(new RegExp(`^${name}\\r?$`, 'm'));
      expect(session.exitCode, name).toBe(0);
    });
    const stats = run.server.stats();
    expect(stats.scheduler.switch).toBeGreaterThan(10);
    const [one, two] = stats.domains;
    expect(one.translation.gStageMegapages).toBeGreaterThan(0);
    expect(two.translation).not.toHaveProperty('gStageMegapages');
    expect(two.translation.gStagePages).toBeGreaterThan(100);
  });
});

describe('a hw guest on a server without the H extension', () => {
  it('is refused before anything starts, with the lab validator’s words', () => {
    const server = createHypervisorServer({
      name: 'old-xen',
      memoryMiB: 64,
      harts: 1,
      hardwareVirtualization: false,
    });
    const frames = server.vmmMemory.freeFrames;
    const create = () =>
      server.createDomain({ name: 'fast', mode: 'hw', memoryMiB: 32, image: KERNEL });
    expect(create).toThrow(DomainConfigError);
    expect(create).toThrow(`mode: ${hardwareRefusal({ kind: 'hw' }, { name: 'old-xen' })}`);
    expect(create).toThrow(/lacks virtualization support.*"full" or "bt".*"pv" with the modified/);
    expect(server.domains).toEqual([]);
    expect(server.vmmMemory.freeFrames).toBe(frames);
    expect(server.machine.harts[0].readCsr(0x301) & (1 << 7)).toBe(0); // misa.H clear
  });

  it('gets the H extension in every hart when the server has the feature', () => {
    const server = createHypervisorServer({
      memoryMiB: 64,
      harts: 2,
      hardwareVirtualization: true,
    });
    for (const hart of server.machine.harts) expect(hart.readCsr(0x301) & (1 << 7)).not.toBe(0);
  });
});
