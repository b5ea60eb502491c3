import { describe, expect, it } from 'vitest';
import {
  reportMissingToolchain,
  runProgram,
  toolchain,
  type RunOptions,
} from '../../tests/support/rv32';

reportMissingToolchain();

/**
 * Every program starts with mtvec at `m_trap`, which records mcause, mepc and mtval in s9, s10,
 * s11 and ends the run; ENTER_S/ENTER_U drop to a lower privilege at a label with mret.
 */
function run(body: string, options?: RunOptions) {
  return runProgram(
    `
.macro ENTER mpp, label
  li t0, 0x1800
  csrc mstatus, t0
  li t0, \\mpp << 11
  csrs mstatus, t0
  la t0, \\label
  csrw mepc, t0
  mret
.endm
.macro ENTER_S label
  ENTER 1, \\label
.endm
.macro ENTER_U label
  ENTER 0, \\label
.endm
_start:
  la t0, m_trap
  csrw mtvec, t0
${body}
.balign 4
m_trap:
  csrr s9, mcause
  csrr s10, mepc
  csrr s11, mtval
  EXIT
`,
    options,
  );
}

describe.skipIf(!toolchain.available)('traps, privilege and CSRs', () => {
  it('ECALL from M, S and U raises causes 11, 9 and 8 with mepc at the ECALL', () => {
    for (const [enter, cause] of [
      ['', 11],
      ['ENTER_S 1f', 9],
      ['ENTER_U 1f', 8],
    ] as const) {
      const r = run(`
  ${enter}
1:
  ecall
`);
      expect(r.hart.x[25], enter).toBe(cause);
      expect(r.hart.x[26] >>> 0).toBe(r.hart.readCsr(0x341));
      expect(r.hart.x[27]).toBe(0);
      expect(r.hart.priv).toBe(3);
      // MPP records where the trap came from
      expect((r.hart.readCsr(0x300) >>> 11) & 3).toBe(cause === 11 ? 3 : cause === 9 ? 1 : 0);
      expect(r.hart.counters.exceptions[cause]).toBe(1);
    }
  });

  it('EBREAK raises cause 3 with mtval 0 (as QEMU 7.2)', () => {
    const r = run('  ebreak');
    expect(r.hart.x[25]).toBe(3);
    expect(r.hart.x[27]).toBe(0);
  });

  it('illegal encodings raise cause 2 with the instruction (16 bits for a compressed encoding) in mtval', () => {
    expect(run('  .word 0xffffffff').hart.x[27]).toBe(-1);
    const c = run('  .word 0x12340001');
    expect(c.hart.x[25]).toBe(2);
    expect(c.hart.x[27]).toBe(0x0001);
    expect(run('  .word 0x00000000').hart.x[27]).toBe(0);
    // SLLI with shamt[5] set is reserved on RV32
    expect(run('  .word 0x02051513').hart.x[25]).toBe(2);
  });

  it('delegated exceptions go to S-mode with scause/sepc/stval and SPP, and SRET returns', () => {
    const r = run(`
  la t0, s_trap
  csrw stvec, t0
  li t0, 1 << 8          # delegate ECALL from U
  csrw medeleg, t0
  ENTER_S s_start
s_start:
  li t0, 0x20            # SPIE=1 so SRET sets SIE
  csrs sstatus, t0
  la t0, u_start
  csrw sepc, t0
  sret                   # SPP=0: to U
u_start:
  li a0, 5
  ecall                  # to S
  li a1, 6
  ecall                  # to S again, then S does an ECALL to M
s_trap:
  csrr s1, scause
  csrr s2, sepc
  csrr s3, sstatus
  addi s4, s4, 1
  li t0, 2
  beq s4, t0, 1f
  csrr t0, sepc
  addi t0, t0, 4
  csrw sepc, t0
  sret
1:
  ecall
`);
    const x = r.hart.x;
    expect(x[9]).toBe(8); // scause
    expect(x[10]).toBe(5);
    expect(x[11]).toBe(6);
    expect((x[19] >> 8) & 1).toBe(0); // SPP = U
    expect((x[19] >> 5) & 1).toBe(1); // SPIE = old SIE (1 after the first SRET)
    expect((x[19] >> 1) & 1).toBe(0); // SIE cleared
    expect(x[25]).toBe(9); // then ECALL from S went to M
    expect(r.hart.counters.exceptions[8]).toBe(2);
  });

  it('ECALL from M is never delegated, even with medeleg all ones', () => {
    const r = run(`
  li t0, -1
  csrw medeleg, t0
  csrr a0, medeleg
  ecall
`);
    expect(r.hart.x[25]).toBe(11);
    expect(r.hart.x[10]).toBe(0xb3ff);
  });

  it('CSR privilege, read-only CSRs and unknown CSRs raise illegal instruction', () => {
    const fromS = run(`
  ENTER_S 1f
1:
  csrr a0, sstatus
  csrr a1, mstatus
`);
    expect(fromS.hart.x[25]).toBe(2);
    expect(fromS.hart.x[27] >>> 0).toBe(0x300025f3); // csrr a1, mstatus
    expect(run('  ENTER_U 1f\n1:\n  csrr a0, sscratch').hart.x[25]).toBe(2);
    expect(run('  csrw mhartid, zero').hart.x[25]).toBe(2);
    expect(run('  csrw cycle, zero').hart.x[25]).toBe(2);
    expect(run('  csrr a0, 0x7c0').hart.x[25]).toBe(2);
    const ok = run(`
  csrr a0, mhartid
  csrrs a1, mvendorid, zero
  csrrsi a2, marchid, 0
  csrr a3, misa
  csrr a4, mstatush
  csrr a5, mconfigptr
  csrr a6, menvcfg
  li t0, 0x1f
  csrw pmpcfg0, t0
  li t0, 0x20000000
  csrw pmpaddr0, t0
  csrr a7, pmpcfg0
  csrr s1, pmpaddr0
  ebreak
`);
    const x = ok.hart.x;
    expect(ok.hart.x[25]).toBe(3);
    expect([x[10], x[11], x[12], x[13] >>> 0, x[14], x[15], x[16], x[17], x[9]]).toEqual([
      0, 0, 0, 0x4014_1101, 0, 0, 0, 0x1f, 0x2000_0000,
    ]);
  });

  it('MRET/SRET/WFI/SFENCE.VMA/satp follow privilege and mstatus TSR, TW, TVM', () => {
    expect(run('  ENTER_S 1f\n1:\n  mret').hart.x[25]).toBe(2);
    expect(run('  ENTER_U 1f\n1:\n  sret').hart.x[25]).toBe(2);
    expect(run('  ENTER_U 1f\n1:\n  wfi').hart.x[25]).toBe(2);
    expect(run('  ENTER_U 1f\n1:\n  sfence.vma').hart.x[25]).toBe(2);
    const tsr = run('  li t0, 1 << 22\n  csrs mstatus, t0\n  ENTER_S 1f\n1:\n  sret');
    expect(tsr.hart.x[25]).toBe(2);
    expect(tsr.hart.x[27] >>> 0).toBe(0x10200073);
    expect(run('  li t0, 1 << 21\n  csrs mstatus, t0\n  ENTER_S 1f\n1:\n  wfi').hart.x[25]).toBe(2);
    expect(
      run('  li t0, 1 << 20\n  csrs mstatus, t0\n  ENTER_S 1f\n1:\n  sfence.vma').hart.x[25],
    ).toBe(2);
    expect(
      run('  li t0, 1 << 20\n  csrs mstatus, t0\n  ENTER_S 1f\n1:\n  csrr a0, satp').hart.x[25],
    ).toBe(2);
    // Without the traps, S-mode may do all of these.
    const ok = run(`
  ENTER_S 1f
1:
  sfence.vma
  csrw satp, zero
  li a0, 1
  ebreak
`);
    expect(ok.hart.x[25]).toBe(3);
    expect(ok.hart.x[10]).toBe(1);
  });

  it('a jump to a target that is not 4-aligned raises cause 0 on the jump, leaving rd alone', () => {
    const r = run(`
  li ra, 7
  la t0, 1f
  addi t0, t0, 2
  jalr ra, t0
1:
  nop
`);
    expect(r.hart.x[25]).toBe(0);
    expect(r.hart.x[1]).toBe(7);
    expect(r.hart.x[27] >>> 0).toBe((r.hart.x[26] >>> 0) + 6);
    // BEQ x0, x0, +2 (only encodable by hand): taken, so it traps; BNE x0, x0, +2 does not.
    const b = run('  .word 0x00001163\n  li a0, 1\n  .word 0x00000163');
    expect(b.hart.x[10]).toBe(1);
    expect(b.hart.x[25]).toBe(0);
    expect(b.hart.x[27] >>> 0).toBe((b.hart.x[26] >>> 0) + 2);
  });

  it('unmapped physical addresses raise access faults (load 5, store 7, fetch 1); devices answer', () => {
    const load = run('  li t1, 0x40\n  lw a0, 0(t1)');
    expect([load.hart.x[25], load.hart.x[27]]).toEqual([5, 0x40]);
    const store = run('  li t1, 0x30000000\n  sb a0, 3(t1)');
    expect([store.hart.x[25], store.hart.x[27]]).toEqual([7, 0x30000003]);
    const fetch = run('  li t1, 0x20000000\n  jr t1');
    expect([fetch.hart.x[25], fetch.hart.x[26], fetch.hart.x[27]]).toEqual([
      1, 0x20000000, 0x20000000,
    ]);
    const beyondRam = run('  li t1, 0x80100000\n  lw a0, 0(t1)');
    expect(beyondRam.hart.x[25]).toBe(5);
    const device = run('  li t1, TEST_DEVICE\n  lw a0, 8(t1)\n  lw a1, 12(t1)');
    expect(device.hart.x[10]).toBe(0x1234_5678);
    expect(device.hart.x[25]).toBe(5); // the device refuses offset 12
  });

  it('mtvec/stvec keep their old value for a reserved mode; mepc/sepc drop bits 1..0', () => {
    const r = run(`
  la t0, m_trap
  ori t1, t0, 2
  csrw mtvec, t1
  csrr a0, mtvec
  li t1, 0x80000003
  csrw mepc, t1
  csrr a1, mepc
  csrw sepc, t1
  csrr a2, sepc
  ebreak
`);
    expect(r.hart.x[10]).toBe(r.hart.readCsr(0x305) | 0);
    expect(r.hart.x[10] & 3).toBe(0);
    expect(r.hart.x[11] >>> 0).toBe(0x8000_0000);
    expect(r.hart.x[12] >>> 0).toBe(0x8000_0000);
  });

  it('mstatus: MPP is WARL (2 reads as U), sstatus/sie/sip are masked views', () => {
    const r = run(`
  li t0, 0x1800
  csrc mstatus, t0
  li t0, 0x1000
  csrs mstatus, t0
  csrr a0, mstatus
  li t0, -1
  csrw sstatus, t0
  csrr a1, sstatus
  csrr a2, mstatus
  li t0, 0x222
  csrw mideleg, t0
  li t0, 0xaaa
  csrw mie, t0
  csrr a3, sie
  li t0, 2
  csrw sip, t0
  csrr a4, mip
  csrr a5, mideleg
  ebreak
`);
    const x = r.hart.x;
    expect((x[10] >>> 11) & 3).toBe(0);
    expect(x[11] >>> 0).toBe(0x000c_0122);
    expect(x[12] & 0x000c_0122).toBe(0x000c_0122);
    expect(x[13]).toBe(0x222);
    expect(x[14]).toBe(2);
    expect(x[15]).toBe(0x222);
  });

  it('counters: instret counts retired instructions; cycle/time/instret are gated by mcounteren and scounteren', () => {
    const r = run(`
  csrr a0, minstret
  nop
  nop
  csrr a1, minstret
  csrr a2, instret
  li t0, 100
  csrw minstret, t0
  csrr a3, minstret
  rdcycle a4
  rdtime a5
  csrr a6, mcycleh
  ebreak
`);
    const x = r.hart.x;
    expect(x[11] - x[10]).toBe(3);
    expect(x[12] - x[11]).toBe(1);
    expect(x[13]).toBe(100);
    expect(x[14]).toBeGreaterThan(0);
    expect(x[16]).toBe(0);
    expect(run('  ENTER_S 1f\n1:\n  rdcycle a0').hart.x[25]).toBe(2);
    expect(run('  li t0, 7\n  csrw mcounteren, t0\n  ENTER_U 1f\n1:\n  rdtime a0').hart.x[25]).toBe(
      2,
    );
    const allowed = run(`
  li t0, 7
  csrw mcounteren, t0
  ENTER_S 1f
1:
  csrw scounteren, t0
  rdinstret a0
  rdtime a1
  rdcycleh a2
  la t0, 2f
  csrw sepc, t0
  sret
2:
  rdinstret a3
  ecall
`);
    expect(allowed.hart.x[25]).toBe(8);
    expect(allowed.hart.x[13]).toBeGreaterThan(allowed.hart.x[10]);
  });

  it('reads cycle and instret inside the hot loop with the instructions retired before them', () => {
    const r = run(`
  csrr a0, minstret
  rdinstret a1
  nop
  nop
  rdinstret a2
  rdcycle a3
  nop
  rdcycle a4
  li t0, 5
  csrw mcountinhibit, t0
  rdinstret a5
  nop
  rdinstret a6
  rdcycle a7
  ebreak
`);
    const x = r.hart.x;
    expect(x[11] - x[10]).toBe(1);
    expect(x[12] - x[11]).toBe(3);
    expect(x[14] - x[13]).toBe(2);
    expect(x[16]).toBe(x[15]);
    // rdcycle a4 and li count; the csrw that sets mcountinhibit already does not.
    expect(x[17]).toBe(x[14] + 2);
  });

  it('mcountinhibit stops minstret', () => {
    const r = run(`
  li t0, 4
  csrw mcountinhibit, t0
  csrr a0, minstret
  nop
  nop
  csrr a1, minstret
  ebreak
`);
    expect(r.hart.x[11]).toBe(r.hart.x[10]);
  });
});

