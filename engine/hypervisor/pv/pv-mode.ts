import * as C from '../../machine/csr';
import type { Hart } from '../../machine/hart';
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../../machine/hart-counters';
import type { Domain } from '../domain';
import {
  faultCause,
  RESUME,
  type ExitContext,
  type ExitOutcome,
  type ModeHandler,
  type VmExit,
} from '../exits';
import { afterSbiCall, answerSbiCall } from '../sbi-exit';
import type { VmmMemory } from '../vmm-memory';
import { VPRIV_S, VPRIV_U, type Vcpu, type VirtualPrivilege } from '../vcpu';
import * as A from './abi';
import type { DomainControl } from './domctl';
import { runHypercall } from './hypercalls';
import { privilegedInstruction } from './privileged';
import { PvMmu, VIEW_KERNEL, VIEW_USER } from './pv-mmu';

const INTERRUPT_BIT = 0x8000_0000;
/** Where the virtual interrupts come from in the core's per-vCPU state. */
const LINE_FOR_VIRQ: readonly (readonly [number, number])[] = [
  [A.HV_VIRQ_TIMER, C.MIP_STIP],
  [A.HV_VIRQ_SOFT, C.MIP_SSIP],
];

/** The pv state of one vCPU: what it registered, and the root it runs on. */
export interface PvVcpu {
  /** Trap entry (guest-virtual), 0 until set_trap_table. */
  entry: number;
  /** Guest-physical address of the shared page, -1 until registered. */
  shared: number;
  /** The pinned root it runs on (gpa), or -1 for the boot map. */
  root: number;
}

/**
 * Paravirtualization (docs/hypercalls.md): the guest kernel runs in real U-mode, calls the VMM
 * with hypercalls, takes its traps and virtual interrupts through the trap entry and the shared
 * page, and edits page tables that the VMM validates (pv-mmu.ts). Privileged instructions are
 * not emulated: the first one a guest kernel runs ends its domain with a message that names it.
 */
export class PvMode implements ModeHandler {
  readonly name = 'pv' as const;
  readonly sbiName = 'Hyperlab VMM (paravirtualized)';
  readonly mmu: PvMmu;
  readonly vcpus: PvVcpu[];

  constructor(
    readonly domain: Domain,
    vmmMemory: VmmMemory,
    /**
     * Domain control for dom0 (set by whoever creates dom0: see domain-control.ts); while it is
     * missing, dom0's domctl answers -ENOSYS. A domU gets -EPERM either way.
     */
    public control?: DomainControl,
  ) {
    this.mmu = new PvMmu(domain.memory, vmmMemory);
    this.vcpus = domain.vcpus.map(() => ({ entry: 0, shared: -1, root: -1 }));
  }

  boot(vcpu: Vcpu, entry: number, dtb: number): void {
    const context = vcpu.context;
    context.powerOn(vcpu.id, entry, dtb);
    this.vcpus[vcpu.id] = { entry: 0, shared: -1, root: -1 };
    // A reboot starts from nothing: the tables the last kernel pinned are gone with it.
    if (vcpu.id === 0) this.mmu.destroy();
    [context.satpS, context.satpU] = this.mmu.satp(undefined);
  }

  enter(vcpu: Vcpu, hart: Hart): void {
    hart.priv = C.PRIV_U;
    // The guest's programs read cycle, time and instret directly (bench uses rdcycle).
    hart.writeCsr(C.CSR_MCOUNTEREN, 7);
    hart.writeCsr(C.CSR_SCOUNTEREN, 7);
    const context = vcpu.context;
    hart.writeCsr(C.CSR_SATP, context.vpriv === VPRIV_S ? context.satpS : context.satpU);
  }

  leave(): void {}

  onEcall(context: ExitContext, exit: Extract<VmExit, { kind: 'ecall' }>): ExitOutcome {
    if (exit.from === VPRIV_U) return this.deliver(context, C.CAUSE_ECALL_U, 0);
    const x = context.hart.x;
    if (x[17] >>> 0 === A.HV_MAGIC) return runHypercall(this, context);
    return this.sbi(context);
  }

