import * as C from './csr';
import {
  CSR_CLEAR,
  CSR_ILLEGAL,
  CSR_READ,
  CSR_SET,
  CSR_VIRTUAL,
  CSR_WRITE,
  type CsrWriteKind,
} from './csr-file';
import { JUMP_KIND_JAL } from './decode';
import type { Hart } from './hart';
import * as Op from './opcodes';
import { returnFromM, returnFromS } from './trap';
import { virtualMachineAccess } from './vm-access';

const ECALL_CAUSE = [C.CAUSE_ECALL_U, C.CAUSE_ECALL_S, 10, C.CAUSE_ECALL_M];

/**
 * Executes the system-path instruction at `hart.pc` (Hart.execute stopped there with its packed
 * form and immediate in `pendingPacked`/`pendingImm`): Zicsr, ECALL/EBREAK, MRET/SRET, WFI,
 * SFENCE.VMA, FENCE.I, the H extension's HFENCE.VVMA/GVMA and HLV/HLVX/HSV, illegal encodings
 * and jumps to misaligned targets. Returns true when the instruction retired, false when it
 * raised an exception (then `hart.pc` is the handler).
 *
 * With V=1 an instruction that HS-mode could execute but VS/VU-mode may not (or that hstatus's
 * VTSR/VTW/VTVM disable) raises a virtual-instruction exception (22) instead of an illegal one;
 * mstatus.TSR and TVM concern HS-mode only, TW every mode below M.
 */
export function executeSystem(hart: Hart): boolean {
  const w = hart.pendingPacked;
  const imm = hart.pendingImm;
  const pc = hart.pc;
  const op = w & 0xff;
  const priv = hart.priv;
  const csr = hart.csr;
  switch (op) {
    case Op.OP_CSRRW:
    case Op.OP_CSRRS:
    case Op.OP_CSRRC:
    case Op.OP_CSRRWI:
    case Op.OP_CSRRSI:
    case Op.OP_CSRRCI:
      return csrInstruction(hart, op, w, imm);
    case Op.OP_ECALL:
      hart.raise(priv === C.PRIV_S && csr.virt ? C.CAUSE_ECALL_VS : ECALL_CAUSE[priv], 0, pc);
      return false;
    case Op.OP_EBREAK:
      // QEMU 7.2 leaves mtval 0 for EBREAK; the spec also allows the pc.
      hart.raise(C.CAUSE_BREAKPOINT, 0, pc);
      return false;
    case Op.OP_MRET:
      if (priv !== C.PRIV_M) return illegal(hart, imm);
      returnFromM(hart);
      hart.reservation = -1;
      return true;
    case Op.OP_SRET:
      if (csr.virt) {
        if (priv === C.PRIV_U || (csr.hstatus & C.HSTATUS_VTSR) !== 0)
          return virtualInstruction(hart, imm);
      } else if (priv === C.PRIV_U || (priv === C.PRIV_S && (csr.mstatus & C.MSTATUS_TSR) !== 0)) {
        return illegal(hart, imm);
      }
      returnFromS(hart);
      hart.reservation = -1;
      return true;
    case Op.OP_WFI:
      // Always illegal in U-mode (as QEMU does, S-mode exists) and below M when mstatus.TW is set;
      // in VU-mode, and in VS-mode with hstatus.VTW, a virtual-instruction exception.
      if (priv !== C.PRIV_M) {
        if ((csr.mstatus & C.MSTATUS_TW) !== 0) return illegal(hart, imm);
        if (csr.virt) {
          if (priv === C.PRIV_U || (csr.hstatus & C.HSTATUS_VTW) !== 0)
            return virtualInstruction(hart, imm);
        } else if (priv === C.PRIV_U) {
          return illegal(hart, imm);
        }
      }
      hart.pc = (pc + 4) >>> 0;
      if ((csr.mip & csr.mie) === 0) hart.waitingForInterrupt = true;
      return true;
    case Op.OP_SFENCE_VMA: {
      const rs1 = (w >>> 16) & 0xff;
      if (csr.virt) {
        if (priv === C.PRIV_U || (csr.hstatus & C.HSTATUS_VTVM) !== 0)
          return virtualInstruction(hart, imm);
        // In VS-mode it fences the guest's own (VS-stage) translations.
        if (rs1 !== 0) hart.tlb.flushVirtualPage(hart.x[rs1] >>> 12);
        else hart.tlb.flushVirtual();
        hart.pc = (pc + 4) >>> 0;
        return true;
      }
      if (priv === C.PRIV_U || (priv === C.PRIV_S && (csr.mstatus & C.MSTATUS_TVM) !== 0))
        return illegal(hart, imm);
      // ASIDs are not tagged in the TLB, so an ASID-only fence flushes everything.
      if (rs1 !== 0) hart.tlb.flushPage(hart.x[rs1] >>> 12);
      else hart.tlb.flush();
      hart.pc = (pc + 4) >>> 0;
      return true;
    }
    case Op.OP_HFENCE_VVMA:
    case Op.OP_HFENCE_GVMA: {
      if (!csr.h) return illegal(hart, imm);
      if (csr.virt) return virtualInstruction(hart, imm);
      if (priv === C.PRIV_U) return illegal(hart, imm);
      if (op === Op.OP_HFENCE_GVMA && priv === C.PRIV_S && (csr.mstatus & C.MSTATUS_TVM) !== 0)
        return illegal(hart, imm);
      // The TLB caches combined (guest virtual to physical) translations, untagged by VMID or
      // ASID: HFENCE.VVMA with an address drops that guest page; anything else drops all of V=1.
      const rs1 = (w >>> 16) & 0xff;
      if (op === Op.OP_HFENCE_VVMA && rs1 !== 0) hart.tlb.flushVirtualPage(hart.x[rs1] >>> 12);
      else hart.tlb.flushVirtual();
      hart.pc = (pc + 4) >>> 0;
      return true;
    }
    case Op.OP_HLV:
    case Op.OP_HSV:
      if (!csr.h) return illegal(hart, imm);
      if (csr.virt) return virtualInstruction(hart, imm);
      if (priv === C.PRIV_U && (csr.hstatus & C.HSTATUS_HU) === 0) return illegal(hart, imm);
      if (!virtualMachineAccess(hart, w, imm, op === Op.OP_HSV)) return false;
      hart.pc = (pc + 4) >>> 0;
      return true;
    case Op.OP_FENCE_I:
      // Stores already invalidate the decode of what they overwrite; flushing anyway keeps
      // FENCE.I correct should RAM ever change behind the code cache's back.
      hart.code.flush();
      hart.pc = (pc + 4) >>> 0;
      return true;
    case Op.OP_JUMP_MISALIGNED:
      return misalignedJump(hart, w, imm);
    default:
      return illegal(hart, imm);
  }
}

