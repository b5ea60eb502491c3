/**
 * CSR numbers, status and interrupt bits, and trap causes of the RISC-V privileged spec 1.12
 * that the hart implements. Names follow the spec so they can be looked up there.
 */

// Privilege levels (the encoding used in mstatus.MPP and by the spec).
export const PRIV_U = 0;
export const PRIV_S = 1;
export const PRIV_M = 3;
export type Privilege = 0 | 1 | 3;

// Supervisor CSRs.
export const CSR_SSTATUS = 0x100;
export const CSR_SIE = 0x104;
export const CSR_STVEC = 0x105;
export const CSR_SCOUNTEREN = 0x106;
export const CSR_SENVCFG = 0x10a;
export const CSR_SSCRATCH = 0x140;
export const CSR_SEPC = 0x141;
export const CSR_SCAUSE = 0x142;
export const CSR_STVAL = 0x143;
export const CSR_SIP = 0x144;
export const CSR_SATP = 0x180;

// Hypervisor and virtual-supervisor CSRs (H extension; illegal without it).
export const CSR_VSSTATUS = 0x200;
export const CSR_VSIE = 0x204;
export const CSR_VSTVEC = 0x205;
export const CSR_VSSCRATCH = 0x240;
export const CSR_VSEPC = 0x241;
export const CSR_VSCAUSE = 0x242;
export const CSR_VSTVAL = 0x243;
export const CSR_VSIP = 0x244;
export const CSR_VSATP = 0x280;
export const CSR_HSTATUS = 0x600;
export const CSR_HEDELEG = 0x602;
export const CSR_HIDELEG = 0x603;
export const CSR_HIE = 0x604;
export const CSR_HTIMEDELTA = 0x605;
export const CSR_HCOUNTEREN = 0x606;
export const CSR_HGEIE = 0x607;
export const CSR_HENVCFG = 0x60a;
export const CSR_HTIMEDELTAH = 0x615;
export const CSR_HENVCFGH = 0x61a;
export const CSR_HTVAL = 0x643;
export const CSR_HIP = 0x644;
export const CSR_HVIP = 0x645;
export const CSR_HTINST = 0x64a;
export const CSR_HGATP = 0x680;
export const CSR_HGEIP = 0xe12;

// Machine CSRs.
export const CSR_MSTATUS = 0x300;
export const CSR_MISA = 0x301;
export const CSR_MEDELEG = 0x302;
export const CSR_MIDELEG = 0x303;
export const CSR_MIE = 0x304;
export const CSR_MTVEC = 0x305;
export const CSR_MCOUNTEREN = 0x306;
export const CSR_MENVCFG = 0x30a;
export const CSR_MSTATUSH = 0x310;
export const CSR_MENVCFGH = 0x31a;
export const CSR_MCOUNTINHIBIT = 0x320;
export const CSR_MHPMEVENT3 = 0x323;
export const CSR_MHPMEVENT31 = 0x33f;
export const CSR_MSCRATCH = 0x340;
export const CSR_MEPC = 0x341;
export const CSR_MCAUSE = 0x342;
export const CSR_MTVAL = 0x343;
export const CSR_MIP = 0x344;
export const CSR_MTINST = 0x34a;
export const CSR_MTVAL2 = 0x34b;
export const CSR_PMPCFG0 = 0x3a0;
export const CSR_PMPCFG3 = 0x3a3;
export const CSR_PMPADDR0 = 0x3b0;
export const CSR_PMPADDR15 = 0x3bf;
export const CSR_MCYCLE = 0xb00;
export const CSR_MINSTRET = 0xb02;
export const CSR_MHPMCOUNTER3 = 0xb03;
export const CSR_MHPMCOUNTER31 = 0xb1f;
export const CSR_MCYCLEH = 0xb80;
export const CSR_MINSTRETH = 0xb82;
export const CSR_MHPMCOUNTER3H = 0xb83;
export const CSR_MHPMCOUNTER31H = 0xb9f;
export const CSR_MVENDORID = 0xf11;
export const CSR_MARCHID = 0xf12;
export const CSR_MIMPID = 0xf13;
export const CSR_MHARTID = 0xf14;
export const CSR_MCONFIGPTR = 0xf15;

// Unprivileged counters (read-only shadows, gated by mcounteren/scounteren).
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
export const CSR_HPMCOUNTER31 = 0xc1f;
export const CSR_CYCLEH = 0xc80;
export const CSR_TIMEH = 0xc81;
export const CSR_INSTRETH = 0xc82;
export const CSR_HPMCOUNTER31H = 0xc9f;

// mstatus fields.
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
/** The bits software can change in mstatus (no F, V, or big-endian support, so FS/VS/XS/SD/xBE stay 0). */
export const MSTATUS_WRITABLE =
  MSTATUS_SIE |
  MSTATUS_MIE |
  MSTATUS_SPIE |
  MSTATUS_MPIE |
  MSTATUS_SPP |
  MSTATUS_MPP |
  MSTATUS_MPRV |
  MSTATUS_SUM |
  MSTATUS_MXR |
  MSTATUS_TVM |
  MSTATUS_TW |
  MSTATUS_TSR;
