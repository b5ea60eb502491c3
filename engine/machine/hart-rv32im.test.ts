import { describe, expect, it } from 'vitest';
import { reportMissingToolchain, runProgram, toolchain } from '../../tests/support/rv32';

reportMissingToolchain();

/** Edge values for register operands. */
const VALUES = [
  0, 1, -1, 2, 7, -7, 31, 32, 33, 0x7fff_ffff, -0x8000_0000, 0x1234_5678, -0x1234_5679, 0xffff,
  0x8000,
];

const u = (v: number) => BigInt.asUintN(32, BigInt(v));
const s = (v: number) => BigInt.asIntN(32, BigInt(v));
const i32 = (v: bigint) => Number(BigInt.asIntN(32, v));

/** Reference semantics, written independently of the hart with BigInt. */
const REG_OPS: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => i32(s(a) + s(b)),
  sub: (a, b) => i32(s(a) - s(b)),
  sll: (a, b) => i32(u(a) << (u(b) & 31n)),
  slt: (a, b) => (s(a) < s(b) ? 1 : 0),
  sltu: (a, b) => (u(a) < u(b) ? 1 : 0),
  xor: (a, b) => a ^ b,
  srl: (a, b) => i32(u(a) >> (u(b) & 31n)),
  sra: (a, b) => i32(s(a) >> (u(b) & 31n)),
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  mul: (a, b) => i32(s(a) * s(b)),
  mulh: (a, b) => i32((s(a) * s(b)) >> 32n),
  mulhsu: (a, b) => i32((s(a) * u(b)) >> 32n),
  mulhu: (a, b) => i32((u(a) * u(b)) >> 32n),
  div: (a, b) => (b === 0 ? -1 : a === -0x8000_0000 && b === -1 ? a : i32(s(a) / s(b))),
  divu: (a, b) => (b === 0 ? -1 : i32(u(a) / u(b))),
  rem: (a, b) => (b === 0 ? a : a === -0x8000_0000 && b === -1 ? 0 : i32(s(a) % s(b))),
  remu: (a, b) => (b === 0 ? a : i32(u(a) % u(b))),
};

const IMMEDIATES = [0, 1, -1, 5, 2047, -2048, 0x555, -0x556];
const IMM_OPS: Record<string, (a: number, imm: number) => number> = {
  addi: (a, i) => i32(s(a) + s(i)),
  slti: (a, i) => (a < i ? 1 : 0),
  sltiu: (a, i) => (u(a) < u(i) ? 1 : 0),
  xori: (a, i) => a ^ i,
  ori: (a, i) => a | i,
  andi: (a, i) => a & i,
};
const SHIFT_OPS: Record<string, (a: number, sh: number) => number> = {
  slli: (a, sh) => i32(u(a) << BigInt(sh)),
  srli: (a, sh) => i32(u(a) >> BigInt(sh)),
  srai: (a, sh) => i32(s(a) >> BigInt(sh)),
};

interface Case {
  asm: string;
  expected: number;
}

/** One program that runs every case and stores each result at 0x8008_0000 + 4 * case. */
function runCases(cases: Case[]): number[] {
  const body = cases.map(
    (c, k) =>
      `${c.asm}\n  sw a2, ${(k % 512) * 4}(s0)\n${k % 512 === 511 ? '  addi s0, s0, 2047\n  addi s0, s0, 1\n' : ''}`,
  );
  const r = runProgram(`
_start:
  li s0, 0x80080000
${body.join('')}
  EXIT
`);
  expect(r.reason).toBe('exit');
  const base = 0x80000 / 4;
  return cases.map((_, k) => r.bus.ram32[base + k]);
}

