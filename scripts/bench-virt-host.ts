/**
 * The host-OS block of bench:virt: boots a host-OS server (the lab kernel natively, with the
 * H extension) with a KVM VM, a UML guest and a container, types `bench` in each console after
 * its prompt, and returns every bench operation in cycles/op per kind, the host's own shell
 * included. One guest runs bench at a time while the others wait at their prompts.
 * Deterministic: the same images give the same figures. These kinds run in the host's kernel,
 * not under the VMM, so no VMM cost preset applies: the server charges only instructions, as
 * bare metal does, and bench-virt.ts measures them once (`measureHostKinds`) and prints them
 * after the presets (`hostTable`), as ratios to bare metal.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHostOsServer } from '../engine/lab/host-os-server';
import { labSchema } from '../engine/lab/lab-schema';
import type { RunningServer } from '../engine/lab/run-lab';
import { OPERATIONS, readBenchFigures, type BenchFigures } from './bench-virt-figures';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = join(REPO, 'public/images');

/** The host itself, then its guests in the course's order. */
export const HOST_KINDS = ['host', 'kvm', 'uml', 'container'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/** Virtual time per `run` call: 10 ms. */
const SLICE_TICKS = 100_000;
/** Give up on a step after this much virtual time. */
const STEP_LIMIT_TICKS = 600 * 10_000_000;

const GUESTS = [
  { name: 'vm', server: 'host', kind: 'kvm', memoryMiB: 16 },
  { name: 'um', server: 'host', kind: 'uml', memoryMiB: 16 },
  { name: 'box', server: 'host', kind: 'container', memoryMiB: 16 },
] as const;
const CONSOLE_OF: Readonly<Record<HostKind, string>> = {
  host: 'host',
  kvm: 'vm',
  uml: 'um',
  container: 'box',
};

/** cycles/op of every bench operation, per kind. */
export type HostKindFigures = Record<HostKind, BenchFigures>;

export function measureHostKinds(
  loadImage: (name: string) => Uint8Array = (name) =>
    new Uint8Array(readFileSync(join(IMAGES, name))),
): HostKindFigures {
  const lab = labSchema.parse({
    hyperlab: 1,
    servers: [
      { name: 'host', harts: 1, memoryMiB: 128, hardwareVirtualization: true, platform: 'host-os' },
    ],
    guests: GUESTS,
  });
  const server = createHostOsServer(lab.servers[0], lab.guests, { loadImage });
  const session = new ConsoleSession(server);
  for (const guest of GUESTS) session.untilPrompt(guest.name);
  const figures: Partial<HostKindFigures> = {};
  for (const kind of HOST_KINDS) figures[kind] = session.bench(CONSOLE_OF[kind]);
  return figures as HostKindFigures;
}

/** Every console's output, and a clock that moves only when asked. */
class ConsoleSession {
  private now = 0;
  private readonly output = new Map<string, string>();

  constructor(private readonly server: RunningServer) {
    for (const console of server.consoles) {
      this.output.set(console.name, '');
      console.setOutput((byte) =>
        this.output.set(console.name, this.text(console.name) + String.fromCharCode(byte)),
      );
    }
  }

  text(name: string): string {
    return this.output.get(name) ?? '';
  }

  untilPrompt(name: string, from = 0): void {
    const limit = this.now + STEP_LIMIT_TICKS;
    while (!this.text(name).slice(from).endsWith('$ ')) {
      if (this.now >= limit) throw new Error(`${name}: no prompt; it shows:\n${this.text(name)}`);
      this.now += SLICE_TICKS;
      const status = this.server.run(this.now);
      if (status.kind === 'done') throw new Error(`the host stopped: ${status.summary}`);
    }
  }

  bench(name: string): BenchFigures {
    const from = this.text(name).length;
    const target = this.server.consoles.find((c) => c.name === name);
    target?.sendInput(Uint8Array.from('bench\n', (c) => c.charCodeAt(0)));
    this.untilPrompt(name, from + 'bench'.length);
    return readBenchFigures(this.text(name).slice(from), name);
  }
}

/**
 * The block bench:virt prints after the VMM presets: each kind's cycles/op and its ratio to
 * `bare` (bare metal's figures), with a line saying why no preset applies.
 */
export function hostTable(bare: BenchFigures, figures: HostKindFigures): string[] {
  const pad = (text: string, width: number) => text.padStart(width);
  const lines = [
    'host OS: the lab kernel booted natively on a host-OS server (1 hart, 128 MiB, H extension); host is its',
    'own shell, kvm a VM run by lkvm through /dev/kvm, uml the um kernel as a host process, container a',
    "container's shell. They run in the host's kernel, not under the VMM, so no VMM preset applies: they",
    "pay the machine's own prices (instructions only, as on bare metal; a KVM exit costs what the host's",
    'kvm driver and lkvm execute), and they are measured once.',
    `${'operation'.padEnd(10)}${pad('bare metal', 11)}${HOST_KINDS.map((k) => `${pad(k, 11)}${pad('× bare', 8)}`).join('')}   cycles/op`,
  ];
  for (const op of OPERATIONS) {
    const cells = HOST_KINDS.map(
      (kind) =>
        `${pad(String(figures[kind][op]), 11)}${pad((figures[kind][op] / bare[op]).toFixed(2), 8)}`,
    );
    lines.push(`${op.padEnd(10)}${pad(String(bare[op]), 11)}${cells.join('')}`);
  }
  return lines;
}
