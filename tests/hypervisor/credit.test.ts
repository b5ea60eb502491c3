import { describe, expect, it } from 'vitest';
import { createHypervisorServer } from '../../engine/hypervisor/hypervisor';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';

reportMissingToolchain();

/** A guest kernel that only computes: no exit ever, so only the VMM's slice timer stops it. */
const SPIN = `
_start:
  addi t0, t0, 1
  j _start
`;

describe.skipIf(!toolchain.available)('credit scheduling of full guests', () => {
  const image = toolchain.available ? assemble(SPIN) : new Uint8Array(0);
  const cycles = (server: ReturnType<typeof createHypervisorServer>) =>
    server.stats().domains.map((d) => d.cpuCycles);

  it('shares one hart between busy guests in proportion to their weights', () => {
    const server = createHypervisorServer({
      memoryMiB: 32,
      harts: 1,
      hardwareVirtualization: false,
    });
    server.createDomain({ name: 'heavy', mode: 'full', memoryMiB: 8, image, weight: 512 });
    server.createDomain({ name: 'light', mode: 'full', memoryMiB: 8, image, weight: 256 });
    server.run(Infinity, 3_000_000); // 0.3 s of virtual time: 10 accounting periods
    const [heavy, light] = cycles(server);
    expect(heavy / light).toBeGreaterThan(1.7);
    expect(heavy / light).toBeLessThan(2.3);
    expect(server.stats().scheduler.switch).toBeGreaterThan(10);
  });

  it('holds a capped guest to its cap even on an otherwise idle server', () => {
    const server = createHypervisorServer({
      memoryMiB: 32,
      harts: 1,
      hardwareVirtualization: false,
    });
    server.createDomain({ name: 'capped', mode: 'full', memoryMiB: 8, image, cap: 25 });
    server.run(Infinity, 3_000_000);
    const [capped] = cycles(server);
    const share = capped / (server.machine.clock.mtime * 100);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });
});
