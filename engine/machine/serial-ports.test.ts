import { describe, expect, it } from 'vitest';
import { buildDeviceTree, deviceTreeAddress } from './device-tree';
import { ImageError } from './image';
import { createMachine } from './machine';
import { MEMORY_MAP, PAGE_SIZE, SERIAL_PORT_IRQ_BASE } from './memory-map';

/** Property values of a flattened device tree by full path ("/soc/serial@11000000/reg"). */
function fdtProperties(blob: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const stringsOffset = view.getUint32(12);
  const cstring = (at: number) => {
    let end = at;
    while (blob[end] !== 0) end++;
    return { text: String.fromCharCode(...blob.subarray(at, end)), end: end + 1 };
  };
  const props = new Map<string, Uint8Array>();
  const path: string[] = [];
  for (let p = view.getUint32(8); ;) {
    const token = view.getUint32(p);
    p += 4;
    if (token === 1) {
      const { text, end } = cstring(p);
      path.push(text);
      p = (end + 3) & ~3;
    } else if (token === 3) {
      const len = view.getUint32(p);
      const name = cstring(stringsOffset + view.getUint32(p + 4)).text;
      props.set(`${path.join('/')}/${name}`, blob.slice(p + 8, p + 8 + len));
      p = (p + 8 + len + 3) & ~3;
    } else if (token === 2) {
      path.pop();
    } else {
      return props;
    }
  }
}

function cells(value: Uint8Array | undefined): number[] {
  if (!value) throw new Error('missing property');
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  return Array.from({ length: value.length / 4 }, (_, i) => view.getUint32(i * 4));
}

describe('serial ports ttyS1..ttyS8', () => {
  it('appear in the device tree at MEMORY_MAP.serialPorts, one PLIC source each', () => {
    const props = fdtProperties(
      buildDeviceTree({ memoryBytes: 64 << 20, harts: 1, serialPorts: 8 }),
    );
    const { base, stride, size } = MEMORY_MAP.serialPorts;
    for (let n = 1; n <= 8; n++) {
      const node = `/soc/serial@${(base + (n - 1) * stride).toString(16)}`;
      expect(cells(props.get(`${node}/reg`))).toEqual([0, base + (n - 1) * stride, 0, size]);
      expect(cells(props.get(`${node}/interrupts`))).toEqual([SERIAL_PORT_IRQ_BASE + n - 1]);
      expect(String.fromCharCode(...(props.get(`${node}/compatible`) ?? []))).toBe('ns16550a\0');
    }
    expect(props.has('/soc/serial@11008000/reg')).toBe(false);
    // Without the option the tree is QEMU virt's: the console UART only.
    const plain = fdtProperties(buildDeviceTree({ memoryBytes: 64 << 20, harts: 1 }));
    expect([...plain.keys()].filter((k) => k.includes('serial@') && k.endsWith('/reg'))).toEqual([
      '/soc/serial@10000000/reg',
    ]);
  });

  it('carry bytes both ways and raise their own PLIC source', () => {
    const machine = createMachine({ memoryMiB: 16, harts: 1, serialPorts: 3 });
    const port2 = MEMORY_MAP.serialPorts.base + MEMORY_MAP.serialPorts.stride;
    const out: number[] = [];
    machine.setPortOutput(2, (byte) => out.push(byte));
    machine.bus.mmioWrite(port2, 1, 0x41);
    expect(out).toEqual([0x41]);
    expect(machine.stats().mmio.ttyS2.writes).toBe(1);

    machine.bus.mmioWrite(port2 + 1, 1, 1); // IER: receive data available
    machine.sendPortInput(2, Uint8Array.of(0x5a));
    const source = SERIAL_PORT_IRQ_BASE + 1; // ttyS2's
    expect((machine.plic.snapshot().level[source >> 5] >>> (source & 31)) & 1).toBe(1);
    expect(machine.bus.mmioRead(port2 + 5, 1) & 1).toBe(1); // LSR: data ready
    expect(machine.bus.mmioRead(port2, 1)).toBe(0x5a);
    expect(() => machine.sendPortInput(4, Uint8Array.of(1))).toThrow(/no serial port ttyS4/);
    expect(() => createMachine({ memoryMiB: 16, harts: 1, serialPorts: 9 })).toThrow(
      /serial ports must be a whole number from 0 to 8, got 9/,
    );
  });
});

describe('initrd', () => {
  const initrd = Uint8Array.from({ length: 10_000 }, (_, i) => i & 0xff);

  it('lies page aligned just below the device tree, named in /chosen as QEMU does', () => {
    const machine = createMachine({ memoryMiB: 32, harts: 1, initrd });
    const placed = machine.initrd;
    if (!placed) throw new Error('no initrd');
    expect(placed.start % PAGE_SIZE).toBe(0);
    expect(placed.end).toBe(placed.start + initrd.length);
    expect(placed.end).toBeLessThanOrEqual(machine.dtbAddress);
    expect(machine.dtbAddress - placed.end).toBeLessThan(PAGE_SIZE);
    expect(machine.dtbAddress).toBe(deviceTreeAddress(32 << 20, machine.dtb.length));
    const props = fdtProperties(machine.dtb);
    expect(cells(props.get('/chosen/linux,initrd-start'))).toEqual([0, placed.start]);
    expect(cells(props.get('/chosen/linux,initrd-end'))).toEqual([0, placed.end]);
  });

  it('is copied into RAM at boot, and an image that reaches it is refused', () => {
    const machine = createMachine({ memoryMiB: 32, harts: 1, initrd });
    const start = machine.initrd?.start ?? 0;
    machine.loadImage(Uint8Array.of(0x6f, 0, 0, 0)); // j . (raw, at the start of RAM)
    machine.boot();
    const ram = (paddr: number) => machine.bus.ram8[paddr - MEMORY_MAP.ram.base];
    expect(ram(start + 1234)).toBe(1234 & 0xff);
    expect(ram(start + initrd.length - 1)).toBe((initrd.length - 1) & 0xff);
    const huge = new Uint8Array(start - MEMORY_MAP.ram.base + 1);
    expect(() => machine.loadImage(huge)).toThrow(ImageError);
    expect(() => machine.loadImage(huge)).toThrow(/overlaps the initrd and device tree/);
  });

  it('that does not fit below the device tree is refused with the reason', () => {
    expect(() =>
      createMachine({ memoryMiB: 4, harts: 1, initrd: new Uint8Array(3 << 20) }),
    ).toThrow(/initrd of 3145728 bytes does not fit below the device tree/);
  });
});
