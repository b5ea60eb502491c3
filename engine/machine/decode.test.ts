import { describe, expect, it } from 'vitest';
import { decodeInto, JUMP_KIND_JAL } from './decode';
import * as Op from './opcodes';

function decode(word: number) {
  const out = new Int32Array(2);
  decodeInto(word, out, 0);
  const p = out[0];
  return { op: p & 0xff, rd: (p >>> 8) & 0xff, rs1: (p >>> 16) & 0xff, rs2: p >>> 24, imm: out[1] };
}

describe('decodeInto', () => {
  it('packs registers and sign-extends I, S, U immediates', () => {
    expect(decode(0xfff50513)).toEqual({ op: Op.OP_ADDI, rd: 10, rs1: 10, rs2: 31, imm: -1 }); // addi a0, a0, -1
    expect(decode(0xfea42e23)).toMatchObject({ op: Op.OP_SW, rs1: 8, rs2: 10, imm: -4 }); // sw a0, -4(s0)
    expect(decode(0x800002b7)).toMatchObject({ op: Op.OP_LUI, rd: 5, imm: 0x80000000 | 0 }); // lui t0, 0x80000
    expect(decode(0x00b50633)).toMatchObject({ op: Op.OP_ADD, rd: 12, rs1: 10, rs2: 11 });
    expect(decode(0x02b50633)).toMatchObject({ op: Op.OP_MUL });
    expect(decode(0x40b50633)).toMatchObject({ op: Op.OP_SUB });
  });

  it('redirects writes to x0 to the sink register', () => {
    expect(decode(0x00000013)).toMatchObject({ op: Op.OP_ADDI, rd: Op.X0_SINK }); // nop
    expect(decode(0x0000006f)).toMatchObject({ op: Op.OP_JAL, rd: Op.X0_SINK, imm: 0 }); // j .
  });

  it('keeps branch and JAL offsets in code-cache units (2 per instruction), and marks misaligned targets', () => {
    expect(decode(0xfe0518e3)).toMatchObject({ op: Op.OP_BNE, rs1: 10, imm: -8 }); // bnez a0, -16
    expect(decode(0x008000ef)).toMatchObject({ op: Op.OP_JAL, rd: 1, imm: 4 }); // jal ra, +8
    expect(decode(0x00001163)).toMatchObject({ op: Op.OP_JUMP_MISALIGNED, rd: 1, imm: 2 }); // bne x0, x0, +2
    expect(decode(0x0020006f)).toMatchObject({
      op: Op.OP_JUMP_MISALIGNED,
      rd: JUMP_KIND_JAL,
      imm: 2,
    }); // j +2
  });

  it('decodes system instructions exactly and keeps the word for the system path', () => {
    expect(decode(0x00000073).op).toBe(Op.OP_ECALL);
    expect(decode(0x00100073).op).toBe(Op.OP_EBREAK);
    expect(decode(0x30200073).op).toBe(Op.OP_MRET);
    expect(decode(0x10200073).op).toBe(Op.OP_SRET);
    expect(decode(0x10500073).op).toBe(Op.OP_WFI);
    expect(decode(0x12000073).op).toBe(Op.OP_SFENCE_VMA);
    expect(decode(0x0000100f).op).toBe(Op.OP_FENCE_I);
    expect(decode(0x0ff0000f).op).toBe(Op.OP_NOP); // fence
    expect(decode(0x300025f3)).toMatchObject({ op: Op.OP_CSRRS, rd: 11, rs1: 0, imm: 0x300025f3 }); // csrr a1, mstatus
    expect(decode(0x00100173).op).toBe(Op.OP_ILLEGAL); // ebreak with rd != 0
  });

  it('decodes atomics by funct5', () => {
    expect(decode(0x1005252f)).toMatchObject({ op: Op.OP_LR_W, rd: 10, rs1: 10 });
    expect(decode(0x18b5262f).op).toBe(Op.OP_SC_W);
    expect(decode(0x00b5262f)).toMatchObject({ op: Op.OP_AMO_W, imm: Op.AMO_ADD });
    expect(decode(0xe0b5262f)).toMatchObject({ op: Op.OP_AMO_W, imm: Op.AMO_MAXU });
    expect(decode(0x10b5252f).op).toBe(Op.OP_ILLEGAL); // lr.w with rs2 != 0
  });

  it('turns every undefined encoding into OP_ILLEGAL with mtval in the immediate', () => {
    expect(decode(0xffffffff)).toMatchObject({ op: Op.OP_ILLEGAL, imm: -1 });
    expect(decode(0x12340001)).toMatchObject({ op: Op.OP_ILLEGAL, imm: 0x0001 }); // a 16-bit encoding
    expect(decode(0x00003003).op).toBe(Op.OP_ILLEGAL); // ld is RV64
    expect(decode(0x02051513).op).toBe(Op.OP_ILLEGAL); // slli with shamt[5]
    expect(decode(0x00002067).op).toBe(Op.OP_ILLEGAL); // jalr with funct3 2
    expect(decode(0x00004073).op).toBe(Op.OP_ILLEGAL); // SYSTEM funct3 4
    expect(decode(0x00000007).op).toBe(Op.OP_ILLEGAL); // flw: no F
  });
});
