import * as C from '../../machine/csr';
import type { Hart } from '../../machine/hart';
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../../machine/hart-counters';
import type { Domain, DomainMode } from '../domain';
import {
  accessFaultCause,
  ACCESS_FETCH,
  ACCESS_STORE,
  BLOCK,
  pageFaultCause,
  RESUME,
  retireEmulated,
  type ExitContext,
  type ExitOutcome,
  type ModeHandler,
  type VmExit,
  type VmmServices,
} from '../exits';
import { NOT_GUEST_RAM } from '../guest-memory';
import { emulateSbiCall } from '../sbi-exit';
import { VPRIV_S, type Vcpu } from '../vcpu';
import { emulatePrivileged } from './emulate-privileged';
import { PTE_R, PTE_W, PTE_X } from '../../machine/sv32';
import { shadowPermissions, walkGuest } from './guest-page-walk';
import { pendingVirtualInterrupt, wakesFromWfi } from './inject-interrupt';
import { decodeMemoryInstruction, performMmio } from './mmio-emulation';
import { reflectTrap } from './reflect-trap';
import { ShadowPageTables } from './shadow-page-table';

export const FULL_SBI_NAME = 'Hyperlab VMM (full virtualization)';

const CSR_NAMES: Readonly<Record<number, string>> = {
  [C.CSR_SSTATUS]: 'sstatus',
  [C.CSR_SIE]: 'sie',
  [C.CSR_STVEC]: 'stvec',
  [C.CSR_SCOUNTEREN]: 'scounteren',
  [C.CSR_SSCRATCH]: 'sscratch',
  [C.CSR_SEPC]: 'sepc',
  [C.CSR_SCAUSE]: 'scause',
  [C.CSR_STVAL]: 'stval',
  [C.CSR_SIP]: 'sip',
  [C.CSR_SATP]: 'satp',
};

/**
 * Full virtualization by trap and emulate (docs/hypervisor.md, "full"): the unmodified kernel
 * runs in real U-mode; its privileged instructions trap as illegal and are emulated on a
 * virtual CSR file; its traps are reflected into its own vector; the hardware walks shadow
 * page tables filled on faults from the guest's tables; its devices are emulated by decoding
 * each trapping load and store.
 */
export class FullMode implements ModeHandler {
  readonly name: DomainMode = 'full';
  readonly sbiName: string = FULL_SBI_NAME;
  private readonly shadows: ShadowPageTables[] = [];

  constructor(
    protected readonly domain: Domain,
    protected readonly vmm: VmmServices,
  ) {
    try {
      for (let v = 0; v < domain.vcpus.length; v++)
        this.shadows.push(new ShadowPageTables(vmm.memory));
    } catch (error) {
      this.destroy();
      throw error;
    }
  }

  boot(vcpu: Vcpu, entry: number, dtb: number): void {
    const context = vcpu.context;
    context.powerOn(vcpu.id, entry, dtb);
    const shadow = this.shadows[vcpu.id];
    shadow.sync();
    context.satpS = shadow.satp(VPRIV_S);
    context.satpU = shadow.satp(0);
  }

  enter(vcpu: Vcpu, hart: Hart): void {
    hart.priv = C.PRIV_U;
    this.applyPrivilege(vcpu, hart);
  }

  leave(_vcpu: Vcpu, _hart: Hart): void {}

  onEcall(context: ExitContext, exit: Extract<VmExit, { kind: 'ecall' }>): ExitOutcome {
    if (exit.from !== VPRIV_S) return this.reflect(context, C.CAUSE_ECALL_U, 0);
    return emulateSbiCall(context);
  }

