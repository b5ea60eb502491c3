import { describe, expect, it } from 'vitest';
import * as C from '../../machine/csr';
import { VcpuContext, VPRIV_S, VPRIV_U } from '../vcpu';
import { emulatePrivileged } from './emulate-privileged';
import { testHart } from './test-hart';

const counters = { cycle: 0, time: 0, instret: 0 };

/** csrrw/csrrs/csrrc (funct3 1..3) and immediate forms (5..7): rd, csr, rs1 or zimm. */
function csr(funct3: number, rd: number, addr: number, rs1: number): number {
  return ((addr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73) >>> 0;
}

function setup() {
  const hart = testHart();
  hart.pc = 0x8000_1000;
  const context = new VcpuContext();
  context.vpriv = VPRIV_S;
  return { hart, context };
}

describe('emulating privileged instructions of a guest in vS', () => {
  it('runs CSRRW, CSRRS, CSRRC and their immediate forms on the virtual CSRs, and retires them', () => {
    const { hart, context } = setup();
    hart.x[5] = 0x1234;
    expect(emulatePrivileged(hart, context, csr(1, 6, C.CSR_SSCRATCH, 5), counters)).toEqual({
      kind: 'csr',
      translation: false,
    });
    expect(context.csr.sscratch).toBe(0x1234);
    expect(hart.pc).toBe(0x8000_1004);
    expect(hart.csr.minstret).toBe(1);
    emulatePrivileged(hart, context, csr(2, 7, C.CSR_SSCRATCH, 0), counters); // csrr t2, sscratch
    expect(hart.x[7]).toBe(0x1234);
    emulatePrivileged(hart, context, csr(6, 0, C.CSR_SSTATUS, 2), counters); // csrsi sstatus, SIE
    expect(context.csr.sstatus).toBe(C.MSTATUS_SIE);
    emulatePrivileged(hart, context, csr(7, 0, C.CSR_SSTATUS, 2), counters); // csrci
    expect(context.csr.sstatus).toBe(0);
    hart.x[8] = 0x34;
    emulatePrivileged(hart, context, csr(3, 9, C.CSR_SSCRATCH, 8), counters); // csrc
    expect(context.csr.sscratch).toBe(0x1200);
    expect(hart.x[9]).toBe(0x1234);
  });

  it('masks sstatus, sie and sip as hardware does, and keeps sip writes to SSIP', () => {
    const { hart, context } = setup();
    hart.x[5] = -1;
    emulatePrivileged(hart, context, csr(1, 0, C.CSR_SSTATUS, 5), counters);
    expect(context.csr.sstatus >>> 0).toBe(C.SSTATUS_MASK);
    emulatePrivileged(hart, context, csr(1, 0, C.CSR_SIE, 5), counters);
    expect(context.csr.sie).toBe(C.MIP_SSIP | C.MIP_STIP | C.MIP_SEIP);
    context.csr.lines = C.MIP_STIP;
    emulatePrivileged(hart, context, csr(1, 6, C.CSR_SIP, 5), counters);
    expect(hart.x[6]).toBe(C.MIP_STIP);
    expect(context.csr.sip).toBe(C.MIP_SSIP);
    expect(context.csr.pending).toBe(C.MIP_SSIP | C.MIP_STIP);
  });

  it('reports translation changes (satp, SUM, MXR) so the shadows are synced', () => {
    const { hart, context } = setup();
    hart.x[5] = C.SATP_MODE_SV32 | 0x80010 | 0;
    expect(emulatePrivileged(hart, context, csr(1, 0, C.CSR_SATP, 5), counters)).toEqual({
      kind: 'csr',
      translation: true,
    });
    expect(emulatePrivileged(hart, context, csr(1, 0, C.CSR_SATP, 5), counters)).toEqual({
      kind: 'csr',
      translation: false,
    });
    hart.x[5] = C.MSTATUS_SUM;
    expect(emulatePrivileged(hart, context, csr(2, 0, C.CSR_SSTATUS, 5), counters)).toEqual({
      kind: 'csr',
      translation: true,
    });
  });

  it('refuses machine CSRs, writes to read-only ones, unknown ones, and everything in vU', () => {
    const { hart, context } = setup();
    expect(emulatePrivileged(hart, context, csr(2, 5, C.CSR_MSTATUS, 0), counters).kind).toBe(
      'illegal',
    );
    expect(emulatePrivileged(hart, context, csr(1, 0, C.CSR_CYCLE, 5), counters).kind).toBe(
      'illegal',
    );
    expect(emulatePrivileged(hart, context, csr(2, 5, 0x5c0, 0), counters).kind).toBe('illegal');
    expect(emulatePrivileged(hart, context, 0x3020_0073, counters).kind).toBe('illegal'); // mret
    expect(hart.pc).toBe(0x8000_1000);
    context.vpriv = VPRIV_U;
    expect(emulatePrivileged(hart, context, csr(2, 5, C.CSR_SSTATUS, 0), counters).kind).toBe(
      'illegal',
    );
    expect(emulatePrivileged(hart, context, 0x1020_0073, counters).kind).toBe('illegal');
    expect(hart.csr.minstret).toBe(0);
  });

  it('emulates SRET back to vU with SIE from SPIE', () => {
    const { hart, context } = setup();
    context.csr.sepc = 0x1_0000;
    context.csr.sstatus = C.MSTATUS_SPIE;
    expect(emulatePrivileged(hart, context, 0x1020_0073, counters).kind).toBe('sret');
    expect(context.vpriv).toBe(VPRIV_U);
    expect(hart.pc).toBe(0x1_0000);
    expect(context.csr.sstatus).toBe(C.MSTATUS_SIE | C.MSTATUS_SPIE);
  });

  it('decodes WFI and SFENCE.VMA with and without an address', () => {
    const { hart, context } = setup();
    expect(emulatePrivileged(hart, context, 0x1050_0073, counters).kind).toBe('wfi');
    expect(emulatePrivileged(hart, context, 0x1200_0073, counters)).toEqual({
      kind: 'sfence.vma',
      va: undefined,
    });
    hart.x[10] = 0x4000_1000;
    expect(emulatePrivileged(hart, context, 0x1205_0073, counters)).toEqual({
      kind: 'sfence.vma',
      va: 0x4000_1000,
    });
    expect(hart.pc).toBe(0x8000_100c);
  });
});