/** mstatush (RV32) with the H extension: MPV and GVA. */
export const MSTATUSH_GVA = 1 << 6;
export const MSTATUSH_MPV = 1 << 7;

// hstatus fields (H extension; VSBE and VGEIN are read-only zero here, VSXL does not exist on RV32).
export const HSTATUS_GVA = 1 << 6;
export const HSTATUS_SPV = 1 << 7;
export const HSTATUS_SPVP = 1 << 8;
export const HSTATUS_HU = 1 << 9;
export const HSTATUS_VTVM = 1 << 20;
export const HSTATUS_VTW = 1 << 21;
export const HSTATUS_VTSR = 1 << 22;
export const HSTATUS_WRITABLE =
  HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR;

/** The part of mstatus that sstatus shows. */
export const SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

// Interrupt numbers (bit positions in mip/mie, and mcause values with the interrupt bit set).
export const IRQ_SSI = 1;
export const IRQ_VSSI = 2;
export const IRQ_MSI = 3;
export const IRQ_STI = 5;
export const IRQ_VSTI = 6;
export const IRQ_MTI = 7;
export const IRQ_SEI = 9;
export const IRQ_VSEI = 10;
export const IRQ_MEI = 11;
export const IRQ_SGEI = 12;
export const MIP_SSIP = 1 << IRQ_SSI;
export const MIP_MSIP = 1 << IRQ_MSI;
export const MIP_STIP = 1 << IRQ_STI;
export const MIP_MTIP = 1 << IRQ_MTI;
export const MIP_SEIP = 1 << IRQ_SEI;
export const MIP_MEIP = 1 << IRQ_MEI;
/** Interrupts that exist; mie has exactly these bits. */
export const MIP_ALL = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP;
/** The S-level interrupts: the only ones mideleg can delegate and M-mode software can set in mip. */
export const MIP_S_LEVEL = MIP_SSIP | MIP_STIP | MIP_SEIP;
/** The VS-level interrupts of the H extension (hvip, hip, hie): always delegated past M. */
export const MIP_VS_LEVEL = (1 << IRQ_VSSI) | (1 << IRQ_VSTI) | (1 << IRQ_VSEI);
/**
 * Standard priority for interrupts taken into the same mode, highest first (spec 3.1.9, and
 * the H chapter for SGEI and the VS-level ones).
 */
export const INTERRUPT_PRIORITY: readonly number[] = [
  IRQ_MEI,
  IRQ_MSI,
  IRQ_MTI,
  IRQ_SEI,
  IRQ_SSI,
  IRQ_STI,
  IRQ_SGEI,
  IRQ_VSEI,
  IRQ_VSSI,
  IRQ_VSTI,
];

// Exception causes.
export const CAUSE_FETCH_MISALIGNED = 0;
export const CAUSE_FETCH_ACCESS = 1;
export const CAUSE_ILLEGAL_INSTRUCTION = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_LOAD_MISALIGNED = 4;
export const CAUSE_LOAD_ACCESS = 5;
export const CAUSE_STORE_MISALIGNED = 6;
export const CAUSE_STORE_ACCESS = 7;
export const CAUSE_ECALL_U = 8;
export const CAUSE_ECALL_S = 9;
export const CAUSE_ECALL_VS = 10;
export const CAUSE_ECALL_M = 11;
export const CAUSE_FETCH_PAGE_FAULT = 12;
export const CAUSE_LOAD_PAGE_FAULT = 13;
export const CAUSE_STORE_PAGE_FAULT = 15;
export const CAUSE_FETCH_GUEST_PAGE_FAULT = 20;
export const CAUSE_LOAD_GUEST_PAGE_FAULT = 21;
export const CAUSE_VIRTUAL_INSTRUCTION = 22;
export const CAUSE_STORE_GUEST_PAGE_FAULT = 23;
/** Exceptions medeleg can delegate: all defined ones except ECALL from M. */
export const MEDELEG_WRITABLE = 0xb3ff;
/** The same with the H extension: also ECALL from VS, guest-page faults and virtual instruction. */
export const MEDELEG_WRITABLE_H = MEDELEG_WRITABLE | (1 << 10) | (0xf << 20);
/** Exceptions hedeleg can pass on to VS-mode (H chapter, "Bits of hedeleg"): not 9-11, 20-23. */
export const HEDELEG_WRITABLE = 0xb1ff;

/** misa: MXL = 1 (32-bit) and extensions A, I, M, S, U. */
export const MISA_VALUE =
  ((1 << 30) | (1 << 0) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)) >>> 0;
/** misa.H: the hypervisor extension (MachineConfig.hypervisorExtension). */
export const MISA_H = 1 << 7;

// satp (Sv32).
export const SATP_MODE_SV32 = 0x8000_0000;
export const SATP_ASID_MASK = 0x7fc0_0000;
export const SATP_PPN_MASK = 0x003f_ffff;

// hgatp (Sv32x4): MODE, a 7-bit VMID, and a PPN whose low two bits read 0 (16 KiB root).
export const HGATP_MODE_SV32X4 = 0x8000_0000;
export const HGATP_VMID_MASK = 0x1fc0_0000;
export const HGATP_PPN_MASK = 0x003f_fffc;