function illegal(hart: Hart, tval: number): boolean {
  hart.raise(C.CAUSE_ILLEGAL_INSTRUCTION, tval, hart.pc);
  return false;
}

/** A virtual-instruction exception (H extension): tval as for an illegal instruction. */
function virtualInstruction(hart: Hart, tval: number): boolean {
  hart.raise(C.CAUSE_VIRTUAL_INSTRUCTION, tval, hart.pc);
  return false;
}

/** How a CSR instruction changes its CSR (CSRRS/C with x0 or a zero immediate only read). */
function csrKind(op: number, rs1: number): CsrWriteKind {
  const base = op >= Op.OP_CSRRWI ? op - Op.OP_CSRRWI : op - Op.OP_CSRRW;
  if (base === 0) return CSR_WRITE;
  if (rs1 === 0) return CSR_READ;
  return base === 1 ? CSR_SET : CSR_CLEAR;
}

/** CSRRW/S/C and their immediate forms. `word` is the instruction (the immediate of CSR ops). */
function csrInstruction(hart: Hart, op: number, w: number, word: number): boolean {
  const addr = word >>> 20;
  const rs1 = (w >>> 16) & 0xff;
  const kind = csrKind(op, rs1);
  const operand = op >= Op.OP_CSRRWI ? rs1 : hart.x[rs1];
  const old = hart.csr.exchange(addr, hart.priv, kind, operand);
  if (old === CSR_ILLEGAL) return illegal(hart, word);
  if (old === CSR_VIRTUAL) return virtualInstruction(hart, word);
  hart.x[(w >>> 8) & 0xff] = old;
  hart.pc = (hart.pc + 4) >>> 0;
  if (kind !== CSR_READ) keepWrittenCounter(hart, addr);
  return true;
}

