import { MEMORY_MAP, SERIAL_PORT_IRQ_BASE, TIMEBASE_HZ, UART0_IRQ } from './memory-map';
import { PLIC_SOURCES } from './plic';

const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_END = 9;
const HEADER_BYTES = 40;
const RESERVE_MAP_BYTES = 16; // one empty (terminating) entry

const MiB = 1024 * 1024;

export interface DeviceTreeConfig {
  /** Bytes of RAM at MEMORY_MAP.ram.base. */
  readonly memoryBytes: number;
  readonly harts: number;
  /** The ISA string each cpu node advertises. */
  readonly isa?: string;
  /** Extra ns16550a ports ttyS1..ttySn (host-OS servers), at MEMORY_MAP.serialPorts. */
  readonly serialPorts?: number;
  /** Where a boot module (initrd) lies in RAM: /chosen linux,initrd-start and -end, as QEMU. */
  readonly initrd?: { readonly start: number; readonly end: number };
}

type PropertyValue = string | readonly string[] | readonly number[] | null;

/**
 * Where the device tree goes in RAM: QEMU's rule for `-bios none` (hw/riscv/boot.c), which puts it
 * as high as possible, below 3 GiB, 2 MiB aligned. QEMU reserves 1 MiB for its blob; with RAM a
 * whole number of MiB that rule and ours land on the same address: 0x87E0_0000 for 128 MiB.
 */
export function deviceTreeAddress(memoryBytes: number, blobBytes: number): number {
  const ramBase = MEMORY_MAP.ram.base;
  const top = Math.min(ramBase + memoryBytes, 3072 * MiB);
  return Math.floor((top - blobBytes) / (2 * MiB)) * (2 * MiB);
}

/**
 * Builds a flattened device tree (version 17) describing this machine the way QEMU virt does, so
 * one kernel parses both: two address and size cells at the root and in /soc, /memory reg, one
 * /cpus/cpu@N per hart with its interrupt controller, the CLINT, PLIC, UART and finisher; on a
 * host-OS server also the extra serial ports and the initrd's place in /chosen.
 */
export function buildDeviceTree(config: DeviceTreeConfig): Uint8Array {
  const { memoryBytes, harts } = config;
  const isa = config.isa ?? 'rv32ima';
  const fdt = new FdtWriter();
  const intcPhandle = (hart: number) => 1 + hart;
  const plicPhandle = harts + 1;
  const testPhandle = harts + 2;
  const reg = (base: number, size: number) => [0, base, Math.floor(size / 2 ** 32), size % 2 ** 32];
  const { uart0, clint, plic, finisher, ram } = MEMORY_MAP;

  fdt.beginNode('');
  fdt.property('#address-cells', [2]);
  fdt.property('#size-cells', [2]);
  fdt.property('compatible', 'riscv-virtio');
  fdt.property('model', 'riscv-virtio,qemu');

  fdt.beginNode('chosen');
  fdt.property('stdout-path', `/soc/serial@${hex(uart0.base)}`);
  if (config.initrd) {
    // 64-bit values, as QEMU's riscv_load_initrd writes them.
    fdt.property('linux,initrd-start', [0, config.initrd.start]);
    fdt.property('linux,initrd-end', [0, config.initrd.end]);
  }
  fdt.endNode();

  fdt.beginNode(`memory@${hex(ram.base)}`);
  fdt.property('device_type', 'memory');
  fdt.property('reg', reg(ram.base, memoryBytes));
  fdt.endNode();

  fdt.beginNode('cpus');
  fdt.property('#address-cells', [1]);
  fdt.property('#size-cells', [0]);
  fdt.property('timebase-frequency', [TIMEBASE_HZ]);
  for (let hart = 0; hart < harts; hart++) {
    fdt.beginNode(`cpu@${hart}`);
    fdt.property('device_type', 'cpu');
    fdt.property('reg', [hart]);
    fdt.property('status', 'okay');
    fdt.property('compatible', 'riscv');
    fdt.property('riscv,isa', isa);
    fdt.property('mmu-type', 'riscv,sv32');
    fdt.beginNode('interrupt-controller');
    fdt.property('#interrupt-cells', [1]);
    fdt.property('interrupt-controller', null);
    fdt.property('compatible', 'riscv,cpu-intc');
    fdt.property('phandle', [intcPhandle(hart)]);
    fdt.endNode();
    fdt.endNode();
  }
  fdt.endNode();

  fdt.beginNode('soc');
  fdt.property('#address-cells', [2]);
  fdt.property('#size-cells', [2]);
  fdt.property('compatible', 'simple-bus');
  fdt.property('ranges', null);

  fdt.beginNode(`clint@${hex(clint.base)}`);
  fdt.property('compatible', ['sifive,clint0', 'riscv,clint0']);
  fdt.property('reg', reg(clint.base, clint.size));
  // Per hart: machine software interrupt (3), machine timer interrupt (7).
  fdt.property(
    'interrupts-extended',
    perHart(harts, (h) => [intcPhandle(h), 3, intcPhandle(h), 7]),
  );
  fdt.endNode();

  fdt.beginNode(`plic@${hex(plic.base)}`);
  fdt.property('phandle', [plicPhandle]);
  fdt.property('compatible', ['sifive,plic-1.0.0', 'riscv,plic0']);
  fdt.property('reg', reg(plic.base, plic.size));
  fdt.property('#address-cells', [0]);
  fdt.property('#interrupt-cells', [1]);
  fdt.property('interrupt-controller', null);
  fdt.property('riscv,ndev', [PLIC_SOURCES]);
  // Per hart: context 2h is M-mode external (11), context 2h+1 S-mode external (9).
  fdt.property(
    'interrupts-extended',
    perHart(harts, (h) => [intcPhandle(h), 11, intcPhandle(h), 9]),
  );
  fdt.endNode();

  const serial = (base: number, size: number, irq: number) => {
    fdt.beginNode(`serial@${hex(base)}`);
    fdt.property('compatible', 'ns16550a');
    fdt.property('reg', reg(base, size));
    fdt.property('clock-frequency', [0x384000]);
    fdt.property('interrupt-parent', [plicPhandle]);
    fdt.property('interrupts', [irq]);
    fdt.endNode();
  };
  serial(uart0.base, uart0.size, UART0_IRQ);
  const ports = MEMORY_MAP.serialPorts;
  for (let n = 1; n <= (config.serialPorts ?? 0); n++)
    serial(ports.base + (n - 1) * ports.stride, ports.size, SERIAL_PORT_IRQ_BASE + n - 1);

  fdt.beginNode(`test@${hex(finisher.base)}`);
  fdt.property('phandle', [testPhandle]);
  fdt.property('compatible', ['sifive,test1', 'sifive,test0', 'syscon']);
  fdt.property('reg', reg(finisher.base, finisher.size));
  fdt.endNode();
  fdt.endNode(); // soc

  fdt.beginNode('poweroff');
  fdt.property('compatible', 'syscon-poweroff');
  fdt.property('regmap', [testPhandle]);
  fdt.property('offset', [0]);
  fdt.property('value', [0x5555]);
  fdt.endNode();

  fdt.beginNode('reboot');
  fdt.property('compatible', 'syscon-reboot');
  fdt.property('regmap', [testPhandle]);
  fdt.property('offset', [0]);
  fdt.property('value', [0x7777]);
  fdt.endNode();

  fdt.endNode(); // root
  return fdt.finish();
}

