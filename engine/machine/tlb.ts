/** Entries per privilege level and access kind; the index is the low bits of the virtual page number. */
export const TLB_SIZE = 256;
export const TLB_MASK = TLB_SIZE - 1;
/**
 * Added to the privilege for accesses made with V=1 (H extension): set 4 is VU-mode, 5 VS-mode.
 * Their entries map guest virtual pages straight to RAM through both translation stages.
 */
export const TLB_VIRTUAL = 4;
const SETS = 6;

/**
 * The hart's translation cache, shaped for the run loop's fast path: direct-mapped, and split by
 * access kind (read, write, fetch) and by the privilege the access is made at (U, S, M; M+MPRV
 * uses MPP's set). An entry exists only when that access at that privilege is allowed with the
 * current SUM/MXR and, for writes, the PTE's D bit is already set; it maps a virtual page to a
 * RAM page as `ramOffset = va + off`. So a hit needs no permission check at all, and a privilege
 * change needs no flush: it just selects another set. Device pages never enter it.
 *
 * A miss goes to the MMU (mmu.ts), which walks the page tables (or maps identically when paging
 * is off) and refills the entry. Flushes: SFENCE.VMA, satp writes, SUM/MXR changes; with the H
 * extension also vsatp, hgatp and vsstatus.SUM/MXR writes, HFENCE.VVMA and HFENCE.GVMA.
 */
export class Tlb {
  /** Tag = virtual page number (va >>> 12), -1 when empty; index = privilege * TLB_SIZE + (vpn & TLB_MASK). */
  readonly readTag = new Int32Array(SETS * TLB_SIZE).fill(-1);
  readonly readOff = new Int32Array(SETS * TLB_SIZE);
  readonly writeTag = new Int32Array(SETS * TLB_SIZE).fill(-1);
  readonly writeOff = new Int32Array(SETS * TLB_SIZE);
  readonly fetchTag = new Int32Array(SETS * TLB_SIZE).fill(-1);
  readonly fetchOff = new Int32Array(SETS * TLB_SIZE);

  flush(): void {
    this.readTag.fill(-1);
    this.writeTag.fill(-1);
    this.fetchTag.fill(-1);
  }

  /** Drops the entries of one virtual page (SFENCE.VMA with an address) at every privilege. */
  flushPage(vpn: number): void {
    for (let priv = 0; priv < SETS; priv++) {
      const e = priv * TLB_SIZE + (vpn & TLB_MASK);
      if (this.readTag[e] === vpn) this.readTag[e] = -1;
      if (this.writeTag[e] === vpn) this.writeTag[e] = -1;
      if (this.fetchTag[e] === vpn) this.fetchTag[e] = -1;
    }
  }

  /** Drops every entry made with V=1 (the two-stage ones): HFENCE, SFENCE.VMA in VS-mode. */
  flushVirtual(): void {
    const from = TLB_VIRTUAL * TLB_SIZE;
    this.readTag.fill(-1, from);
    this.writeTag.fill(-1, from);
    this.fetchTag.fill(-1, from);
  }

  /** Drops one guest virtual page of the V=1 sets (SFENCE.VMA in VS-mode, HFENCE.VVMA). */
  flushVirtualPage(vpn: number): void {
    for (let set = TLB_VIRTUAL; set < SETS; set++) {
      const e = set * TLB_SIZE + (vpn & TLB_MASK);
      if (this.readTag[e] === vpn) this.readTag[e] = -1;
      if (this.writeTag[e] === vpn) this.writeTag[e] = -1;
      if (this.fetchTag[e] === vpn) this.fetchTag[e] = -1;
    }
  }

  /** Writes `va`'s page mapping to RAM offset `ramOffset` (of the same byte) into one kind's entry. */
  static fill(
    tags: Int32Array,
    offs: Int32Array,
    priv: number,
    va: number,
    ramOffset: number,
  ): void {
    const vpn = va >>> 12;
    const e = priv * TLB_SIZE + (vpn & TLB_MASK);
    tags[e] = vpn;
    offs[e] = (ramOffset - (va >>> 0)) | 0;
  }
}
