import * as C from '../machine/csr';
import type { Hart } from '../machine/hart';
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../machine/hart-counters';
import type { AccessKind } from '../machine/mmu';
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from '../machine/mmu';
import type { Domain, DomainMode } from './domain';
import type { VmmEvent } from './prices';
import type { SbiCall, SbiReset, SbiResult } from './vmm-sbi';
import type { VmmMemory } from './vmm-memory';
import type { Vcpu, VirtualPrivilege } from './vcpu';

/**
 * A VM exit as data (STYLE item 7): what the hardware reported when the guest trapped into the
 * VMM, already sorted into the cases a mode handles differently. `handleExit` is the one
 * function that dispatches them; tests build exits by hand and call it directly.
 */
export type VmExit =
  /** `ecall` executed by the guest (the hardware reports ecall-from-U: the guest runs in U). */
  | { readonly kind: 'ecall'; readonly from: VirtualPrivilege }
  /** An illegal instruction: in full virtualization, every privileged instruction the guest ran. */
  | { readonly kind: 'illegal-instruction'; readonly word: number }
  /** A page fault on the real (shadow or validated) tables. */
  | { readonly kind: 'page-fault'; readonly access: AccessKind; readonly va: number }
  /** An access fault: the real tables led outside RAM. */
  | { readonly kind: 'access-fault'; readonly access: AccessKind; readonly va: number }
  /** Any other exception (breakpoint, misaligned): the guest's own business. */
  | { readonly kind: 'exception'; readonly cause: number; readonly tval: number }
  /** A physical interrupt for the VMM (its timer, a kick from another hart). */
  | { readonly kind: 'interrupt'; readonly irq: number };

/** What the VMM does with the vCPU once the mode has handled an exit. */
export type ExitOutcome =
  | { readonly kind: 'resume' }
  /** Wait for a virtual interrupt (WFI with nothing pending, a block hypercall). */
  | { readonly kind: 'block' }
  /** Give up the rest of the slice (a yield hypercall). */
  | { readonly kind: 'yield' }
  /** The guest asked to power off, fail or reboot (SBI SRST, a shutdown hypercall). */
  | { readonly kind: 'shutdown'; readonly how: SbiReset }
  /** The VMM cannot continue this domain: it is halted with the reason; others run on. */
  | { readonly kind: 'crash'; readonly reason: string };

export const RESUME: ExitOutcome = { kind: 'resume' };
export const BLOCK: ExitOutcome = { kind: 'block' };

/** An instruction the VMM emulated retires: pc past it, and the guest's instret counts it. */
export function retireEmulated(hart: Hart): void {
  hart.pc = (hart.pc + 4) >>> 0;
  hart.csr.minstret += 1;
}

/** What the VMM offers the modes while they handle an exit. */
export interface VmmServices {
  /** Charges the price of `event` (times `count`) to the hart: the guest's cycles and time. */
  charge(hart: Hart, event: VmmEvent, count?: number): void;
  /** Adds an event to the trace ring, stamped with virtual time. */
  trace(vcpu: Vcpu, kind: string, detail: string): void;
  /** Answers an SBI call for the calling vCPU of its domain. */
  sbi(context: ExitContext, call: SbiCall): SbiResult;
  /** The VMM's own frames (page tables). */
  readonly memory: VmmMemory;
  /** Virtual time now, in mtime ticks. */
  now(): number;
}

/** Everything an exit handler works on: the hart the vCPU is loaded on, and who it is. */
export interface ExitContext {
  readonly hart: Hart;
  readonly vcpu: Vcpu;
  readonly domain: Domain;
  readonly vmm: VmmServices;
}

/**
 * What full and pv virtualization each implement. One instance serves one domain, so a mode
 * keeps its per-vCPU state (shadow tables, shared pages) in its own fields.
 *
 * While a vCPU is loaded, its registers and pc live in the hart; the handlers read and write
 * them there (`context.hart.x`, `context.hart.pc`). The VMM saves and restores those on a world
 * switch and calls `enter`/`leave` for the rest (real satp, privilege, counters).
 */
