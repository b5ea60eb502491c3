import { describe, expect, it } from 'vitest';
import { CSR_MCAUSE, CSR_MTVEC } from './csr';
import { createMachine } from './machine';

const RAM = 0x8000_0000;
const ADDI_X1_1 = 0x00108093; // addi x1, x1, 1
const ECALL = 0x00000073;
const WFI = 0x10500073;

/** A one- or two-hart machine booted from raw words at the start of RAM. */
function machineWith(words: readonly number[], harts = 1) {
  const machine = createMachine({ memoryMiB: 4, harts });
  machine.loadImage(new Uint8Array(Uint32Array.from(words).buffer));
  machine.boot();
  return machine;
}

describe('Machine.stepHart', () => {
  it('retires exactly one instruction per step and moves the pc by one instruction', () => {
    const machine = machineWith(Array<number>(16).fill(ADDI_X1_1));
    const hart = machine.harts[0];
    expect(machine.stepHart(0, 1)).toBe(1);
    expect(hart.pc >>> 0).toBe(RAM + 4);
    expect(hart.x[1]).toBe(1);
    expect(machine.stepHart(0, 5)).toBe(5);
    expect(hart.pc >>> 0).toBe(RAM + 24);
    expect(hart.x[1]).toBe(6);
    expect(hart.counters.instructions).toBe(6);
    expect(machine.retired).toBe(6);
  });

  it('counts a trapping instruction as the step: the pc is at the handler, nothing retired', () => {
    const machine = machineWith([ECALL, ADDI_X1_1, ADDI_X1_1, ADDI_X1_1]);
    const hart = machine.harts[0];
    hart.writeCsr(CSR_MTVEC, RAM + 8);
    expect(machine.stepHart(0, 1)).toBe(0);
    expect(hart.pc >>> 0).toBe(RAM + 8);
    expect(hart.readCsr(CSR_MCAUSE)).toBe(11); // ecall from M-mode
    expect(machine.stepHart(0, 1)).toBe(1);
    expect(hart.pc >>> 0).toBe(RAM + 12);
  });

  it('leaves the other harts where they were', () => {
    const machine = machineWith(Array<number>(16).fill(ADDI_X1_1), 2);
    machine.stepHart(1, 3);
    expect(machine.harts[1].pc >>> 0).toBe(RAM + 12);
    expect(machine.harts[0].pc >>> 0).toBe(RAM);
  });

  it('stops at a WFI with nothing to wake the hart', () => {
    const machine = machineWith([ADDI_X1_1, WFI, ADDI_X1_1]);
    expect(machine.stepHart(0, 10)).toBe(2);
    expect(machine.harts[0].waitingForInterrupt).toBe(true);
    expect(machine.stepHart(0, 10)).toBe(0);
  });
});
