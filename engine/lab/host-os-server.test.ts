import { describe, expect, it } from 'vitest';
import { createHostOsServer } from './host-os-server';
import { labSchema, type LabInput } from './lab-schema';

const noImages = {
  loadImage: (name: string): Uint8Array => {
    throw new Error(`no image ${name} in this test`);
  },
};

function start(hardwareVirtualization: boolean, guests: LabInput['guests']) {
  const lab = labSchema.parse({
    hyperlab: 1,
    servers: [
      { name: 'linux', harts: 1, memoryMiB: 128, hardwareVirtualization, platform: 'host-os' },
    ],
    guests,
  });
  return () => createHostOsServer(lab.servers[0], lab.guests, noImages);
}

describe('a host-OS server refuses before anything starts', () => {
  it('a KVM guest without the H extension, in the validator words', () => {
    expect(start(false, [{ name: 'vm1', server: 'linux', kind: 'kvm', memoryMiB: 16 }])).toThrow(
      '"vm1": the hardware of "linux" lacks virtualization support (no H extension), so /dev/kvm cannot work; use "uml" (no hardware support needed) or a "container"',
    );
  });

  it('a guest kind of another platform', () => {
    expect(start(true, [{ name: 'web', server: 'linux', kind: 'full', memoryMiB: 16 }])).toThrow(
      '"web" is a full guest, which runs on a hypervisor server',
    );
  });

  it('more guests than it has serial ports for their consoles', () => {
    const boxes = Array.from({ length: 8 }, (_, i) => ({
      name: `box${i}`,
      server: 'linux',
      kind: 'container' as const,
      memoryMiB: 4,
    }));
    expect(start(true, boxes)).toThrow(
      '"linux" has 7 serial ports for guest consoles, and 8 guests',
    );
  });
});
