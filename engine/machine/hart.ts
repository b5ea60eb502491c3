import type { Bus } from './bus';
import type { VirtualClock } from './clock';
import type { CodeCache } from './code-cache';
import * as C from './csr';
import { CsrFile, type CsrState } from './csr-file';
import { HartCounters } from './hart-counters';
import { Mmu, ACCESS_FETCH, TRANSLATE_FAULT } from './mmu';
import { execute } from './execute';
import { EXIT_NONE, EXIT_SYSTEM, EXIT_TRAP } from './exits';
import { executeMemory, MEMORY_TRAP } from './memory-access';
import type { CalloutHandler, Monitor } from './monitor';
import { OP_CALLOUT, OP_LAST_FAST } from './opcodes';
import { executeSystem } from './system';
import { Tlb, TLB_MASK, TLB_SIZE, TLB_VIRTUAL } from './tlb';
import { enterTrap, pendingInterrupt, trapsToMachine, type TrapDetail } from './trap';

/** What a hart is built with beyond the machine's parts. */
export interface HartOptions {
  /** The RISC-V H extension (misa.H, VS/VU-mode, two-stage translation); off by default. */
  readonly hypervisorExtension?: boolean;
}

/** Exception causes whose tval is the faulting (virtual) address of a fetch or data access. */
const ADDRESS_CAUSES =
  (1 << C.CAUSE_FETCH_MISALIGNED) |
  (1 << C.CAUSE_FETCH_ACCESS) |
  (1 << C.CAUSE_LOAD_MISALIGNED) |
  (1 << C.CAUSE_LOAD_ACCESS) |
  (1 << C.CAUSE_STORE_MISALIGNED) |
  (1 << C.CAUSE_STORE_ACCESS) |
  (1 << C.CAUSE_FETCH_PAGE_FAULT) |
  (1 << C.CAUSE_LOAD_PAGE_FAULT) |
  (1 << C.CAUSE_STORE_PAGE_FAULT) |
  (1 << C.CAUSE_FETCH_GUEST_PAGE_FAULT) |
  (1 << C.CAUSE_LOAD_GUEST_PAGE_FAULT) |
  (1 << C.CAUSE_STORE_GUEST_PAGE_FAULT);
const FETCH_CAUSES =
  (1 << C.CAUSE_FETCH_MISALIGNED) |
  (1 << C.CAUSE_FETCH_ACCESS) |
  (1 << C.CAUSE_FETCH_PAGE_FAULT) |
  (1 << C.CAUSE_FETCH_GUEST_PAGE_FAULT);
const GUEST_PAGE_FAULTS =
  (1 << C.CAUSE_FETCH_GUEST_PAGE_FAULT) |
  (1 << C.CAUSE_LOAD_GUEST_PAGE_FAULT) |
  (1 << C.CAUSE_STORE_GUEST_PAGE_FAULT);

/** A hart's architectural state as plain data (`Hart.snapshot`). */
export interface HartState {
  x: number[];
  pc: number;
  priv: C.Privilege;
  waitingForInterrupt: boolean;
  reservation: number;
  reservedValue: number;
  csr: CsrState;
}

