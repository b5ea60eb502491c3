/**
 * The predecoded operation numbers. The decoder (decode.ts) turns a 32-bit instruction word into
 * one of these plus packed register numbers and an immediate; the hart's run loop (hart.ts)
 * dispatches on them in one `switch`. Numbers are small and dense so the switch compiles to a
 * jump table. 0 is reserved for "not decoded yet": a code page starts zero-filled and each slot
 * decodes itself the first time it runs.
 *
 * Ops up to OP_LAST_FAST run inside the hot loop; the rest (CSR access, privileged and system
 * instructions) leave it and run in hart.ts's system path, where the interrupt state is
 * re-examined afterwards.
 */
export const OP_DECODE = 0;
/** Sentinel stored after the last instruction of a code page: execution continues on the next page. */
export const OP_PAGE_END = 1;
export const OP_ILLEGAL = 2;
/** Sentinel at CodeCache.farIndex: the loop jumped off its page and must look up the next one. */
export const OP_FAR_JUMP = 66;

export const OP_LUI = 3;
export const OP_AUIPC = 4;
export const OP_JAL = 5;
export const OP_JALR = 6;
export const OP_BEQ = 7;
export const OP_BNE = 8;
export const OP_BLT = 9;
export const OP_BGE = 10;
export const OP_BLTU = 11;
export const OP_BGEU = 12;
/** A branch or JAL whose offset is not a multiple of 4: traps (cause 0) when taken. */
export const OP_JUMP_MISALIGNED = 13;

export const OP_LB = 14;
export const OP_LH = 15;
export const OP_LW = 16;
export const OP_LBU = 17;
export const OP_LHU = 18;
export const OP_SB = 19;
export const OP_SH = 20;
export const OP_SW = 21;

export const OP_ADDI = 22;
export const OP_SLTI = 23;
export const OP_SLTIU = 24;
export const OP_XORI = 25;
export const OP_ORI = 26;
export const OP_ANDI = 27;
export const OP_SLLI = 28;
export const OP_SRLI = 29;
export const OP_SRAI = 30;

export const OP_ADD = 31;
export const OP_SUB = 32;
export const OP_SLL = 33;
export const OP_SLT = 34;
export const OP_SLTU = 35;
export const OP_XOR = 36;
export const OP_SRL = 37;
export const OP_SRA = 38;
export const OP_OR = 39;
export const OP_AND = 40;

export const OP_MUL = 41;
export const OP_MULH = 42;
export const OP_MULHSU = 43;
export const OP_MULHU = 44;
export const OP_DIV = 45;
export const OP_DIVU = 46;
export const OP_REM = 47;
export const OP_REMU = 48;

/** FENCE, and the HINT encodings that must execute as no-ops. */
export const OP_NOP = 49;

export const OP_LR_W = 50;
export const OP_SC_W = 51;
/** All AMO*.W share one op; the immediate holds funct5, which selects the operation. */
export const OP_AMO_W = 52;

export const OP_LAST_FAST = 52;

// System path: the immediate holds the CSR number (CSR ops) or the instruction word.
export const OP_CSRRW = 53;
export const OP_CSRRS = 54;
export const OP_CSRRC = 55;
export const OP_CSRRWI = 56;
export const OP_CSRRSI = 57;
export const OP_CSRRCI = 58;
export const OP_ECALL = 59;
export const OP_EBREAK = 60;
export const OP_MRET = 61;
export const OP_SRET = 62;
export const OP_WFI = 63;
export const OP_SFENCE_VMA = 64;
export const OP_FENCE_I = 65;
// H extension (illegal when the hart does not have it): the immediate holds the instruction word.
/** HLV.B/BU/H/HU/W and HLVX.HU/WU. */
export const OP_HLV = 67;
/** HSV.B/H/W. */
export const OP_HSV = 68;
export const OP_HFENCE_VVMA = 69;
export const OP_HFENCE_GVMA = 70;
/**
 * Binary translation: a slot the VMM patched to call it instead of trapping (CodeCache.patch).
 * rd holds the translator's owner number, the immediate the slot's own index in
 * CodeCache.entries; the instruction it replaced is kept in CodeCache.originals.
 */
export const OP_CALLOUT = 71;

/** Names for traces and the debugger, indexed by op number. */
export const OP_NAMES: readonly string[] = [
  'decode',
  'page-end',
  'illegal',
  'lui',
  'auipc',
  'jal',
  'jalr',
  'beq',
  'bne',
  'blt',
  'bge',
  'bltu',
  'bgeu',
  'jump-misaligned',
  'lb',
  'lh',
  'lw',
  'lbu',
  'lhu',
  'sb',
  'sh',
  'sw',
  'addi',
  'slti',
  'sltiu',
  'xori',
  'ori',
  'andi',
  'slli',
  'srli',
  'srai',
  'add',
  'sub',
  'sll',
  'slt',
  'sltu',
  'xor',
  'srl',
  'sra',
  'or',
  'and',
  'mul',
  'mulh',
  'mulhsu',
  'mulhu',
  'div',
  'divu',
  'rem',
  'remu',
  'nop',
  'lr.w',
  'sc.w',
  'amo.w',
  'csrrw',
  'csrrs',
  'csrrc',
  'csrrwi',
  'csrrsi',
  'csrrci',
  'ecall',
  'ebreak',
  'mret',
  'sret',
  'wfi',
  'sfence.vma',
  'fence.i',
  'far-jump',
  'hlv',
  'hsv',
  'hfence.vvma',
  'hfence.gvma',
  'callout',
];

/** AMO funct5 values (instruction bits 31..27), kept in the immediate of OP_AMO_W. */
export const AMO_ADD = 0b00000;
export const AMO_SWAP = 0b00001;
export const AMO_XOR = 0b00100;
export const AMO_OR = 0b01000;
export const AMO_AND = 0b01100;
export const AMO_MIN = 0b10000;
export const AMO_MAX = 0b10100;
export const AMO_MINU = 0b11000;
export const AMO_MAXU = 0b11100;

/** Register number that writes to x0 are redirected to, so the hot loop needs no `rd !== 0` test. */
export const X0_SINK = 32;
