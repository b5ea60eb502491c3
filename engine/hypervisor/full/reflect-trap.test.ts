import { describe, expect, it } from 'vitest';
import * as C from '../../machine/csr';
import { VcpuContext, VPRIV_S, VPRIV_U } from '../vcpu';
import { pendingVirtualInterrupt, wakesFromWfi } from './inject-interrupt';
import { reflectTrap } from './reflect-trap';
import { testHart } from './test-hart';

describe('reflecting traps into the guest', () => {
  it('delivers a user ecall as S-mode hardware would', () => {
    const hart = testHart();
    const context = new VcpuContext();
    context.vpriv = VPRIV_U;
    context.csr.stvec = 0x8040_1000;
    context.csr.sstatus = C.MSTATUS_SIE;
    hart.pc = 0x1_0040;
    reflectTrap(hart, context, C.CAUSE_ECALL_U, 0, false);
    expect(context.vpriv).toBe(VPRIV_S);
    expect(hart.pc).toBe(0x8040_1000);
    expect(context.csr).toMatchObject({ sepc: 0x1_0040, scause: 8, stval: 0 });
    expect(context.csr.sstatus).toBe(C.MSTATUS_SPIE); // SPP = U, SIE off
  });

  it('records SPP for a fault in vS, and vectors interrupts only', () => {
    const hart = testHart();
    const context = new VcpuContext();
    context.csr.stvec = 0x8040_1001; // vectored
    hart.pc = 0x8040_2000;
    reflectTrap(hart, context, C.CAUSE_LOAD_PAGE_FAULT, 0xdead_b000, false);
    expect(hart.pc).toBe(0x8040_1000);
    expect(context.csr.stval).toBe(0xdead_b000);
    expect(context.csr.sstatus & C.MSTATUS_SPP).toBe(C.MSTATUS_SPP);
    reflectTrap(hart, context, C.IRQ_STI, 0, true);
    expect(hart.pc).toBe(0x8040_1000 + 4 * C.IRQ_STI);
    expect(context.csr.scause).toBe(0x8000_0005);
  });
});

describe('which virtual interrupt to inject', () => {
  it('takes pending and enabled ones by priority SEI, SSI, STI, in vU always and in vS with SIE', () => {
    const context = new VcpuContext();
    const csr = context.csr;
    csr.lines = C.MIP_STIP | C.MIP_SEIP;
    csr.sip = C.MIP_SSIP;
    csr.sie = C.MIP_STIP | C.MIP_SSIP;
    expect(pendingVirtualInterrupt(csr, VPRIV_S)).toBe(-1); // SIE off
    expect(wakesFromWfi(csr)).toBe(true); // WFI ignores SIE
    expect(pendingVirtualInterrupt(csr, VPRIV_U)).toBe(C.IRQ_SSI);
    csr.sstatus = C.MSTATUS_SIE;
    csr.sie |= C.MIP_SEIP;
    expect(pendingVirtualInterrupt(csr, VPRIV_S)).toBe(C.IRQ_SEI);
    csr.sie = 0;
    expect(wakesFromWfi(csr)).toBe(false);
  });
});