  onIllegal(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'illegal-instruction' }>,
  ): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    const word = exit.word;
    const counters = { cycle: hart.csr.mcycle, time: hart.clock.mtime, instret: hart.csr.minstret };
    const emulation = emulatePrivileged(hart, vcpu.context, word, counters);
    if (emulation.kind === 'illegal')
      return this.reflect(context, C.CAUSE_ILLEGAL_INSTRUCTION, word);
    vmm.charge(hart, 'emulatedInstruction');
    switch (emulation.kind) {
      case 'csr':
        vcpu.counters.emulated.add(
          `csr ${CSR_NAMES[word >>> 20] ?? `0x${(word >>> 20).toString(16)}`}`,
        );
        if (emulation.translation) this.sync(context);
        return RESUME;
      case 'sret':
        vcpu.counters.emulated.add('sret');
        this.applyPrivilege(vcpu, hart);
        return RESUME;
      case 'wfi':
        vcpu.counters.emulated.add('wfi');
        return wakesFromWfi(vcpu.context.csr) ? RESUME : BLOCK;
      case 'sfence.vma':
        vcpu.counters.emulated.add('sfence.vma');
        if (emulation.va === undefined) this.sync(context);
        else this.syncPage(context, emulation.va);
        return RESUME;
    }
  }

  onPageFault(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>,
  ): ExitOutcome {
    const { access, va } = exit;
    if (exit.kind === 'access-fault') return this.reflect(context, accessFaultCause(access), va);
    const { hart, vcpu, vmm } = context;
    const csr = vcpu.context.csr;
    const vpriv = vcpu.context.vpriv;
    const memory = this.domain.memory;
    const walk = walkGuest(memory, csr.satp, csr.sstatus, va, access, vpriv);
    if (walk.references > 0) vmm.charge(hart, 'walkReference', walk.references);
    if (walk.kind === 'page-fault') return this.reflect(context, pageFaultCause(access), va);
    if (walk.kind === 'access-fault') return this.reflect(context, accessFaultCause(access), va);
    const host = memory.toHost(walk.gpa - (walk.gpa % 4096));
    if (host !== NOT_GUEST_RAM) {
      const bare = (csr.satp & C.SATP_MODE_SV32) === 0;
      const perms = bare
        ? PTE_R | PTE_W | PTE_X
        : shadowPermissions(walk.flags, vpriv, csr.sstatus);
      return this.fill(context, va, host, perms);
    }
    if (access !== ACCESS_FETCH && this.domain.devices.isDevice(walk.gpa)) {
      return this.emulateMmio(context, walk.gpa, access === ACCESS_STORE);
    }
    // Neither its RAM nor its devices: another domain's frames, the VMM or the real hardware.
    vmm.trace(
      vcpu,
      'refused',
      `${['fetch', 'load', 'store'][access]} of guest-physical 0x${walk.gpa.toString(16)}`,
    );
    return this.reflect(context, accessFaultCause(access), va);
  }

  onException(context: ExitContext, exit: Extract<VmExit, { kind: 'exception' }>): ExitOutcome {
    return this.reflect(context, exit.cause, exit.tval);
  }

  onInterrupt(): ExitOutcome {
    return RESUME;
  }

  injectPending(context: ExitContext): boolean {
    const { hart, vcpu, vmm } = context;
    const irq = pendingVirtualInterrupt(vcpu.context.csr, vcpu.context.vpriv);
    if (irq < 0) return false;
    reflectTrap(hart, vcpu.context, irq, 0, true);
    this.applyPrivilege(vcpu, hart);
    vcpu.counters.injected.add(INTERRUPT_NAMES[irq]);
    vmm.charge(hart, 'reflectTrap');
    return true;
  }

  wantsWake(vcpu: Vcpu): boolean {
    return wakesFromWfi(vcpu.context.csr);
  }

  destroy(): void {
    for (const shadow of this.shadows) shadow.release();
    this.shadows.length = 0;
  }

  /** The shadow tables of a vCPU, for tests and the UI. */
  shadowOf(vcpu: Vcpu): ShadowPageTables {
    return this.shadows[vcpu.id];
  }

  /**
   * Points the hardware at the shadow root of the current virtual privilege, and lets U-mode
   * read the counters the guest would let it read (vS reads them all, as S-mode may).
   */
  private applyPrivilege(vcpu: Vcpu, hart: Hart): void {
    const context = vcpu.context;
    const satp = context.vpriv === VPRIV_S ? context.satpS : context.satpU;
    if (hart.csr.satp >>> 0 !== satp) {
      // Another root: the hardware's TLB goes with it (the price of shadowing per privilege).
      hart.csr.write(C.CSR_SATP, satp | 0);
      this.vmm.charge(hart, 'tlbFlush');
    }
    hart.csr.scounteren = context.vpriv === VPRIV_S ? 7 : context.csr.scounteren & 7;
  }

  private reflect(context: ExitContext, cause: number, tval: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    reflectTrap(hart, vcpu.context, cause, tval, false);
    this.applyPrivilege(vcpu, hart);
    vcpu.counters.reflected.add(EXCEPTION_NAMES[cause] ?? `cause-${cause}`);
    vmm.charge(hart, 'reflectTrap');
    return RESUME;
  }

  /** Installs a shadow leaf; on running out of VMM frames, syncs this vCPU's tables and retries. */
  private fill(context: ExitContext, va: number, hostPage: number, perms: number): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    const shadow = this.shadows[vcpu.id];
    const vpriv = vcpu.context.vpriv;
    if (!shadow.install(vpriv, va, hostPage, perms)) {
      this.sync(context);
      if (!shadow.install(vpriv, va, hostPage, perms)) {
        return { kind: 'crash', reason: 'the VMM ran out of memory for shadow page tables' };
      }
    }
    vcpu.counters.shadowFills++;
    vmm.charge(hart, 'shadowFill');
    return RESUME;
  }

  private sync(context: ExitContext): void {
    const { hart, vcpu, vmm } = context;
    const shadow = this.shadows[vcpu.id];
    if (shadow.empty) return;
    shadow.sync();
    hart.tlb.flush();
    vcpu.counters.shadowSyncs++;
    vmm.charge(hart, 'shadowSync');
    vmm.charge(hart, 'tlbFlush');
  }

  private syncPage(context: ExitContext, va: number): void {
    this.shadows[context.vcpu.id].syncPage(va);
    context.hart.tlb.flush();
    context.vcpu.counters.shadowSyncs++;
    context.vmm.charge(context.hart, 'tlbFlush');
  }

  /** Decodes the load or store at pc and performs it on the domain's device model. */
  private emulateMmio(context: ExitContext, gpa: number, store: boolean): ExitOutcome {
    const { hart, vcpu, vmm } = context;
    const csr = vcpu.context.csr;
    const access = store ? ACCESS_STORE : 1;
    const fetch = walkGuest(
      this.domain.memory,
      csr.satp,
      csr.sstatus,
      hart.pc,
      ACCESS_FETCH,
      vcpu.context.vpriv,
    );
    const word =
      fetch.kind === 'ok' && this.domain.memory.contains(fetch.gpa, 4)
        ? this.domain.memory.read32(fetch.gpa)
        : 0;
    const insn = decodeMemoryInstruction(word);
    const va = (hart.x[insn?.rs1 ?? 0] + (insn?.offset ?? 0)) >>> 0;
    if (!insn || insn.store !== store || !performMmio(insn, gpa, hart.x, this.domain.devices)) {
      return this.reflect(context, accessFaultCause(access), va);
    }
    retireEmulated(hart);
    vcpu.counters.mmio.add(this.domain.devices.deviceAt(gpa, insn.width)?.device.name ?? 'device');
    vmm.charge(hart, 'mmioEmulation');
    return RESUME;
  }
}
