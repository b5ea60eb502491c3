import type { VirtualClock } from './clock';
import * as C from './csr';

/** What `exchange` returns for an access that must raise illegal-instruction. */
export const CSR_ILLEGAL = -1;
/** What `exchange` returns for an access from VS/VU-mode that must raise virtual-instruction (22). */
export const CSR_VIRTUAL = -2;

/** How a Zicsr instruction changes the CSR: not at all, replace, set bits, clear bits. */
export const CSR_READ = 0;
export const CSR_WRITE = 1;
export const CSR_SET = 2;
export const CSR_CLEAR = 3;
export type CsrWriteKind = 0 | 1 | 2 | 3;

const TWO_32 = 4294967296;

/** The CSR fields held as plain numbers, in snapshot order. */
const SCALAR_CSRS = [
  'mstatus',
  'medeleg',
  'mideleg',
  'mie',
  'mipSoftware',
  'mipLines',
  'mtvec',
  'stvec',
  'mscratch',
  'sscratch',
  'mepc',
  'sepc',
  'mcause',
  'scause',
  'mtval',
  'stval',
  'satp',
  'mcounteren',
  'scounteren',
  'mcountinhibit',
  'minstret',
  'mcycle',
  // H extension (all 0 without it)
  'mstatush',
  'mtval2',
  'mtinst',
  'hstatus',
  'hedeleg',
  'hideleg',
  'hcounteren',
  'htimedeltaLow',
  'htimedeltaHigh',
  'htval',
  'htinst',
  'hgatp',
  'vsstatus',
  'vstvec',
  'vsscratch',
  'vsepc',
  'vscause',
  'vstval',
  'vsatp',
] as const;
type ScalarCsr = (typeof SCALAR_CSRS)[number];

/** A CsrFile's state as plain, structured-cloneable data. */
export type CsrState = Record<ScalarCsr, number> & {
  pmpcfg: number[];
  pmpaddr: number[];
  virt: boolean;
};

/** Supervisor CSR numbers that V=1 sends to their VS CSR (the VS number is 0x100 higher). */
const VS_REDIRECTED: ReadonlySet<number> = new Set([
  C.CSR_SSTATUS,
  C.CSR_SIE,
  C.CSR_STVEC,
  C.CSR_SSCRATCH,
  C.CSR_SEPC,
  C.CSR_SCAUSE,
  C.CSR_STVAL,
  C.CSR_SIP,
  C.CSR_SATP,
]);