/**
 * One RISC-V hart: RV32IMA + Zicsr + Zifencei, M/S/U privilege, Sv32, and optionally the H
 * extension (VS/VU-mode, whose V bit is `csr.virt`, and two-stage translation).
 *
 * `run` is the outer loop: it takes interrupts, runs the inner loop (`execute`, execute.ts)
 * and, when that stops at a system-path instruction, runs it (system.ts). The inner loop walks
 * the predecoded code of the current physical page (code-cache.ts) by index, dispatches with one
 * `switch`, and reaches RAM through the TLB's typed arrays; anything unusual (TLB miss, device,
 * misaligned access, atomics) goes to memory-access.ts, and traps travel as return codes.
 * Interrupts are looked at between inner-loop runs only: at the start of `run` and after every
 * system instruction, trap or device access — exactly the points where their state can change.
 * docs/cpu.md explains the design and the choices where the spec or QEMU leave room.
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
  /** Where OP_CALLOUT slots call (a binary-translating VMM), or undefined; system path only. */
  callouts: CalloutHandler | undefined = undefined;
  /** Cycles charged by `charge` since the run loop last counted them against its budget. */
  private charged = 0;
  /**
   * Set while an HLV/HLVX/HSV runs: its accesses are made as though V=1, so a fault's tval is a
   * guest virtual address (hstatus.GVA) although V=0.
   */
  virtualAccess = false;
  /** What the last trap into HS or M recorded besides cause and tval (also for monitors). */
  readonly trapDetail: TrapDetail = { gva: false, tval2: 0, tinst: 0 };

  /** The code-cache index whose op is OP_FAR_JUMP: "continue at the `pc` local" (execute.ts). */
  readonly farIndex: number;

  constructor(
    readonly id: number,
    readonly bus: Bus,
    readonly clock: VirtualClock,
    readonly code: CodeCache,
    options: HartOptions = {},
  ) {
    this.csr = new CsrFile(id, clock, () => this.tlb.flush(), options.hypervisorExtension ?? false);
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
    this.virtualAccess = false;
    this.csr.reset();
    this.tlb.flush();
  }

  /**
   * The architectural state as plain, structured-cloneable data, for save/restore. Caches (TLB,
   * predecoded code) are not part of it; `restore` drops the TLB and the code cache rebuilds
   * itself from RAM. Counters for the UI (`counters`) are the machine's business, not state.
   */
  snapshot(): HartState {
    return {
      x: Array.from(this.x.subarray(0, 32)),
      pc: this.pc,
      priv: this.priv,
      waitingForInterrupt: this.waitingForInterrupt,
      reservation: this.reservation,
      reservedValue: this.reservedValue,
      csr: this.csr.snapshot(),
    };
  }

  restore(state: HartState): void {
    this.x.set(state.x);
    this.x[0] = 0;
    this.pc = state.pc >>> 0;
    this.priv = state.priv;
    this.waitingForInterrupt = state.waitingForInterrupt;
    this.reservation = state.reservation;
    this.reservedValue = state.reservedValue;
    this.exit = EXIT_NONE;
    this.csr.restore(state.csr);
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

  /** Cycles charged that the current `run` has not yet counted against its budget. */
  get unbudgetedCharges(): number {
    return this.charged;
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
    if (this.reservation >= 0 && this.bus.ram32[this.reservation >>> 2] !== this.reservedValue)
      this.reservation = -1;
    let steps = 0;
    let retired = 0;
    this.charged = 0; // charges made between runs belong to no budget
    this.takeInterrupt();
    // A monitor may have left the hart waiting (nothing to run) when it took that interrupt.
    while (steps + this.charged < budget && !this.waitingForInterrupt) {
      steps += this.charged;
      this.charged = 0;
      this.exit = EXIT_NONE;
      const done = execute(this, budget - steps);
      steps += done;
      retired += done;
      csr.retire(done);
      const exit = this.exit;
      if (exit === EXIT_NONE) break;
      if (exit === EXIT_SYSTEM) {
        steps++;
        if ((this.pendingPacked & 0xff) === OP_CALLOUT ? this.callout() : executeSystem(this)) {
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

  /**
   * Runs the OP_CALLOUT slot at `pc` (docs/cpu.md, "Callouts"): its handler, which charges its
   * own price and counts instret itself (so this returns false then, as for a trap), or, when it
   * declines, the instruction the slot held before it was patched. True when that retired.
   */
  private callout(): boolean {
    const index = this.pendingImm;
    const owner = (this.pendingPacked >>> 8) & 0xff;
    if (this.callouts !== undefined && this.callouts.callout(this, owner, index)) return false;
    const originals = this.code.originals;
    if (originals === undefined) throw new Error('a callout slot without a translator');
    const packed = originals[index];
    const imm = originals[index + 1];
    if ((packed & 0xff) <= OP_LAST_FAST) {
      // Translators patch only loads and stores among the fast ops (adaptive translation).
      if (executeMemory(this, packed, imm, this.pc) === MEMORY_TRAP) return false;
      this.pc = (this.pc + 4) >>> 0;
      return true;
    }
    this.pendingPacked = packed;
    this.pendingImm = imm;
    return executeSystem(this);
  }

  /** Takes the highest-priority pending and enabled interrupt, if any. */
  takeInterrupt(): void {
    const irq = pendingInterrupt(this.csr, this.priv);
    if (irq < 0) return;
    this.counters.interrupts[irq]++;
    const detail = this.trapDetail;
    detail.gva = false;
    detail.tval2 = 0;
    detail.tinst = 0;
    if (this.monitor !== undefined && trapsToMachine(this.csr, this.priv, irq, true)) {
      this.monitor.exit(this, irq, 0, true);
      return;
    }
    enterTrap(this, irq, 0, true, detail);
  }

  /** Raises exception `cause` for the instruction at `pc`; the loop then continues at the handler. */
  raise(cause: number, tval: number, pc: number): void {
    this.pc = pc >>> 0;
    this.counters.exceptions[cause]++;
    this.exit = EXIT_TRAP;
    // H extension: GVA says tval holds a guest virtual address; a guest-page fault also reports
    // the guest physical address (htval/mtval2) and, for a VS-stage walk access, a pseudo-
    // instruction in htinst/mtinst (mmu.ts). Everything else writes zero to htinst (allowed).
    const detail = this.trapDetail;
    const bit = 1 << cause;
    // A data access is made as though V=1 in VS/VU, by HLV/HSV, and in M-mode under MPRV with MPV.
    const virtualAddress =
      (FETCH_CAUSES & bit) !== 0
        ? this.csr.virt
        : this.virtualAccess || this.dataPriv() >= TLB_VIRTUAL;
    detail.gva = virtualAddress && (ADDRESS_CAUSES & bit) !== 0;
    const guestPageFault = (GUEST_PAGE_FAULTS & bit) !== 0;
    detail.tval2 = guestPageFault ? this.mmu.faultGpa : 0;
    detail.tinst = guestPageFault ? this.mmu.faultTinst : 0;
    if (this.monitor !== undefined && trapsToMachine(this.csr, this.priv, cause, false)) {
      this.monitor.exit(this, cause, tval >>> 0, false);
      return;
    }
    enterTrap(this, cause, tval >>> 0, false, detail);
  }

  /**
   * The translation regime data accesses are made in, which is also their TLB set: the
   * privilege (MPP when M-mode sets MPRV), plus TLB_VIRTUAL when they are made as though V=1
   * (in VS/VU-mode, or under MPRV with MPV).
   */
  dataPriv(): number {
    const csr = this.csr;
    if (this.priv === C.PRIV_M) {
      if ((csr.mstatus & C.MSTATUS_MPRV) === 0) return C.PRIV_M;
      const mpp = (csr.mstatus & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT;
      return mpp !== C.PRIV_M && (csr.mstatush & C.MSTATUSH_MPV) !== 0 ? mpp + TLB_VIRTUAL : mpp;
    }
    return csr.virt ? this.priv + TLB_VIRTUAL : this.priv;
  }

  /**
   * The code-cache index of the first entry of the page holding `pc` (an int32), translating it
   * for fetch; or -1 after raising a fetch fault (page fault, or access fault outside RAM: code
   * runs only from RAM).
   */
  enterCodePage(pc: number): number {
    const vpn = pc >>> 12;
    const set = this.csr.virt ? this.priv + TLB_VIRTUAL : this.priv;
    const e = set * TLB_SIZE + (vpn & TLB_MASK);
    const tlb = this.tlb;
    let ramOffset: number;
    if (tlb.fetchTag[e] === vpn) {
      ramOffset = (pc + tlb.fetchOff[e]) | 0;
      this.counters.tlbHits++;
    } else {
      this.counters.tlbMisses++;
      const pa = this.mmu.translate(pc, ACCESS_FETCH, set);
      if (pa === TRANSLATE_FAULT) {
        this.raise(this.mmu.faultCause, pc, pc);
        return -1;
      }
      if (!this.bus.isRam(pa, 4)) {
        this.raise(C.CAUSE_FETCH_ACCESS, pc, pc);
        return -1;
      }
      ramOffset = pa - this.bus.ramBase;
      Tlb.fill(tlb.fetchTag, tlb.fetchOff, set, pc, ramOffset);
    }
    const base = this.code.slotFor(ramOffset >>> 12);
    // A binary translator counts its cache lookups here; a bare machine tests one field.
    if (this.code.pageOwner !== undefined)
      this.code.entered(this, base + ((pc & 0xfff) >>> 1), ramOffset >>> 12);
    return base;
  }
}