describe.skipIf(!toolchain.available)('atomics', () => {
  it('LR/SC succeed on a live reservation and fail without one; AMOs return the old value', () => {
    const r = run(`
  li s0, 0x80080000
  li t0, 10
  sw t0, 0(s0)
  lr.w a0, (s0)
  addi t1, a0, 1
  sc.w a1, t1, (s0)       # succeeds: a1 = 0
  sc.w a2, t1, (s0)       # reservation gone: a2 = 1
  lw a3, 0(s0)
  li t0, 5
  amoadd.w a4, t0, (s0)   # a4 = 11, mem 16
  li t0, -3
  amoswap.w a5, t0, (s0)  # a5 = 16, mem -3
  li t0, 2
  amomax.w a6, t0, (s0)   # a6 = -3, mem 2
  li t0, -1
  amomaxu.w a7, t0, (s0)  # mem 0xffffffff
  li t0, 1
  amominu.w s1, t0, (s0)  # mem 1
  li t0, -8
  amomin.w s2, t0, (s0)   # mem -8
  li t0, 0xf0
  amoor.w s3, t0, (s0)
  li t0, 0x3c
  amoand.w s4, t0, (s0)
  li t0, 0xff
  amoxor.w s5, t0, (s0)
  lw s6, 0(s0)
  ebreak
`);
    const x = r.hart.x;
    expect([x[10], x[11], x[12], x[13]]).toEqual([10, 0, 1, 11]);
    expect([x[14], x[15], x[16], x[17]]).toEqual([11, 16, -3, 2]);
    expect([x[9], x[18], x[19], x[20], x[21], x[22]]).toEqual([
      -1,
      1,
      -8,
      -8 | 0xf0,
      (-8 | 0xf0) & 0x3c,
      ((-8 | 0xf0) & 0x3c) ^ 0xff,
    ]);
  });

  it('misaligned atomics raise address-misaligned (LR 4, AMO/SC 6); unmapped ones access faults', () => {
    expect(run('  li t1, 0x80080002\n  lr.w a0, (t1)').hart.x[25]).toBe(4);
    expect(run('  li t1, 0x80080002\n  amoadd.w a0, a0, (t1)').hart.x[25]).toBe(6);
    expect(run('  li t1, 0x80080002\n  sc.w a0, a0, (t1)').hart.x[25]).toBe(6);
    expect(run('  li t1, 0x40\n  amoswap.w a0, a0, (t1)').hart.x[25]).toBe(7);
    expect(run('  li t1, 0x40\n  lr.w a0, (t1)').hart.x[25]).toBe(5);
  });
});

