import { describe, expect, it } from 'vitest';
import { privilegedInstruction } from './privileged';

describe('privilegedInstruction', () => {
  it('names the instructions an unmodified kernel stops at', () => {
    expect(privilegedInstruction(0x1040_1073)).toBe('csrw sie, zero');
    expect(privilegedInstruction(0x1002_a5f3)).toBe('csrrs a1, sstatus, t0');
    expect(privilegedInstruction(0x1000_2573)).toBe('csrr a0, sstatus');
    expect(privilegedInstruction(0x1001_7073)).toBe('csrci sstatus, 2');
    expect(privilegedInstruction(0x1020_0073)).toBe('sret');
    expect(privilegedInstruction(0x1050_0073)).toBe('wfi');
    expect(privilegedInstruction(0x1200_0073)).toBe('sfence.vma zero, zero');
  });

  it('says nothing for an instruction that is not a system one', () => {
    expect(privilegedInstruction(0x0000_0013)).toBeUndefined(); // nop
    expect(privilegedInstruction(0x0000_0073)).toBeUndefined(); // ecall
  });
});
