import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PvDomainRun, PvHost, pvSerial } from '../support/pv-domain';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';
import { hostileGuest } from '../support/pv-programs';
import { runScriptedSession } from '../support/serial';

const PV_KERNEL = 'public/images/kernel-pv.elf';
const NATIVE_KERNEL = 'public/images/kernel.elf';
const MiB = 1024 * 1024;

/**
 * The pv mode of the VMM with the lab kernel: kernel-pv.elf boots to its shell on hypercalls
 * alone, the unmodified kernel.elf is stopped at its first privileged instruction, and a hostile
 * guest cannot map frames that are not its own.
 */
describe('pv mode', () => {
  it('boots kernel-pv.elf to the shell and runs bench null on hypercalls alone', async () => {
    const serial = pvSerial(PV_KERNEL);
    const session = await runScriptedSession(serial, [
      { type: 'bench null\n' },
      { type: 'echo one two\n' },
      { type: 'poweroff\n', last: true },
    ]);
    const [boot, bench, echo] = session.segments;
    expect(boot).toContain('Hyperlab kernel 0.1 (pv) booting on hart 0');
    expect(boot).toContain('sbi: running on Hyperlab VMM (paravirtualized)');
    expect(boot).toMatch(/memory: 32 MiB at 0x80000000/);
    expect(bench).toMatch(/^null: \d+ cycles\/op\r?$/m);
    expect(echo).toMatch(/^one two\r?$/m);
    expect(session.exitCode).toBe(0);

    const counters = serial.run.context.vcpu.counters;
    const calls = counters.calls.toJSON();
    // Every kernel entry from user mode ends in iret; page tables, console and timer move too.
    expect(calls.iret).toBeGreaterThan(1000);
    for (const name of [
      'mmu_update',
      'pin_table',
      'unpin_table',
      'new_baseptr',
      'console_write',
      'console_read',
      'set_timer',
      'block',
      'set_trap_table',
      'register_shared_page',
    ]) {
      expect(calls[name], name).toBeGreaterThan(0);
    }
    expect(counters.calls.get('mmu_update.refused')).toBe(0);
    // No privileged instruction ever trapped: the only exits are ecalls and the lazy page faults.
    expect(counters.exits.get('illegal-instruction')).toBe(0);
    expect(Object.keys(counters.exits.toJSON()).sort()).toEqual(
      expect.arrayContaining(['ecall-from-vs', 'ecall-from-vu']),
    );
    expect(serial.run.mode.mmu.refused).toBe(0);
  }, 120_000);

  it('boots when the domain frames are not 4 MiB aligned (megapages spelled out in 4 KiB leaves)', () => {
    const host = new PvHost(4 + 1 + 32);
    host.skip(1 * MiB);
    const run = new PvDomainRun(new Uint8Array(readFileSync(PV_KERNEL)), { host });
    let text = '';
    for (let i = 0; i < 100 && !text.endsWith('$ '); i++) {
      run.run(1_000_000);
      text += new TextDecoder().decode(run.takeOutput());
    }
    expect(text).toContain('sbi: running on Hyperlab VMM (paravirtualized)');
    expect(text.endsWith('$ ')).toBe(true);
  }, 60_000);

  it('stops the unmodified kernel.elf at its first privileged instruction, named', () => {
    const run = new PvDomainRun(new Uint8Array(readFileSync(NATIVE_KERNEL)));
    run.run(1_000_000);
    expect(run.outcome?.kind).toBe('crash');
    const reason = run.outcome?.kind === 'crash' ? run.outcome.reason : '';
    expect(reason).toContain('`csrw sie, zero`');
    expect(reason).toContain('at 0x80400000');
    expect(reason).toMatch(/full mode \(or hw\)/);
    expect(run.context.vcpu.counters.exits.get('illegal-instruction')).toBe(1);
  });

  describe.skipIf(!toolchain.available)('a hostile guest', () => {
    reportMissingToolchain();
    it('is refused every mapping of frames not its own, and the guest beside it runs on', async () => {
      const host = new PvHost(4 + 4 + 32);
      const hostile = new PvDomainRun(assemble(hostileGuest(4)), { host, memoryMiB: 4 });
      const serial = pvSerial(PV_KERNEL, { host });
      // The hostile guest runs first, then shares the hart with the lab kernel slice by slice.
      hostile.run(100_000);
      const session = runScriptedSession(serial, [
        { type: 'echo still here\n' },
        { type: 'poweroff\n', last: true },
      ]);
      const result = await session;
      expect(new TextDecoder().decode(hostile.takeOutput())).toBe('hostile: all 6 refused\n');
      expect(hostile.outcome).toEqual({ kind: 'shutdown', how: 'shutdown' });
      expect(hostile.mode.mmu.refused).toBe(6);
      expect(hostile.context.vcpu.counters.calls.get('mmu_update.refused')).toBe(6);
      expect(result.segments[1]).toMatch(/^still here\r?$/m);
      expect(result.exitCode).toBe(0);
      expect(serial.run.mode.mmu.refused).toBe(0);
    }, 120_000);
  });
});
