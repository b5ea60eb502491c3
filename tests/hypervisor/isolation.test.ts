import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../../engine/hypervisor/domain';
import { GUEST_RAM_BASE } from '../../engine/hypervisor/guest-memory';
import type { HypervisorServer } from '../../engine/hypervisor/hypervisor';
import { startHypervisor } from '../support/hypervisor-serial';
import { assemble, reportMissingToolchain, toolchain } from '../support/rv32';
import { runScriptedSession, type SessionResult } from '../support/serial';

reportMissingToolchain();

const KERNEL = new Uint8Array(readFileSync('public/images/kernel.elf'));
const HOSTILE = 'tests/hypervisor/programs/hostile.S';

describe.skipIf(!toolchain.available)('isolation between domains under full virtualization', () => {
  let server: HypervisorServer;
  let hostile: Domain;
  let neighbour: SessionResult;
  let results: number[];
  let vmmWordBefore: number;

  beforeAll(async () => {
    const image = assemble(readFileSync(HOSTILE, 'utf8'));
    const run = startHypervisor({ memoryMiB: 64, harts: 1, hardwareVirtualization: false }, [
      { name: 'web', mode: 'full', memoryMiB: 32, image: KERNEL },
      { name: 'evil', mode: 'full', memoryMiB: 8, image },
    ]);
    server = run.server;
    hostile = run.consoles[1].domain;
    vmmWordBefore = server.machine.bus.ram32[0x30_0000 / 4];
    neighbour = await runScriptedSession(run.consoles[0], [
      { type: 'uname -a\n' },
      { type: 'echo still here\n' },
      { type: 'poweroff\n', last: true },
    ]);
    await run.finished;
    results = Array.from({ length: 12 }, (_, i) =>
      hostile.memory.read32(resultsAddress(image) + 4 * i),
    );
  });

  it('refuses every address the hostile guest does not own, with the fault its hardware would give', () => {
    expect(results[11] >>> 0).toBe(0x600d_f00d);
    expect(results.slice(0, 8)).toEqual([5, 7, 7, 7, 5, 5, 0, 5]);
    expect(results.slice(8, 10)).toEqual([-3, -3]);
    expect(results[10]).toBe(hostile.memory.read32(GUEST_RAM_BASE));
    expect(hostile).toMatchObject({ state: 'shutdown', haltReason: 'powered off' });
  });

  it('keeps the VMM, the physical devices and the other domain out of reach', () => {
    // The finisher never heard from a guest; the server itself is still on.
    expect(server.machine.finisher.outcome.kind).toBe('none');
    // gpa 0x8030_0000 was the hostile guest's own RAM, not the VMM's frame of that number.
    expect(hostile.memory.read32(GUEST_RAM_BASE + 0x30_0000) >>> 0).toBe(0xbad0_bad0);
    expect(server.machine.bus.ram32[0x30_0000 / 4]).toBe(vmmWordBefore);
    const refused = server.trace
      .recent()
      .filter((e) => e.source === 'evil.vcpu0' && e.kind === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(6);
  });

  it('lets the domain beside it run its session undisturbed', () => {
    expect(neighbour.segments[1]).toMatch(/Hyperlab VMM \(full virtualization\)/);
    expect(neighbour.segments[2]).toMatch(/^still here\r?$/m);
    expect(neighbour.exitCode).toBe(0);
    expect(server.stats().vmmFrames.free).toBe(server.stats().vmmFrames.total);
  });
});

/** Where `results:` lies: the program ends with its 64 bytes (the image is raw, at 0x8000_0000). */
function resultsAddress(image: Uint8Array): number {
  return GUEST_RAM_BASE + image.length - 64;
}
