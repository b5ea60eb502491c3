import { EngineHost } from '../host-os/engine-host';

export const IMAGE = 'public/images/bare-metal.elf';

/**
 * A host kernel on the engine at its first prompt, with `ports` serial ports for consoles and
 * an optional boot module (container images under images/NAME).
 */
export function bootHost(ports = 0, initrd?: Uint8Array): EngineHost {
  const host = new EngineHost(IMAGE, { memoryMiB: 128, ports, initrd });
  host.runUntil(0, (text) => text.endsWith('$ '));
  return host;
}

/** The CPU seconds `ctr ls` shows for container `name`. */
export function cpuSeconds(ls: string, name: string): number {
  const row = new RegExp(`^${name} .* (\\d+\\.\\d\\d)s\\r?$`, 'm').exec(ls);
  if (!row) throw new Error(`no row for ${name} in:\n${ls}`);
  return Number(row[1]);
}

/**
 * Like EngineHost.command, for commands that keep the CPU busy: the engine counts a virtual
 * second as a billion instructions, so spinners need more than its default budget.
 */
export function busyCommand(host: EngineHost, line: string, maxInstructions = 2_000_000_000) {
  const before = host.transcripts[0].length;
  host.type(0, `${line}\n`);
  host.runUntil(
    0,
    (text) => text.length > before + line.length && text.endsWith('$ '),
    maxInstructions,
  );
  return host.transcripts[0].slice(before + line.length + 2, -2);
}
