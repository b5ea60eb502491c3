import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMachine } from '../../engine/machine/machine';
import { bootOnEngine } from '../support/engine-serial';
import { bootOnQemu } from '../support/qemu';
import { runScriptedSession, type SessionResult } from '../support/serial';
import { missingTools } from '../support/tools';
import { LAB_OS_SESSION } from './session';

const IMAGE = 'public/images/bare-metal.elf';

/**
 * Hides figures that depend on timing: the boot's instruction count, and in timing steps every
 * number (with the padding that aligns it, since a figure's width varies too).
 */
function withoutTimingFigures(result: SessionResult): string[] {
  return result.segments.map((segment, i) => {
    if (i === 0) return segment.replace(/^boot: \d+/m, 'boot: #');
    if (!LAB_OS_SESSION[i - 1].timing) return segment;
    return segment.replace(/\d+/g, '#').replace(/ +/g, ' ');
  });
}

describe('the lab OS on the engine', () => {
  let engine: SessionResult;
  beforeAll(async () => {
    engine = await runScriptedSession(bootOnEngine(IMAGE), LAB_OS_SESSION);
  });

  it('boots to the first prompt in under 50 million instructions', () => {
    const machine = createMachine({ memoryMiB: 128, harts: 1 });
    machine.loadImage(new Uint8Array(readFileSync(IMAGE)));
    machine.boot();
    let output = '';
    machine.setOutput((byte) => (output += String.fromCharCode(byte)));
    while (!output.endsWith('$ ') && machine.retired < 50_000_000) machine.run(100_000);
    expect(output).toMatch(/sbi: running on Hyperlab firmware \(bare metal\)/);
    expect(output.endsWith('$ ')).toBe(true);
    expect(machine.retired).toBeLessThan(50_000_000);
  });

  it('runs every program of a scripted session and powers off with status 0', () => {
    LAB_OS_SESSION.forEach((step, i) => {
      // The tty turns each \n into \r\n; the expectations are written without the \r.
      const output = engine.segments[i + 1].replace(/\r/g, '');
      expect(output.startsWith(step.type.trimEnd()), `echo of ${step.type}`).toBe(true);
      if (step.expect) expect(output, `output of ${step.type}`).toMatch(step.expect);
    });
    expect(engine.exitCode).toBe(0);
  });

  it('keeps the shell and kernel running after faults, fork bombs and memory exhaustion', () => {
    const after = (command: string) => {
      const i = LAB_OS_SESSION.findIndex((step) => step.type.startsWith(command));
      return engine.segments[i + 2];
    };
    for (const fault of ['crash', 'illegal', 'forkbomb', 'memhog']) {
      expect(after(fault), `the command after ${fault}`).not.toMatch(/panic/i);
    }
    expect(engine.transcript).not.toMatch(/panic/i);
  });

  const noQemu = missingTools('lab OS on QEMU', 'qemu-system-riscv32');
  it.skipIf(noQemu)('prints the same transcript on QEMU, timing figures aside', async () => {
    const qemu = await runScriptedSession(bootOnQemu(IMAGE, { icount: true }), LAB_OS_SESSION);
    expect(qemu.exitCode).toBe(0);
    const [onQemu, onEngine] = [withoutTimingFigures(qemu), withoutTimingFigures(engine)];
    onEngine.forEach((segment, i) => expect(onQemu[i], `segment ${i}`).toBe(segment));
  });
});
