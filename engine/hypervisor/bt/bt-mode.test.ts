import { describe, expect, it } from 'vitest';
import { createHypervisorServer } from '../hypervisor';
import { FLAT_PRICES } from '../prices';
import type { BtMode } from './bt-mode';

// Hand-encoded RV32I, so the test needs no toolchain. Registers by number.
const T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9, A0 = 10, A1 = 11, A6 = 16, A7 = 17, T3 = 28, T4 = 29, T5 = 30; // prettier-ignore
const SSCRATCH = 0x140;
const i = (imm: number, rs1: number, f3: number, rd: number, op: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
const addi = (rd: number, rs1: number, imm: number) => i(imm, rs1, 0, rd, 0x13);
const lui = (rd: number, upper: number) => ((upper << 12) | (rd << 7) | 0x37) >>> 0;
const auipc = (rd: number) => ((rd << 7) | 0x17) >>> 0;
const csrr = (rd: number, csr: number) => i(csr, 0, 2, rd, 0x73);
const csrw = (csr: number, rs1: number) => i(csr, rs1, 1, 0, 0x73);
const store = (f3: number, rs2: number, rs1: number, imm: number) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | 0x23) >>> 0; // prettier-ignore
const bne = (rs1: number, rs2: number, offset: number) =>
  ((((offset >> 12) & 1) << 31) | (((offset >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (1 << 12) | (((offset >> 1) & 0xf) << 8) | (((offset >> 11) & 1) << 7) | 0x63) >>> 0; // prettier-ignore
const jal = (offset: number) =>
  ((((offset >> 20) & 1) << 31) | (((offset >> 1) & 0x3ff) << 21) | (((offset >> 11) & 1) << 20) | (((offset >> 12) & 0xff) << 12) | 0x6f) >>> 0; // prettier-ignore
const FENCE_I = 0x0000100f;
const ECALL = 0x00000073;

/**
 * A guest kernel (satp bare) that: writes and reads sscratch 16 times (privileged instructions
 * in a loop); prints "A" 8 times on the virtual UART (a store that faults every time under full);
 * runs a block, rewrites one of its instructions (addi a0, x0, 1 -> 2), FENCE.I, runs it again,
 * leaving sscratch = 2; and powers off through SBI SRST.
 */
const PROGRAM = [
  /*  0 */ addi(T0, 0, 16),
  /*  4 */ addi(S1, 0, 0),
  /*  8 */ csrr(T1, SSCRATCH),
  /* 12 */ csrw(SSCRATCH, T0),
  /* 16 */ addi(T0, T0, -1),
  /* 20 */ bne(T0, 0, -12),
  /* 24 */ lui(T2, 0x10000),
  /* 28 */ addi(T3, 0, 65),
  /* 32 */ addi(T4, 0, 8),
  /* 36 */ store(0, T3, T2, 0),
  /* 40 */ addi(T4, T4, -1),
  /* 44 */ bne(T4, 0, -8),
  /* 48 */ addi(A0, 0, 1),
  /* 52 */ csrw(SSCRATCH, A0),
  /* 56 */ bne(S1, 0, 32),
  /* 60 */ addi(S1, 0, 1),
  /* 64 */ auipc(S0),
  /* 68 */ lui(T5, 0x200),
  /* 72 */ addi(T5, T5, 0x513), // t5 = addi a0, x0, 2
  /* 76 */ store(2, T5, S0, -16), // over the instruction at 48
  /* 80 */ FENCE_I,
  /* 84 */ jal(-36),
  /* 88 */ lui(A7, 0x53525),
  /* 92 */ addi(A7, A7, 0x354), // SRST
  /* 96 */ addi(A6, 0, 0),
  /* 100 */ addi(A0, 0, 0),
  /* 104 */ addi(A1, 0, 0),
  /* 108 */ ECALL,
  /* 112 */ jal(0),
];

const add = (rd: number, rs1: number, rs2: number) =>
  ((rs2 << 20) | (rs1 << 15) | (rd << 7) | 0x33) >>> 0;
const POWER_OFF = [lui(A7, 0x53525), addi(A7, A7, 0x354), addi(A6, 0, 0), addi(A0, 0, 0), addi(A1, 0, 0), ECALL, jal(0)]; // prettier-ignore

/**
 * A guest kernel whose one store instruction first touches 16 fresh pages in a row (a shadow
 * fill each time: the kind of instruction adaptation is for), then stores 16 times into a page
 * that is mapped by then (the kind it is not for).
 */
const FRESH_PAGES = [
  /*  0 */ lui(S0, 0x80100),
  /*  4 */ addi(T0, 0, 16),
  /*  8 */ lui(T1, 1),
  /* 12 */ store(2, T0, S0, 0),
  /* 16 */ add(S0, S0, T1),
  /* 20 */ addi(T0, T0, -1),
  /* 24 */ bne(T0, 0, -12),
  /* 28 */ bne(S1, 0, 24),
  /* 32 */ addi(S1, 0, 1),
  /* 36 */ lui(S0, 0x80100),
  /* 40 */ addi(T1, 0, 0),
  /* 44 */ addi(T0, 0, 16),
  /* 48 */ jal(-36),
  /* 52 */ ...POWER_OFF,
];

function run(mode: 'bt' | 'full', program = PROGRAM) {
  const server = createHypervisorServer(
    { memoryMiB: 64, harts: 1, hardwareVirtualization: false },
    FLAT_PRICES,
  );
  const image = new Uint8Array(Uint32Array.from(program).buffer);
  const domain = server.createDomain({ name: 'guest', mode, memoryMiB: 16, image });
  let output = '';
  server.setOutput(domain, (byte) => (output += String.fromCharCode(byte)));
  for (let n = 0; n < 100 && domain.alive; n++) server.run(1_000_000);
  return { server, domain, output, totals: domain.totals() };
}

describe('bt: binary translation of the guest kernel', () => {
  const full = run('full');
  const bt = run('bt');
  const counters = (bt.domain.mode as BtMode).translationCounters();

  it('runs the guest to the same end as full virtualization', () => {
    expect(full.domain.haltReason).toBe('powered off');
    expect(bt.domain.haltReason).toBe('powered off');
    expect(bt.output).toBe('AAAAAAAA');
    expect(full.output).toBe('AAAAAAAA');
    expect(bt.domain.vcpus[0].context.csr.sscratch).toBe(2);
    expect(full.domain.vcpus[0].context.csr.sscratch).toBe(2);
  });

  it('turns privileged instructions into callouts: no illegal-instruction exit, traps avoided', () => {
    expect(full.totals.exits.get('illegal-instruction')).toBeGreaterThanOrEqual(34);
    expect(bt.totals.exits.get('illegal-instruction')).toBe(0);
    expect(bt.totals.exits.get('ecall-from-vs')).toBe(0);
    // 32 CSR accesses in the loop, two writes of the rewritten block, the SBI call.
    expect(counters['traps avoided']).toBeGreaterThanOrEqual(35);
    // The emulation is the same: the virtual CSRs saw every access.
    expect(bt.totals.emulated.total()).toBe(full.totals.emulated.total());
    expect(counters.blocks).toBeGreaterThan(3);
    expect(counters.instructions).toBeGreaterThanOrEqual(PROGRAM.length - 2);
  });

  it('reports its counters in the server stats, only for bt', () => {
    expect(bt.server.stats().domains[0].binaryTranslation).toEqual(counters);
    expect(full.server.stats().domains[0]).not.toHaveProperty('binaryTranslation');
  });

  it('drops translations when guest code is written, and on FENCE.I', () => {
    // The store into the code page, then FENCE.I over the page translated again meanwhile.
    expect(counters.invalidations).toBeGreaterThanOrEqual(2);
    // The rewritten instruction ran: sscratch is 2 (checked above), so the old decode was gone.
  });

  it('adapts the UART store that keeps faulting into a callout to the device model', () => {
    expect(full.totals.mmio.total()).toBe(8);
    expect(bt.totals.mmio.total()).toBe(8);
    expect(counters['adaptations mmio']).toBe(1);
    // Two faults before the adaptation, the other six through the callout.
    expect(counters['adapted callouts']).toBe(6);
    expect(bt.totals.exits.get('store-page-fault')).toBeLessThan(
      full.totals.exits.get('store-page-fault'),
    );
  });

  it('charges translation and callouts instead of world switches: fewer cycles', () => {
    const cycles = (r: ReturnType<typeof run>) => r.domain.vcpus[0].counters.cpuCycles;
    expect(cycles(bt)).toBeLessThan(cycles(full));
  });

  it('adapts a store that keeps needing shadow fills, and puts it back once it stops', () => {
    const fullFills = run('full', FRESH_PAGES);
    const btFills = run('bt', FRESH_PAGES);
    const c = (btFills.domain.mode as BtMode).translationCounters();
    expect(btFills.domain.haltReason).toBe('powered off');
    expect(c['adaptations shadow']).toBe(1);
    expect(c['adaptations undone']).toBe(1);
    // Every page still got its shadow leaf, most of them without a fault.
    expect(btFills.totals.shadowFills).toBe(fullFills.totals.shadowFills);
    const faults = (r: ReturnType<typeof run>) => r.totals.exits.get('store-page-fault');
    expect(faults(fullFills) - faults(btFills)).toBeGreaterThanOrEqual(12);
  });
});
