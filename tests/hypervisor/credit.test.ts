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

/** Cycles each domain ran, in order of creation. */
const cycles = (server: ReturnType<typeof createHypervisorServer>) =>
  server.stats().domains.map((d) => d.cpuCycles);

describe.skipIf(!toolchain.available)('credit scheduling of full guests', () => {
  const image = toolchain.available ? assemble(SPIN) : new Uint8Array(0);

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

/**
 * A guest that sleeps, like an idle kernel at its prompt: it asks the SBI for a timer 10 ms
 * ahead, does a little work (far less than one round of the machine) and waits in WFI (STIE on,
 * SIE off: WFI resumes without taking the interrupt), over and over.
 */
const SLEEPER = `
_start:
  li t0, 0x20
  csrw sie, t0
1:
  rdtime a0
  li t1, 100000
  add a0, a0, t1
  li a1, 0
  li a6, 0
  li a7, 0x54494d45
  ecall
  li t2, 500
2:
  addi t2, t2, -1
  bnez t2, 2b
  wfi
  j 1b
`;

describe.skipIf(!toolchain.available)('placing vCPUs on the harts of a 2-hart server', () => {
  /** Virtual ticks each domain's vCPU spent on each hart, from the page's timeline. */
  const ticksByHart = (server: ReturnType<typeof createHypervisorServer>) => {
    const ticks = new Map<string, number[]>();
    for (const run of server.dispatches.recent(server.machine.clock.mtime)) {
      const row = ticks.get(run.domain) ?? [0, 0];
      row[run.hart] += run.end - run.start;
      ticks.set(run.domain, row);
    }
    return ticks;
  };

  /** Full guests a and b, each running `program`, on a server of 2 harts. */
  const twoGuests = (program: string) => {
    const image = assemble(program);
    const server = createHypervisorServer({
      memoryMiB: 32,
      harts: 2,
      hardwareVirtualization: false,
    });
    server.createDomain({ name: 'a', mode: 'full', memoryMiB: 8, image });
    server.createDomain({ name: 'b', mode: 'full', memoryMiB: 8, image });
    return server;
  };

  it('runs two busy guests in parallel, each on its own hart', () => {
    const server = twoGuests(SPIN);
    server.run(Infinity, 1_000_000); // 0.1 s: 3 accounting periods
    const hartCycles = server.machine.clock.mtime * 100;
    for (const ran of cycles(server)) expect(ran / hartCycles).toBeGreaterThan(0.95);
    const [a, b] = [...ticksByHart(server).values()];
    const home = (row: number[]) => (row[0] > row[1] ? 0 : 1);
    expect(home(a)).not.toBe(home(b));
    for (const row of [a, b]) expect(row[home(row)] / (row[0] + row[1])).toBeGreaterThan(0.9);
  });

  it('wakes sleeping guests on their own idle harts rather than all on hart 0', () => {
    const server = twoGuests(SLEEPER);
    server.run(Infinity, 3_000_000);
    const [a, b] = [...ticksByHart(server).values()];
    // Both wake at the same instants; credit1 runs each at once on the idle hart it last used.
    expect(a[0] / (a[0] + a[1])).toBeGreaterThan(0.9);
    expect(b[1] / (b[0] + b[1])).toBeGreaterThan(0.9);
    const steals = server.scheduler.decisions().filter((d) => d.reason === 'steal');
    // Only at boot may hart 0 take b: it ends a's first burst before hart 1 ever looked.
    expect(steals.filter((d) => d.time > 0)).toEqual([]);
  });
});
