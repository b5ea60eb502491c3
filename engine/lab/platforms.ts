import { createBareMetalServer } from './bare-metal-server';
import { createLabHypervisorServer } from './hypervisor-server';
import type { ServerFactories } from './run-lab';

/**
 * The platforms this build can run. A hypervisor server comes from the VMM's
 * `createHypervisorServer` and a host-OS server from the host kernel's; each is one line here
 * once it exists (a factory with the ServerFactory signature of run-lab.ts).
 */
export const SERVER_FACTORIES: ServerFactories = {
  'bare-metal': createBareMetalServer,
  hypervisor: createLabHypervisorServer,
};
