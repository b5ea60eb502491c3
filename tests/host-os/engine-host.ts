import { readFileSync } from 'node:fs';
import { createMachine, type Machine } from '../../engine/machine/machine';

/**
 * A host-OS machine driven directly: console (port 0) and serial ports ttyS1..ttySn, each with
 * its own transcript, and `runUntil` to run until a transcript shows something. Runs are
 * deterministic: the machine only moves when the test runs it.
 */
export class EngineHost {
  readonly machine: Machine;
  /** transcripts[0] is the console, transcripts[n] ttySn. */
  readonly transcripts: string[];

  constructor(
    image: string,
    options: {
      memoryMiB?: number;
      ports?: number;
      initrd?: Uint8Array;
      /** The "hardware virtualization" feature: harts with the H extension (KVM). */
      hypervisorExtension?: boolean;
    },
  ) {
    const ports = options.ports ?? 0;
    this.machine = createMachine({
      memoryMiB: options.memoryMiB ?? 128,
      harts: 1,
      serialPorts: ports,
      initrd: options.initrd,
      hypervisorExtension: options.hypervisorExtension,
    });
    this.machine.loadImage(new Uint8Array(readFileSync(image)));
    this.transcripts = Array.from({ length: ports + 1 }, () => '');
    this.machine.setOutput((byte) => (this.transcripts[0] += String.fromCharCode(byte)));
    for (let n = 1; n <= ports; n++)
      this.machine.setPortOutput(n, (byte) => (this.transcripts[n] += String.fromCharCode(byte)));
    this.machine.boot();
  }

  type(port: number, text: string): void {
    const bytes = new TextEncoder().encode(text);
    if (port === 0) this.machine.sendInput(bytes);
    else this.machine.sendPortInput(port, bytes);
  }

  /** Runs until `done` holds for the port's transcript; throws with the transcript if not. */
  runUntil(port: number, done: (text: string) => boolean, maxInstructions = 200_000_000): void {
    const limit = this.machine.retired + maxInstructions;
    while (!done(this.transcripts[port])) {
      if (this.machine.retired > limit)
        throw new Error(`ttyS${port} never got there; it shows:\n${this.transcripts[port]}`);
      const status = this.machine.run(200_000);
      if (status.kind === 'powered-off' || status.kind === 'failed')
        throw new Error(`machine stopped (${status.kind}); console:\n${this.transcripts[0]}`);
    }
  }

  /** Types a command at the console's shell and returns what it printed up to the next prompt. */
  command(line: string): string {
    const before = this.transcripts[0].length;
    this.type(0, `${line}\n`);
    this.runUntil(0, (text) => text.length > before + line.length && text.endsWith('$ '));
    return this.transcripts[0].slice(before + line.length + 2, -2);
  }
}