function hex(n: number): string {
  return n.toString(16);
}

function perHart(harts: number, cells: (hart: number) => number[]): number[] {
  const out: number[] = [];
  for (let hart = 0; hart < harts; hart++) out.push(...cells(hart));
  return out;
}

/** Writes the structure block and the strings block; `finish` adds the header. Big-endian. */
class FdtWriter {
  private struct: number[] = [];
  private strings: number[] = [];
  private readonly stringOffsets = new Map<string, number>();

  beginNode(name: string): void {
    this.word(FDT_BEGIN_NODE);
    this.bytes(this.struct, asciiz(name));
    this.pad();
  }

  endNode(): void {
    this.word(FDT_END_NODE);
  }

  /** Numbers are 32-bit cells, strings are NUL-terminated, a string list is concatenated, null is empty. */
  property(name: string, value: PropertyValue): void {
    let data: number[];
    if (value === null) data = [];
    else if (typeof value === 'string') data = asciiz(value);
    else if (value.length > 0 && typeof value[0] === 'string')
      data = (value as readonly string[]).flatMap(asciiz);
    else data = (value as readonly number[]).flatMap(cellBytes);
    this.word(FDT_PROP);
    this.word(data.length);
    this.word(this.stringOffset(name));
    this.bytes(this.struct, data);
    this.pad();
  }

  finish(): Uint8Array {
    this.word(FDT_END);
    const structOffset = HEADER_BYTES + RESERVE_MAP_BYTES;
    const stringsOffset = structOffset + this.struct.length;
    const total = stringsOffset + this.strings.length;
    const header = [
      FDT_MAGIC,
      total,
      structOffset,
      stringsOffset,
      HEADER_BYTES, // memory reservation map
      17, // version
      16, // last compatible version
      0, // boot cpu id
      this.strings.length,
      this.struct.length,
    ];
    const blob = new Uint8Array(total);
    blob.set(header.flatMap(cellBytes), 0);
    blob.set(this.struct, structOffset);
    blob.set(this.strings, stringsOffset);
    return blob;
  }

  private stringOffset(name: string): number {
    let offset = this.stringOffsets.get(name);
    if (offset === undefined) {
      offset = this.strings.length;
      this.stringOffsets.set(name, offset);
      this.bytes(this.strings, asciiz(name));
    }
    return offset;
  }

  private word(value: number): void {
    this.bytes(this.struct, cellBytes(value));
  }

  private bytes(target: number[], data: readonly number[]): void {
    for (const b of data) target.push(b);
  }

  private pad(): void {
    while (this.struct.length % 4 !== 0) this.struct.push(0);
  }
}

function cellBytes(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** Device-tree names and strings are printable ASCII. */
function asciiz(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e)
      throw new RangeError(`device-tree string ${JSON.stringify(text)} is not ASCII`);
    out.push(code);
  }
  out.push(0);
  return out;
}