describe.skipIf(!toolchain.available)('interrupts', () => {
  /** A handler that logs mcause to s2.. (via s1) and drops that line (s3 holds the line mask). */
  const logAndClear = `
m_irq:
  csrr t0, mcause
  sw t0, 0(s1)
  addi s1, s1, 4
  andi t0, t0, 31
  li t1, 1
  sll t1, t1, t0
  not t1, t1
  and s3, s3, t1
  li t2, TEST_DEVICE
  sw s3, 4(t2)
  mret
`;

  it('takes pending interrupts in priority order MEI, MSI, MTI, and only when enabled', () => {
    const r = run(`
  la t0, m_irq
  csrw mtvec, t0
  li s1, 0x80080000
  li s3, (1 << 11) | (1 << 7) | (1 << 3)
  li t2, TEST_DEVICE
  sw s3, 4(t2)            # all three lines high, but mstatus.MIE = 0
  li t0, 0x888
  csrw mie, t0
  li a0, 1                # still running: nothing taken yet
  csrsi mstatus, 8        # MIE = 1: all three are taken, one after another
  li a1, 2
  li t0, TEST_DEVICE
  li t1, 0x5555
  sw t1, 0(t0)
${logAndClear}
`);
    expect(r.reason).toBe('exit');
    const log = Array.from(r.bus.ram32.subarray(0x80000 / 4, 0x80000 / 4 + 3), (v) => v >>> 0);
    expect(log).toEqual([0x8000_000b, 0x8000_0003, 0x8000_0007]);
    expect(r.hart.x[11]).toBe(2);
    expect(r.hart.counters.interrupts[11]).toBe(1);
    expect(r.hart.counters.interrupts[7]).toBe(1);
  });

  it('vectored mtvec sends interrupts to base + 4 * cause and exceptions to base', () => {
    const r = run(`
  la t0, vectors
  ori t0, t0, 1
  csrw mtvec, t0
  li t0, 1 << 7
  csrw mie, t0
  csrsi mstatus, 8
  li t2, TEST_DEVICE
  li t0, 1 << 7
  sw t0, 4(t2)
  nop
.balign 64
vectors:
  j m_trap               # exceptions
  .word 0, 0, 0, 0, 0, 0
  li a0, 77              # vector 7: MTI
  ecall
`);
    expect(r.hart.x[10]).toBe(77);
    expect(r.hart.x[25]).toBe(11);
  });

  it('an S-level interrupt delegated by mideleg goes to S-mode, never while in M; M-level ones preempt S even with MIE=0', () => {
    const r = run(`
  la t0, s_trap
  csrw stvec, t0
  li t0, 1 << 5
  csrw mideleg, t0
  csrw mie, t0
  csrs mip, t0            # STIP pending, set by M software
  csrsi mstatus, 10       # MIE and SIE: still not taken in M
  li a0, 1
  ENTER_S s_start
s_start:
  li a1, 2                # never reached: STI is taken on entry to S (SIE = 1)
s_trap:
  csrr s1, scause
  csrr s2, sepc
  li t0, 1 << 7
  csrs mie, t0            # may not: mie is M-only
`);
    expect(r.hart.x[10]).toBe(1);
    expect(r.hart.x[9] >>> 0).toBe(0x8000_0005);
    expect(r.hart.x[11]).toBe(0);
    expect(r.hart.x[25]).toBe(2); // the csrs mie from S
    const preempt = run(`
  la t0, m_irq2
  csrw mtvec, t0
  li t0, 1 << 7
  csrw mie, t0
  li t2, TEST_DEVICE
  sw t0, 4(t2)            # MTIP high, MIE = 0: not taken in M
  li a0, 1
  ENTER_S s_start
s_start:
  li a1, 2
m_irq2:
  csrr s1, mcause
  csrr s2, mstatus
  EXIT
`);
    expect(preempt.hart.x[10]).toBe(1);
    expect(preempt.hart.x[11]).toBe(0);
    expect(preempt.hart.x[9] >>> 0).toBe(0x8000_0007);
    expect((preempt.hart.x[18] >>> 11) & 3).toBe(1); // MPP = S
  });

  it('WFI waits until an interrupt is pending in mie, then resumes, even with interrupts disabled', () => {
    let waits = 0;
    const r = run(
      `
  li t0, 1 << 7
  csrw mie, t0
  li a0, 1
  wfi
  li a1, 2
  csrr a2, mip
  EXIT
`,
      {
        slice: 100,
        beforeSlice: (hart) => {
          if (!hart.waitingForInterrupt) return;
          waits++;
          expect(hart.run(100)).toBe(0); // still waiting: run does nothing
          if (waits === 3) hart.setInterruptLine(7, true);
        },
      },
    );
    expect(r.reason).toBe('exit');
    expect(waits).toBe(3);
    expect(r.hart.x[11]).toBe(2);
    expect(r.hart.x[12]).toBe(1 << 7);
    expect(r.hart.counters.interrupts[7]).toBe(0); // MIE = 0: woken, not trapped
  });

  it('SEIP reads as the OR of the line and the software bit; CSRRS/CSRRC change only the software bit', () => {
    const r = run(`
  li t2, TEST_DEVICE
  li t0, 1 << 9
  sw t0, 4(t2)            # SEIP line high
  csrr a0, mip
  csrc mip, t0            # clears the software bit only: still pending
  csrr a1, mip
  sw zero, 4(t2)
  csrr a2, mip
  csrs mip, t0
  csrr a3, mip
  ebreak
`);
    expect([r.hart.x[10], r.hart.x[11], r.hart.x[12], r.hart.x[13]]).toEqual([512, 512, 0, 512]);
  });
});