/**
 * Runs a CSR instruction inside the hot loop when it cannot change anything the loop depends on,
 * and returns true; returns false, having done nothing, for the rest, which take the system path.
 * Kernels execute many CSR instructions on every trap (sscratch swaps, sepc, scause, stval), and
 * leaving and re-entering the loop for each cost more than the instruction. `retired` is what
 * the loop has retired so far and not yet committed to the counters.
 *
 * Reads of the user counters (cycle, time, instret, …) run here too: a busy-wait on `time`
 * reads it every few instructions, and leaving the loop for each read made such a loop run
 * at a few MIPS. They read what the system path would, counting `retired` first
 * (`CsrFile.readCounter`); time is the clock, which only moves between rounds. Stays out:
 * the machine counters (mcycle, minstret: their writes adjust retirement), writes to CSRs that
 * change interrupt enables, pending bits, delegation of interrupts or translation, and anything
 * illegal.
 */
export function csrInPlace(hart: Hart, w: number, word: number, retired: number): boolean {
  const addr = word >>> 20;
  const op = w & 0xff;
  const rs1 = (w >>> 16) & 0xff;
  const kind = csrKind(op, rs1);
  if ((addr & 0xf00) === 0xc00) {
    // Read-only (a write raises on the system path). After a charge inside the loop (a binary
    // translator's), the system path is taken as before: it counts the charge against the
    // budget there, which decides where this round ends.
    if (kind !== CSR_READ || hart.unbudgetedCharges !== 0) return false;
    const value = hart.csr.readCounter(addr, hart.priv, retired);
    if (value < 0) return false;
    hart.x[(w >>> 8) & 0xff] = value;
    return true;
  }
  if ((addr & 0xf00) === 0xb00) return false;
  if (kind !== CSR_READ && !IN_PLACE_WRITES.has(addr)) return false;
  const old = hart.csr.exchange(addr, hart.priv, kind, op >= Op.OP_CSRRWI ? rs1 : hart.x[rs1]);
  if (old < 0) return false; // CSR_ILLEGAL or CSR_VIRTUAL: the system path raises it
  hart.x[(w >>> 8) & 0xff] = old;
  return true;
}

/** CSRs whose writes affect neither interrupts nor translation (see `csrInPlace`). */
const IN_PLACE_WRITES: ReadonlySet<number> = new Set([
  C.CSR_SSCRATCH,
  C.CSR_SEPC,
  C.CSR_SCAUSE,
  C.CSR_STVAL,
  C.CSR_STVEC,
  C.CSR_SCOUNTEREN,
  C.CSR_MSCRATCH,
  C.CSR_MEPC,
  C.CSR_MCAUSE,
  C.CSR_MTVAL,
  C.CSR_MTVEC,
  C.CSR_MCOUNTEREN,
  C.CSR_MEDELEG,
  // H extension: what a hypervisor saves and restores around a guest, and trap details.
  C.CSR_VSSCRATCH,
  C.CSR_VSEPC,
  C.CSR_VSCAUSE,
  C.CSR_VSTVAL,
  C.CSR_VSTVEC,
  C.CSR_HTVAL,
  C.CSR_HTINST,
  C.CSR_MTVAL2,
  C.CSR_MTINST,
  C.CSR_HEDELEG,
  C.CSR_HCOUNTEREN,
]);

/**
 * A CSR instruction that writes minstret or mcycle sets the value the next instruction sees, so
 * its own retirement (counted by Hart.run right after) must not add to it: take that one back.
 */
function keepWrittenCounter(hart: Hart, addr: number): void {
  const csr = hart.csr;
  if ((addr === C.CSR_MINSTRET || addr === C.CSR_MINSTRETH) && (csr.mcountinhibit & 4) === 0)
    csr.minstret -= 1;
  if ((addr === C.CSR_MCYCLE || addr === C.CSR_MCYCLEH) && (csr.mcountinhibit & 1) === 0)
    csr.mcycle -= 1;
}

/** A branch or JAL whose offset is not a multiple of 4: raises cause 0 when the jump is taken. */
function misalignedJump(hart: Hart, w: number, offset: number): boolean {
  const kind = (w >>> 8) & 0xff;
  const a = hart.x[(w >>> 16) & 0xff];
  const b = hart.x[w >>> 24];
  let taken: boolean;
  switch (kind) {
    case JUMP_KIND_JAL:
      taken = true;
      break;
    case 0:
      taken = a === b;
      break;
    case 1:
      taken = a !== b;
      break;
    case 4:
      taken = a < b;
      break;
    case 5:
      taken = a >= b;
      break;
    case 6:
      taken = a >>> 0 < b >>> 0;
      break;
    default:
      taken = a >>> 0 >= b >>> 0;
      break;
  }
  if (taken) {
    hart.raise(C.CAUSE_FETCH_MISALIGNED, hart.pc + offset, hart.pc);
    return false;
  }
  hart.pc = (hart.pc + 4) >>> 0;
  return true;
}
