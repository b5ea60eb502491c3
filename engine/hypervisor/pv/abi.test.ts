import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as abi from './abi';

/** The #define NAME VALUE lines of the guest's header, as numbers. */
function defines(): Map<string, number> {
  const text = readFileSync('guest/kernel/arch/pv/hypercall.h', 'utf8');
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^#define (\w+) +(0x[0-9A-Fa-f]+|\d+)\b/gm))
    out.set(m[1], Number(m[2]));
  return out;
}

describe('the hypercall ABI', () => {
  const header = defines();

  it('has the same magic and hypercall numbers in C and TypeScript', () => {
    expect(header.get('HV_MAGIC')).toBe(abi.HV_MAGIC);
    abi.HYPERCALLS.forEach((name, nr) =>
      expect(header.get(`HV_${name.toUpperCase()}`), name).toBe(nr),
    );
  });

  it('has the same shared-page layout and bits', () => {
    const text = readFileSync('guest/kernel/arch/pv/hypercall.h', 'utf8');
    const offsets = [...text.matchAll(/^\s+uint32 (\w+)(?:, (\w+))?;\s+\/\/ (0x[0-9a-f]+)/gm)];
    const fields = offsets.map((m) => [m[1], Number(m[3])] as const);
    expect(fields).toEqual([
      ['mask', abi.SH_MASK],
      ['pending', abi.SH_PENDING],
      ['cause', abi.SH_CAUSE],
      ['epc', abi.SH_EPC],
      ['tval', abi.SH_TVAL],
      ['status', abi.SH_STATUS],
      ['sp', abi.SH_SP],
      ['kernel_sp', abi.SH_KERNEL_SP],
      ['a6', abi.SH_A6],
    ]);
    expect(abi.SH_A7).toBe(abi.SH_A6 + 4);
    for (const name of [
      'HV_STATUS_KERNEL',
      'HV_STATUS_MASKED',
      'HV_VIRQ_SOFT',
      'HV_VIRQ_TIMER',
      'HV_VIRQ_CONSOLE',
      'HV_SHUTDOWN_POWEROFF',
      'HV_SHUTDOWN_REBOOT',
      'HV_SHUTDOWN_CRASH',
      'HV_VCPU_DOM0',
    ] as const) {
      expect(header.get(name), name).toBe(abi[name]);
    }
  });

  it('matches the trap entry code of the guest', () => {
    const asm = readFileSync('guest/kernel/arch/pv/trapvec.S', 'utf8');
    const value = (name: string) => Number(new RegExp(`#define ${name} (\\S+)`).exec(asm)?.[1]);
    expect(value('SH_CAUSE')).toBe(abi.SH_CAUSE);
    expect(value('SH_EPC')).toBe(abi.SH_EPC);
    expect(value('SH_TVAL')).toBe(abi.SH_TVAL);
    expect(value('SH_STATUS')).toBe(abi.SH_STATUS);
    expect(value('SH_SP')).toBe(abi.SH_SP);
    expect(value('HV_MAGIC')).toBe(abi.HV_MAGIC);
    expect(value('HV_IRET')).toBe(abi.hypercallNumber('iret'));
  });
});
