import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainStats } from '../../engine/hypervisor/hypervisor-stats';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession, type SessionResult } from '../support/serial';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));

/** The domain's counters each time its shell printed a prompt. */
function promptSnapshots(consoles: ReturnType<typeof startHypervisor>) {
  const snapshots: DomainStats[] = [];
  const [console] = consoles.consoles;
  let text = '';
  console.onOutput((bytes) => {
    text += new TextDecoder().decode(bytes);
    if (text.endsWith('$ ')) snapshots.push(consoles.server.stats().domains[0]);
  });
  return snapshots;
}

const exits = (d: DomainStats) => Object.values(d.exits).reduce((a, b) => a + b, 0);

describe('the unmodified kernel under full virtualization', () => {
  let session: SessionResult;
  let snapshots: DomainStats[];
  let final: DomainStats;

  beforeAll(async () => {
    const run = startHypervisor({ memoryMiB: 64, harts: 1, hardwareVirtualization: false }, [
      { name: 'web', mode: 'full', memoryMiB: 48, image: KERNEL },
    ]);
    snapshots = promptSnapshots(run);
    session = await runScriptedSession(run.consoles[0], [
      { type: 'uname -a\n' },
      { type: 'bench null\n' },
      { type: 'poweroff\n', last: true },
    ]);
    await run.finished;
    final = run.server.stats().domains[0];
  });

  it('boots to the shell, says it runs on the VMM, runs bench and powers off', () => {
    expect(session.segments[0]).toMatch(/sbi: running on Hyperlab VMM \(full virtualization\)/);
    expect(session.segments[0]).toMatch(/memory: 48 MiB at 0x80000000/);
    expect(session.segments[1]).toMatch(
      /Hyperlab hyperlab 0\.1 #1 Hyperlab VMM \(full virtualization\) riscv32/,
    );
    expect(session.segments[2]).toMatch(/^null: \d+ cycles\/op/m);
    expect(session.exitCode).toBe(0);
    expect(final).toMatchObject({ state: 'shutdown', haltReason: 'powered off' });
  });

  it('pays at least one VMM exit per system call: bench null makes 2001', () => {
    const [, afterUname, afterBench] = snapshots;
    const userEcalls =
      (afterBench.exits['ecall-from-vu'] ?? 0) - (afterUname.exits['ecall-from-vu'] ?? 0);
    expect(userEcalls).toBeGreaterThanOrEqual(2001);
    expect(exits(afterBench) - exits(afterUname)).toBeGreaterThan(2001);
    // Each reflected ecall returns through an emulated sret, after CSR accesses in the trap entry.
    expect(afterBench.emulated.sret - afterUname.emulated.sret).toBeGreaterThanOrEqual(2001);
    expect(afterBench.reflected['ecall-from-u']).toBe(afterBench.exits['ecall-from-vu']);
  });

  it('pays MMIO emulations for every console byte', () => {
    const [atPrompt, , afterBench] = snapshots;
    const bytes = afterBench.consoleBytes - atPrompt.consoleBytes;
    const mmio = (afterBench.mmio.uart0 ?? 0) - (atPrompt.mmio.uart0 ?? 0);
    expect(bytes).toBeGreaterThan(20);
    // A polled byte is a status read and a data write: two emulations at least.
    expect(mmio).toBeGreaterThanOrEqual(2 * bytes);
  });

  it('fills shadow tables on faults and syncs them on satp writes and fences', () => {
    expect(final.shadowFills).toBeGreaterThan(100);
    expect(final.shadowSyncs).toBeGreaterThan(3);
    expect(final.emulated['csr satp']).toBeGreaterThan(0);
    expect(final.emulated['sfence.vma']).toBeGreaterThan(0);
    expect(final.injected['supervisor-timer']).toBeGreaterThan(0);
    expect(final.injected['supervisor-external']).toBeGreaterThan(0); // the typed commands
    expect(final.calls).toMatchObject({ get_impl_name: 1, system_reset: 1 });
  });
});
