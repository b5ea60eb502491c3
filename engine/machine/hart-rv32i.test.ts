import { describe, expect, it } from 'vitest';
import { reportMissingToolchain, runProgram, toolchain } from '../../tests/support/rv32';

reportMissingToolchain();

describe.skipIf(!toolchain.available)('RV32I', () => {
  it('runs a loop', () => {
    const r = runProgram(`
_start:
  li a0, 0
  li a1, 100
1:
  addi a0, a0, 3
  addi a1, a1, -1
  bnez a1, 1b
  EXIT
`);
    expect(r.reason).toBe('exit');
    expect(r.hart.x[10]).toBe(300);
  });
});
