import { describe, expect, it } from 'vitest';
import { createMachinePort, type MachinePort } from './machine-port';
import type { HostedGuest, ServerConfig } from './server-api';

// The test runs in Node under Vitest, but compiles with the browser's libraries (no Node types),
// so fs comes in untyped, with the one signature used here.
const fs = (await import('node:fs' as string)) as { readFileSync(path: string): Uint8Array };
const image = (name: string) => new Uint8Array(fs.readFileSync(`public/images/${name}`));

const guest = (name: string, mode: HostedGuest['mode'], file: string): HostedGuest => ({
  name,
  mode,
  vcpus: 1,
  memoryMiB: 32,
  weight: 256,
  cap: 0,
  image: file,
});

/** A one-hart hypervisor server named xen with `guests` beside dom0, booted from the images. */
function bootXen(
  guests: HostedGuest[],
  memoryMiB = 128,
  onByte: (id: string, byte: number) => void = () => {},
): MachinePort {
  const config: ServerConfig = { name: 'xen', memoryMiB, harts: 1, platform: 'hypervisor', guests };
  const port = createMachinePort(config, onByte);
  port.boot([
    { name: 'kernel.elf', bytes: image('kernel.elf') },
    { name: 'kernel-pv.elf', bytes: image('kernel-pv.elf') },
  ]);
  return port;
}

describe('a hypervisor server behind the MachinePort', () => {
  it('gives every guest its own console and reports a refused one by name', () => {
    const output = new Map<string, string>();
    const port = bootXen(
      [guest('web', 'full', 'kernel.elf'), guest('bad', 'pv', 'kernel.elf')],
      128,
      (id, byte) => output.set(id, (output.get(id) ?? '') + String.fromCharCode(byte)),
    );
    for (let i = 0; i < 200 && !(output.get('web') ?? '').includes('$ '); i++) {
      port.run(1_000_000, Infinity);
    }
    expect(output.get('web')).toContain('Hyperlab VMM (full virtualization)');
    expect(output.get('web')).toContain('$ ');
    // dom0 boots first, on the console named after the server.
    expect(output.get('xen')).toContain('Hyperlab VMM (paravirtualized)');
    const views = port.guests();
    expect(views.find((v) => v.name === 'web')?.state).toBe('running');
    expect(views.find((v) => v.name === 'bad')).toMatchObject({ state: 'crashed' });
    expect(views.find((v) => v.name === 'bad')?.reason).toMatch(/privileged instruction/);
    expect(() => port.sendInput('nobody', new Uint8Array([10]))).toThrow(/no guest named nobody/);
  });

  it('keeps dom0 running when no guest can be created, saying why for each', () => {
    const port = bootXen([{ ...guest('huge', 'full', 'kernel.elf'), memoryMiB: 200 }], 64);
    const views = port.guests();
    expect(views.find((v) => v.name === 'xen')?.state).toBe('running');
    expect(views.find((v) => v.name === 'huge')).toMatchObject({ state: 'refused' });
    expect(views.find((v) => v.name === 'huge')?.reason).toMatch(/does not fit/);
  });

  it('pauses, resumes, reboots, destroys and starts again one guest by its controls', () => {
    const port = bootXen([guest('web', 'full', 'kernel.elf')]);
    const web = () => port.guests().find((v) => v.name === 'web');
    expect(web()?.controls).toEqual(['pause', 'reset', 'destroy']);
    // dom0 is the server's own: the page offers no controls for it.
    expect(port.guests().find((v) => v.name === 'xen')?.controls).toBeUndefined();
    port.controlGuest!('web', 'pause');
    expect(web()).toMatchObject({ state: 'paused', controls: ['resume', 'reset', 'destroy'] });
    port.controlGuest!('web', 'reset');
    expect(web()?.state).toBe('running');
    port.controlGuest!('web', 'destroy');
    expect(web()).toMatchObject({ state: 'destroyed', controls: ['start'] });
    expect(() => port.controlGuest!('web', 'pause')).toThrow(/no guest named web/);
    port.controlGuest!('web', 'start');
    expect(web()).toMatchObject({ state: 'running', controls: ['pause', 'reset', 'destroy'] });
  });

  it('says which vCPU a hart carries and steps that hart by one step', () => {
    const port = bootXen([guest('web', 'full', 'kernel.elf')]);
    for (let i = 0; i < 100 && port.harts()[0].vcpu === undefined; i++) port.run(10_000, Infinity);
    expect(port.harts()[0].vcpu).toMatch(/^(xen|web)\.vcpu0$/);
    const before = port.harts()[0].instructions;
    const retired = port.stepHart(0, 1);
    expect(retired).toBeLessThanOrEqual(1);
    expect(port.harts()[0].instructions).toBe(before + retired);
    expect(port.retired()).toBeGreaterThanOrEqual(before + retired);
  });
});