export interface ModeHandler {
  readonly name: DomainMode;
  /** The name the guest's SBI reports ("Hyperlab VMM (full virtualization)"). */
  readonly sbiName: string;
  /**
   * The price of each exit's round trip into the VMM and back: `worldSwitch` (a software VMM's
   * trap) unless the mode says otherwise (`hwExitEntry` for a VM exit under the H extension).
   */
  readonly exitEvent?: VmmEvent;
  /** Sets up a vCPU to start at `entry` in virtual S-mode with a0 = vCPU id, a1 = `dtb`. */
  boot(vcpu: Vcpu, entry: number, dtb: number): void;
  /** The vCPU is being loaded on `hart` (x and pc already are): real satp, priv, counters. */
  enter(vcpu: Vcpu, hart: Hart): void;
  /** The vCPU is leaving `hart` (x and pc are saved after this). */
  leave(vcpu: Vcpu, hart: Hart): void;
  onEcall(context: ExitContext, exit: Extract<VmExit, { kind: 'ecall' }>): ExitOutcome;
  onIllegal(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'illegal-instruction' }>,
  ): ExitOutcome;
  onPageFault(
    context: ExitContext,
    exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>,
  ): ExitOutcome;
  onException(context: ExitContext, exit: Extract<VmExit, { kind: 'exception' }>): ExitOutcome;
  /**
   * Binary translation (`bt`): the guest ran a callout its translator (code-cache number
   * `owner`) patched into code-cache entry `index`, instead of trapping. Undefined declines
   * (the hart then runs the original instruction); only modes that translate have it.
   */
  onCallout?(context: ExitContext, owner: number, index: number): ExitOutcome | undefined;
  /** Binary translation's counters for the domain (blocks, hits, traps avoided, ...), if any. */
  translationCounters?(): Record<string, number>;
  /** A physical interrupt the VMM took while this vCPU ran (after the VMM's own handling). */
  onInterrupt(context: ExitContext, exit: Extract<VmExit, { kind: 'interrupt' }>): ExitOutcome;
  /** Delivers the highest pending and enabled virtual interrupt, if any; true if it did. */
  injectPending(context: ExitContext): boolean;
  /** Whether a virtual interrupt is pending that ends a block (WFI ignores the global enable). */
  wantsWake(vcpu: Vcpu): boolean;
  /** The domain is going away: give back every VMM frame the mode holds. */
  destroy(): void;
}

const PAGE_FAULT_CAUSES: readonly number[] = [
  C.CAUSE_FETCH_PAGE_FAULT,
  C.CAUSE_LOAD_PAGE_FAULT,
  C.CAUSE_STORE_PAGE_FAULT,
];
const ACCESS_FAULT_CAUSES: readonly number[] = [
  C.CAUSE_FETCH_ACCESS,
  C.CAUSE_LOAD_ACCESS,
  C.CAUSE_STORE_ACCESS,
];

/** Sorts a trap the hardware handed the monitor into a VmExit. */
export function exitFromTrap(
  cause: number,
  tval: number,
  interrupt: boolean,
  vpriv: VirtualPrivilege,
): VmExit {
  if (interrupt) return { kind: 'interrupt', irq: cause };
  switch (cause) {
    case C.CAUSE_ECALL_U:
    case C.CAUSE_ECALL_S:
      return { kind: 'ecall', from: vpriv };
    case C.CAUSE_ILLEGAL_INSTRUCTION:
      return { kind: 'illegal-instruction', word: tval >>> 0 };
  }
  const pageFault = PAGE_FAULT_CAUSES.indexOf(cause);
  if (pageFault >= 0)
    return { kind: 'page-fault', access: pageFault as AccessKind, va: tval >>> 0 };
  const accessFault = ACCESS_FAULT_CAUSES.indexOf(cause);
  if (accessFault >= 0)
    return { kind: 'access-fault', access: accessFault as AccessKind, va: tval >>> 0 };
  return { kind: 'exception', cause, tval: tval >>> 0 };
}

/** The cause the guest sees for a page fault of `access` (fetch, load, store). */
export function pageFaultCause(access: AccessKind): number {
  return PAGE_FAULT_CAUSES[access];
}

/** The cause the guest sees for an access fault of `access`. */
export function accessFaultCause(access: AccessKind): number {
  return ACCESS_FAULT_CAUSES[access];
}

/** The cause the guest sees for a fault on the real tables, passed on as it came. */
export function faultCause(exit: Extract<VmExit, { kind: 'page-fault' | 'access-fault' }>): number {
  return exit.kind === 'page-fault' ? pageFaultCause(exit.access) : accessFaultCause(exit.access);
}

export { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE };

/** A short name for the counters: the exception or interrupt name, as the hardware calls it. */
export function exitName(exit: VmExit): string {
  switch (exit.kind) {
    case 'ecall':
      return exit.from === 1 ? 'ecall-from-vs' : 'ecall-from-vu';
    case 'illegal-instruction':
      return EXCEPTION_NAMES[C.CAUSE_ILLEGAL_INSTRUCTION];
    case 'page-fault':
      return EXCEPTION_NAMES[PAGE_FAULT_CAUSES[exit.access]];
    case 'access-fault':
      return EXCEPTION_NAMES[ACCESS_FAULT_CAUSES[exit.access]];
    case 'exception':
      return EXCEPTION_NAMES[exit.cause] ?? `cause-${exit.cause}`;
    case 'interrupt':
      return INTERRUPT_NAMES[exit.irq] ?? `irq-${exit.irq}`;
  }
}

/**
 * The one entry for a VM exit: counts it and hands it to the domain's mode. The VMM calls it
 * from the hart's monitor hook; tests call it with exits they build.
 */
export function handleExit(context: ExitContext, exit: VmExit): ExitOutcome {
  context.vcpu.counters.exits.add(exitName(exit));
  const mode = context.domain.mode;
  switch (exit.kind) {
    case 'ecall':
      return mode.onEcall(context, exit);
    case 'illegal-instruction':
      return mode.onIllegal(context, exit);
    case 'page-fault':
    case 'access-fault':
      return mode.onPageFault(context, exit);
    case 'exception':
      return mode.onException(context, exit);
    case 'interrupt':
      return mode.onInterrupt(context, exit);
  }
}
