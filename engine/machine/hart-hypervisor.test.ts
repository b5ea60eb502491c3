import { describe, expect, it } from 'vitest';
import { reportMissingToolchain, runProgram, toolchain } from '../../tests/support/rv32';
import * as C from './csr';
import { createMachine } from './machine';

reportMissingToolchain();

// clang 14 knows the H CSR names but not the instructions: encode those with .insn.
const H_INSNS = `
.macro HLV_W rd, rs1
  .insn r 0x73, 4, 0x34, \\rd, \\rs1, x0
.endm
.macro HLV_B rd, rs1
  .insn r 0x73, 4, 0x30, \\rd, \\rs1, x0
.endm
.macro HLVX_WU rd, rs1
  .insn r 0x73, 4, 0x34, \\rd, \\rs1, x3
.endm
.macro HSV_W rs2, rs1
  .insn r 0x73, 4, 0x35, x0, \\rs1, \\rs2
.endm
.macro HFENCE_VVMA
  .insn r 0x73, 0, 0x11, x0, x0, x0
.endm
.macro HFENCE_GVMA
  .insn r 0x73, 0, 0x31, x0, x0, x0
.endm
`;

/** Handlers that stop the run (WFI with nothing enabled) so the test reads the CSRs. */
const HANDLERS = `
  .align 4
m_trap:
  wfi
  j m_trap
  .align 4
s_trap:
  wfi
  j s_trap
  .align 4
vs_trap:
  wfi
  j vs_trap
`;

const G_ROOT = 0x8001_0000; // Sv32x4 root: 16 KiB, 16 KiB-aligned

/**
 * A program that sets the trap vectors and a G-stage (Sv32x4) mapping guest physical megapages
 * 0x8000_0000 and 0x0000_0000 to the same physical ones (U, RWX), runs SETUP in M-mode, then
 * enters VS-mode (MPV=1, MPP=S) at GUEST.
 */
function vsProgram(setup: string, guest: string, extra = ''): string {
  return `${H_INSNS}
_start:
  la t0, m_trap
  csrw mtvec, t0
  la t0, s_trap
  csrw stvec, t0
  la t0, vs_trap
  csrw vstvec, t0
  li t0, ${G_ROOT}
  li t1, 0x200000df
  li t3, 0x800
  add t3, t3, t0
  sw t1, 0(t3)
  li t1, 0xdf
  sw t1, 0(t0)
  li t1, ${0x8000_0000 | (G_ROOT >>> 12)}
  csrw hgatp, t1
${setup}
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x800
  csrs mstatus, t0
  li t0, 0x80
  csrs mstatush, t0
  la t0, guest
  csrw mepc, t0
  mret
guest:
${guest}
  wfi
  j guest
${HANDLERS}
${extra}
`;
}

function run(source: string, hypervisorExtension = true) {
  const r = runProgram(source, {
    hypervisorExtension,
    ramBytes: 4 << 20,
    maxInstructions: 200_000,
  });
  const csr = (n: number) => r.hart.readCsr(n);
  return { ...r, csr, x: (n: number) => r.hart.x[n] >>> 0 };
}

describe('H extension: the machine feature', () => {
  it('MachineConfig.hypervisorExtension gives every hart misa.H; the default is off', () => {
    const on = createMachine({ memoryMiB: 4, harts: 2, hypervisorExtension: true });
    const off = createMachine({ memoryMiB: 4, harts: 2 });
    for (const hart of on.harts) expect(hart.readCsr(C.CSR_MISA) & C.MISA_H).toBe(C.MISA_H);
    for (const hart of off.harts) expect(hart.readCsr(C.CSR_MISA) & C.MISA_H).toBe(0);
    expect(() => off.harts[0].readCsr(C.CSR_HSTATUS)).toThrow(RangeError);
  });
});

