import type { Domain, DomainMode } from './domain';
import type { ModeHandler, VmmServices } from './exits';
import { BtMode } from './bt/bt-mode';
import { FullMode } from './full/full-mode';
import { HwMode } from './hw/hw-mode';
import { PvMode } from './pv/pv-mode';

/** Builds the handler of one domain; may throw RangeError when the VMM lacks frames for it. */
export type ModeFactory = (domain: Domain, vmm: VmmServices) => ModeHandler;

/**
 * The modes this VMM can run a domain in. A mode that is not here yet is refused by createDomain
 * with a message that says so.
 */
export const MODES: Partial<Record<DomainMode, ModeFactory>> = {
  full: (domain, vmm) => new FullMode(domain, vmm),
  bt: (domain, vmm) => new BtMode(domain, vmm),
  pv: (domain, vmm) => new PvMode(domain, vmm.memory),
  hw: (domain, vmm) => new HwMode(domain, vmm),
};
