import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import * as C from './csr';
import { CSR_CLEAR, CSR_ILLEGAL, CSR_READ, CSR_SET, CSR_WRITE, CsrFile } from './csr-file';
import { pendingInterrupt } from './trap';

function make() {
  let flushes = 0;
  const clock = new VirtualClock();
  const csr = new CsrFile(3, clock, () => flushes++);
  return { csr, clock, flushes: () => flushes };
}

describe('CsrFile', () => {
  it('checks the privilege in the CSR number and refuses writes to read-only CSRs', () => {
    const { csr } = make();
    expect(csr.exchange(C.CSR_MSTATUS, C.PRIV_S, CSR_READ, 0)).toBe(CSR_ILLEGAL);
    expect(csr.exchange(C.CSR_SSTATUS, C.PRIV_U, CSR_READ, 0)).toBe(CSR_ILLEGAL);
    expect(csr.exchange(C.CSR_MHARTID, C.PRIV_M, CSR_READ, 0)).toBe(3);
    expect(csr.exchange(C.CSR_MHARTID, C.PRIV_M, CSR_WRITE, 0)).toBe(CSR_ILLEGAL);
    expect(csr.exchange(0x7c0, C.PRIV_M, CSR_READ, 0)).toBe(CSR_ILLEGAL);
  });

  it('set and clear are read-modify-write and return the old value', () => {
    const { csr } = make();
    expect(csr.exchange(C.CSR_MSCRATCH, C.PRIV_M, CSR_WRITE, 0xf0)).toBe(0);
    expect(csr.exchange(C.CSR_MSCRATCH, C.PRIV_M, CSR_SET, 0x0f)).toBe(0xf0);
    expect(csr.exchange(C.CSR_MSCRATCH, C.PRIV_M, CSR_CLEAR, 0x11)).toBe(0xff);
    expect(csr.mscratch).toBe(0xee);
  });

  it('drops cached translations when satp, SUM or MXR change, not for other mstatus bits', () => {
    const { csr, flushes } = make();
    csr.write(C.CSR_SATP, 0x8000_0123);
    expect(flushes()).toBe(1);
    csr.write(C.CSR_MSTATUS, C.MSTATUS_MIE);
    expect(flushes()).toBe(1);
    csr.write(C.CSR_MSTATUS, C.MSTATUS_MIE | C.MSTATUS_SUM);
    expect(flushes()).toBe(2);
    csr.write(C.CSR_SSTATUS, C.MSTATUS_SUM | C.MSTATUS_MXR);
    expect(flushes()).toBe(3);
    expect(csr.mstatus & C.MSTATUS_MIE).toBe(C.MSTATUS_MIE); // sstatus keeps M bits
  });

  it('keeps 64-bit counters in halves and reads time from the clock', () => {
    const { csr, clock } = make();
    csr.write(C.CSR_MINSTRETH, 2);
    csr.write(C.CSR_MINSTRET, -1);
    csr.retire(1);
    expect(csr.read(C.CSR_MINSTRET, C.PRIV_M)).toBe(0);
    expect(csr.read(C.CSR_MINSTRETH, C.PRIV_M)).toBe(3);
    clock.skipTo(0x1_0000_0005);
    expect(csr.read(C.CSR_TIME, C.PRIV_M)).toBe(5);
    expect(csr.read(C.CSR_TIMEH, C.PRIV_M)).toBe(1);
    expect(csr.read(C.CSR_TIME, C.PRIV_S)).toBe(CSR_ILLEGAL);
    csr.mcounteren = 2;
    expect(csr.read(C.CSR_TIME, C.PRIV_S)).toBe(5);
    expect(csr.read(C.CSR_TIME, C.PRIV_U)).toBe(CSR_ILLEGAL);
  });

  it('reads counters for the hot loop as exchange does, with uncommitted instructions counted', () => {
    const csr = new CsrFile(0, new VirtualClock(), () => {}, true);
    csr.mcycle = 0x1_ffff_fff0;
    csr.minstret = 0x2_0000_0005;
    csr.htimedeltaLow = -2;
    let compared = 0;
    // Every gating the counters have: each enable bit cleared in turn, V on and off, inhibits.
    for (const [mcounteren, scounteren, hcounteren] of [
      [7, 7, 7],
      [5, 7, 7],
      [7, 3, 7],
      [7, 7, 6],
    ]) {
      for (const virt of [false, true]) {
        for (const inhibit of [0, 5]) {
          for (const priv of [C.PRIV_U, C.PRIV_S, C.PRIV_M] as const) {
            if (virt && priv === C.PRIV_M) continue;
            Object.assign(csr, { mcounteren, scounteren, hcounteren, virt });
            csr.mcountinhibit = inhibit;
            for (let addr = 0xc00; addr <= 0xcff; addr++) {
              expect(csr.readCounter(addr, priv, 0)).toBe(csr.exchange(addr, priv, CSR_READ, 0));
              // What the system path reads once the loop's 40 instructions are counted.
              const before = [csr.mcycle, csr.minstret];
              csr.retire(40);
              const committed = csr.exchange(addr, priv, CSR_READ, 0);
              [csr.mcycle, csr.minstret] = before;
              expect(csr.readCounter(addr, priv, 40)).toBe(committed);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(4 * 5 * 2 * 256);
  });

  it('sie/sip see only delegated interrupts; mideleg and medeleg keep only delegable bits', () => {
    const { csr } = make();
    csr.write(C.CSR_MIDELEG, -1);
    expect(csr.mideleg).toBe(C.MIP_S_LEVEL);
    csr.write(C.CSR_MIE, -1);
    expect(csr.read(C.CSR_SIE, C.PRIV_S)).toBe(C.MIP_S_LEVEL);
    csr.write(C.CSR_SIP, -1);
    expect(csr.mipSoftware).toBe(C.MIP_SSIP);
    csr.write(C.CSR_MEDELEG, -1);
    expect(csr.medeleg & (1 << C.CAUSE_ECALL_M)).toBe(0);
  });
});

describe('pendingInterrupt', () => {
  it('orders M-mode interrupts MEI, MSI, MTI and then S-mode ones SEI, SSI, STI', () => {
    const { csr } = make();
    csr.mie = C.MIP_ALL;
    csr.mstatus = C.MSTATUS_MIE | C.MSTATUS_SIE;
    csr.mideleg = C.MIP_S_LEVEL;
    csr.mipLines = C.MIP_MTIP | C.MIP_MSIP;
    csr.mipSoftware = C.MIP_SSIP | C.MIP_STIP;
    expect(pendingInterrupt(csr, C.PRIV_S)).toBe(C.IRQ_MSI);
    csr.mipLines = C.MIP_MTIP;
    expect(pendingInterrupt(csr, C.PRIV_S)).toBe(C.IRQ_MTI);
    csr.mipLines = C.MIP_SEIP;
    expect(pendingInterrupt(csr, C.PRIV_S)).toBe(C.IRQ_SEI);
    csr.mipLines = 0;
    expect(pendingInterrupt(csr, C.PRIV_S)).toBe(C.IRQ_SSI);
    expect(pendingInterrupt(csr, C.PRIV_M)).toBe(-1); // S-level interrupts never interrupt M
    csr.mstatus = 0;
    expect(pendingInterrupt(csr, C.PRIV_S)).toBe(-1); // SIE = 0 in S
    expect(pendingInterrupt(csr, C.PRIV_U)).toBe(C.IRQ_SSI); // always enabled below S
  });
});
