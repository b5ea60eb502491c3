import * as C from './csr';
import { EXIT_SYSTEM, EXIT_TRAP } from './exits';
import type { Hart } from './hart';
import { executeMemory, MEMORY_DONE } from './memory-access';
import { csrInPlace } from './system';
import { TLB_MASK, TLB_SIZE } from './tlb';

/**
 * The hot loop: runs at most `limit` instructions of the fast set and returns how many
 * retired. It stops early with `exit` set (see EXIT_*); `pc` is then the instruction to look at
 * (EXIT_SYSTEM), the trap handler (EXIT_TRAP) or the next instruction (EXIT_EVENT).
 *
 * Locals: `i` indexes the predecoded entries (two numbers each, see CodeCache.entries) of the
 * page whose virtual base is `pageVa` and whose first entry is at `base`, so the pc is
 * `pageVa + (i - base) * 2` and is only computed when
 * an instruction needs it. Jumps within the page just move `i`; a jump elsewhere sets the `pc`
 * local and moves `i` to the OP_FAR_JUMP sentinel, which looks the new page up.
 */
export function execute(hart: Hart, limit: number): number {
  const x = hart.x;
  const code = hart.code;
  const entries = code.entries;
  const pageSlot = code.pageSlot;
  const bus = hart.bus;
  const ram8 = bus.ram8;
  const ram16 = bus.ram16;
  const ram32 = bus.ram32;
  const tlb = hart.tlb;
  const readTag = tlb.readTag;
  const readOff = tlb.readOff;
  const writeTag = tlb.writeTag;
  const writeOff = tlb.writeOff;
  const dataSet = hart.dataPriv() * TLB_SIZE;
  const farIndex = hart.farIndex;
  const tlbMask = TLB_MASK; // a local: imported bindings are not constants to V8

  let pc = hart.pc | 0;
  let base = 0;
  let pageVa = 0;
  let i = farIndex;
  let n = 0;
  let hits = 0;

  while (n < limit) {
    const w = entries[i];
    // Case labels are literal op numbers (named in comments, checked against opcodes.ts by
    // hart-dispatch.test.ts): V8 builds a jump table only for literal labels, and comparing
    // against imported constants one by one made the loop four times slower.
    switch (w & 0xff) {
      case /* OP_DECODE */ 0:
        code.decode(i, hart);
        continue;
      case /* OP_PAGE_END */ 1:
        pc = (pageVa + 4096) | 0;
        i = farIndex;
        continue;
      case /* OP_FAR_JUMP */ 66:
        base = hart.enterCodePage(pc);
        if (base < 0) {
          hart.counters.tlbHits += hits;
          return n;
        }
        pageVa = pc & ~0xfff;
        i = base + ((pc & 0xfff) >>> 1);
        continue;

      case /* OP_LUI */ 3:
        x[(w >>> 8) & 0xff] = entries[i + 1];
        break;
      case /* OP_AUIPC */ 4:
        x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 1) + entries[i + 1];
        break;
      case /* OP_JAL */ 5: {
        x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 1) + 4;
        const k = i - base + entries[i + 1];
        n++;
        if (k >>> 0 < 2048) {
          i = base + k;
        } else {
          pc = (pageVa + (k << 1)) | 0;
          i = farIndex;
        }
        continue;
      }
      case /* OP_JALR */ 6: {
        const target = (x[(w >>> 16) & 0xff] + entries[i + 1]) & ~1;
        if ((target & 2) !== 0) {
          hart.raise(C.CAUSE_FETCH_MISALIGNED, target, pageVa + ((i - base) << 1));
          hart.counters.tlbHits += hits;
          return n;
        }
        x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 1) + 4;
        n++;
        if ((target & ~0xfff) === pageVa) {
          i = base + ((target & 0xfff) >>> 1);
        } else {
          pc = target;
          i = farIndex;
        }
        continue;
      }
      case /* OP_BEQ */ 7:
        if (x[(w >>> 16) & 0xff] === x[w >>> 24]) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;
      case /* OP_BNE */ 8:
        if (x[(w >>> 16) & 0xff] !== x[w >>> 24]) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;
      case /* OP_BLT */ 9:
        if (x[(w >>> 16) & 0xff] < x[w >>> 24]) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;
      case /* OP_BGE */ 10:
        if (x[(w >>> 16) & 0xff] >= x[w >>> 24]) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;
      case /* OP_BLTU */ 11:
        if (x[(w >>> 16) & 0xff] >>> 0 < x[w >>> 24] >>> 0) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;
      case /* OP_BGEU */ 12:
        if (x[(w >>> 16) & 0xff] >>> 0 >= x[w >>> 24] >>> 0) {
          const k = i - base + entries[i + 1];
          n++;
          if (k >>> 0 < 2048) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 1)) | 0;
            i = farIndex;
          }
          continue;
        }
        break;

      case /* OP_LB */ 14: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (readTag[e] === va >>> 12) {
          x[(w >>> 8) & 0xff] = (ram8[(va + readOff[e]) | 0] << 24) >> 24;
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_LBU */ 17: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (readTag[e] === va >>> 12) {
          x[(w >>> 8) & 0xff] = ram8[(va + readOff[e]) | 0];
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_LH */ 15: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (readTag[e] === va >>> 12 && (va & 1) === 0) {
          x[(w >>> 8) & 0xff] = (ram16[(va + readOff[e]) >> 1] << 16) >> 16;
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_LHU */ 18: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (readTag[e] === va >>> 12 && (va & 1) === 0) {
          x[(w >>> 8) & 0xff] = ram16[(va + readOff[e]) >> 1];
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_LW */ 16: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (readTag[e] === va >>> 12 && (va & 3) === 0) {
          x[(w >>> 8) & 0xff] = ram32[(va + readOff[e]) >> 2];
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_SB */ 19: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (writeTag[e] === va >>> 12) {
          const p = (va + writeOff[e]) | 0;
          ram8[p] = x[w >>> 24];
          if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_SH */ 20: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (writeTag[e] === va >>> 12 && (va & 1) === 0) {
          const p = (va + writeOff[e]) | 0;
          ram16[p >> 1] = x[w >>> 24];
          if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_SW */ 21: {
        const va = (x[(w >>> 16) & 0xff] + entries[i + 1]) | 0;
        const e = dataSet + ((va >>> 12) & tlbMask);
        if (writeTag[e] === va >>> 12 && (va & 3) === 0) {
          const p = (va + writeOff[e]) | 0;
          ram32[p >> 2] = x[w >>> 24];
          if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
          hits++;
          break;
        }
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;
      }
      case /* OP_LR_W */ 50:
      case /* OP_SC_W */ 51:
      case /* OP_AMO_W */ 52:
        if (slowMemory(hart, w, i, base, pageVa) !== MEMORY_DONE)
          return leave(hart, n, i, base, pageVa, hits);
        break;

      case /* OP_ADDI */ 22:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] + entries[i + 1];
        break;
      case /* OP_SLTI */ 23:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] < entries[i + 1] ? 1 : 0;
        break;
      case /* OP_SLTIU */ 24:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> 0 < entries[i + 1] >>> 0 ? 1 : 0;
        break;
      case /* OP_XORI */ 25:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] ^ entries[i + 1];
        break;
      case /* OP_ORI */ 26:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] | entries[i + 1];
        break;
      case /* OP_ANDI */ 27:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] & entries[i + 1];
        break;
      case /* OP_SLLI */ 28:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] << entries[i + 1];
        break;
      case /* OP_SRLI */ 29:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> entries[i + 1];
        break;
      case /* OP_SRAI */ 30:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >> entries[i + 1];
        break;

      case /* OP_ADD */ 31:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] + x[w >>> 24];
        break;
      case /* OP_SUB */ 32:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] - x[w >>> 24];
        break;
      case /* OP_SLL */ 33:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] << x[w >>> 24];
        break;
      case /* OP_SLT */ 34:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] < x[w >>> 24] ? 1 : 0;
        break;
      case /* OP_SLTU */ 35:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> 0 < x[w >>> 24] >>> 0 ? 1 : 0;
        break;
      case /* OP_XOR */ 36:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] ^ x[w >>> 24];
        break;
      case /* OP_SRL */ 37:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> x[w >>> 24];
        break;
      case /* OP_SRA */ 38:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >> x[w >>> 24];
        break;
      case /* OP_OR */ 39:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] | x[w >>> 24];
        break;
      case /* OP_AND */ 40:
        x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] & x[w >>> 24];
        break;

      case /* OP_MUL */ 41:
        x[(w >>> 8) & 0xff] = Math.imul(x[(w >>> 16) & 0xff], x[w >>> 24]);
        break;
      case /* OP_MULH */ 42: {
        const a = x[(w >>> 16) & 0xff];
        const b = x[w >>> 24];
        x[(w >>> 8) & 0xff] = mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0);
        break;
      }
      case /* OP_MULHSU */ 43: {
        const a = x[(w >>> 16) & 0xff];
        x[(w >>> 8) & 0xff] = mulhu(a, x[w >>> 24]) - (a < 0 ? x[w >>> 24] : 0);
        break;
      }
      case /* OP_MULHU */ 44:
        x[(w >>> 8) & 0xff] = mulhu(x[(w >>> 16) & 0xff], x[w >>> 24]);
        break;
      case /* OP_DIV */ 45: {
        const a = x[(w >>> 16) & 0xff];
        const b = x[w >>> 24];
        // Division by zero gives -1; the one overflow (-2^31 / -1) gives the dividend.
        x[(w >>> 8) & 0xff] = b === 0 ? -1 : b === -1 ? -a : (a / b) | 0;
        break;
      }
      case /* OP_DIVU */ 46: {
        const b = x[w >>> 24] >>> 0;
        x[(w >>> 8) & 0xff] = b === 0 ? -1 : ((x[(w >>> 16) & 0xff] >>> 0) / b) >>> 0;
        break;
      }
      case /* OP_REM */ 47: {
        const a = x[(w >>> 16) & 0xff];
        const b = x[w >>> 24];
        x[(w >>> 8) & 0xff] = b === 0 ? a : b === -1 ? 0 : a % b;
        break;
      }
      case /* OP_REMU */ 48: {
        const b = x[w >>> 24] >>> 0;
        x[(w >>> 8) & 0xff] = b === 0 ? x[(w >>> 16) & 0xff] : (x[(w >>> 16) & 0xff] >>> 0) % b;
        break;
      }
      case /* OP_NOP */ 49:
        break;

      case /* OP_CSRRW */ 53:
      case /* OP_CSRRS */ 54:
      case /* OP_CSRRC */ 55:
      case /* OP_CSRRWI */ 56:
      case /* OP_CSRRSI */ 57:
      case /* OP_CSRRCI */ 58:
        if (csrInPlace(hart, w, entries[i + 1], n)) break;
        hart.pendingPacked = w;
        hart.pendingImm = entries[i + 1];
        hart.exit = EXIT_SYSTEM;
        hart.counters.tlbHits += hits;
        hart.pc = (pageVa + ((i - base) << 1)) >>> 0;
        return n;

      default:
        // The system path: CSRs, privileged instructions, ECALL/EBREAK, FENCE.I, illegal
        // encodings and misaligned jumps. They run outside the hot loop (system.ts).
        hart.pendingPacked = w;
        hart.pendingImm = entries[i + 1];
        hart.exit = EXIT_SYSTEM;
        hart.counters.tlbHits += hits;
        hart.pc = (pageVa + ((i - base) << 1)) >>> 0;
        return n;
    }
    i += 2;
    n++;
  }
  hart.counters.tlbHits += hits;
  hart.pc = (i === farIndex ? pc : pageVa + ((i - base) << 1)) >>> 0;
  return n;
}

/**
 * Runs a load, store or atomic through memory-access.ts (TLB miss, device, misaligned access,
 * LR/SC/AMO). Returns MEMORY_DONE when the loop may simply go on.
 */
function slowMemory(hart: Hart, w: number, i: number, base: number, pageVa: number): number {
  const pc = (pageVa + ((i - base) << 1)) | 0;
  return executeMemory(hart, w, hart.code.entries[i + 1], pc);
}

/** Leaves the hot loop after `slowMemory` trapped or touched a device. */
function leave(
  hart: Hart,
  n: number,
  i: number,
  base: number,
  pageVa: number,
  hits: number,
): number {
  hart.counters.tlbHits += hits;
  if (hart.exit === EXIT_TRAP) return n;
  // The instruction completed: continue after it once the outer loop has looked around.
  hart.pc = (pageVa + ((i - base) << 1) + 4) >>> 0;
  return n + 1;
}

/** The high 32 bits of the unsigned 64-bit product of two 32-bit values, from 16-bit halves. */
function mulhu(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
}