describe.skipIf(!toolchain.available)('H extension: the feature switch', () => {
  it('off: misa.H is 0 and H CSRs and instructions are illegal', () => {
    for (const insn of [
      'csrr a1, hstatus',
      'csrr a1, vsstatus',
      'csrw mtval2, a1',
      'HLV_W a1, a0',
      'HSV_W a1, a0',
      'HFENCE_VVMA',
      'HFENCE_GVMA',
    ]) {
      const r = run(
        `${H_INSNS}
_start:
  la t0, m_trap
  csrw mtvec, t0
  csrr a0, misa
  ${insn}
${HANDLERS}`,
        false,
      );
      expect(r.x(10) & C.MISA_H, insn).toBe(0);
      expect(r.csr(C.CSR_MCAUSE), insn).toBe(C.CAUSE_ILLEGAL_INSTRUCTION);
      expect(r.csr(C.CSR_MSTATUSH), insn).toBe(0);
    }
  });

  it('on: misa.H is 1 and the hypervisor CSRs read', () => {
    const r = run(`
_start:
  csrr a0, misa
  li t0, -1
  csrw hstatus, t0
  csrr a1, hstatus
  csrw mideleg, zero
  csrr a2, mideleg
  csrw hgatp, t0
  csrr a3, hgatp
  csrw hedeleg, t0
  csrr a4, hedeleg
  csrr a5, hgeip
  csrw medeleg, t0
  csrr a6, medeleg
  EXIT
`);
    expect(r.reason).toBe('exit');
    expect(r.x(10)).toBe(C.MISA_VALUE | C.MISA_H);
    expect(r.x(11)).toBe(C.HSTATUS_WRITABLE);
    expect(r.x(12)).toBe(C.MIP_VS_LEVEL); // VS-level interrupts are always delegated
    expect(r.x(13)).toBe(0x9fff_fffc); // MODE, 7 VMID bits, PPN[1:0] = 0
    expect(r.x(14)).toBe(C.HEDELEG_WRITABLE);
    expect(r.x(15)).toBe(0);
    expect(r.x(16)).toBe(C.MEDELEG_WRITABLE_H);
  });
});

