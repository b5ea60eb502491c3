import * as Op from './opcodes';

/**
 * Turns one 32-bit instruction word into the predecoded form the run loop executes:
 * `packed = op | rd << 8 | rs1 << 16 | rs2 << 24` and a separate immediate. Writes to x0 are
 * redirected to X0_SINK here, once, so the hot loop never tests `rd !== 0`.
 *
 * Every encoding that RV32IMA + Zicsr + Zifencei + the privileged ISA does not define decodes to
 * OP_ILLEGAL with the value for mtval in the immediate: the instruction word, or for an encoding
 * whose low bits say "16-bit instruction" (we have no C extension), only its low 16 bits, which
 * is what QEMU 7.2 reports with `-cpu rv32,c=false`.
 *
 * The result goes straight into the code cache's typed array (`out[index]` and `out[index + 1]`)
 * so decoding allocates nothing.
 */
export function decodeInto(word: number, out: Int32Array, index: number): void {
  const w = word | 0;
  const opcode = w & 0x7f;
  const rdField = (w >>> 7) & 0x1f;
  const rd = rdField === 0 ? Op.X0_SINK : rdField;
  const funct3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 0x1f;
  const rs2 = (w >>> 20) & 0x1f;
  const funct7 = w >>> 25;

  let op: number = Op.OP_ILLEGAL;
  let imm = 0;

  switch (opcode) {
    case 0x37: // LUI
      op = Op.OP_LUI;
      imm = w & 0xfffff000;
      break;
    case 0x17: // AUIPC
      op = Op.OP_AUIPC;
      imm = w & 0xfffff000;
      break;
    case 0x6f: // JAL
      imm = jImmediate(w);
      op = (imm & 3) === 0 ? Op.OP_JAL : Op.OP_JUMP_MISALIGNED;
      break;
    case 0x67: // JALR
      if (funct3 === 0) {
        op = Op.OP_JALR;
        imm = w >> 20;
      }
      break;
    case 0x63: // BRANCH
      if (funct3 !== 2 && funct3 !== 3) {
        imm = bImmediate(w);
        op = (imm & 3) === 0 ? BRANCH_OPS[funct3] : Op.OP_JUMP_MISALIGNED;
      }
      break;
    case 0x03: // LOAD
      op = LOAD_OPS[funct3];
      imm = w >> 20;
      break;
    case 0x23: // STORE
      op = funct3 <= 2 ? STORE_OPS[funct3] : Op.OP_ILLEGAL;
      imm = ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
      break;
    case 0x13: // OP-IMM
      imm = w >> 20;
      if (funct3 === 1) {
        // SLLI; on RV32 shamt[5] (bit 25) set is reserved
        op = funct7 === 0 ? Op.OP_SLLI : Op.OP_ILLEGAL;
        imm = rs2;
      } else if (funct3 === 5) {
        op = funct7 === 0 ? Op.OP_SRLI : funct7 === 0x20 ? Op.OP_SRAI : Op.OP_ILLEGAL;
        imm = rs2;
      } else {
        op = OP_IMM_OPS[funct3];
      }
      break;
    case 0x33: // OP
      if (funct7 === 0) op = OP_OPS[funct3];
      else if (funct7 === 0x20)
        op = funct3 === 0 ? Op.OP_SUB : funct3 === 5 ? Op.OP_SRA : Op.OP_ILLEGAL;
      else if (funct7 === 1) op = MUL_OPS[funct3];
      break;
    case 0x0f: // MISC-MEM
      // FENCE orders nothing here: one hart runs at a time and every access is sequentially
      // consistent. FENCE.I ends the block; stores already keep predecoded code exact.
      if (funct3 === 0) op = Op.OP_NOP;
      else if (funct3 === 1) op = Op.OP_FENCE_I;
      break;
    case 0x2f: // AMO
      if (funct3 === 2) {
        const funct5 = w >>> 27;
        imm = funct5;
        if (funct5 === 0b00010) op = rs2 === 0 ? Op.OP_LR_W : Op.OP_ILLEGAL;
        else if (funct5 === 0b00011) op = Op.OP_SC_W;
        else if (AMO_FUNCT5.includes(funct5)) op = Op.OP_AMO_W;
      }
      break;
    case 0x73: // SYSTEM
      imm = w; // the system path decodes the rest (the CSR number is imm >>> 20)
      if (funct3 !== 0 && funct3 !== 4) {
        op = CSR_OPS[funct3];
      } else if (funct3 === 0) {
        op = systemOp(w);
      } else {
        op = hypervisorAccessOp(funct7, rdField, rs2);
      }
      break;
  }
  let rdPacked = rd;
  if (op === Op.OP_ILLEGAL) {
    imm = (w & 3) === 3 ? w : w & 0xffff;
  } else if (op === Op.OP_JUMP_MISALIGNED) {
    // Never writes rd (it traps when taken): the rd slot says which jump it is.
    rdPacked = opcode === 0x6f ? JUMP_KIND_JAL : funct3;
  } else if (op === Op.OP_JAL || (op >= Op.OP_BEQ && op <= Op.OP_BGEU)) {
    // Offsets in code-cache index units (two per instruction, see CodeCache.entries), so the
    // run loop moves its index without converting.
    imm >>= 1;
  }
  out[index] = op | (rdPacked << 8) | (rs1 << 16) | (rs2 << 24);
  out[index + 1] = imm;
}

