/**
 * tsx scripts/bench-virt-host.ts
 *
 * The host-OS columns of bench:virt: boots a host-OS server (the lab kernel natively, with the
 * H extension) with a KVM VM, a UML guest and a container, types `bench` in each console after
 * its prompt, and returns every bench operation in cycles/op per kind, with the host's own
 * figures as the baseline. One guest runs bench at a time while the others wait at their
 * prompts. Deterministic: the same images give the same figures. `measureHostKinds` is what
 * bench-virt.ts calls; run directly, this prints the table and one JSON line.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHostOsServer } from '../engine/lab/host-os-server';
import { labSchema } from '../engine/lab/lab-schema';
import type { RunningServer } from '../engine/lab/run-lab';
import { OPERATIONS, type Operation } from './bench-virt';

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
export type HostKindFigures = Record<HostKind, Record<Operation, number>>;

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

  bench(name: string): Record<Operation, number> {
    const from = this.text(name).length;
    const target = this.server.consoles.find((c) => c.name === name);
    target?.sendInput(Uint8Array.from('bench\n', (c) => c.charCodeAt(0)));
    this.untilPrompt(name, from + 'bench'.length);
    const printed = this.text(name).slice(from);
    const cycles = {} as Record<Operation, number>;
    for (const op of OPERATIONS) {
      const figure = new RegExp(`^${op}: (\\d+) cycles/op`, 'm').exec(printed);
      if (!figure) throw new Error(`${name}: bench printed no ${op} figure:\n${printed}`);
      cycles[op] = Number(figure[1]);
    }
    return cycles;
  }
}

function main(): void {
  const figures = measureHostKinds();
  const pad = (text: string, width: number) => text.padStart(width);
  process.stdout.write(
    `${'operation'.padEnd(10)}${HOST_KINDS.map((k) => pad(k, 11)).join('')}   cycles/op\n`,
  );
  for (const op of OPERATIONS) {
    const row = HOST_KINDS.map((kind) => pad(figures[kind][op].toLocaleString('en'), 11));
    process.stdout.write(`${op.padEnd(10)}${row.join('')}\n`);
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
