import * as C from '../../machine/csr';
import type { Hart } from '../../machine/hart';
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../../machine/hart-counters';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, type AccessKind } from '../../machine/mmu';
import { enterTrap } from '../../machine/trap';
import type { Domain } from '../domain';
import {
  accessFaultCause,
  BLOCK,
  faultCause,
  RESUME,
  retireEmulated,
  type ExitContext,
  type ExitOutcome,
  type ModeHandler,
  type VmExit,
  type VmmServices,
} from '../exits';
import { walkGuest } from '../full/guest-page-walk';
import { decodeMemoryInstruction, performMmio } from '../full/mmio-emulation';
import { NOT_GUEST_RAM } from '../guest-memory';
import { emulateSbiCall } from '../sbi-exit';
import { type Vcpu, type VirtualPrivilege } from '../vcpu';
import { GStageTable } from './g-stage-table';
import { TranslationCounters } from './translation-counters';
import { VsState } from './vs-state';

export const HW_SBI_NAME = 'Hyperlab VMM (hardware-assisted)';

/**
 * The guest's own exceptions, delegated through medeleg and hedeleg straight to VS-mode:
 * misaligned and access faults, illegal instructions, breakpoints, ecalls from its user mode and
 * the page faults of its own tables. What is left comes to the VMM: ecalls from VS-mode (SBI),
 * guest-page faults and virtual-instruction exceptions.
 */
const GUEST_EXCEPTIONS = [
  C.CAUSE_FETCH_MISALIGNED,
  C.CAUSE_FETCH_ACCESS,
  C.CAUSE_ILLEGAL_INSTRUCTION,
  C.CAUSE_BREAKPOINT,
  C.CAUSE_LOAD_MISALIGNED,
  C.CAUSE_LOAD_ACCESS,
  C.CAUSE_STORE_MISALIGNED,
  C.CAUSE_STORE_ACCESS,
  C.CAUSE_ECALL_U,
  C.CAUSE_FETCH_PAGE_FAULT,
  C.CAUSE_LOAD_PAGE_FAULT,
  C.CAUSE_STORE_PAGE_FAULT,
].reduce((bits, cause) => bits | (1 << cause), 0);

const WFI = 0x1050_0073;
/** htinst's pseudoinstructions for a fault on the guest's own page-table access (mmu.ts). */
const TINST_WALK_READ = 0x2000;
const TINST_WALK_WRITE = 0x2020;
const PAGE = 4096;
const MEGAPAGE = 0x40_0000;

const ACCESS_OF_CAUSE: Readonly<Record<number, AccessKind>> = {
  [C.CAUSE_FETCH_GUEST_PAGE_FAULT]: ACCESS_FETCH,
  [C.CAUSE_LOAD_GUEST_PAGE_FAULT]: ACCESS_LOAD,
  [C.CAUSE_STORE_GUEST_PAGE_FAULT]: ACCESS_STORE,
};

/** The vCPU's virtual lines and software bits (S-level positions) as hvip's VS-level bits. */
function virtualPending(vcpu: Vcpu): number {
  return (vcpu.context.csr.pending & C.MIP_S_LEVEL) << 1;
}

/**
 * Hardware-assisted virtualization with the H extension (docs/hypervisor.md, "hw"): the
 * unmodified kernel runs in VS-mode (V=1) on the real CSRs, its own traps and interrupts go
 * straight to it, the hardware translates its addresses through its own tables and then the
 * VMM's G-stage table. The VMM sees only SBI calls, guest-page faults (a RAM page it maps on
 * first touch, or a device it emulates), virtual-instruction exceptions (WFI) and its own
 * interrupts; it injects the virtual timer and UART interrupts through hvip.
 */
export class HwMode implements ModeHandler {
  readonly name = 'hw';
  readonly sbiName = HW_SBI_NAME;
  readonly exitEvent = 'hwExitEntry';
  private readonly gStage: GStageTable;
  private readonly saved: VsState[];
  private readonly translation: TranslationCounters[];
  /** The hart each vCPU is loaded on, while it is. */
  private readonly loadedOn: (Hart | undefined)[];

