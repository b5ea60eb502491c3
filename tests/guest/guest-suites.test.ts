import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { missingTools, type Tool } from '../support/tools';

const BUILD_TOOLS: Tool[] = ['clang', 'ld.lld', 'llvm-objcopy', 'make'];

/** Runs a make target of guest/ and returns its output; a failing target fails the test. */
function make(...args: string[]): string {
  try {
    return execFileSync('make', ['-s', '-C', 'guest', ...args], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`make ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/**
 * The guest's own suites, written beside the C they test: the firmware's SBI conformance and the
 * kernel's contract (boot log, /proc formats, crash lines, Ctrl-C, respawn, panic exit code) on
 * QEMU, and the user programs under Linux user-mode emulation (their syscalls use Linux numbers).
 */
describe('the guest suites', () => {
  const noQemu = missingTools('guest suites on QEMU', ...BUILD_TOOLS, 'qemu-system-riscv32');
  it.skipIf(noQemu)('pass the SBI and kernel-contract checks on QEMU', () => {
    const output = make('test');
    expect(output).toContain('sbi-test: PASSED');
    expect(output).toMatch(/all passed/);
  });

  const noUserMode = missingTools('user programs on qemu-riscv32', ...BUILD_TOOLS, 'qemu-riscv32');
  it.skipIf(noUserMode)('pass the user-program checks under qemu-riscv32', () => {
    expect(make('-f', 'user/user.mk', 'user-test')).not.toMatch(/^FAIL/m);
  });
});
