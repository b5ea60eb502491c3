import type { Hart } from './hart';

/**
 * What sits where firmware would: a hart with a monitor hands it every trap that would be taken
 * into M-mode instead of vectoring to `mtvec` (docs/hypervisor.md, "Where the VMM sits").
 *
 * `exit` is called with the hart in its pre-trap state: `pc` at the trapping instruction (for an
 * interrupt, the next one to run), `priv` as it was, no CSR touched. The monitor leaves the hart
 * in whatever state the guest must resume in (pc, registers, priv, satp), or waiting
 * (`waitingForInterrupt`) when it has nothing to run. `tval` is what mtval would have held; with
 * the H extension, `hart.trapDetail` holds what mstatush.GVA, mtval2 and mtinst would have held,
 * and `hart.csr.virt` still says whether the trap came from VS/VU-mode.
 */
export interface Monitor {
  exit(hart: Hart, cause: number, tval: number, interrupt: boolean): void;
}

/**
 * Where a binary translator's callouts go (docs/cpu.md, "Callouts"): a hart that reaches an
 * OP_CALLOUT slot calls `callout` instead of executing an instruction, without taking a trap.
 * `owner` is the translator that patched the slot (CodeCache.attach), `index` the slot's index
 * in CodeCache.entries; `hart.pc` is the patched instruction's address.
 *
 * Returns true when it handled the instruction, leaving the hart as the guest must resume
 * (pc, registers, priv; instret is the handler's business, like a monitor's); false to decline,
 * and the hart then executes the instruction the slot held before it was patched (a callout met
 * by code the translation was not made for).
 */
export interface CalloutHandler {
  callout(hart: Hart, owner: number, index: number): boolean;
}
