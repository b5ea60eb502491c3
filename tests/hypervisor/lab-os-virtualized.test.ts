import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_OS_SESSION } from '../boot/session';
import { bootOnEngine } from '../support/engine-serial';
import { startHypervisor } from '../support/hypervisor-serial';
import { runScriptedSession, type SessionResult } from '../support/serial';

const FIRMWARE_NAME = /Hyperlab firmware \\\(bare metal\\\)/g;

const MODES = [
  { mode: 'full', image: 'public/images/kernel.elf', sbi: 'Hyperlab VMM (full virtualization)' },
  { mode: 'pv', image: 'public/images/kernel-pv.elf', sbi: 'Hyperlab VMM (paravirtualized)' },
  { mode: 'bt', image: 'public/images/kernel.elf', sbi: 'Hyperlab VMM (binary translation)' },
] as const;

/**
 * What may differ between bare metal and a guest: every figure (cycles, ticks, pids, free memory
 * of a kernel whose size differs), the name of the SBI it runs on and the kernel's flavour.
 */
function withoutFigures(segment: string, sbi: string): string {
  return segment
    .replaceAll(sbi, 'SBI')
    .replaceAll('Hyperlab firmware (bare metal)', 'SBI')
    .replace(/\((native|pv)\)/g, '(flavour)')
    .replace(/0x[0-9a-f]+/g, '0x#')
    .replace(/\d+/g, '#')
    .replace(/ +/g, ' ');
}

/**
 * The student's first session of tests/boot, every program of the lab OS, run under the
 * hypervisor: the unmodified kernel under full virtualization and under binary translation, and
 * the paravirtual build under pv, must all print what the lab OS prints on bare metal, figures
 * and the SBI's name aside.
 */
describe('the lab OS session under the hypervisor', () => {
  let bare: SessionResult;
  beforeAll(async () => {
    bare = await runScriptedSession(bootOnEngine('public/images/bare-metal.elf'), LAB_OS_SESSION);
  });

  for (const { mode, image, sbi } of MODES) {
    describe(`under ${mode}`, () => {
      let session: SessionResult;
      beforeAll(async () => {
        const kernel = new Uint8Array(readFileSync(image));
        const run = startHypervisor({ memoryMiB: 132, harts: 1, hardwareVirtualization: false }, [
          { name: 'hyperlab', mode, memoryMiB: 128, image: kernel },
        ]);
        session = await runScriptedSession(run.consoles[0], LAB_OS_SESSION);
        await run.finished;
      });

      it('boots naming the hypervisor and mode it runs on', () => {
        expect(session.segments[0]).toContain(`sbi: running on ${sbi}`);
      });

      it('runs every program with the output it has on bare metal', () => {
        LAB_OS_SESSION.forEach((step, i) => {
          const output = session.segments[i + 1].replace(/\r/g, '');
          expect(output.startsWith(step.type.trimEnd()), `echo of ${step.type}`).toBe(true);
          if (!step.expect) return;
          const expected = new RegExp(
            step.expect.source.replace(FIRMWARE_NAME, sbi.replace(/[()]/g, '\\$&')),
            step.expect.flags,
          );
          expect(output, `output of ${step.type}`).toMatch(expected);
        });
        expect(session.transcript).not.toMatch(/panic/i);
        expect(session.exitCode).toBe(0);
      });

      it('prints the bare-metal transcript, figures and the SBI name aside', () => {
        LAB_OS_SESSION.forEach((step, i) => {
          expect(withoutFigures(session.segments[i + 1], sbi), `after ${step.type}`).toBe(
            withoutFigures(bare.segments[i + 1], sbi),
          );
        });
      });
    });
  }
});
