import { describe, expect, it } from 'vitest';
import { createMachinePort } from './machine-port';
import type { ServerConfig } from './server-api';

// As in hypervisor-port.test.ts: fs comes in untyped, the test compiles with browser libraries.
const fs = (await import('node:fs' as string)) as { readFileSync(path: string): Uint8Array };
const image = (name: string) => new Uint8Array(fs.readFileSync(`public/images/${name}`));

describe('what the see-inside views read from a hypervisor server', () => {
  it('hands out each trace event once, the dispatches per hart, and guest instructions', () => {
    const config: ServerConfig = {
      name: 'xen',
      memoryMiB: 128,
      harts: 2,
      platform: 'hypervisor',
      guests: [
        { name: 'web', mode: 'full', vcpus: 1, memoryMiB: 32, weight: 256, cap: 0, image: 'k' },
      ],
    };
    const port = createMachinePort(config, () => {});
    port.boot([
      { name: 'k', bytes: image('kernel.elf') },
      { name: 'kernel-pv.elf', bytes: image('kernel-pv.elf') },
    ]);
    for (let i = 0; i < 20; i++) port.run(1_000_000, Infinity);

    const first = port.inside!(0);
    expect(first.sample.trace.length).toBeGreaterThan(0);
    const seqs = first.sample.trace.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    expect(first.sample.trace.some((e) => e.kind === 'run' && e.source.startsWith('web'))).toBe(
      true,
    );
    const { dispatches, nowMs } = first.sample;
    expect(new Set(dispatches.map((d) => d.domain))).toEqual(new Set(['xen', 'web']));
    for (const d of dispatches) {
      expect(d.hart === 0 || d.hart === 1).toBe(true);
      expect(d.startMs).toBeLessThanOrEqual(d.endMs);
      expect(d.endMs).toBeLessThanOrEqual(nowMs);
    }

    // Nothing ran since: a second reading from where the first stopped has no events.
    expect(port.inside!(first.traceWritten).sample.trace).toEqual([]);
    port.run(1_000_000, Infinity);
    const next = port.inside!(first.traceWritten).sample.trace;
    if (next.length > 0) expect(next[0].seq).toBe(first.traceWritten);

    const web = port.guests().find((g) => g.name === 'web')?.counters;
    expect(web?.instructions).toBeGreaterThan(100_000);
    expect(web?.dispatches).toBeGreaterThan(0);
  });
});
