import type { VirtualClock } from './clock';
import * as C from './csr';

/** What `exchange` returns for an access that must raise illegal-instruction. */
export const CSR_ILLEGAL = -1;

/** How a Zicsr instruction changes the CSR: not at all, replace, set bits, clear bits. */
export const CSR_READ = 0;
export const CSR_WRITE = 1;
export const CSR_SET = 2;
export const CSR_CLEAR = 3;
export type CsrWriteKind = 0 | 1 | 2 | 3;

const TWO_32 = 4294967296;

/** The CSR fields held as plain numbers, in snapshot order. */
const SCALAR_CSRS = [
  'mstatus', 'medeleg', 'mideleg', 'mie', 'mipSoftware', 'mipLines', 'mtvec', 'stvec', 'mscratch',
  'sscratch', 'mepc', 'sepc', 'mcause', 'scause', 'mtval', 'stval', 'satp', 'mcounteren',
  'scounteren', 'mcountinhibit', 'minstret', 'mcycle',
] as const;
type ScalarCsr = (typeof SCALAR_CSRS)[number];

/** A CsrFile's state as plain, structured-cloneable data. */
export type CsrState = Record<ScalarCsr, number> & { pmpcfg: number[]; pmpaddr: number[] };

/**
 * The control and status registers of one hart, and the rules for reaching them: privilege
 * (bits 9..8 of the number), read-only numbers (bits 11..10 = 3), WARL legalisation, masked
 * views (sstatus, sie, sip), counter gating (mcounteren/scounteren) and TVM.
 *
 * Every CSR is a plain field so the hart's hot paths (trap entry, interrupt check, translation)
 * read them directly; `exchange` is the one entry point for CSR instructions. The H extension
 * will add its CSRs (hstatus, hedeleg, hideleg, hvip, hgatp, vs*) as fields and cases here, and
 * a `virt` flag that redirects the supervisor numbers to the vs* fields while V=1, as the spec
 * describes; nothing outside this file will need to change for the numbering.
 */
export class CsrFile {
  mstatus = 0;
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** Software-writable pending bits (SSIP, STIP, SEIP). */
  mipSoftware = 0;
  /** Pending bits driven by devices (MEIP, SEIP, MTIP, MSIP) through `setInterruptLine`. */
  mipLines = 0;
  mtvec = 0;
  stvec = 0;
  mscratch = 0;
  sscratch = 0;
  mepc = 0;
  sepc = 0;
  mcause = 0;
  scause = 0;
  mtval = 0;
  stval = 0;
  satp = 0;
  mcounteren = 0;
  scounteren = 0;
  mcountinhibit = 0;
  /** 64-bit counters held as exact integers in float64. */
  minstret = 0;
  mcycle = 0;
  /** PMP registers are stored and read back but not enforced (firmware writes them at boot). */
  readonly pmpcfg = new Int32Array(4);
  readonly pmpaddr = new Int32Array(16);

  constructor(
    readonly hartId: number,
    private readonly clock: VirtualClock,
    /** Called when satp, SUM or MXR change, so cached translations are dropped. */
    private readonly onTranslationChange: () => void,
  ) {}

  reset(): void {
    this.mstatus = this.medeleg = this.mideleg = this.mie = this.mipSoftware = 0;
    this.mtvec = this.stvec = this.mscratch = this.sscratch = 0;
    this.mepc = this.sepc = this.mcause = this.scause = this.mtval = this.stval = 0;
    this.satp = this.mcounteren = this.scounteren = this.mcountinhibit = 0;
    this.minstret = this.mcycle = 0;
    this.pmpcfg.fill(0);
    this.pmpaddr.fill(0);
    this.onTranslationChange();
  }

  /** Every CSR's state as plain data (snapshots); `restore` takes it back. */
  snapshot(): CsrState {
    const state = {} as Record<ScalarCsr, number>;
    for (const name of SCALAR_CSRS) state[name] = this[name];
    return { ...state, pmpcfg: Array.from(this.pmpcfg), pmpaddr: Array.from(this.pmpaddr) };
  }

  restore(state: CsrState): void {
    for (const name of SCALAR_CSRS) this[name] = state[name];
    this.pmpcfg.set(state.pmpcfg);
    this.pmpaddr.set(state.pmpaddr);
    this.onTranslationChange();
  }

  /** mip as software reads it: software bits OR device lines (SEIP is the OR of both). */
  get mip(): number {
    return this.mipSoftware | this.mipLines;
  }

  /**
   * Counts `instructions` retired. This is the one place cycles are derived from events: for now
   * a cycle per instruction; the cost model will charge its prices here.
   */
  retire(instructions: number): void {
    if ((this.mcountinhibit & 4) === 0) this.minstret += instructions;
    if ((this.mcountinhibit & 1) === 0) this.mcycle += instructions;
  }

  /** Adds cycles that were not instructions (the cost model's prices): mcycle only. */
  charge(cycles: number): void {
    if ((this.mcountinhibit & 1) === 0) this.mcycle += cycles;
  }

