import { describe, expect, it } from 'vitest';
import * as C from '../../machine/csr';
import { createMachine } from '../../machine/machine';
import { ACCESS_LOAD, ACCESS_STORE, TRANSLATE_FAULT, type AccessKind } from '../../machine/mmu';
import { TLB_VIRTUAL } from '../../machine/tlb';
import { NO_FRAME, VmmMemory } from '../vmm-memory';
import { GStageTable } from './g-stage-table';

const MiB = 1024 * 1024;
const RAM = 0x8000_0000;

/** A hart with the H extension whose G-stage is `table`, VS-stage bare: gpa → pa as the CPU sees it. */
function setup() {
  const machine = createMachine({ memoryMiB: 32, harts: 1, hypervisorExtension: true });
  const vmm = new VmmMemory(machine.bus, RAM, 4 * MiB);
  const table = new GStageTable(vmm);
  const hart = machine.harts[0];
  hart.writeCsr(C.CSR_HGATP, table.hgatp(5) | 0);
  const translate = (gpa: number, access: AccessKind = ACCESS_LOAD) =>
    hart.mmu.translate(gpa, access, C.PRIV_S + TLB_VIRTUAL);
  return { vmm, table, hart, translate };
}

describe('GStageTable', () => {
  it('puts its 16 KiB root on a 16 KiB boundary and names it, the VMID and Sv32x4 in hgatp', () => {
    const { table, hart } = setup();
    expect(table.root % (16 * 1024)).toBe(0);
    expect(hart.readCsr(C.CSR_HGATP)).toBe(
      (C.HGATP_MODE_SV32X4 | (5 << 22) | (table.root / 4096)) >>> 0,
    );
  });

  it('maps 4 KiB guest pages the hardware then translates; the rest are guest-page faults', () => {
    const { table, hart, translate } = setup();
    expect(translate(0x8000_1234)).toBe(TRANSLATE_FAULT);
    expect(hart.mmu.faultCause).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
    expect(hart.mmu.faultGpa).toBe(0x8000_1234 / 4);
    expect(table.map(0x8000_1234, 0x8120_0000)).toBe(true);
    expect(translate(0x8000_1234)).toBe(0x8120_0234);
    expect(translate(0x8000_1ffc, ACCESS_STORE)).toBe(0x8120_0ffc);
    expect(translate(0x8000_2000)).toBe(TRANSLATE_FAULT);
    expect(table.pages).toBe(1);
  });

  it('maps a 4 MiB megapage with one root entry', () => {
    const { table, translate } = setup();
    expect(table.megapageFree(0x8040_0000)).toBe(true);
    table.mapMegapage(0x8051_0000, 0x8080_0000);
    expect(table.megapageFree(0x807f_ffff)).toBe(false);
    expect(translate(0x8040_0000)).toBe(0x8080_0000);
    expect(translate(0x807f_fffc, ACCESS_STORE)).toBe(0x80bf_fffc);
    expect(translate(0x8080_0000)).toBe(TRANSLATE_FAULT);
    expect(table.megapages).toBe(1);
  });

  it('gives every frame back to the VMM on release', () => {
    const { vmm, table } = setup();
    const before = vmm.freeFrames;
    table.map(0x8000_0000, 0x8120_0000);
    table.map(0x8100_0000, 0x8121_0000);
    expect(vmm.freeFrames).toBe(before - 2);
    table.release();
    expect(vmm.freeFrames).toBe(before + 4);
  });
});

describe('VmmMemory.allocateContiguous', () => {
  it('finds the lowest aligned run of free frames, or none', () => {
    const machine = createMachine({ memoryMiB: 4, harts: 1 });
    const vmm = new VmmMemory(machine.bus, RAM, 8 * 4096);
    const first = vmm.allocate();
    expect(first).toBe(RAM);
    expect(vmm.allocateContiguous(4)).toBe(RAM + 4 * 4096);
    expect(vmm.freeFrames).toBe(3);
    expect(vmm.allocateContiguous(4)).toBe(NO_FRAME);
  });
});
