import { describe, expect, it } from 'vitest';
import { buildDeviceTree, deviceTreeAddress } from './device-tree';

interface FdtNode {
  name: string;
  props: Map<string, Uint8Array>;
  children: FdtNode[];
}

/** A small, strict reader of the flattened device tree format, written against the spec. */
function parseFdt(blob: Uint8Array): { header: number[]; root: FdtNode } {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const header = Array.from({ length: 10 }, (_, i) => view.getUint32(i * 4));
  const [magic, total, structOff, stringsOff, , version, , , stringsSize, structSize] = header;
  expect(magic).toBe(0xd00dfeed);
  expect(total).toBe(blob.length);
  expect(version).toBe(17);
  expect(stringsOff + stringsSize).toBe(total);
  expect(structOff + structSize).toBe(stringsOff);
  const cstring = (at: number) => {
    let end = at;
    while (blob[end] !== 0) end++;
    return { text: String.fromCharCode(...blob.subarray(at, end)), end: end + 1 };
  };
  let p = structOff;
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (;;) {
    const token = view.getUint32(p);
    p += 4;
    if (token === 1) {
      const { text, end } = cstring(p);
      p = (end + 3) & ~3;
      const node: FdtNode = { name: text, props: new Map(), children: [] };
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      else root = node;
      stack.push(node);
    } else if (token === 3) {
      const len = view.getUint32(p);
      const nameOff = view.getUint32(p + 4);
      const value = blob.slice(p + 8, p + 8 + len);
      p = (p + 8 + len + 3) & ~3;
      stack[stack.length - 1].props.set(cstring(stringsOff + nameOff).text, value);
    } else if (token === 2) {
      stack.pop();
    } else if (token === 9) {
      break;
    } else {
      throw new Error(`bad token ${token} at ${p - 4}`);
    }
  }
  expect(stack).toEqual([]);
  if (!root) throw new Error('no root');
  return { header, root };
}

const cells = (v: Uint8Array | undefined) => {
  if (!v) throw new Error('missing property');
  const view = new DataView(v.buffer, v.byteOffset, v.byteLength);
  return Array.from({ length: v.length / 4 }, (_, i) => view.getUint32(i * 4));
};
const str = (v: Uint8Array | undefined) =>
  v ? String.fromCharCode(...v).replace(/\0$/, '') : undefined;
const child = (n: FdtNode, name: string) => {
  const c = n.children.find((x) => x.name === name);
  if (!c) throw new Error(`no ${name} under ${n.name}`);
  return c;
};

describe('device tree', () => {
  it('describes memory, harts and devices the way QEMU virt does', () => {
    const blob = buildDeviceTree({ memoryBytes: 128 << 20, harts: 3 });
    const { root } = parseFdt(blob);
    expect(root.name).toBe('');
    expect(str(root.props.get('compatible'))).toBe('riscv-virtio');
    expect(cells(root.props.get('#address-cells'))).toEqual([2]);
    expect(cells(root.props.get('#size-cells'))).toEqual([2]);

    const memory = child(root, 'memory@80000000');
    expect(str(memory.props.get('device_type'))).toBe('memory');
    expect(cells(memory.props.get('reg'))).toEqual([0, 0x8000_0000, 0, 128 << 20]);

    const cpus = child(root, 'cpus');
    expect(cells(cpus.props.get('timebase-frequency'))).toEqual([10_000_000]);
    const cpuNodes = cpus.children.filter((c) => c.name.startsWith('cpu@'));
    expect(cpuNodes.map((c) => c.name)).toEqual(['cpu@0', 'cpu@1', 'cpu@2']);
    expect(cpuNodes.map((c) => cells(c.props.get('reg'))[0])).toEqual([0, 1, 2]);
    expect(str(cpuNodes[1].props.get('riscv,isa'))).toBe('rv32ima');

    const soc = child(root, 'soc');
    const uart = child(soc, 'serial@10000000');
    expect(str(uart.props.get('compatible'))).toBe('ns16550a');
    expect(cells(uart.props.get('reg'))).toEqual([0, 0x1000_0000, 0, 0x100]);
    expect(cells(uart.props.get('interrupts'))).toEqual([10]);
    const plic = child(soc, 'plic@c000000');
    expect(cells(uart.props.get('interrupt-parent'))).toEqual(cells(plic.props.get('phandle')));
    expect(cells(plic.props.get('reg'))).toEqual([0, 0x0c00_0000, 0, 0x60_0000]);
    // Two contexts per hart: M external (11) then S external (9).
    const intc = cpuNodes.map(
      (c) => cells(child(c, 'interrupt-controller').props.get('phandle'))[0],
    );
    expect(cells(plic.props.get('interrupts-extended'))).toEqual(
      intc.flatMap((p) => [p, 11, p, 9]),
    );
    const clint = child(soc, 'clint@2000000');
    expect(cells(clint.props.get('reg'))).toEqual([0, 0x0200_0000, 0, 0x1_0000]);
    expect(cells(clint.props.get('interrupts-extended'))).toEqual(
      intc.flatMap((p) => [p, 3, p, 7]),
    );
    expect(cells(child(soc, 'test@100000').props.get('reg'))).toEqual([0, 0x10_0000, 0, 0x1000]);

    expect(str(child(root, 'chosen').props.get('stdout-path'))).toBe('/soc/serial@10000000');
  });

  it('goes where QEMU puts it: top of RAM below 3 GiB, 2 MiB aligned', () => {
    const size = buildDeviceTree({ memoryBytes: 128 << 20, harts: 8 }).length;
    expect(size).toBeLessThan(4096);
    // The addresses below are what qemu-system-riscv32 -M virt -bios none passes in a1.
    expect(deviceTreeAddress(128 << 20, size)).toBe(0x87e0_0000);
    expect(deviceTreeAddress(16 << 20, size)).toBe(0x80e0_0000);
    expect(deviceTreeAddress(4 << 20, size)).toBe(0x8020_0000);
    expect(deviceTreeAddress(1024 << 20, size)).toBe(0xbfe0_0000);
    expect(deviceTreeAddress(2047 << 20, size)).toBe(0xbfe0_0000);
  });
});
