import type { Bus } from './bus';
import type { VirtualClock } from './clock';
import type { CodeCache } from './code-cache';
import * as C from './csr';
import { CsrFile } from './csr-file';
import { HartCounters } from './hart-counters';
import { Mmu, ACCESS_FETCH, TRANSLATE_FAULT } from './mmu';
import { EXIT_NONE, EXIT_SYSTEM, EXIT_TRAP } from './exits';
import { executeMemory, MEMORY_DONE } from './memory-access';
import type { Monitor } from './monitor';
import { executeSystem } from './system';
import { Tlb, TLB_MASK, TLB_SIZE } from './tlb';
import { enterTrap, pendingInterrupt, trapsToMachine } from './trap';


/**
 * One RISC-V hart: RV32IMA + Zicsr + Zifencei, M/S/U privilege, Sv32.
 *
 * `run` is the outer loop: it takes interrupts, runs the inner loop (`execute`) and, when that
 * stops at a system-path instruction, runs it (system.ts). `execute` is the hot loop: it walks
 * the predecoded code of the current physical page (code-cache.ts) by index, dispatches with one
 * `switch`, and reaches RAM through the TLB's typed arrays; anything unusual (TLB miss, device,
 * misaligned access, atomics) goes to memory-access.ts, and traps travel as return codes.
 * Interrupts are looked at between inner-loop runs only: at the start of `run` and after every
 * system instruction, trap or device access — exactly the points where their state can change.
 */
export class Hart {
  /** x0..x31; x[32] is where writes to x0 go (decode.ts), so x[0] always reads 0. */
  readonly x = new Int32Array(33);
  /** The next instruction's address (uint32). Inside `run` the loop keeps it in locals. */
  pc = 0;
  priv: C.Privilege = C.PRIV_M;
  /** In WFI: `run` returns 0 until an interrupt is pending and enabled in mie (mstatus ignored). */
  waitingForInterrupt = false;
  readonly counters = new HartCounters();
  readonly csr: CsrFile;
  readonly tlb = new Tlb();
  readonly mmu: Mmu;
  /** RAM offset of the LR reservation, or -1, and the word LR read there. */
  reservation = -1;
  reservedValue = 0;
  /** Set by the rare paths to tell the loop what happened (EXIT_*). */
  exit = EXIT_NONE;
  /** The packed form and immediate of the system-path instruction at `pc` (EXIT_SYSTEM). */
  pendingPacked = 0;
  pendingImm = 0;
  /**
   * Where traps bound for M-mode go instead of `mtvec` (the hypervisor's VMM), or undefined.
   * Looked at only on the trap path, so the hot loop pays nothing for it.
   */
  monitor: Monitor | undefined = undefined;
  /** Cycles charged by `charge` since the run loop last counted them against its budget. */
  private charged = 0;

  /** The code-cache index whose op is OP_FAR_JUMP: "continue at the `pc` local". */
  private readonly farIndex: number;

  constructor(
    readonly id: number,
    readonly bus: Bus,
    readonly clock: VirtualClock,
    readonly code: CodeCache,
  ) {
    this.csr = new CsrFile(id, clock, () => this.tlb.flush());
    this.mmu = new Mmu(bus, this.csr, code, this.counters);
    this.farIndex = code.farIndex;
  }

  /** Resets to M-mode at `pc` with a0/a1 set, as QEMU's reset vector hands over to firmware. */
  reset(pc: number, a0: number, a1: number): void {
    this.x.fill(0);
    this.x[10] = a0;
    this.x[11] = a1;
    this.pc = pc >>> 0;
    this.priv = C.PRIV_M;
    this.waitingForInterrupt = false;
    this.reservation = -1;
    this.exit = EXIT_NONE;
    this.csr.reset();
    this.tlb.flush();
  }

  /** Drives a device interrupt line (MEIP 11, SEIP 9, MTIP 7, MSIP 3). */
  setInterruptLine(bit: number, level: boolean): void {
    if (level) this.csr.mipLines |= 1 << bit;
    else this.csr.mipLines &= ~(1 << bit);
  }

  /** Reads a CSR as M-mode would, for tests and the debugger; throws for a CSR that does not exist. */
  readCsr(addr: number): number {
    const value = this.csr.read(addr, C.PRIV_M);
    if (value < 0) throw new RangeError(`no CSR 0x${addr.toString(16)}`);
    return value;
  }

  /** Writes a CSR as M-mode would (WARL rules apply), for tests and the debugger. */
  writeCsr(addr: number, value: number): void {
    this.csr.write(addr, value | 0);
  }