  constructor(
    private readonly domain: Domain,
    private readonly vmm: VmmServices,
  ) {
    this.gStage = new GStageTable(vmm.memory);
    this.saved = domain.vcpus.map(() => new VsState());
    this.translation = domain.vcpus.map(() => new TranslationCounters());
    this.loadedOn = domain.vcpus.map(() => undefined);
  }

  /** The G-stage table's leaves so far: 4 MiB megapages and 4 KiB pages (tests, the UI). */
  get mapped(): { megapages: number; pages: number } {
    return { megapages: this.gStage.megapages, pages: this.gStage.pages };
  }

  boot(vcpu: Vcpu, entry: number, dtb: number): void {
    vcpu.context.powerOn(vcpu.id, entry, dtb);
    this.saved[vcpu.id].reset();
  }

  /**
   * VM entry: the domain's G-stage table and delegations, WFI trapping (hstatus.VTW) so a
   * waiting vCPU gives its hart back, the counters readable without exits, the guest's VS CSRs
   * and pending lines, then V=1 at the privilege it left with.
   */
  enter(vcpu: Vcpu, hart: Hart): void {
    hart.writeCsr(C.CSR_MEDELEG, GUEST_EXCEPTIONS);
    hart.writeCsr(C.CSR_HEDELEG, GUEST_EXCEPTIONS);
    hart.writeCsr(C.CSR_HIDELEG, C.MIP_VS_LEVEL);
    hart.writeCsr(C.CSR_HSTATUS, C.HSTATUS_VTW);
    hart.writeCsr(C.CSR_HCOUNTEREN, 7);
    hart.writeCsr(C.CSR_HTIMEDELTA, 0);
    hart.writeCsr(C.CSR_HTIMEDELTAH, 0);
    const hgatp = this.gStage.hgatp(this.domain.id);
    if (hart.csr.hgatp >>> 0 !== hgatp) hart.writeCsr(C.CSR_HGATP, hgatp | 0);
    this.saved[vcpu.id].load(hart.csr);
    // The TLB is not tagged by VMID or ASID: another vCPU's guest translations must go.
    hart.tlb.flushVirtual();
    hart.csr.virt = true;
    hart.priv = vcpu.context.vpriv;
    this.loadedOn[vcpu.id] = hart;
    this.translation[vcpu.id].start(hart.counters);
    this.syncLines(vcpu, hart);
  }

  /** VM exit for good: the guest's VS CSRs saved, the hart back to V=0 with nothing delegated. */
  leave(vcpu: Vcpu, hart: Hart): void {
    this.translation[vcpu.id].collect(hart.counters, vcpu.counters.translation);
    this.saved[vcpu.id].save(hart.csr);
    vcpu.context.vpriv = hart.priv as VirtualPrivilege;
    this.loadedOn[vcpu.id] = undefined;
    hart.csr.virt = false;
    hart.writeCsr(C.CSR_HVIP, 0);
    hart.writeCsr(C.CSR_HIE, 0);
    hart.writeCsr(C.CSR_HIDELEG, 0);
    hart.writeCsr(C.CSR_HEDELEG, 0);
    hart.writeCsr(C.CSR_MEDELEG, 0);
    hart.writeCsr(C.CSR_HSTATUS, 0);
    hart.writeCsr(C.CSR_HCOUNTEREN, 0);
  }

  /**
   * Never while the delegations hold (an ecall from VU goes straight to the guest, one from HS
   * cannot happen with V=1); should one come, the guest kernel gets it, as its hardware would.
   */
  onEcall(context: ExitContext): ExitOutcome {
    return this.inject(context, C.CAUSE_ECALL_U, 0);
  }

