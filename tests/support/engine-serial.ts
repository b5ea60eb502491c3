import { readFileSync } from 'node:fs';
import { createMachine, type MachineConfig } from '../../engine/machine/machine';
import type { SerialMachine } from './serial';

/** Instructions per slice between looks at the test's input; any size gives the same run. */
const SLICE = 2_000_000;

/**
 * Boots `image` on the engine, like bootOnQemu does on QEMU, and runs it in slices, yielding to
 * the event loop between them so typed input and timeouts are served. Virtual time follows
 * retired instructions only, so the run is the same every time.
 */
export function bootOnEngine(
  image: string,
  config: MachineConfig = { memoryMiB: 128, harts: 1 },
  maxInstructions = 2_000_000_000,
): SerialMachine & { readonly machine: ReturnType<typeof createMachine> } {
  const machine = createMachine(config);
  machine.loadImage(new Uint8Array(readFileSync(image)));
  machine.boot();
  const listeners: ((bytes: Uint8Array) => void)[] = [];
  let pending: number[] = [];
  machine.setOutput((byte) => pending.push(byte));
  const flush = () => {
    if (pending.length === 0) return;
    const bytes = Uint8Array.from(pending);
    pending = [];
    for (const listener of listeners) listener(bytes);
  };
  let killed = false;
  let wake: (() => void) | undefined;
  const exited = (async () => {
    // Start on a later turn, once the caller has attached its output listeners.
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (;;) {
      if (killed) return 137;
      const status = machine.run(SLICE);
      flush();
      if (status.kind === 'powered-off' || status.kind === 'failed') return status.code;
      if (machine.retired > maxInstructions) {
        throw new Error(`still running after ${machine.retired} instructions`);
      }
      if (status.kind === 'idle') await new Promise<void>((resolve) => (wake = resolve));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  return {
    machine,
    onOutput: (listener) => listeners.push(listener),
    type: (text) => {
      machine.sendInput(new TextEncoder().encode(text));
      wake?.();
    },
    exited,
    kill: () => {
      killed = true;
      wake?.();
    },
  };
}