/**
 * The control and status registers of one hart, and the rules for reaching them: privilege
 * (bits 9..8 of the number), read-only numbers (bits 11..10 = 3), WARL legalisation, masked
 * views (sstatus, sie, sip), counter gating (mcounteren/scounteren) and TVM.
 *
 * Every CSR is a plain field so the hart's hot paths (trap entry, interrupt check, translation)
 * read them directly; `exchange` is the one entry point for CSR instructions.
 *
 * With the H extension (`h`), the file also holds the virtualization mode V (`virt`), the
 * hypervisor CSRs and the VS CSRs. While V=1 the supervisor numbers reach the vs* fields; an
 * access that HS-mode could make but VS/VU-mode may not gives CSR_VIRTUAL (virtual-instruction
 * exception), the rest CSR_ILLEGAL. hvip's bits live in `mipSoftware` and hie's in `mie` (mip
 * and mie alias them), so the interrupt check reads one pair of fields with or without H.
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

  // The H extension. `virt` is the virtualization mode V: with `priv` S it means VS-mode, U VU-mode.
  virt = false;
  /** MPV and GVA (the only mstatush bits). */
  mstatush = 0;
  mtval2 = 0;
  mtinst = 0;
  hstatus = 0;
  hedeleg = 0;
  hideleg = 0;
  hcounteren = 0;
  htimedeltaLow = 0;
  htimedeltaHigh = 0;
  htval = 0;
  htinst = 0;
  hgatp = 0;
  vsstatus = 0;
  vstvec = 0;
  vsscratch = 0;
  vsepc = 0;
  vscause = 0;
  vstval = 0;
  vsatp = 0;

  constructor(
    readonly hartId: number,
    private readonly clock: VirtualClock,
    /** Called when satp, SUM or MXR change, so cached translations are dropped. */
    private readonly onTranslationChange: () => void,
    /** The hypervisor extension: misa.H, V, the h* and vs* CSRs. Without it they are illegal. */
    readonly h = false,
  ) {
    this.mideleg = h ? C.MIP_VS_LEVEL : 0;
  }

  reset(): void {
    this.mstatus = this.medeleg = this.mie = this.mipSoftware = 0;
    // VS-level interrupts are always delegated past M (mideleg bits 10, 6, 2 read-only one).
    this.mideleg = this.h ? C.MIP_VS_LEVEL : 0;
    this.virt = false;
    this.mstatush = this.mtval2 = this.mtinst = this.hstatus = this.hedeleg = this.hideleg = 0;
    this.hcounteren = this.htimedeltaLow = this.htimedeltaHigh = this.htval = this.htinst = 0;
    this.hgatp = this.vsstatus = this.vstvec = this.vsscratch = this.vsepc = this.vscause = 0;
    this.vstval = this.vsatp = 0;
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
    return {
      ...state,
      pmpcfg: Array.from(this.pmpcfg),
      pmpaddr: Array.from(this.pmpaddr),
      virt: this.virt,
    };
  }

  restore(state: CsrState): void {
    for (const name of SCALAR_CSRS) this[name] = state[name];
    this.virt = state.virt;
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
   * Reads counter CSR `addr` (0xC00–0xCFF: cycle, time, instret, hpmcounterN and their high
   * halves; anything else there is illegal) at `priv`, for the hot loop: the same value or
   * CSR_ILLEGAL/CSR_VIRTUAL that `exchange` gives for a read, with `uncommitted` instructions
   * the loop has retired but `retire` has not yet counted added to cycle and instret.
   */
  readCounter(addr: number, priv: C.Privilege, uncommitted: number): number {
    const counter =
      (addr >= C.CSR_CYCLE && addr <= C.CSR_HPMCOUNTER31) ||
      (addr >= C.CSR_CYCLEH && addr <= C.CSR_HPMCOUNTER31H);
    return counter ? this.readUserCounter(addr, priv, uncommitted) : CSR_ILLEGAL;
  }

  /**
   * The CSR part of a Zicsr instruction at privilege `priv`: returns the old value as an unsigned
   * 32-bit number, or CSR_ILLEGAL. `kind` CSR_READ means the instruction does not write (CSRRS/C
   * with x0 or a zero immediate), which is allowed on read-only CSRs.
   */
  exchange(addr: number, priv: C.Privilege, kind: CsrWriteKind, operand: number): number {
    const level = (addr >>> 8) & 3;
    const readOnly = addr >>> 10 === 3;
    let target = addr;
    if (this.virt && priv !== C.PRIV_M) {
      // VS/VU-mode. M-level CSRs are not HS-qualified: illegal. Hypervisor and VS CSRs (level 2),
      // and supervisor CSRs from VU, raise virtual-instruction when HS-mode could make the access.
      if (level === 3) return CSR_ILLEGAL;
      if (level === 2 || (level === 1 && priv === C.PRIV_U)) {
        if (kind !== CSR_READ && readOnly) return CSR_ILLEGAL;
        return this.read(addr, C.PRIV_M) === CSR_ILLEGAL ? CSR_ILLEGAL : CSR_VIRTUAL;
      }
      if (addr === C.CSR_SATP && (this.hstatus & C.HSTATUS_VTVM) !== 0) return CSR_VIRTUAL;
      if (VS_REDIRECTED.has(addr)) target = addr + 0x100;
    } else if (priv === C.PRIV_U ? level !== 0 : priv === C.PRIV_S && level === 3) {
      return CSR_ILLEGAL;
    }
    if (kind !== CSR_READ && readOnly) return CSR_ILLEGAL;
    const old = this.read(target, priv);
    if (old < 0 || kind === CSR_READ) return old;
    // Read-modify-write of mip/sip uses the software SEIP bit, not the line (spec 3.1.9).
    const base = target === C.CSR_MIP || target === C.CSR_SIP ? this.mipSoftware : old;
    const value =
      kind === CSR_WRITE ? operand : kind === CSR_SET ? base | operand : base & ~operand;
    this.write(target, value | 0);
    return old;
  }

  /** Reads a CSR for privilege `priv` (which must already pass the number's privilege check). */
  read(addr: number, priv: C.Privilege): number {
    switch (addr) {
      case C.CSR_SSTATUS:
        return (this.mstatus & C.SSTATUS_MASK) >>> 0;
      case C.CSR_SIE:
        return this.mie & this.mideleg & C.MIP_S_LEVEL;
      case C.CSR_STVEC:
        return this.stvec >>> 0;
      case C.CSR_SCOUNTEREN:
        return this.scounteren >>> 0;
      case C.CSR_SENVCFG:
        return 0;
      case C.CSR_SSCRATCH:
        return this.sscratch >>> 0;
      case C.CSR_SEPC:
        return this.sepc >>> 0;
      case C.CSR_SCAUSE:
        return this.scause >>> 0;
      case C.CSR_STVAL:
        return this.stval >>> 0;
      case C.CSR_SIP:
        return this.mip & this.mideleg & C.MIP_S_LEVEL;
      case C.CSR_SATP:
        if (priv === C.PRIV_S && (this.mstatus & C.MSTATUS_TVM) !== 0) return CSR_ILLEGAL;
        return this.satp >>> 0;
      case C.CSR_MSTATUS:
        return this.mstatus >>> 0;
      case C.CSR_MISA:
        return this.h ? (C.MISA_VALUE | C.MISA_H) >>> 0 : C.MISA_VALUE;
      case C.CSR_MEDELEG:
        return this.medeleg >>> 0;
      case C.CSR_MIDELEG:
        return this.mideleg >>> 0;
      case C.CSR_MIE:
        return this.mie >>> 0;
      case C.CSR_MTVEC:
        return this.mtvec >>> 0;
      case C.CSR_MCOUNTEREN:
        return this.mcounteren >>> 0;
      case C.CSR_MENVCFG:
      case C.CSR_MENVCFGH:
        return 0;
      case C.CSR_MSTATUSH:
        return this.mstatush;
      case C.CSR_MCOUNTINHIBIT:
        return this.mcountinhibit >>> 0;
      case C.CSR_MSCRATCH:
        return this.mscratch >>> 0;
      case C.CSR_MEPC:
        return this.mepc >>> 0;
      case C.CSR_MCAUSE:
        return this.mcause >>> 0;
      case C.CSR_MTVAL:
        return this.mtval >>> 0;
      case C.CSR_MIP:
        return this.mip >>> 0;
      case C.CSR_MCYCLE:
        return low(this.mcycle);
      case C.CSR_MCYCLEH:
        return high(this.mcycle);
      case C.CSR_MINSTRET:
        return low(this.minstret);
      case C.CSR_MINSTRETH:
        return high(this.minstret);
      case C.CSR_MVENDORID:
      case C.CSR_MARCHID:
      case C.CSR_MIMPID:
      case C.CSR_MCONFIGPTR:
        return 0;
      case C.CSR_MHARTID:
        return this.hartId >>> 0;
    }
    if (this.h) {
      const value = this.readHypervisor(addr, priv);
      if (value !== CSR_ILLEGAL) return value;
    }
    if (addr >= C.CSR_PMPCFG0 && addr <= C.CSR_PMPCFG3)
      return this.pmpcfg[addr - C.CSR_PMPCFG0] >>> 0;
    if (addr >= C.CSR_PMPADDR0 && addr <= C.CSR_PMPADDR15)
      return this.pmpaddr[addr - C.CSR_PMPADDR0] >>> 0;
    // Performance-monitoring counters and events beyond cycle/instret exist but count nothing.
    if (addr >= C.CSR_MHPMEVENT3 && addr <= C.CSR_MHPMEVENT31) return 0;
    if (addr >= C.CSR_MHPMCOUNTER3 && addr <= C.CSR_MHPMCOUNTER31) return 0;
    if (addr >= C.CSR_MHPMCOUNTER3H && addr <= C.CSR_MHPMCOUNTER31H) return 0;
    if (
      (addr >= C.CSR_CYCLE && addr <= C.CSR_HPMCOUNTER31) ||
      (addr >= C.CSR_CYCLEH && addr <= C.CSR_HPMCOUNTER31H)
    ) {
      return this.readUserCounter(addr, priv, 0);
    }
    return CSR_ILLEGAL;
  }

  /** The CSRs of the H extension (only called when it is on). */
  private readHypervisor(addr: number, priv: C.Privilege): number {
    switch (addr) {
      case C.CSR_MTVAL2:
        return this.mtval2 >>> 0;
      case C.CSR_MTINST:
        return this.mtinst >>> 0;
      case C.CSR_HSTATUS:
        return this.hstatus >>> 0;
      case C.CSR_HEDELEG:
        return this.hedeleg >>> 0;
      case C.CSR_HIDELEG:
        return this.hideleg >>> 0;
      case C.CSR_HIE:
        return this.mie & C.MIP_VS_LEVEL;
      case C.CSR_HIP:
        return this.mip & C.MIP_VS_LEVEL;
      case C.CSR_HVIP:
        return this.mipSoftware & C.MIP_VS_LEVEL;
      case C.CSR_HTIMEDELTA:
        return this.htimedeltaLow >>> 0;
      case C.CSR_HTIMEDELTAH:
        return this.htimedeltaHigh >>> 0;
      case C.CSR_HCOUNTEREN:
        return this.hcounteren >>> 0;
      // GEILEN = 0: no guest external interrupts, so hgeie and hgeip are read-only zero.
      case C.CSR_HGEIE:
      case C.CSR_HGEIP:
        return 0;
      case C.CSR_HENVCFG:
      case C.CSR_HENVCFGH:
        return 0;
      case C.CSR_HTVAL:
        return this.htval >>> 0;
      case C.CSR_HTINST:
        return this.htinst >>> 0;
      case C.CSR_HGATP:
        if (priv === C.PRIV_S && (this.mstatus & C.MSTATUS_TVM) !== 0) return CSR_ILLEGAL;
        return this.hgatp >>> 0;
      case C.CSR_VSSTATUS:
        return this.vsstatus >>> 0;
      // vsip/vsie show the VS-level bits that hideleg delegates, as their S-level numbers.
      case C.CSR_VSIE:
        return (this.mie & this.hideleg & C.MIP_VS_LEVEL) >>> 1;
      case C.CSR_VSIP:
        return (this.mip & this.hideleg & C.MIP_VS_LEVEL) >>> 1;
      case C.CSR_VSTVEC:
        return this.vstvec >>> 0;
      case C.CSR_VSSCRATCH:
        return this.vsscratch >>> 0;
      case C.CSR_VSEPC:
        return this.vsepc >>> 0;
      case C.CSR_VSCAUSE:
        return this.vscause >>> 0;
      case C.CSR_VSTVAL:
        return this.vstval >>> 0;
      case C.CSR_VSATP:
        return this.vsatp >>> 0;
    }
    return CSR_ILLEGAL;
  }

  /** Writes the CSRs of the H extension; returns false for a number that is not one of them. */
  private writeHypervisor(addr: number, value: number): boolean {
    switch (addr) {
      case C.CSR_MTVAL2:
        this.mtval2 = value;
        return true;
      case C.CSR_MTINST:
        this.mtinst = value;
        return true;
      case C.CSR_HSTATUS:
        this.hstatus = value & C.HSTATUS_WRITABLE;
        return true;
      case C.CSR_HEDELEG:
        this.hedeleg = value & C.HEDELEG_WRITABLE;
        return true;
      case C.CSR_HIDELEG:
        this.hideleg = value & C.MIP_VS_LEVEL;
        return true;
      case C.CSR_HIE:
        this.mie = (this.mie & ~C.MIP_VS_LEVEL) | (value & C.MIP_VS_LEVEL);
        return true;
      case C.CSR_HIP:
        this.setSoftwarePending(1 << C.IRQ_VSSI, value);
        return true;
      case C.CSR_HVIP:
        this.setSoftwarePending(C.MIP_VS_LEVEL, value);
        return true;
      case C.CSR_HTIMEDELTA:
        this.htimedeltaLow = value;
        return true;
      case C.CSR_HTIMEDELTAH:
        this.htimedeltaHigh = value;
        return true;
      case C.CSR_HCOUNTEREN:
        this.hcounteren = value;
        return true;
      case C.CSR_HGEIE:
      case C.CSR_HENVCFG:
      case C.CSR_HENVCFGH:
        return true;
      case C.CSR_HTVAL:
        this.htval = value;
        return true;
      case C.CSR_HTINST:
        this.htinst = value;
        return true;
      case C.CSR_HGATP:
        // Sv32x4's MODE is one bit; VMID has 7 bits; PPN[1:0] read 0 (the root is 16 KiB-aligned).
        this.hgatp = value & (C.HGATP_MODE_SV32X4 | C.HGATP_VMID_MASK | C.HGATP_PPN_MASK);
        this.onTranslationChange();
        return true;
      case C.CSR_VSSTATUS: {
        const next = value & C.SSTATUS_MASK;
        const changed = (this.vsstatus ^ next) & (C.MSTATUS_SUM | C.MSTATUS_MXR);
        this.vsstatus = next;
        if (changed !== 0) this.onTranslationChange();
        return true;
      }
      case C.CSR_VSIE: {
        const mask = this.hideleg & C.MIP_VS_LEVEL;
        this.mie = (this.mie & ~mask) | ((value << 1) & mask);
        return true;
      }
      case C.CSR_VSIP:
        this.setSoftwarePending(this.hideleg & (1 << C.IRQ_VSSI), value << 1);
        return true;
      case C.CSR_VSTVEC:
        this.vstvec = legalTvec(this.vstvec, value);
        return true;
      case C.CSR_VSSCRATCH:
        this.vsscratch = value;
        return true;
      case C.CSR_VSEPC:
        this.vsepc = value & ~3;
        return true;
      case C.CSR_VSCAUSE:
        this.vscause = value;
        return true;
      case C.CSR_VSTVAL:
        this.vstval = value;
        return true;
      case C.CSR_VSATP:
        this.vsatp = value & (C.SATP_MODE_SV32 | C.SATP_ASID_MASK | C.SATP_PPN_MASK);
        this.onTranslationChange();
        return true;
    }
    return false;
  }

  private setSoftwarePending(mask: number, value: number): void {
    this.mipSoftware = (this.mipSoftware & ~mask) | (value & mask);
  }

  /** Writes a CSR, legalising WARL fields; the caller has checked privilege and read-only. */
  write(addr: number, value: number): void {
    switch (addr) {
      case C.CSR_SSTATUS:
        this.writeMstatus((this.mstatus & ~C.SSTATUS_MASK) | (value & C.SSTATUS_MASK));
        return;
      case C.CSR_SIE: {
        const mask = this.mideleg & C.MIP_S_LEVEL;
        this.mie = (this.mie & ~mask) | (value & mask);
        return;
      }
      case C.CSR_STVEC:
        this.stvec = legalTvec(this.stvec, value);
        return;
      case C.CSR_SCOUNTEREN:
        this.scounteren = value;
        return;
      case C.CSR_SSCRATCH:
        this.sscratch = value;
        return;
      case C.CSR_SEPC:
        this.sepc = value & ~3;
        return;
      case C.CSR_SCAUSE:
        this.scause = value;
        return;
      case C.CSR_STVAL:
        this.stval = value;
        return;
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
      case C.CSR_MSTATUS:
        this.writeMstatus(value);
        return;
      case C.CSR_MEDELEG:
        this.medeleg = value & (this.h ? C.MEDELEG_WRITABLE_H : C.MEDELEG_WRITABLE);
        return;
      case C.CSR_MIDELEG:
        this.mideleg = (value & C.MIP_S_LEVEL) | (this.h ? C.MIP_VS_LEVEL : 0);
        return;
      case C.CSR_MIE:
        this.mie = value & (this.h ? C.MIP_ALL | C.MIP_VS_LEVEL : C.MIP_ALL);
        return;
      case C.CSR_MSTATUSH:
        if (this.h) this.mstatush = value & (C.MSTATUSH_MPV | C.MSTATUSH_GVA);
        return;
      case C.CSR_MTVEC:
        this.mtvec = legalTvec(this.mtvec, value);
        return;
      case C.CSR_MCOUNTEREN:
        this.mcounteren = value;
        return;
      case C.CSR_MCOUNTINHIBIT:
        this.mcountinhibit = value & 0b101;
        return;
      case C.CSR_MSCRATCH:
        this.mscratch = value;
        return;
      case C.CSR_MEPC:
        this.mepc = value & ~3;
        return;
      case C.CSR_MCAUSE:
        this.mcause = value;
        return;
      case C.CSR_MTVAL:
        this.mtval = value;
        return;
      case C.CSR_MIP: {
        // Of the VS-level bits only VSSIP is writable in mip (hip's alias); hvip sets the rest.
        const mask = this.h ? C.MIP_S_LEVEL | (1 << C.IRQ_VSSI) : C.MIP_S_LEVEL;
        this.setSoftwarePending(mask, value);
        return;
      }
      case C.CSR_MCYCLE:
        this.mcycle = withLow(this.mcycle, value);
        return;
      case C.CSR_MCYCLEH:
        this.mcycle = withHigh(this.mcycle, value);
        return;
      case C.CSR_MINSTRET:
        this.minstret = withLow(this.minstret, value);
        return;
      case C.CSR_MINSTRETH:
        this.minstret = withHigh(this.minstret, value);
        return;
    }
    if (this.h && this.writeHypervisor(addr, value)) return;
    if (addr >= C.CSR_PMPCFG0 && addr <= C.CSR_PMPCFG3) this.pmpcfg[addr - C.CSR_PMPCFG0] = value;
    else if (addr >= C.CSR_PMPADDR0 && addr <= C.CSR_PMPADDR15)
      this.pmpaddr[addr - C.CSR_PMPADDR0] = value;
    // Everything else that reads (envcfg, mstatush, hpm counters and events) ignores writes.
  }

  private writeMstatus(value: number): void {
    let next = value & C.MSTATUS_WRITABLE;
    // MPP is WARL over {U, S, M}: the reserved encoding 2 becomes U, as Spike does.
    if ((next & C.MSTATUS_MPP) >>> C.MSTATUS_MPP_SHIFT === 2) next &= ~C.MSTATUS_MPP;
    const translationBits = C.MSTATUS_SUM | C.MSTATUS_MXR;
    const changed = (this.mstatus ^ next) & translationBits;
    this.mstatus = next;
    if (changed !== 0) this.onTranslationChange();
  }

  /**
   * cycle, time, instret and hpmcounterN (and high halves): gated per privilege. `uncommitted`:
   * instructions retired but not yet counted (see `readCounter`).
   */
  private readUserCounter(addr: number, priv: C.Privilege, uncommitted: number): number {
    const bit = 1 << (addr & 0x1f);
    const virt = this.virt && priv !== C.PRIV_M;
    if (priv < C.PRIV_M && (this.mcounteren & bit) === 0) return CSR_ILLEGAL;
    if (virt) {
      // HS-qualified but disabled by hcounteren (or, from VU, scounteren): virtual-instruction.
      if ((this.hcounteren & bit) === 0) return CSR_VIRTUAL;
      if (priv === C.PRIV_U && (this.scounteren & bit) === 0) return CSR_VIRTUAL;
    } else if (priv === C.PRIV_U && (this.scounteren & bit) === 0) {
      return CSR_ILLEGAL;
    }
    const highHalf = addr >= C.CSR_CYCLEH;
    let value = 0;
    switch (addr & 0x1f) {
      case 0:
        value = this.mcycle + ((this.mcountinhibit & 1) === 0 ? uncommitted : 0);
        break;
      case 1:
        // VS and VU see time + htimedelta (mod 2^64).
        if (virt) return this.virtualTime(highHalf);
        value = this.clock.mtime;
        break;
      case 2:
        value = this.minstret + ((this.mcountinhibit & 4) === 0 ? uncommitted : 0);
        break;
    }
    return highHalf ? high(value) : low(value);
  }

  private virtualTime(highHalf: boolean): number {
    const time = this.clock.mtime;
    const sumLow = low(time) + (this.htimedeltaLow >>> 0);
    if (!highHalf) return sumLow >>> 0;
    return (high(time) + (this.htimedeltaHigh >>> 0) + (sumLow >= TWO_32 ? 1 : 0)) >>> 0;
  }
}

function low(value: number): number {
  return (value % TWO_32) >>> 0;
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
