import { readFileSync } from 'node:fs';
import type { RunningServer } from '../../engine/lab/run-lab';
import { LabRun } from '../../engine/lab/run-lab';

/** Loads a guest image the way `npm run lab` does: from public/images. */
export function loadPublicImage(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`public/images/${name}`));
}

/**
 * Servers of a lab run in lock step (as `npm run lab` runs them), with every console's output
 * kept: `output(name)` is what the console of that name printed. Runs only when the test asks,
 * so everything is deterministic.
 */
export class LabDriver {
  readonly run: LabRun;
  private readonly transcripts = new Map<string, string>();

  constructor(readonly servers: readonly RunningServer[]) {
    this.run = new LabRun(servers);
    for (const server of servers) {
      for (const console of server.consoles) {
        this.transcripts.set(console.name, '');
        console.setOutput((byte) =>
          this.transcripts.set(
            console.name,
            (this.transcripts.get(console.name) ?? '') + String.fromCharCode(byte),
          ),
        );
      }
    }
  }

  output(name: string): string {
    return this.transcripts.get(name) ?? '';
  }

  type(name: string, text: string): void {
    const target = this.servers.flatMap((s) => s.consoles).find((c) => c.name === name);
    if (!target) throw new Error(`no console ${name}`);
    target.sendInput(new TextEncoder().encode(text));
  }

  /** Runs until `done` holds or `seconds` of virtual time pass; throws with the transcript. */
  runUntil(done: () => boolean, seconds: number, what: string, shown = ''): void {
    const limit = this.run.now + seconds * 10_000_000;
    while (!done()) {
      if (this.run.now >= limit)
        throw new Error(`${what}: not after ${seconds} s; ${shown} shows:\n${this.output(shown)}`);
      this.run.step();
    }
  }

  /**
   * Types a line at a console's shell; returns what it printed up to the next prompt, lines
   * ending in "\n" (a VM's console passes through lkvm, whose line endings are its own).
   */
  command(name: string, line: string, seconds = 20): string {
    const before = this.output(name).length;
    this.type(name, `${line}\n`);
    this.runUntil(
      () => {
        const text = this.output(name).slice(before);
        return text.length > line.length && text.endsWith('$ ');
      },
      seconds,
      `"${line}" on ${name}`,
      name,
    );
    const text = this.output(name).slice(before);
    const echoed = text.indexOf('\n');
    return text.slice(echoed + 1, -2).replace(/\r+\n/g, '\n');
  }
}
