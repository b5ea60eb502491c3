import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHypervisor } from '../support/hypervisor-serial';
import { missingTools } from '../support/tools';

const noTools = missingTools(
  'SBI conformance under the VMM',
  'clang',
  'ld.lld',
  'llvm-objcopy',
  'make',
);

/**
 * guest/firmware/test/sbi-test.c linked as a kernel (build/sbi-test.elf) checks the SBI surface
 * of docs/sbi.md from S-mode: here it runs in virtual S-mode and every call is the VMM's.
 */
describe.skipIf(noTools)('the VMM SBI', () => {
  it('passes the conformance test that the firmware passes, and names the VMM', async () => {
    execFileSync('make', ['-s', '-C', 'guest', 'build/sbi-test.elf'], { stdio: 'pipe' });
    const image = new Uint8Array(readFileSync('guest/build/sbi-test.elf'));
    const run = startHypervisor({ memoryMiB: 32, harts: 1, hardwareVirtualization: false }, [
      { name: 'sbitest', mode: 'full', memoryMiB: 16, image },
    ]);
    let output = '';
    run.consoles[0].onOutput((bytes) => (output += new TextDecoder().decode(bytes)));
    expect(await run.consoles[0].exited).toBe(0);
    await run.finished;
    expect(output).toMatch(/name: Hyperlab VMM \(full virtualization\)/);
    expect(output).toMatch(/base: impl id \(0x48594c02\)/);
    expect(output).toMatch(/sbi-test: PASSED (\d+) of \1/);
    expect(output).not.toMatch(/^FAIL/m);
  });
});
