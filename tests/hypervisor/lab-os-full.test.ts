import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_OS_SESSION } from '../boot/session';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession, type SessionResult } from '../support/serial';

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));
const FIRMWARE_NAME = /Hyperlab firmware \\\(bare metal\\\)/g;

/**
 * The student's first session of tests/boot, every program of the lab OS, run on the unmodified
 * kernel under full virtualization: it must behave as on bare metal, the SBI's name aside.
 */
describe('the lab OS session under full virtualization', () => {
  let session: SessionResult;
  beforeAll(async () => {
    const run = startHypervisor({ memoryMiB: 132, harts: 1, hardwareVirtualization: false }, [
      { name: 'hyperlab', mode: 'full', memoryMiB: 128, image: KERNEL },
    ]);
    session = await runScriptedSession(run.consoles[0], LAB_OS_SESSION);
    await run.finished;
  });

  it('runs every program with the output it has on bare metal', () => {
    LAB_OS_SESSION.forEach((step, i) => {
      const output = session.segments[i + 1].replace(/\r/g, '');
      expect(output.startsWith(step.type.trimEnd()), `echo of ${step.type}`).toBe(true);
      if (!step.expect) return;
      const expected = new RegExp(
        step.expect.source.replace(FIRMWARE_NAME, 'Hyperlab VMM \\(full virtualization\\)'),
        step.expect.flags,
      );
      expect(output, `output of ${step.type}`).toMatch(expected);
    });
    expect(session.transcript).not.toMatch(/panic/i);
    expect(session.exitCode).toBe(0);
  });
});
