/**
 * The VMM's events and their prices in virtual cycles, charged to the hart (`hart.charge`) so
 * they show in the guest's `rdcycle` and move virtual time. These are flat placeholders, one
 * price per event, until the cost model's presets (engine/machine/cost-model.ts,
 * docs/cost-model.md) replace them; the names are the contract between the two.
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
}

export type VmmEvent = keyof VmmPrices;

/** Round figures in the range of a mid-2000s CPU (NOTES.md, Adams & Agesen), as a stand-in. */
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
};
