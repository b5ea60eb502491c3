import { createBareMetalServer } from './bare-metal-server';
import { createHostOsServer } from './host-os-server';
import { createLabHypervisorServer } from './hypervisor-server';
import type { ServerFactories } from './run-lab';

/**
 * The platforms this build can run, one factory each with the ServerFactory signature of
 * run-lab.ts: the lab OS on bare metal, the VMM with dom0, and the lab kernel as a host OS with
 * its management agent.
 */
export const SERVER_FACTORIES: ServerFactories = {
  'bare-metal': createBareMetalServer,
  hypervisor: createLabHypervisorServer,
  'host-os': createHostOsServer,
};