  /**
   * Adds `cycles` to the cycle counter (not to instret) and to what the current `run` has used
   * of its budget: the price of work the hardware or the VMM did besides retiring instructions
   * (the cost model). So a price shows in the guest's `rdcycle` and, because a hart's slice of
   * virtual time is a budget of cycles, in virtual time too.
   */
  charge(cycles: number): void {
    this.csr.charge(cycles);
    this.charged += cycles;
  }

  /**
   * Executes up to `budget` instructions and returns how many retired. An exception also uses
   * up one unit of the budget (so a trap storm still returns), but is not counted as retired;
   * cycles charged with `charge` use it up too. Returns early in WFI or when a device set
   * `bus.stopRequested`.
   */
  run(budget: number): number {
    const csr = this.csr;
    if (this.waitingForInterrupt) {
      if ((csr.mip & csr.mie) === 0) return 0;
      this.waitingForInterrupt = false;
    }
    // Other harts ran since our last slice and may have stored to the reserved word. Their
    // stores are not tracked, so compare the word with what LR read: keeping the reservation when
    // it is unchanged lets an LR/SC pair straddle slices (single-stepping in the debugger) without
    // livelock, at the price of missing a store that wrote back the same value (ABA).
    if (this.reservation >= 0 && this.bus.ram32[this.reservation >>> 2] !== this.reservedValue) this.reservation = -1;
    let steps = 0;
    let retired = 0;
    this.charged = 0; // charges made between runs belong to no budget
    this.takeInterrupt();
    // A monitor may have left the hart waiting (nothing to run) when it took that interrupt.
    while (steps + this.charged < budget && !this.waitingForInterrupt) {
      steps += this.charged;
      this.charged = 0;
      this.exit = EXIT_NONE;
      const done = this.execute(budget - steps);
      steps += done;
      retired += done;
      csr.retire(done);
      const exit = this.exit;
      if (exit === EXIT_NONE) break;
      if (exit === EXIT_SYSTEM) {
        steps++;
        if (executeSystem(this)) {
          retired++;
          csr.retire(1);
        }
      } else if (exit === EXIT_TRAP) {
        steps++;
      }
      if (this.waitingForInterrupt || this.bus.stopRequested) break;
      this.takeInterrupt();
    }
    this.charged = 0;
    this.counters.instructions += retired;
    return retired;
  }

  /** Takes the highest-priority pending and enabled interrupt, if any. */
  takeInterrupt(): void {
    const irq = pendingInterrupt(this.csr, this.priv);
    if (irq < 0) return;
    this.counters.interrupts[irq]++;
    if (this.monitor !== undefined && trapsToMachine(this.csr, this.priv, irq, true)) {
      this.monitor.exit(this, irq, 0, true);
      return;
    }
    enterTrap(this, irq, 0, true);
  }

  /** Raises exception `cause` for the instruction at `pc`; the loop then continues at the handler. */
  raise(cause: number, tval: number, pc: number): void {
    this.pc = pc >>> 0;
    this.counters.exceptions[cause]++;
    this.exit = EXIT_TRAP;
    if (this.monitor !== undefined && trapsToMachine(this.csr, this.priv, cause, false)) {
      this.monitor.exit(this, cause, tval >>> 0, false);
      return;
    }
    enterTrap(this, cause, tval >>> 0, false);
  }