describe.skipIf(!toolchain.available)('RV32I and M arithmetic against a BigInt reference', () => {
  it('register-register ops, including M', () => {
    const cases: Case[] = [];
    for (const [op, f] of Object.entries(REG_OPS)) {
      for (const a of VALUES) {
        for (const b of VALUES)
          cases.push({
            asm: `  li a0, ${a}\n  li a1, ${b}\n  ${op} a2, a0, a1`,
            expected: f(a, b),
          });
      }
    }
    const got = runCases(cases);
    cases.forEach((c, k) => expect(got[k], c.asm).toBe(c.expected));
  });

  it('register-immediate ops and shifts', () => {
    const cases: Case[] = [];
    for (const a of VALUES) {
      for (const [op, f] of Object.entries(IMM_OPS)) {
        for (const imm of IMMEDIATES)
          cases.push({ asm: `  li a0, ${a}\n  ${op} a2, a0, ${imm}`, expected: f(a, imm) });
      }
      for (const [op, f] of Object.entries(SHIFT_OPS)) {
        for (const sh of [0, 1, 7, 31])
          cases.push({ asm: `  li a0, ${a}\n  ${op} a2, a0, ${sh}`, expected: f(a, sh) });
      }
    }
    const got = runCases(cases);
    cases.forEach((c, k) => expect(got[k], c.asm).toBe(c.expected));
  });

  it('LUI, AUIPC, and writes to x0 are discarded', () => {
    const r = runProgram(`
_start:
  lui a0, 0xfffff
  auipc a1, 0
  auipc a2, 0x1
  addi zero, zero, 5
  lui zero, 0x12345
  add zero, a0, a0
  mv a3, zero
  EXIT
`);
    expect(r.hart.x[10]).toBe(0xfffff000 | 0);
    expect(r.hart.x[11] >>> 0).toBe(0x8000_0004);
    expect(r.hart.x[12] >>> 0).toBe(0x8000_1008);
    expect(r.hart.x[0]).toBe(0);
    expect(r.hart.x[13]).toBe(0);
  });

  it('branches take the right way for signed and unsigned comparisons', () => {
    // Each taken branch adds its bit to a0; a not-taken branch leaves it.
    const pairs: [number, number][] = [
      [1, 2],
      [2, 1],
      [-1, 1],
      [1, -1],
      [5, 5],
      [-0x8000_0000, 0x7fff_ffff],
    ];
    const ops: Record<string, (a: number, b: number) => boolean> = {
      beq: (a, b) => a === b,
      bne: (a, b) => a !== b,
      blt: (a, b) => a < b,
      bge: (a, b) => a >= b,
      bltu: (a, b) => a >>> 0 < b >>> 0,
      bgeu: (a, b) => a >>> 0 >= b >>> 0,
    };
    const cases: Case[] = [];
    for (const [op, f] of Object.entries(ops)) {
      for (const [a, b] of pairs) {
        cases.push({
          asm: `  li a0, ${a}\n  li a1, ${b}\n  li a2, 0\n  ${op} a0, a1, 1f\n  li a2, 7\n  j 2f\n1: li a2, 9\n2:`,
          expected: f(a, b) ? 9 : 7,
        });
      }
    }
    const got = runCases(cases);
    cases.forEach((c, k) => expect(got[k], c.asm).toBe(c.expected));
  });

  it('JAL and JALR link the return address, JALR clears bit 0, and calls cross pages', () => {
    const r = runProgram(`
_start:
  jal ra, f          # 0x80000000
  mv s1, a0          # 0x80000004: f returns here
  la t0, g
  addi t0, t0, 1     # bit 0 set: JALR must ignore it
  jalr s2, 0(t0)
  mv s3, a0
  la t0, far
  jalr ra, t0
  mv s4, a0
  EXIT
f:
  li a0, 11
  ret
g:
  li a0, 22
  jr s2
.balign 4096
far:
  li a0, 33
  ret
`);
    expect(r.reason).toBe('exit');
    expect(r.hart.x[9]).toBe(11);
    expect(r.hart.x[18] >>> 0).toBe(0x8000_0018); // la is two instructions
    expect(r.hart.x[19]).toBe(22);
    expect(r.hart.x[20]).toBe(33);
  });

  it('runs straight across a page boundary', () => {
    const r = runProgram(`
_start:
  li a0, 0
  j 1f
.balign 4096
  .skip 4096 - 8
1:
  addi a0, a0, 1
  addi a0, a0, 2
  addi a0, a0, 4     # first instruction of the next page
  EXIT
`);
    expect(r.hart.x[10]).toBe(7);
  });

  it('loads sign- or zero-extend and stores write only their width, aligned or not', () => {
    const r = runProgram(`
_start:
  li s0, 0x80080000
  li t0, 0x8081f2f3
  sw t0, 0(s0)
  lb a0, 0(s0)
  lbu a1, 0(s0)
  lh a2, 2(s0)
  lhu a3, 2(s0)
  lw a4, 0(s0)
  li t0, 0x11223344
  sw t0, 4(s0)
  sb zero, 5(s0)
  li t1, 0xabcd
  sh t1, 6(s0)
  lw a5, 4(s0)
  # misaligned: QEMU virt performs these without a trap, and so do we
  lw a6, 1(s0)
  lh a7, 3(s0)
  li t2, 0xdeadbeef
  sw t2, 9(s0)
  lw s1, 8(s0)
  lw s2, 12(s0)
  EXIT
`);
    const x = r.hart.x;
    expect(x[10]).toBe(-13); // 0xf3
    expect(x[11]).toBe(0xf3);
    expect(x[12]).toBe(0x8081 - 0x10000);
    expect(x[13]).toBe(0x8081);
    expect(x[14]).toBe(0x8081f2f3 | 0);
    expect(x[15]).toBe(0xabcd0044 | 0);
    expect(x[16]).toBe(0x448081f2);
    expect(x[17]).toBe(0x4480);
    expect(x[9]).toBe(0xadbeef00 | 0);
    expect(x[18]).toBe(0xde);
    expect(r.hart.counters.exceptions.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('self-modifying code runs the new instruction', () => {
    const r = runProgram(`
_start:
  li a0, 0
  la t0, patch
  li t1, 0x02a00513   # addi a0, zero, 42
  call run_patch      # executes the original (a0 = 1) and decodes it
  mv s1, a0
  sw t1, 0(t0)
  fence.i
  call run_patch
  mv s2, a0
  li t1, 0x06300513   # addi a0, zero, 99, without fence.i
  sw t1, 0(t0)
  call run_patch
  mv s3, a0
  EXIT
run_patch:
patch:
  addi a0, zero, 1
  ret
`);
    expect(r.hart.x[9]).toBe(1);
    expect(r.hart.x[18]).toBe(42);
    expect(r.hart.x[19]).toBe(99);
  });
});
