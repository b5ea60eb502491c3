/**
 * bench:virt's host-OS block shows the course's shape for the kinds that live inside an OS
 * (issue #6). Relations, not numbers, and the one place they are asserted: the figures come from
 * the same `measureHostKinds` the script prints, against the same bare-metal run (`measureMode`).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadEngine, measureMode } from './bench-virt';
import type { BenchFigures } from './bench-virt-figures';
import { hostTable, measureHostKinds, type HostKindFigures } from './bench-virt-host';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = ['bare-metal.elf', 'kernel.elf', 'kernel-um.elf'];
const haveImages = IMAGES.every((f) => existsSync(join(REPO, 'public/images', f)));

describe.skipIf(!haveImages)('npm run bench:virt: the host-OS block', () => {
  let bare: BenchFigures;
  let f: HostKindFigures;
  beforeAll(async () => {
    bare = (await measureMode(await loadEngine(false), 'bare', 'modern')).cycles;
    f = measureHostKinds();
  }, 300_000);

  test('containers are host processes: within a few per cent of bare metal', () => {
    for (const op of ['null', 'fork'] as const)
      expect(f.container[op], `container ${op}`).toBeLessThan(bare[op] * 1.05);
    for (const op of ['ctxsw', 'pgfault'] as const)
      expect(f.container[op], `container ${op}`).toBeLessThan(bare[op] * 1.1);
  });

  test('KVM: system calls, fork and page faults stay inside the VM, near bare metal', () => {
    for (const op of ['null', 'fork', 'pgfault'] as const)
      expect(f.kvm[op], `kvm ${op}`).toBeLessThan(bare[op] * 1.2);
    // ...but every console byte is an MMIO exit that lkvm, a host process, emulates.
    expect(f.kvm.console, 'kvm console').toBeGreaterThan(bare.console * 10);
  });

  test('UML is the slowest of the three for everything its kernel does', () => {
    for (const op of ['null', 'fork', 'ctxsw', 'pgfault'] as const)
      expect(f.uml[op], `uml ${op}`).toBeGreaterThan(Math.max(f.kvm[op], f.container[op]));
    // Every system call and fault is host round trips.
    expect(f.uml.null, 'uml null').toBeGreaterThan(bare.null * 4);
    expect(f.uml.fork, 'uml fork').toBeGreaterThan(bare.fork * 2);
  });

  test("the host's own shell costs what bare metal does, though agentd, lkvm and UML sleep in ppoll beside it", () => {
    // ctxsw's pipe writes once woke every ppoll sleeper on the host: 1.5 × bare metal.
    for (const op of ['null', 'fork', 'ctxsw', 'pgfault'] as const)
      expect(f.host[op], `host ${op}`).toBeLessThan(bare[op] * 1.05);
  });

  test('computation and memory never leave the guest: the same everywhere', () => {
    for (const kind of ['host', 'kvm', 'uml', 'container'] as const) {
      expect(f[kind].cpu, `${kind} cpu`).toBe(bare.cpu);
      expect(f[kind].mem, `${kind} mem`).toBe(bare.mem);
    }
  });

  test('prints each kind as cycles/op and × bare metal, and says why no VMM preset applies', () => {
    const lines = hostTable(bare, f);
    expect(lines.join(' ')).toContain('no VMM preset applies');
    expect(lines).toContainEqual(
      expect.stringMatching(/bare metal\s+host\s+× bare\s+kvm\s+× bare\s+uml\s+× bare\s+container/),
    );
    const nullRow = lines.find((line) => line.startsWith('null')) ?? '';
    expect(nullRow.trim().split(/\s+/)).toEqual([
      'null',
      String(bare.null),
      ...(['host', 'kvm', 'uml', 'container'] as const).flatMap((kind) => [
        String(f[kind].null),
        (f[kind].null / bare.null).toFixed(2),
      ]),
    ]);
  });
});