  /**
   * The CSR part of a Zicsr instruction at privilege `priv`: returns the old value as an unsigned
   * 32-bit number, or CSR_ILLEGAL. `kind` CSR_READ means the instruction does not write (CSRRS/C
   * with x0 or a zero immediate), which is allowed on read-only CSRs.
   */
  exchange(addr: number, priv: C.Privilege, kind: CsrWriteKind, operand: number): number {
    if (priv < ((addr >>> 8) & 3)) return CSR_ILLEGAL;
    if (kind !== CSR_READ && addr >>> 10 === 3) return CSR_ILLEGAL;
    const old = this.read(addr, priv);
    if (old === CSR_ILLEGAL || kind === CSR_READ) return old;
    // Read-modify-write of mip/sip uses the software SEIP bit, not the line (spec 3.1.9).
    const base = addr === C.CSR_MIP || addr === C.CSR_SIP ? this.mipSoftware : old;
    const value = kind === CSR_WRITE ? operand : kind === CSR_SET ? base | operand : base & ~operand;
    this.write(addr, value | 0);
    return old;
  }

  /** Reads a CSR for privilege `priv` (which must already pass the number's privilege check). */
  read(addr: number, priv: C.Privilege): number {
    switch (addr) {
      case C.CSR_SSTATUS: return (this.mstatus & C.SSTATUS_MASK) >>> 0;
      case C.CSR_SIE: return (this.mie & this.mideleg) >>> 0;
      case C.CSR_STVEC: return this.stvec >>> 0;
      case C.CSR_SCOUNTEREN: return this.scounteren >>> 0;
      case C.CSR_SENVCFG: return 0;
      case C.CSR_SSCRATCH: return this.sscratch >>> 0;
      case C.CSR_SEPC: return this.sepc >>> 0;
      case C.CSR_SCAUSE: return this.scause >>> 0;
      case C.CSR_STVAL: return this.stval >>> 0;
      case C.CSR_SIP: return (this.mip & this.mideleg) >>> 0;
      case C.CSR_SATP:
        if (priv === C.PRIV_S && (this.mstatus & C.MSTATUS_TVM) !== 0) return CSR_ILLEGAL;
        return this.satp >>> 0;
      case C.CSR_MSTATUS: return this.mstatus >>> 0;
      case C.CSR_MISA: return C.MISA_VALUE;
      case C.CSR_MEDELEG: return this.medeleg >>> 0;
      case C.CSR_MIDELEG: return this.mideleg >>> 0;
      case C.CSR_MIE: return this.mie >>> 0;
      case C.CSR_MTVEC: return this.mtvec >>> 0;
      case C.CSR_MCOUNTEREN: return this.mcounteren >>> 0;
      case C.CSR_MENVCFG: case C.CSR_MENVCFGH: case C.CSR_MSTATUSH: return 0;
      case C.CSR_MCOUNTINHIBIT: return this.mcountinhibit >>> 0;
      case C.CSR_MSCRATCH: return this.mscratch >>> 0;
      case C.CSR_MEPC: return this.mepc >>> 0;
      case C.CSR_MCAUSE: return this.mcause >>> 0;
      case C.CSR_MTVAL: return this.mtval >>> 0;
      case C.CSR_MIP: return this.mip >>> 0;
      case C.CSR_MCYCLE: return low(this.mcycle);
      case C.CSR_MCYCLEH: return high(this.mcycle);
      case C.CSR_MINSTRET: return low(this.minstret);
      case C.CSR_MINSTRETH: return high(this.minstret);
      case C.CSR_MVENDORID: case C.CSR_MARCHID: case C.CSR_MIMPID: case C.CSR_MCONFIGPTR: return 0;
      case C.CSR_MHARTID: return this.hartId >>> 0;
    }
    if (addr >= C.CSR_PMPCFG0 && addr <= C.CSR_PMPCFG3) return this.pmpcfg[addr - C.CSR_PMPCFG0] >>> 0;
    if (addr >= C.CSR_PMPADDR0 && addr <= C.CSR_PMPADDR15) return this.pmpaddr[addr - C.CSR_PMPADDR0] >>> 0;
    // Performance-monitoring counters and events beyond cycle/instret exist but count nothing.
    if (addr >= C.CSR_MHPMEVENT3 && addr <= C.CSR_MHPMEVENT31) return 0;
    if (addr >= C.CSR_MHPMCOUNTER3 && addr <= C.CSR_MHPMCOUNTER31) return 0;
    if (addr >= C.CSR_MHPMCOUNTER3H && addr <= C.CSR_MHPMCOUNTER31H) return 0;
    if ((addr >= C.CSR_CYCLE && addr <= C.CSR_HPMCOUNTER31) || (addr >= C.CSR_CYCLEH && addr <= C.CSR_HPMCOUNTER31H)) {
      return this.readUserCounter(addr, priv);
    }
    return CSR_ILLEGAL;
  }