  /** The privilege data accesses are made at: MPP when M-mode sets MPRV. */
  dataPriv(): C.Privilege {
    if (this.priv === C.PRIV_M && (this.csr.mstatus & C.MSTATUS_MPRV) !== 0) {
      return ((this.csr.mstatus & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT) as C.Privilege;
    }
    return this.priv;
  }

  /**
   * The code-cache index of the first entry of the page holding `pc` (an int32), translating it
   * for fetch; or -1 after raising a fetch fault (page fault, or access fault outside RAM: code
   * runs only from RAM).
   */
  private enterCodePage(pc: number): number {
    const vpn = pc >>> 12;
    const e = this.priv * TLB_SIZE + (vpn & TLB_MASK);
    const tlb = this.tlb;
    let ramOffset: number;
    if (tlb.fetchTag[e] === vpn) {
      ramOffset = (pc + tlb.fetchOff[e]) | 0;
      this.counters.tlbHits++;
    } else {
      this.counters.tlbMisses++;
      const pa = this.mmu.translate(pc, ACCESS_FETCH, this.priv);
      if (pa === TRANSLATE_FAULT) {
        this.raise(this.mmu.faultCause, pc, pc);
        return -1;
      }
      if (!this.bus.isRam(pa, 4)) {
        this.raise(C.CAUSE_FETCH_ACCESS, pc, pc);
        return -1;
      }
      ramOffset = pa - this.bus.ramBase;
      Tlb.fill(tlb.fetchTag, tlb.fetchOff, this.priv, pc, ramOffset);
    }
    return this.code.slotFor(ramOffset >>> 12);
  }

  /**
   * The hot loop: runs at most `limit` instructions of the fast set and returns how many
   * retired. It stops early with `exit` set (see EXIT_*); `pc` is then the instruction to look at
   * (EXIT_SYSTEM), the trap handler (EXIT_TRAP) or the next instruction (EXIT_EVENT).
   *
   * Locals: `i` indexes the predecoded entries of the page whose virtual base is `pageVa` and
   * whose first entry is `base`, so the pc is `pageVa + (i - base) * 4` and is only computed when
   * an instruction needs it. Jumps within the page just move `i`; a jump elsewhere sets the `pc`
   * local and moves `i` to the OP_FAR_JUMP sentinel, which looks the new page up.
   */
  private execute(limit: number): number {
    const x = this.x;
    const code = this.code;
    const packed = code.packed;
    const imms = code.imms;
    const pageSlot = code.pageSlot;
    const bus = this.bus;
    const ram8 = bus.ram8;
    const ram16 = bus.ram16;
    const ram32 = bus.ram32;
    const tlb = this.tlb;
    const readTag = tlb.readTag;
    const readOff = tlb.readOff;
    const writeTag = tlb.writeTag;
    const writeOff = tlb.writeOff;
    const dataSet = this.dataPriv() * TLB_SIZE;
    const farIndex = this.farIndex;
    const tlbMask = TLB_MASK; // a local: imported bindings are not constants to V8

    let pc = this.pc | 0;
    let base = 0;
    let pageVa = 0;
    let i = farIndex;
    let n = 0;
    let hits = 0;

    while (n < limit) {
      const w = packed[i];
      // Case labels are literal op numbers (named in comments, checked against opcodes.ts by
      // hart-dispatch.test.ts): V8 builds a jump table only for literal labels, and comparing
      // against imported constants one by one made the loop four times slower.
      switch (w & 0xff) {
        case /* OP_DECODE */ 0:
          code.decode(i);
          continue;
        case /* OP_PAGE_END */ 1:
          pc = (pageVa + 4096) | 0;
          i = farIndex;
          continue;
        case /* OP_FAR_JUMP */ 66:
          base = this.enterCodePage(pc);
          if (base < 0) {
            this.counters.tlbHits += hits;
            return n;
          }
          pageVa = pc & ~0xfff;
          i = base + ((pc & 0xfff) >>> 2);
          continue;

        case /* OP_LUI */ 3:
          x[(w >>> 8) & 0xff] = imms[i];
          break;
        case /* OP_AUIPC */ 4:
          x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 2) + imms[i];
          break;
        case /* OP_JAL */ 5: {
          x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 2) + 4;
          const k = i - base + imms[i];
          n++;
          if (k >>> 0 < 1024) {
            i = base + k;
          } else {
            pc = (pageVa + (k << 2)) | 0;
            i = farIndex;
          }
          continue;
        }
        case /* OP_JALR */ 6: {
          const target = (x[(w >>> 16) & 0xff] + imms[i]) & ~1;
          if ((target & 2) !== 0) {
            this.raise(C.CAUSE_FETCH_MISALIGNED, target, pageVa + ((i - base) << 2));
            this.counters.tlbHits += hits;
            return n;
          }
          x[(w >>> 8) & 0xff] = pageVa + ((i - base) << 2) + 4;
          n++;
          if ((target & ~0xfff) === pageVa) {
            i = base + ((target & 0xfff) >>> 2);
          } else {
            pc = target;
            i = farIndex;
          }
          continue;
        }
        case /* OP_BEQ */ 7:
          if (x[(w >>> 16) & 0xff] === x[w >>> 24]) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;
        case /* OP_BNE */ 8:
          if (x[(w >>> 16) & 0xff] !== x[w >>> 24]) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;
        case /* OP_BLT */ 9:
          if (x[(w >>> 16) & 0xff] < x[w >>> 24]) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;
        case /* OP_BGE */ 10:
          if (x[(w >>> 16) & 0xff] >= x[w >>> 24]) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;
        case /* OP_BLTU */ 11:
          if (x[(w >>> 16) & 0xff] >>> 0 < x[w >>> 24] >>> 0) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;
        case /* OP_BGEU */ 12:
          if (x[(w >>> 16) & 0xff] >>> 0 >= x[w >>> 24] >>> 0) {
            const k = i - base + imms[i];
            n++;
            if (k >>> 0 < 1024) {
              i = base + k;
            } else {
              pc = (pageVa + (k << 2)) | 0;
              i = farIndex;
            }
            continue;
          }
          break;

        case /* OP_LB */ 14: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (readTag[e] === va >>> 12) {
            x[(w >>> 8) & 0xff] = (ram8[(va + readOff[e]) | 0] << 24) >> 24;
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_LBU */ 17: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (readTag[e] === va >>> 12) {
            x[(w >>> 8) & 0xff] = ram8[(va + readOff[e]) | 0];
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_LH */ 15: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (readTag[e] === va >>> 12 && (va & 1) === 0) {
            x[(w >>> 8) & 0xff] = (ram16[(va + readOff[e]) >> 1] << 16) >> 16;
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_LHU */ 18: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (readTag[e] === va >>> 12 && (va & 1) === 0) {
            x[(w >>> 8) & 0xff] = ram16[(va + readOff[e]) >> 1];
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_LW */ 16: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (readTag[e] === va >>> 12 && (va & 3) === 0) {
            x[(w >>> 8) & 0xff] = ram32[(va + readOff[e]) >> 2];
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_SB */ 19: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (writeTag[e] === va >>> 12) {
            const p = (va + writeOff[e]) | 0;
            ram8[p] = x[w >>> 24];
            if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_SH */ 20: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (writeTag[e] === va >>> 12 && (va & 1) === 0) {
            const p = (va + writeOff[e]) | 0;
            ram16[p >> 1] = x[w >>> 24];
            if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_SW */ 21: {
          const va = (x[(w >>> 16) & 0xff] + imms[i]) | 0;
          const e = dataSet + ((va >>> 12) & tlbMask);
          if (writeTag[e] === va >>> 12 && (va & 3) === 0) {
            const p = (va + writeOff[e]) | 0;
            ram32[p >> 2] = x[w >>> 24];
            if (pageSlot[p >>> 12] >= 0) code.invalidateWord(p);
            hits++;
            break;
          }
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;
        }
        case /* OP_LR_W */ 50:
        case /* OP_SC_W */ 51:
        case /* OP_AMO_W */ 52:
          if (this.slowMemory(w, i, base, pageVa) !== MEMORY_DONE) return this.leave(n, i, base, pageVa, hits);
          break;

        case /* OP_ADDI */ 22:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] + imms[i];
          break;
        case /* OP_SLTI */ 23:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] < imms[i] ? 1 : 0;
          break;
        case /* OP_SLTIU */ 24:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> 0 < imms[i] >>> 0 ? 1 : 0;
          break;
        case /* OP_XORI */ 25:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] ^ imms[i];
          break;
        case /* OP_ORI */ 26:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] | imms[i];
          break;
        case /* OP_ANDI */ 27:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] & imms[i];
          break;
        case /* OP_SLLI */ 28:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] << imms[i];
          break;
        case /* OP_SRLI */ 29:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >>> imms[i];
          break;
        case /* OP_SRAI */ 30:
          x[(w >>> 8) & 0xff] = x[(w >>> 16) & 0xff] >> imms[i];
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

        default:
          // The system path: CSRs, privileged instructions, ECALL/EBREAK, FENCE.I, illegal
          // encodings and misaligned jumps. They run outside the hot loop (system.ts).
          this.pendingPacked = w;
          this.pendingImm = imms[i];
          this.exit = EXIT_SYSTEM;
          this.counters.tlbHits += hits;
          this.pc = (pageVa + ((i - base) << 2)) >>> 0;
          return n;
      }
      i++;
      n++;
    }
    this.counters.tlbHits += hits;
    this.pc = (i === farIndex ? pc : pageVa + ((i - base) << 2)) >>> 0;
    return n;
  }

  /**
   * Runs a load, store or atomic through memory-access.ts (TLB miss, device, misaligned access,
   * LR/SC/AMO). Returns MEMORY_DONE when the loop may simply go on.
   */
  private slowMemory(w: number, i: number, base: number, pageVa: number): number {
    const pc = (pageVa + ((i - base) << 2)) | 0;
    return executeMemory(this, w, this.code.imms[i], pc);
  }

  /** Leaves the hot loop after `slowMemory` trapped or touched a device. */
  private leave(n: number, i: number, base: number, pageVa: number, hits: number): number {
    this.counters.tlbHits += hits;
    if (this.exit === EXIT_TRAP) return n;
    // The instruction completed: continue after it once the outer loop has looked around.
    this.pc = (pageVa + ((i - base) << 2) + 4) >>> 0;
    return n + 1;
  }
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
