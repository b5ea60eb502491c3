import { describe, expect, it } from 'vitest';
import { Bus } from './bus';
import { VirtualClock } from './clock';
import { CodeCache } from './code-cache';
import * as C from './csr';
import { Hart } from './hart';
import type { Monitor } from './monitor';

const BASE = 0x8000_0000;
const ECALL = 0x0000_0073;
const ADDI_X1_1 = 0x0010_8093; // addi x1, x1, 1
const JAL_BACK_4 = 0xffdf_f06f; // jal x0, -4
const CSRR_A0_CYCLE = 0xc000_2573; // csrrs a0, cycle, x0

/** A hart in U-mode at BASE running `words`, paging off. */
function hartWith(words: number[]): Hart {
  const bus = new Bus(1024 * 1024);
  words.forEach((w, i) => (bus.ram32[i] = w | 0));
  const hart = new Hart(0, bus, new VirtualClock(), new CodeCache(bus));
  hart.reset(BASE, 0, 0);
  hart.priv = C.PRIV_U;
  hart.writeCsr(C.CSR_MCOUNTEREN, 7);
  hart.writeCsr(C.CSR_SCOUNTEREN, 7);
  return hart;
}

interface Seen {
  cause: number;
  tval: number;
  interrupt: boolean;
  pc: number;
  priv: number;
}

function recorder(onExit: (hart: Hart, seen: Seen) => void = () => {}) {
  const seen: Seen[] = [];
  const monitor: Monitor = {
    exit(hart, cause, tval, interrupt) {
      const s = { cause, tval, interrupt, pc: hart.pc, priv: hart.priv };
      seen.push(s);
      onExit(hart, s);
    },
  };
  return { seen, monitor };
}

describe('the monitor hook', () => {
  it('hands an M-bound exception to the monitor with the hart in its pre-trap state', () => {
    const hart = hartWith([ADDI_X1_1, ECALL, ADDI_X1_1, ECALL]);
    const { seen, monitor } = recorder((h) => {
      h.pc = (h.pc + 4) >>> 0; // the VMM emulates and steps past
      if (seen.length === 2) h.waitingForInterrupt = true;
    });
    hart.monitor = monitor;
    hart.run(100);
    expect(seen).toEqual([
      { cause: C.CAUSE_ECALL_U, tval: 0, interrupt: false, pc: BASE + 4, priv: C.PRIV_U },
      { cause: C.CAUSE_ECALL_U, tval: 0, interrupt: false, pc: BASE + 12, priv: C.PRIV_U },
    ]);
    expect(hart.x[1]).toBe(2);
    // Nothing of M-mode's trap state was touched: no mepc, mcause, MPP, no jump to mtvec.
    expect(hart.readCsr(C.CSR_MEPC)).toBe(0);
    expect(hart.readCsr(C.CSR_MCAUSE)).toBe(0);
    expect(hart.priv).toBe(C.PRIV_U);
    expect(hart.counters.exceptions[C.CAUSE_ECALL_U]).toBe(2);
  });

  it('passes the instruction word of an illegal instruction as tval', () => {
    const hart = hartWith([0x1000_2573]); // csrr a0, sstatus from U-mode
    const { seen, monitor } = recorder((h) => (h.waitingForInterrupt = true));
    hart.monitor = monitor;
    hart.run(10);
    expect(seen[0]).toMatchObject({
      cause: C.CAUSE_ILLEGAL_INSTRUCTION,
      tval: 0x1000_2573,
      pc: BASE,
    });
  });

  it('hands an M interrupt to the monitor, which may leave the hart waiting', () => {
    const hart = hartWith([ADDI_X1_1, JAL_BACK_4]);
    hart.writeCsr(C.CSR_MIE, C.MIP_MTIP);
    hart.setInterruptLine(C.IRQ_MTI, true);
    const { seen, monitor } = recorder((h) => {
      h.setInterruptLine(C.IRQ_MTI, false);
      h.waitingForInterrupt = true;
    });
    hart.monitor = monitor;
    expect(hart.run(100)).toBe(0);
    expect(seen).toEqual([
      { cause: C.IRQ_MTI, tval: 0, interrupt: true, pc: BASE, priv: C.PRIV_U },
    ]);
    expect(hart.counters.interrupts[C.IRQ_MTI]).toBe(1);
    expect(hart.run(100)).toBe(0); // still waiting: nothing pending
  });

  it('leaves delegated traps to the guest hardware path', () => {
    const hart = hartWith([ECALL]);
    hart.writeCsr(C.CSR_MEDELEG, 1 << C.CAUSE_ECALL_U);
    hart.writeCsr(C.CSR_STVEC, BASE + 0x100);
    const { seen, monitor } = recorder();
    hart.monitor = monitor;
    hart.run(1);
    expect(seen).toEqual([]);
    expect(hart.priv).toBe(C.PRIV_S);
    expect(hart.pc).toBe(BASE + 0x100);
  });
});

describe('charging cycles', () => {
  it('adds to mcycle, not minstret, and shows in rdcycle', () => {
    const hart = hartWith([CSRR_A0_CYCLE, CSRR_A0_CYCLE]);
    hart.run(1);
    hart.charge(1000);
    hart.run(1);
    expect(hart.x[10]).toBe(1001);
    expect(hart.readCsr(C.CSR_MINSTRET)).toBe(2);
    expect(hart.readCsr(C.CSR_MCYCLE)).toBe(1002);
  });

  it('counts against the run budget, so a slice of cycles runs fewer instructions', () => {
    const hart = hartWith([ECALL, JAL_BACK_4]);
    const { seen, monitor } = recorder((h) => {
      h.pc = (h.pc + 4) >>> 0;
      h.charge(98);
    });
    hart.monitor = monitor;
    const retired = hart.run(1000);
    // Each loop: the ecall (one step of budget) + 98 charged + the jal retired = 100.
    expect(seen.length).toBe(10);
    expect(retired).toBe(10);
    expect(hart.readCsr(C.CSR_MCYCLE)).toBe(10 + 98 * 10);
  });
});