  onIllegal(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'illegal-instruction' }>,
  ): ExitOutcome {
    if (context.vcpu.context.vpriv === VPRIV_U)
      return this.deliver(context, C.CAUSE_ILLEGAL_INSTRUCTION, exit.word);
    const pc = context.hart.pc >>> 0;
    const insn = privilegedInstruction(exit.word) ?? `instruction 0x${hex(exit.word)}`;
    return {
      kind: 'crash',
      reason:
        `privileged instruction \`${insn}\` (0x${hex(exit.word)}) at 0x${hex(pc)} in the guest kernel: ` +
        'this image is not paravirtualized; boot it in full mode (or hw)',
    };
  }

  onPageFault(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>,
  ): ExitOutcome {
    return this.deliver(context, faultCause(exit), exit.va);
  }

  onException(context: ExitContext, exit: Extract<VmExit, { kind: 'exception' }>): ExitOutcome {
    return this.deliver(context, exit.cause, exit.tval);
  }

  onInterrupt(): ExitOutcome {
    return RESUME;
  }

  injectPending(context: ExitContext): boolean {
    const state = this.vcpus[context.vcpu.id];
    if (state.shared < 0 || state.entry === 0) return false;
    const pending = this.collectPending(context.vcpu);
    const vpriv = context.vcpu.context.vpriv;
    if (pending === 0 || (vpriv === VPRIV_S && this.sharedWord(state, A.SH_MASK) !== 0))
      return false;
    const irq = A.VIRQ_PRIORITY.find((n) => (pending & (1 << n)) !== 0) as number;
    context.vcpu.counters.injected.add(INTERRUPT_NAMES[irq] ?? `virq-${irq}`);
    this.deliver(context, (irq | INTERRUPT_BIT) >>> 0, 0);
    return true;
  }

  wantsWake(vcpu: Vcpu): boolean {
    const state = this.vcpus[vcpu.id];
    return state.shared >= 0 && this.collectPending(vcpu) !== 0;
  }

  destroy(): void {
    this.mmu.destroy();
  }

  /** Whether the vCPU is on a root (so that root cannot be unpinned). */
  isLive(rootGpa: number): boolean {
    return this.vcpus.some((v) => v.root === rootGpa);
  }

  /**
   * Moves what the core raised for the vCPU (timer line, software interrupt) and the console's
   * waiting input into the shared page's pending bits, and returns them.
   */
  collectPending(vcpu: Vcpu): number {
    const state = this.vcpus[vcpu.id];
    const csr = vcpu.context.csr;
    let pending = this.sharedWord(state, A.SH_PENDING);
    const before = pending;
    for (const [virq, line] of LINE_FOR_VIRQ) if ((csr.pending & line) !== 0) pending |= 1 << virq;
    csr.sip &= ~C.MIP_SSIP; // a software interrupt is handed over once; the guest acknowledges it
    if (this.domain.devices.uart.pendingInput() > 0) pending |= 1 << A.HV_VIRQ_CONSOLE;
    if (pending !== before) this.domain.memory.write32(state.shared + A.SH_PENDING, pending);
    return pending;
  }

  /**
   * Delivers a trap or virtual interrupt to the guest kernel's trap entry (docs/hypercalls.md,
   * "Delivery"). A trap before the guest registered its entry and shared page ends the domain.
   */
  deliver(context: ExitContext, cause: number, tval: number): ExitOutcome {
    const { hart, vcpu } = context;
    const state = this.vcpus[vcpu.id];
    const name =
      (cause & INTERRUPT_BIT) !== 0 ? INTERRUPT_NAMES[cause & 0xf] : EXCEPTION_NAMES[cause];
    if (state.entry === 0 || state.shared < 0) {
      return {
        kind: 'crash',
        reason: `${name ?? cause} at 0x${hex(hart.pc)} before the guest set its trap table`,
      };
    }
    const memory = this.domain.memory;
    const fromKernel = vcpu.context.vpriv === VPRIV_S;
    const masked = fromKernel && this.sharedWord(state, A.SH_MASK) !== 0;
    memory.write32(state.shared + A.SH_CAUSE, cause);
    memory.write32(state.shared + A.SH_EPC, hart.pc);
    memory.write32(state.shared + A.SH_TVAL, tval);
    memory.write32(
      state.shared + A.SH_STATUS,
      (fromKernel ? A.HV_STATUS_KERNEL : 0) | (masked ? A.HV_STATUS_MASKED : 0),
    );
    memory.write32(state.shared + A.SH_SP, hart.x[2]);
    memory.write32(state.shared + A.SH_MASK, 1);
    if (!fromKernel) hart.x[2] = this.sharedWord(state, A.SH_KERNEL_SP);
    this.setPrivilege(context, VPRIV_S);
    hart.pc = state.entry;
    if ((cause & INTERRUPT_BIT) === 0) vcpu.counters.reflected.add(name ?? `cause-${cause}`);
    context.vmm.charge(hart, 'reflectTrap');
    return RESUME;
  }

  /** Switches the vCPU's virtual privilege and the hardware view of its page tables with it. */
  setPrivilege(context: ExitContext, vpriv: VirtualPrivilege): void {
    const vcontext = context.vcpu.context;
    const changed = vcontext.vpriv !== vpriv;
    vcontext.vpriv = vpriv;
    if (changed)
      context.hart.writeCsr(C.CSR_SATP, vpriv === VPRIV_S ? vcontext.satpS : vcontext.satpU);
  }

  /** Points the vCPU at a pinned root (or the boot map, -1) and loads the view it runs in. */
  setRoot(context: ExitContext, rootGpa: number): void {
    const vcontext = context.vcpu.context;
    this.vcpus[context.vcpu.id].root = rootGpa;
    const root = rootGpa < 0 ? undefined : this.mmu.root(rootGpa);
    const satp = this.mmu.satp(root);
    vcontext.satpS = satp[VIEW_KERNEL];
    vcontext.satpU = satp[VIEW_USER];
    context.hart.writeCsr(C.CSR_SATP, vcontext.vpriv === VPRIV_S ? vcontext.satpS : vcontext.satpU);
  }

  sharedWord(state: PvVcpu, offset: number): number {
    return this.domain.memory.read32(state.shared + offset);
  }

  /** An SBI call from the guest kernel (a7 is not HV_MAGIC): the core's SBI answers it. */
  private sbi(context: ExitContext): ExitOutcome {
    const result = answerSbiCall(context);
    context.hart.pc = (context.hart.pc + 4) >>> 0;
    return afterSbiCall(result);
  }
}

function hex(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