  /** Writes a CSR, legalising WARL fields; the caller has checked privilege and read-only. */
  write(addr: number, value: number): void {
    switch (addr) {
      case C.CSR_SSTATUS:
        this.writeMstatus((this.mstatus & ~C.SSTATUS_MASK) | (value & C.SSTATUS_MASK));
        return;
      case C.CSR_SIE:
        this.mie = (this.mie & ~this.mideleg) | (value & this.mideleg & C.MIP_ALL);
        return;
      case C.CSR_STVEC: this.stvec = legalTvec(this.stvec, value); return;
      case C.CSR_SCOUNTEREN: this.scounteren = value; return;
      case C.CSR_SSCRATCH: this.sscratch = value; return;
      case C.CSR_SEPC: this.sepc = value & ~3; return;
      case C.CSR_SCAUSE: this.scause = value; return;
      case C.CSR_STVAL: this.stval = value; return;
      case C.CSR_SIP: {
        // Only SSIP is writable through sip, and only when it is delegated.
        const mask = C.MIP_SSIP & this.mideleg;
        this.mipSoftware = (this.mipSoftware & ~mask) | (value & mask);
        return;
      }
      case C.CSR_SATP:
        // Sv32's MODE is one bit, so both values are supported; keep 9 ASID bits and the PPN.
        this.satp = value & (C.SATP_MODE_SV32 | C.SATP_ASID_MASK | C.SATP_PPN_MASK);
        this.onTranslationChange();
        return;
      case C.CSR_MSTATUS: this.writeMstatus(value); return;
      case C.CSR_MEDELEG: this.medeleg = value & C.MEDELEG_WRITABLE; return;
      case C.CSR_MIDELEG: this.mideleg = value & C.MIP_S_LEVEL; return;
      case C.CSR_MIE: this.mie = value & C.MIP_ALL; return;
      case C.CSR_MTVEC: this.mtvec = legalTvec(this.mtvec, value); return;
      case C.CSR_MCOUNTEREN: this.mcounteren = value; return;
      case C.CSR_MCOUNTINHIBIT: this.mcountinhibit = value & 0b101; return;
      case C.CSR_MSCRATCH: this.mscratch = value; return;
      case C.CSR_MEPC: this.mepc = value & ~3; return;
      case C.CSR_MCAUSE: this.mcause = value; return;
      case C.CSR_MTVAL: this.mtval = value; return;
      case C.CSR_MIP: this.mipSoftware = value & C.MIP_S_LEVEL; return;
      case C.CSR_MCYCLE: this.mcycle = withLow(this.mcycle, value); return;
      case C.CSR_MCYCLEH: this.mcycle = withHigh(this.mcycle, value); return;
      case C.CSR_MINSTRET: this.minstret = withLow(this.minstret, value); return;
      case C.CSR_MINSTRETH: this.minstret = withHigh(this.minstret, value); return;
    }
    if (addr >= C.CSR_PMPCFG0 && addr <= C.CSR_PMPCFG3) this.pmpcfg[addr - C.CSR_PMPCFG0] = value;
    else if (addr >= C.CSR_PMPADDR0 && addr <= C.CSR_PMPADDR15) this.pmpaddr[addr - C.CSR_PMPADDR0] = value;
    // Everything else that reads (envcfg, mstatush, hpm counters and events) ignores writes.
  }

  private writeMstatus(value: number): void {
    let next = value & C.MSTATUS_WRITABLE;
    // MPP is WARL over {U, S, M}: the reserved encoding 2 becomes U, as Spike does.
    if (((next & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT) === 2) next &= ~C.MSTATUS_MPP;
    const translationBits = C.MSTATUS_SUM | C.MSTATUS_MXR;
    const changed = (this.mstatus ^ next) & translationBits;
    this.mstatus = next;
    if (changed !== 0) this.onTranslationChange();
  }

  /** cycle, time, instret and hpmcounterN (and high halves): gated per privilege. */
  private readUserCounter(addr: number, priv: C.Privilege): number {
    const bit = 1 << (addr & 0x1f);
    if (priv < C.PRIV_M && (this.mcounteren & bit) === 0) return CSR_ILLEGAL;
    if (priv === C.PRIV_U && (this.scounteren & bit) === 0) return CSR_ILLEGAL;
    const highHalf = addr >= C.CSR_CYCLEH;
    let value = 0;
    switch (addr & 0x1f) {
      case 0: value = this.mcycle; break;
      case 1: value = this.clock.mtime; break;
      case 2: value = this.minstret; break;
    }
    return highHalf ? high(value) : low(value);
  }
}

function low(value: number): number {
  return value % TWO_32 >>> 0;
}

function high(value: number): number {
  return Math.floor(value / TWO_32) >>> 0;
}

function withLow(counter: number, value: number): number {
  return Math.floor(counter / TWO_32) * TWO_32 + (value >>> 0);
}

function withHigh(counter: number, value: number): number {
  return (value >>> 0) * TWO_32 + (counter % TWO_32);
}

/** xtvec: MODE 0 (direct) and 1 (vectored) are legal; a write of another mode is ignored, as in QEMU. */
function legalTvec(old: number, value: number): number {
  return (value & 3) < 2 ? value : old;
}
