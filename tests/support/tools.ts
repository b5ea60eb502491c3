import { execFileSync } from 'node:child_process';

/**
 * External tools some suites need. Locally a suite may skip when one is missing, with a printed
 * reason; in CI (CI=true) a missing tool is an error, because .ci/run installs them all and a
 * skipped oracle would let a broken machine pass.
 */
export type Tool =
  'clang' | 'ld.lld' | 'llvm-objcopy' | 'qemu-system-riscv32' | 'qemu-riscv32' | 'make';

const installHint: Record<Tool, string> = {
  clang: 'apt-get install clang',
  'ld.lld': 'apt-get install lld',
  'llvm-objcopy': 'apt-get install llvm',
  'qemu-system-riscv32': 'apt-get install qemu-system-misc',
  'qemu-riscv32': 'apt-get install qemu-user',
  make: 'apt-get install make',
};

function isInstalled(tool: Tool): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the reason to skip when any of `tools` is missing, or undefined when all are present.
 * Prints the reason so a local skip is never silent; throws in CI.
 */
export function missingTools(suite: string, ...tools: Tool[]): string | undefined {
  const missing = tools.filter((tool) => !isInstalled(tool));
  if (missing.length === 0) return undefined;
  const reason =
    `${suite}: skipped, missing ${missing.join(', ')} ` +
    `(${missing.map((tool) => installHint[tool]).join('; ')})`;
  if (process.env.CI) throw new Error(`${reason}: CI must have every tool installed`);
  console.warn(reason);
  return reason;
}
