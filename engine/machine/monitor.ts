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
