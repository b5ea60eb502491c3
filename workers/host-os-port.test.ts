import { describe, expect, it } from 'vitest';
import { createMachinePort } from './machine-port';
import type { ServerConfig } from './server-api';

// Compiled with the browser's libraries (no Node types), so fs comes in untyped.
const fs = (await import('node:fs' as string)) as { readFileSync(path: string): Uint8Array };
const image = (name: string) => new Uint8Array(fs.readFileSync(`public/images/${name}`));

describe('a host-OS server behind the MachinePort', () => {
  it("stops, starts and resets a guest through the host's agent, and offers no pause", () => {
    const config: ServerConfig = {
      name: 'linux',
      memoryMiB: 64,
      harts: 1,
      platform: 'host-os',
      hostGuests: [
        {
          name: 'box',
          server: 'linux',
          kind: 'container',
          memoryMiB: 8,
          weight: 256,
          cap: 0,
          vcpus: 1,
        },
      ],
    };
    const port = createMachinePort(config, () => {});
    port.boot([{ name: 'bare-metal.elf', bytes: image('bare-metal.elf') }]);
    const box = () => port.guests().find((g) => g.name === 'box');
    /** Runs until `box` is in `state`: a condition, not a budget, so the host may grow. */
    const runUntil = (state: string) => {
      for (let i = 0; i < 400 && box()?.state !== state; i++) port.run(1_000_000, Infinity);
      expect(box()?.state).toBe(state);
    };
    runUntil('running');
    expect(box()?.controls).toEqual(['stop', 'reset']);
    port.controlGuest!('box', 'stop');
    runUntil('shutdown');
    expect(box()?.controls).toEqual(['start']);
    expect(() => port.controlGuest!('box', 'pause')).toThrow(/cannot pause it/);
    port.controlGuest!('box', 'start');
    runUntil('running');
    port.controlGuest!('box', 'reset');
    runUntil('shutdown');
    runUntil('running');
  });
});