  onIllegal(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'illegal-instruction' }>,
  ): ExitOutcome {
    return this.inject(context, C.CAUSE_ILLEGAL_INSTRUCTION, exit.word);
  }

  onPageFault(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>,
  ): ExitOutcome {
    return this.inject(context, faultCause(exit), exit.va);
  }

  /** The exits of the H extension: SBI, guest-page faults, virtual instructions. */
  onException(context: ExitContext, exit: Extract<VmExit, { kind: 'exception' }>): ExitOutcome {
    switch (exit.cause) {
      case C.CAUSE_ECALL_VS:
        return emulateSbiCall(context);
      case C.CAUSE_FETCH_GUEST_PAGE_FAULT:
      case C.CAUSE_LOAD_GUEST_PAGE_FAULT:
      case C.CAUSE_STORE_GUEST_PAGE_FAULT:
        return this.guestPageFault(context, ACCESS_OF_CAUSE[exit.cause], exit.tval);
      case C.CAUSE_VIRTUAL_INSTRUCTION:
        return this.virtualInstruction(context, exit.tval);
      default:
        return this.inject(context, exit.cause, exit.tval);
    }
  }

  onInterrupt(): ExitOutcome {
    return RESUME;
  }

  /** Raises or lowers hvip's lines from the vCPU's virtual ones; the hardware delivers them. */
  injectPending(context: ExitContext): boolean {
    const { hart, vcpu } = context;
    this.translation[vcpu.id].collect(hart.counters, vcpu.counters.translation);
    this.syncLines(vcpu, hart);
    const csr = hart.csr;
    const pending = csr.mip & csr.mie & C.MIP_VS_LEVEL;
    return pending !== 0 && (hart.priv === C.PRIV_U || (csr.vsstatus & C.MSTATUS_SIE) !== 0);
  }

  /** WFI ends when an interrupt is pending and enabled in vsie, whatever vsstatus.SIE says. */
  wantsWake(vcpu: Vcpu): boolean {
    const hart = this.loadedOn[vcpu.id];
    const saved = this.saved[vcpu.id];
    const enabled = hart ? hart.csr.mie & C.MIP_VS_LEVEL : saved.hie;
    const own = hart ? hart.csr.mipSoftware & (1 << C.IRQ_VSSI) : saved.vssip;
    return ((virtualPending(vcpu) | own) & enabled) !== 0;
  }

  destroy(): void {
    this.gStage.release();
  }

  /**
   * hvip = the vCPU's timer and external lines, and its software interrupt. An IPI (SBI) sets
   * the virtual SSIP; it moves into the hart's VSSIP, which the guest then clears itself.
   */
  private syncLines(vcpu: Vcpu, hart: Hart): void {
    const virtual = vcpu.context.csr;
    const csr = hart.csr;
    const before = csr.mipSoftware & C.MIP_VS_LEVEL;
    const own = (before | ((virtual.sip & C.MIP_SSIP) << 1)) & (1 << C.IRQ_VSSI);
    virtual.sip &= ~C.MIP_SSIP;
    const lines = ((virtual.lines & (C.MIP_STIP | C.MIP_SEIP)) << 1) | own;
    if (lines === before) return;
    hart.writeCsr(C.CSR_HVIP, lines);
    const raised = lines & ~before;
    for (const irq of [C.IRQ_VSEI, C.IRQ_VSSI, C.IRQ_VSTI]) {
      if ((raised & (1 << irq)) !== 0) vcpu.counters.injected.add(INTERRUPT_NAMES[irq]);
    }
  }

  /**
   * A guest physical address the G-stage does not map: guest RAM is mapped now (its first
   * touch) and the access retried; a device access is emulated; anything else is an access
   * fault for the guest, as its hardware would give.
   */
  private guestPageFault(context: ExitContext, access: AccessKind, tval: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    const { tval2, tinst } = hart.trapDetail;
    const walk = tinst === TINST_WALK_READ || tinst === TINST_WALK_WRITE;
    // htval holds the address >> 2; a data access keeps its page offset in the guest VA.
    const gpa = tval2 * 4 + (walk ? 0 : tval & 3);
    const memory = this.domain.memory;
    const host = memory.toHost(gpa - (gpa % PAGE));
    if (host !== NOT_GUEST_RAM) {
      const region = gpa - (gpa % MEGAPAGE);
      const hostRegion = memory.toHost(region, MEGAPAGE);
      if (hostRegion % MEGAPAGE === 0 && this.gStage.megapageFree(gpa)) {
        this.gStage.mapMegapage(gpa, hostRegion);
        vcpu.counters.translation.add('gStageMegapages');
      } else if (this.gStage.map(gpa, host)) {
        vcpu.counters.translation.add('gStagePages');
      } else {
        return { kind: 'crash', reason: 'the VMM ran out of memory for the G-stage table' };
      }
      return RESUME;
    }
    if (!walk && access !== ACCESS_FETCH && this.domain.devices.isDevice(gpa))
      return this.emulateMmio(context, gpa, access === ACCESS_STORE, tval);
    vmm.trace(
      vcpu,
      'refused',
      `${['fetch', 'load', 'store'][access]} of guest-physical 0x${gpa.toString(16)}`,
    );
    return this.inject(context, accessFaultCause(access), tval);
  }

  /** Reads the trapping load or store from the guest's memory and runs it on the device. */
  private emulateMmio(context: ExitContext, gpa: number, store: boolean, va: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    const memory = this.domain.memory;
    const csr = hart.csr;
    const vpriv = hart.priv as VirtualPrivilege;
    // htinst is 0 for these faults on this CPU, so the VMM walks the guest's table to the
    // instruction itself, as KVM does with HLVX when htinst says nothing.
    const fetch = walkGuest(memory, csr.vsatp, csr.vsstatus, hart.pc, ACCESS_FETCH, vpriv);
    const word =
      fetch.kind === 'ok' && memory.contains(fetch.gpa, 4) ? memory.read32(fetch.gpa) : 0;
    const insn = decodeMemoryInstruction(word);
    const access = store ? ACCESS_STORE : ACCESS_LOAD;
    if (!insn || insn.store !== store || !performMmio(insn, gpa, hart.x, this.domain.devices))
      return this.inject(context, accessFaultCause(access), va);
    retireEmulated(hart);
    vcpu.counters.mmio.add(this.domain.devices.deviceAt(gpa, insn.width)?.device.name ?? 'device');
    vmm.charge(hart, 'mmioEmulation');
    return RESUME;
  }

  /**
   * WFI in VS-mode traps (hstatus.VTW) so the VMM can give the hart to another vCPU; any other
   * virtual instruction is the guest's user code trying a supervisor one, which its kernel must
   * see as illegal.
   */
  private virtualInstruction(context: ExitContext, word: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    if (word >>> 0 !== WFI || hart.priv !== C.PRIV_S)
      return this.inject(context, C.CAUSE_ILLEGAL_INSTRUCTION, word);
    retireEmulated(hart);
    vcpu.counters.emulated.add('wfi');
    vmm.charge(hart, 'emulatedInstruction');
    return this.wantsWake(vcpu) ? RESUME : BLOCK;
  }

  /**
   * Injects an exception into the guest kernel through the hardware's own trap entry: every
   * cause used here is delegated to VS-mode, so it lands at vstvec with vsepc, vscause, vstval
   * and vsstatus set as the hardware sets them.
   */
  private inject(context: ExitContext, cause: number, tval: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    if (((GUEST_EXCEPTIONS >>> cause) & 1) === 0)
      return { kind: 'crash', reason: `the VMM cannot deliver exception ${cause} to the guest` };
    enterTrap(hart, cause, tval, false);
    vcpu.counters.reflected.add(EXCEPTION_NAMES[cause] ?? `cause-${cause}`);
    vmm.charge(hart, 'reflectTrap');
    return RESUME;
  }
}