describe.skipIf(!toolchain.available)('H extension: CSR access rules and V', () => {
  it('VS-mode reaches vsstatus through sstatus; hstatus gives cause 22, mstatus cause 2', () => {
    const r = run(
      vsProgram(
        `
  li t0, 0x40000
  csrw vsstatus, t0
`,
        `
  csrr s2, sstatus
  li t0, 2
  csrs sscratch, t0
  csrr s3, sscratch
  csrr s4, hstatus
`,
      ),
    );
    expect(r.x(18)).toBe(0x40000);
    expect(r.csr(C.CSR_VSSCRATCH)).toBe(2);
    expect(r.csr(C.CSR_MSCRATCH) | r.csr(C.CSR_SSCRATCH)).toBe(0);
    expect(r.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
    expect(r.csr(C.CSR_MTVAL)).toBe(0x60002a73); // the instruction, as for illegal-instruction
    expect(r.csr(C.CSR_MSTATUSH) & C.MSTATUSH_MPV).not.toBe(0);
    expect((r.csr(C.CSR_MSTATUS) & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT).toBe(C.PRIV_S);

    const m = run(vsProgram('', 'csrr s4, mstatus'));
    expect(m.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_ILLEGAL_INSTRUCTION);
  });

  it('VU-mode: supervisor CSRs and SRET give cause 22, WFI with TW cause 2', () => {
    const toVu = (body: string, setup = '') =>
      vsProgram(
        setup,
        `
  la t0, vu
  csrw sepc, t0
  sret
vu:
  ${body}
`,
      );
    expect(run(toVu('csrr a0, sstatus')).csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
    expect(run(toVu('sret')).csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
    expect(run(toVu('wfi')).csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
    expect(run(toVu('wfi', 'li t0, 0x200000\n  csrs mstatus, t0')).csr(C.CSR_MCAUSE)).toBe(
      C.CAUSE_ILLEGAL_INSTRUCTION,
    );
    expect(run(toVu('HLV_W a0, a0')).csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
  });

  it('hstatus VTSR, VTW, VTVM trap SRET, WFI, satp and SFENCE.VMA from VS-mode with cause 22', () => {
    const cases: [string, number][] = [
      ['sret', C.HSTATUS_VTSR],
      ['wfi', C.HSTATUS_VTW],
      ['csrr a0, satp', C.HSTATUS_VTVM],
      ['sfence.vma', C.HSTATUS_VTVM],
    ];
    for (const [insn, bit] of cases) {
      const r = run(vsProgram(`li t0, ${bit}\n  csrw hstatus, t0`, insn));
      expect(r.csr(C.CSR_MCAUSE), insn).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
    }
    // mstatus.TVM and TSR concern HS-mode only.
    const r = run(
      vsProgram(`li t0, 0x500000\n  csrs mstatus, t0`, 'csrr a0, satp\n  sfence.vma\n  li s5, 77'),
    );
    expect(r.x(21)).toBe(77);
  });

  it('counters: hcounteren gates VS-mode with cause 22, time adds htimedelta', () => {
    const r = run(
      vsProgram(
        `
  li t0, 7
  csrw mcounteren, t0
  li t0, 2
  csrw hcounteren, t0
  li t0, -1
  csrw htimedelta, t0
  li t0, 0x100
  csrw htimedeltah, t0
`,
        `
  rdtimeh s2
  rdtime s3
  rdcycle s4
`,
      ),
    );
    expect(r.x(18)).toBe(0x100); // mtime is 0 still: time = htimedelta
    expect(r.x(19)).toBe(0xffff_ffff);
    expect(r.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_VIRTUAL_INSTRUCTION);
  });
});

describe.skipIf(!toolchain.available)('H extension: trap routing', () => {
  it('ECALL from VS: M (cause 10, MPV), HS (SPV, SPVP), or VS via hedeleg? (10 cannot be delegated)', () => {
    const m = run(vsProgram('', 'ecall'));
    expect(m.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_ECALL_VS);
    expect(m.csr(C.CSR_MSTATUSH)).toBe(C.MSTATUSH_MPV);
    expect(m.hart.csr.virt).toBe(false);

    const hs = run(vsProgram('li t0, 0x400\n  csrw medeleg, t0\n  csrw hedeleg, t0', 'ecall'));
    expect(hs.csr(C.CSR_SCAUSE)).toBe(C.CAUSE_ECALL_VS);
    expect(hs.csr(C.CSR_HSTATUS) & (C.HSTATUS_SPV | C.HSTATUS_SPVP | C.HSTATUS_GVA)).toBe(
      C.HSTATUS_SPV | C.HSTATUS_SPVP,
    );
    expect(hs.csr(C.CSR_HEDELEG)).toBe(0);
    expect(hs.hart.priv).toBe(C.PRIV_S);
    expect(hs.hart.csr.virt).toBe(false);
  });

  it('ECALL from VU delegated by medeleg and hedeleg lands in VS-mode; SRET returns to VU', () => {
    const r = run(
      vsProgram(
        'li t0, 0x100\n  csrw medeleg, t0\n  csrw hedeleg, t0',
        `
  la t0, vs_handler
  csrw stvec, t0
  la t0, vu
  csrw sepc, t0
  sret
vu:
  ecall
  li s6, 3
  ecall
`,
        `
vs_handler:
  csrr s2, scause
  csrr s3, sstatus
  bnez s7, 1f
  li s7, 1
  csrr t0, sepc
  addi t0, t0, 4
  csrw sepc, t0
  sret
1:
  wfi
  j 1b
`,
      ),
    );
    expect(r.x(18)).toBe(C.CAUSE_ECALL_U);
    expect(r.x(19) & C.MSTATUS_SPP).toBe(0);
    expect(r.csr(C.CSR_VSCAUSE)).toBe(C.CAUSE_ECALL_U);
    expect(r.csr(C.CSR_SCAUSE)).toBe(0); // HS saw nothing
    expect(r.hart.csr.virt).toBe(true);
    expect(r.x(22)).toBe(3);
  });

  it('hvip injects VS interrupts: delegated ones reach VS as SSI/STI/SEI, the rest HS, by priority', () => {
    // VSTIP and VSSIP pending and enabled; hideleg delegates both: VS takes VSSI first as code 1.
    const vs = run(
      vsProgram(
        `
  li t0, 0x44
  csrw hideleg, t0
  csrw hie, t0
  csrw hvip, t0
  li t0, 2
  csrw vsstatus, t0
`,
        'li s5, 9',
      ),
    );
    expect(vs.csr(C.CSR_VSCAUSE)).toBe((0x8000_0000 | C.IRQ_SSI) >>> 0);
    expect(vs.csr(C.CSR_SCAUSE)).toBe(0);
    expect(vs.csr(C.CSR_VSIP)).toBe(C.MIP_SSIP | C.MIP_STIP);
    // Not delegated by hideleg: HS takes VSEI (10) before VSSI (2), even with SIE clear (V=1).
    const hs = run(
      vsProgram(
        `
  li t0, 0x404
  csrw hie, t0
  csrw hvip, t0
`,
        'li s5, 9',
      ),
    );
    expect(hs.csr(C.CSR_SCAUSE)).toBe((0x8000_0000 | C.IRQ_VSEI) >>> 0);
    expect(hs.csr(C.CSR_HSTATUS) & C.HSTATUS_SPV).not.toBe(0);
    expect(hs.csr(C.CSR_HIP)).toBe(0x404);
    expect(hs.csr(C.CSR_MIP) & C.MIP_VS_LEVEL).toBe(0x404);
  });
});

describe.skipIf(!toolchain.available)('H extension: two-stage translation', () => {
  it('a load from an unmapped guest physical page: cause 21, htval = gpa >> 2, stval = gva, GVA', () => {
    const r = run(
      vsProgram('li t0, 1 << 21\n  csrw medeleg, t0', 'li a0, 0x40000004\n  lw a1, 0(a0)'),
    );
    expect(r.csr(C.CSR_SCAUSE)).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
    expect(r.csr(C.CSR_STVAL)).toBe(0x4000_0004);
    expect(r.csr(C.CSR_HTVAL)).toBe(0x1000_0001);
    expect(r.csr(C.CSR_HTINST)).toBe(0);
    expect(r.csr(C.CSR_HSTATUS) & (C.HSTATUS_GVA | C.HSTATUS_SPV)).toBe(
      C.HSTATUS_GVA | C.HSTATUS_SPV,
    );
    expect(r.hart.counters.exceptions[C.CAUSE_LOAD_GUEST_PAGE_FAULT]).toBe(1);
  });

  it('a store to a read-only G-stage page (cause 23) and a fetch from an unmapped one (20), into M', () => {
    const st = run(
      vsProgram(
        `
  li t0, ${G_ROOT}
  li t1, 0x200000db
  li t3, 0x800
  add t3, t3, t0
  sw t1, 0(t3)
`,
        'li a0, 0x80200008\n  sw a0, 0(a0)',
      ),
    );
    expect(st.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_STORE_GUEST_PAGE_FAULT);
    expect(st.csr(C.CSR_MTVAL)).toBe(0x8020_0008);
    expect(st.csr(C.CSR_MTVAL2)).toBe(0x2008_0002);
    expect(st.csr(C.CSR_MSTATUSH)).toBe(C.MSTATUSH_MPV | C.MSTATUSH_GVA);
    const fetch = run(vsProgram('', 'li a0, 0x40000000\n  jr a0'));
    expect(fetch.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_FETCH_GUEST_PAGE_FAULT);
    expect(fetch.csr(C.CSR_MTVAL)).toBe(0x4000_0000);
    expect(fetch.csr(C.CSR_MTVAL2)).toBe(0x1000_0000);
  });

  it('VS-stage Sv32 over the G-stage, with a megapage above 4 GiB of guest physical space', () => {
    // Guest page table at gpa 0x8003_0000: va 0x8000_0000 -> gpa 0x8000_0000 (megapage),
    // va 0xc000_0000 -> gpa 0x1_0000_0000 (megapage); G-stage maps gpa 0x1_0000_0000 -> 0x8000_0000.
    const r = run(
      vsProgram(
        `
  li t0, 0x80030000
  li t1, 0x200000cf
  li t3, 0x800
  add t3, t3, t0
  sw t1, 0(t3)
  li t1, 0x400000c7
  li t3, 0xc00
  add t3, t3, t0
  sw t1, 0(t3)
  li t0, ${G_ROOT}
  li t1, 0x200000df
  li t2, 0x1000
  add t0, t0, t2
  sw t1, 0(t0)
  li t0, 0x80080030
  csrw vsatp, t0
  li t0, 0x80100000
  li t1, 0x5a5a
  sw t1, 0(t0)
`,
        `
  li a0, 0xc0100000
  lw s2, 0(a0)
  li t0, 0x1234
  sw t0, 4(a0)
`,
      ),
    );
    expect(r.x(18)).toBe(0x5a5a);
    expect(r.bus.ram32[0x10_0004 >>> 2]).toBe(0x1234);
    expect(r.hart.counters.twoStageTranslations).toBeGreaterThan(0);
    expect(r.hart.counters.walkReferences).toBeGreaterThan(4);
    // the walk set A and D in the VS leaf and in the G-stage leaf
    expect(r.bus.ram32[0x3_0c00 >>> 2] & 0xc0).toBe(0xc0);
  });

  it('a G-stage fault on the VS-stage walk itself: htval is the PTE address, htinst a pseudoinstruction', () => {
    const g = run(
      vsProgram('li t0, 0x80050000\n  csrw vsatp, t0\n  li t0, 1 << 20\n  csrw medeleg, t0', 'nop'),
    );
    // root at gpa 0x5000_0000 (unmapped in the G-stage): instruction guest-page fault into HS
    expect(g.csr(C.CSR_SCAUSE)).toBe(C.CAUSE_FETCH_GUEST_PAGE_FAULT);
    expect(g.csr(C.CSR_HTVAL)).toBe((0x5000_0000 + 0x200 * 4) >>> 2);
    expect(g.csr(C.CSR_HTINST)).toBe(0x2000);
    expect(g.csr(C.CSR_STVAL) >>> 0).toBeGreaterThanOrEqual(0x8000_0000);
  });

  it('setting A in a VS-stage PTE the G-stage maps read-only: load guest-page fault, htinst 0x2020', () => {
    // The guest's root sits at gpa 0x8043_0000, in a megapage the G-stage maps read-only onto
    // 0x8000_0000; its entry for va 0x4000_0000 has A clear, so the walk must write it.
    const r = run(
      vsProgram(
        `
  li t0, ${G_ROOT + 0x804}
  li t1, 0x200000db
  sw t1, 0(t0)
  li t0, 0x80030800
  li t1, 0x200000cf
  sw t1, 0(t0)
  li t0, 0x80030400
  li t1, 0x20000007
  sw t1, 0(t0)
  li t0, 0x80080430
  csrw vsatp, t0
  li t0, 1 << 21
  csrw medeleg, t0
`,
        'li a0, 0x40000010\n  lw a1, 0(a0)',
      ),
    );
    expect(r.csr(C.CSR_SCAUSE)).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
    expect(r.csr(C.CSR_STVAL)).toBe(0x4000_0010);
    expect(r.csr(C.CSR_HTVAL)).toBe(0x8043_0400 >>> 2);
    expect(r.csr(C.CSR_HTINST)).toBe(0x2020);
    expect(r.bus.ram32[0x3_0400 >>> 2] & 0x40).toBe(0); // A not set
  });

  it('HFENCE.GVMA makes a changed G-stage mapping visible', () => {
    // gpa 0x8040_0000 (a second megapage) maps to 0x8000_0000 until the HS handler unmaps it.
    const r = run(
      vsProgram(
        `
  li t0, 1 << 10
  csrw medeleg, t0
  li t0, 1 << 21
  csrs medeleg, t0
  li t0, ${G_ROOT + 0x804}
  li t1, 0x200000df
  sw t1, 0(t0)
`,
        `
  li a0, 0x80500000
  lw s2, 0(a0)
  ecall
  lw s3, 0(a0)
`,
        `
  .align 4
`,
      ).replace(
        `  .align 4
s_trap:
  wfi
  j s_trap`,
        `  .align 4
s_trap:
  csrr t0, scause
  li t1, 21
  beq t0, t1, 2f
  li t0, ${G_ROOT + 0x804}
  sw zero, 0(t0)
  HFENCE_GVMA
  csrr t0, sepc
  addi t0, t0, 4
  csrw sepc, t0
  sret
2:
  wfi
  j 2b`,
      ),
    );
    expect(r.csr(C.CSR_SCAUSE)).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
    expect(r.csr(C.CSR_HTVAL)).toBe(0x8050_0000 >>> 2);
    expect(r.x(18)).toBe(r.bus.ram32[0x10_0000 >>> 2]);
  });
});

describe.skipIf(!toolchain.available)(
  'H extension: MPRV with MPV, and priorities across levels',
  () => {
    it('M-mode loads under MPRV with MPV=1 go through both stages; a fault sets GVA but not MPV', () => {
      const r = run(`
_start:
  la t0, m_trap
  csrw mtvec, t0
  li t0, ${G_ROOT + 0x804}
  li t1, 0x200000df
  sw t1, 0(t0)
  li t1, ${0x8000_0000 | (G_ROOT >>> 12)}
  csrw hgatp, t1
  li t0, 0x80100000
  li t1, 0x31415
  sw t1, 0(t0)
  li t0, 0x20800
  csrs mstatus, t0
  li t0, 0x80
  csrs mstatush, t0
  li a0, 0x80500000
  lw s2, 0(a0)
  li a0, 0x40000000
  lw s3, 0(a0)
${HANDLERS}`);
      expect(r.x(18)).toBe(0x31415);
      expect(r.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
      expect(r.csr(C.CSR_MTVAL2)).toBe(0x1000_0000);
      expect(r.csr(C.CSR_MSTATUSH)).toBe(C.MSTATUSH_GVA);
    });

    it('an HS-level interrupt comes before a pending VS-level one, which waits for V=1', () => {
      // SSIP (delegated to HS by mideleg) and VSSIP (on to VS by hideleg) both pending in VS-mode.
      const r = run(
        vsProgram(
          `
  li t0, 2
  csrw mideleg, t0
  csrs mie, t0
  csrs mip, t0
  li t0, 4
  csrw hideleg, t0
  csrw hie, t0
  csrw hvip, t0
  li t0, 2
  csrw vsstatus, t0
`,
          'li s5, 9',
        ),
      );
      expect(r.csr(C.CSR_SCAUSE)).toBe((0x8000_0000 | C.IRQ_SSI) >>> 0);
      expect(r.csr(C.CSR_VSCAUSE)).toBe(0);
      expect(r.hart.csr.virt).toBe(false); // in HS (SIE clear): the VS interrupt stays pending
      expect(r.csr(C.CSR_HIP)).toBe(4);
    });
  },
);

describe.skipIf(!toolchain.available)('H extension: HLV, HLVX, HSV', () => {
  it('HS-mode reads and writes guest memory through both stages at SPVP', () => {
    const r = run(`${H_INSNS}
_start:
  la t0, m_trap
  csrw mtvec, t0
  li t0, ${G_ROOT}
  li t1, 0x200000df
  li t3, 0x800
  add t3, t3, t0
  sw t1, 0(t3)
  li t1, ${0x8000_0000 | (G_ROOT >>> 12)}
  csrw hgatp, t1
  li a0, 0x80100000
  li t0, -2
  sw t0, 0(a0)
  HLV_W s2, a0
  HLV_B s3, a0
  li t0, 0x77
  HSV_W t0, a0
  lw s4, 0(a0)
  la a1, _start
  HLVX_WU s5, a1
  li a2, 0x40000000
  HLV_W s6, a2
${HANDLERS}`);
    expect(r.x(18)).toBe(0xffff_fffe);
    expect(r.x(19)).toBe(0xffff_fffe);
    expect(r.x(20)).toBe(0x77);
    expect(r.x(21)).toBe(r.bus.ram32[0] >>> 0);
    expect(r.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_LOAD_GUEST_PAGE_FAULT);
    expect(r.csr(C.CSR_MTVAL)).toBe(0x4000_0000);
    // V was 0, but tval is a guest virtual address: GVA = 1, MPV = 0
    expect(r.csr(C.CSR_MSTATUSH)).toBe(C.MSTATUSH_GVA);
  });

  it('U-mode may use them only with hstatus.HU', () => {
    const prog = (hu: number) => `${H_INSNS}
_start:
  la t0, m_trap
  csrw mtvec, t0
  li t0, ${hu}
  csrw hstatus, t0
  li t0, 0x1800
  csrc mstatus, t0
  la t0, user
  csrw mepc, t0
  mret
user:
  li a0, 0x80100000
  HLV_W s2, a0
  li s3, 5
  ecall
${HANDLERS}`;
    expect(run(prog(0)).csr(C.CSR_MCAUSE)).toBe(C.CAUSE_ILLEGAL_INSTRUCTION);
    const ok = run(prog(C.HSTATUS_HU));
    expect(ok.csr(C.CSR_MCAUSE)).toBe(C.CAUSE_ECALL_U);
    expect(ok.x(19)).toBe(5);
  });
});