/** The privileged and environment instructions of funct3 0, which have fixed encodings. */
function systemOp(w: number): number {
  switch (w >>> 0) {
    case 0x00000073:
      return Op.OP_ECALL;
    case 0x00100073:
      return Op.OP_EBREAK;
    case 0x30200073:
      return Op.OP_MRET;
    case 0x10200073:
      return Op.OP_SRET;
    case 0x10500073:
      return Op.OP_WFI;
  }
  // SFENCE.VMA rs1, rs2: funct7 0001001, rd 0
  if (((w >>> 7) & 0x1f) === 0) {
    if (w >>> 25 === 0b0001001) return Op.OP_SFENCE_VMA;
    if (w >>> 25 === 0b0010001) return Op.OP_HFENCE_VVMA;
    if (w >>> 25 === 0b0110001) return Op.OP_HFENCE_GVMA;
  }
  return Op.OP_ILLEGAL;
}

/**
 * The H extension's virtual-machine loads and stores (SYSTEM, funct3 4). The system path makes
 * them illegal on a hart without the extension. RV32 has no HLV.WU.
 */
function hypervisorAccessOp(funct7: number, rd: number, rs2: number): number {
  switch (funct7) {
    case 0b0110000: // HLV.B, HLV.BU
      return rs2 <= 1 ? Op.OP_HLV : Op.OP_ILLEGAL;
    case 0b0110010: // HLV.H, HLV.HU, HLVX.HU
      return rs2 <= 1 || rs2 === 3 ? Op.OP_HLV : Op.OP_ILLEGAL;
    case 0b0110100: // HLV.W, HLVX.WU
      return rs2 === 0 || rs2 === 3 ? Op.OP_HLV : Op.OP_ILLEGAL;
    case 0b0110001: // HSV.B
    case 0b0110011: // HSV.H
    case 0b0110101: // HSV.W
      return rd === 0 ? Op.OP_HSV : Op.OP_ILLEGAL;
  }
  return Op.OP_ILLEGAL;
}

function jImmediate(w: number): number {
  return (
    ((w >> 31) << 20) |
    (((w >>> 12) & 0xff) << 12) |
    (((w >>> 20) & 1) << 11) |
    (((w >>> 21) & 0x3ff) << 1)
  );
}

function bImmediate(w: number): number {
  return (
    ((w >> 31) << 12) |
    (((w >>> 7) & 1) << 11) |
    (((w >>> 25) & 0x3f) << 5) |
    (((w >>> 8) & 0xf) << 1)
  );
}

/** In the rd slot of OP_JUMP_MISALIGNED: a JAL; other values are the branch's funct3. */
export const JUMP_KIND_JAL = 8;

const I = Op.OP_ILLEGAL;
const BRANCH_OPS = [Op.OP_BEQ, Op.OP_BNE, I, I, Op.OP_BLT, Op.OP_BGE, Op.OP_BLTU, Op.OP_BGEU];
const LOAD_OPS = [Op.OP_LB, Op.OP_LH, Op.OP_LW, I, Op.OP_LBU, Op.OP_LHU, I, I];
const STORE_OPS = [Op.OP_SB, Op.OP_SH, Op.OP_SW];
const OP_IMM_OPS = [Op.OP_ADDI, I, Op.OP_SLTI, Op.OP_SLTIU, Op.OP_XORI, I, Op.OP_ORI, Op.OP_ANDI];
const OP_OPS = [
  Op.OP_ADD,
  Op.OP_SLL,
  Op.OP_SLT,
  Op.OP_SLTU,
  Op.OP_XOR,
  Op.OP_SRL,
  Op.OP_OR,
  Op.OP_AND,
];
const MUL_OPS = [
  Op.OP_MUL,
  Op.OP_MULH,
  Op.OP_MULHSU,
  Op.OP_MULHU,
  Op.OP_DIV,
  Op.OP_DIVU,
  Op.OP_REM,
  Op.OP_REMU,
];
const CSR_OPS = [
  I,
  Op.OP_CSRRW,
  Op.OP_CSRRS,
  Op.OP_CSRRC,
  I,
  Op.OP_CSRRWI,
  Op.OP_CSRRSI,
  Op.OP_CSRRCI,
];
const AMO_FUNCT5: readonly number[] = [
  Op.AMO_ADD,
  Op.AMO_SWAP,
  Op.AMO_XOR,
  Op.AMO_OR,
  Op.AMO_AND,
  Op.AMO_MIN,
  Op.AMO_MAX,
  Op.AMO_MINU,
  Op.AMO_MAXU,
];
