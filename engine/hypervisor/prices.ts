/**
 * The VMM's events and their prices in virtual cycles, charged to the hart (`hart.charge`) so
 * they show in the guest's `rdcycle` and move virtual time. A hypervisor server takes them from
 * a cost-model preset (engine/machine/cost-model.ts, docs/cost-model.md), whose price table has
 * these names among its events; FLAT_PRICES is a fixed set for tests that must not move when a
 * preset is retuned.
 */
export interface VmmPrices {
  /** A trap into the VMM and the return to the guest: the world switch of every exit. */
  readonly worldSwitch: number;
  /** Decoding and emulating one privileged instruction (CSR access, sret, sfence.vma, wfi). */
  readonly emulatedInstruction: number;
  /** Delivering a trap or virtual interrupt into the guest's handler. */
  readonly reflectTrap: number;
  /** One memory reference while walking the guest's page table for a shadow fill. */
  readonly walkReference: number;
  /** Installing one shadow leaf. */
  readonly shadowFill: number;
  /** Dropping a vCPU's shadow tables. */
  readonly shadowSync: number;
  /** Decoding the trapping load or store and running it on a device model. */
  readonly mmioEmulation: number;
  /** Answering one SBI call or hypercall. */
  readonly hypercall: number;
  /** Switching the hart from one vCPU to another. */
  readonly contextSwitch: number;
  /** Flushing the hart's TLB (the VMM dropped shadow tables). */
  readonly tlbFlush: number;
  /** Hardware-assisted (`hw`): one VM exit and the VM entry that resumes the guest. */
  readonly hwExitEntry: number;
  /** Binary translation (`bt`): translating one guest instruction of a block. */
  readonly btTranslateInstruction: number;
  /** Binary translation (`bt`): a translated block calling the VMM instead of trapping. */
  readonly btCallout: number;
}

export type VmmEvent = keyof VmmPrices;

/** Round figures, fixed for tests. */
export const FLAT_PRICES: VmmPrices = {
  worldSwitch: 400,
  emulatedInstruction: 40,
  reflectTrap: 40,
  walkReference: 10,
  shadowFill: 60,
  shadowSync: 100,
  mmioEmulation: 150,
  hypercall: 60,
  contextSwitch: 500,
  tlbFlush: 100,
  hwExitEntry: 500,
  btTranslateInstruction: 20,
  btCallout: 30,
};
