import * as C from '../../machine/csr';
import type { CsrFile } from '../../machine/csr-file';

const VSSIP = 1 << C.IRQ_VSSI;

/**
 * What a world switch must carry of a hardware-assisted vCPU besides its registers, pc and
 * counters: the VS CSR set the guest kernel owns (vsstatus, vstvec, vsscratch, vsepc, vscause,
 * vstval, vsatp), its interrupt enables (vsie, held in the VS bits of hie) and its own software
 * interrupt (VSSIP, which the guest clears through sip), and scounteren, which VS-mode reaches
 * directly. The VMM's own H CSRs (hgatp, hstatus, hedeleg, hideleg, hvip) are set from the
 * domain and the vCPU's virtual lines on every entry, so they need no copy here.
 */
export class VsState {
  vsstatus = 0;
  vstvec = 0;
  vsscratch = 0;
  vsepc = 0;
  vscause = 0;
  vstval = 0;
  vsatp = 0;
  /** The VS-level bits of hie (vsie shifted into their VS positions). */
  hie = 0;
  /** VSSIP as the guest left it. */
  vssip = 0;
  scounteren = 0;

  /** Copies the guest's part of the hart's CSRs out (the vCPU is leaving the hart). */
  save(csr: CsrFile): void {
    this.vsstatus = csr.vsstatus;
    this.vstvec = csr.vstvec;
    this.vsscratch = csr.vsscratch;
    this.vsepc = csr.vsepc;
    this.vscause = csr.vscause;
    this.vstval = csr.vstval;
    this.vsatp = csr.vsatp;
    this.hie = csr.mie & C.MIP_VS_LEVEL;
    this.vssip = csr.mipSoftware & VSSIP;
    this.scounteren = csr.scounteren;
  }

  /**
   * Puts the guest's part into the hart's CSRs (the vCPU is entering it). The caller flushes
   * the V=1 translations, since vsatp changed behind the TLB's back.
   */
  load(csr: CsrFile): void {
    csr.vsstatus = this.vsstatus;
    csr.vstvec = this.vstvec;
    csr.vsscratch = this.vsscratch;
    csr.vsepc = this.vsepc;
    csr.vscause = this.vscause;
    csr.vstval = this.vstval;
    csr.vsatp = this.vsatp;
    csr.mie = (csr.mie & ~C.MIP_VS_LEVEL) | this.hie;
    csr.mipSoftware = (csr.mipSoftware & ~VSSIP) | this.vssip;
    csr.scounteren = this.scounteren;
  }

  /** A vCPU powering on: every VS CSR zero, as on reset. */
  reset(): void {
    this.vsstatus = this.vstvec = this.vsscratch = this.vsepc = this.vscause = this.vstval = 0;
    this.vsatp = this.hie = this.vssip = this.scounteren = 0;
  }
}
