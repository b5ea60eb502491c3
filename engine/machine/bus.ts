import { MMIO_FAULT, type MmioDevice } from './device';
import { MEMORY_MAP } from './memory-map';

interface Region {
  readonly base: number;
  readonly end: number;
  readonly device: MmioDevice;
}

/**
 * The physical address space: RAM plus memory-mapped devices. The CPU reaches RAM directly
 * through the typed-array views (little-endian hosts only, which every browser runs on) and
 * comes here only for device accesses, which are the rare path.
 */
export class Bus {
  readonly ramBase: number = MEMORY_MAP.ram.base;
  readonly ramSize: number;
  readonly ram8: Uint8Array;
  readonly ram16: Uint16Array;
  readonly ram32: Int32Array;
  /**
   * Set by a device (the finisher) that needs the CPU to return from its run loop at once; the
   * CPU checks it after every device access, the machine clears it.
   */
  stopRequested = false;
  /** Called after anything other than the CPU's own stores writes RAM (loaders, devices). */
  onExternalRamWrite: (paddr: number, length: number) => void = () => {};

  private readonly regions: Region[] = [];

  constructor(ramBytes: number) {
    if (!Number.isInteger(ramBytes) || ramBytes <= 0 || ramBytes % 4096 !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KiB, got ${ramBytes}`);
    }
    if (ramBytes > 0x8000_0000) throw new RangeError('RAM size must be at most 2 GiB');
    const buffer = new ArrayBuffer(ramBytes);
    this.ramSize = ramBytes;
    this.ram8 = new Uint8Array(buffer);
    this.ram16 = new Uint16Array(buffer);
    this.ram32 = new Int32Array(buffer);
  }

  /** Maps `device` at [base, base + size); refuses an overlap with RAM or another device. */
  register(base: number, size: number, device: MmioDevice): void {
    const end = base + size;
    const overlaps = (b: number, e: number) => base < e && b < end;
    if (overlaps(this.ramBase, this.ramBase + this.ramSize)) {
      throw new Error(`${device.name} at 0x${base.toString(16)} overlaps RAM`);
    }
    const clash = this.regions.find((r) => overlaps(r.base, r.end));
    if (clash) throw new Error(`${device.name} overlaps ${clash.device.name}`);
    this.regions.push({ base, end, device });
    this.regions.sort((a, b) => a.base - b.base);
  }

  /** True when `paddr` is in RAM and `width` bytes from it stay there. */
  isRam(paddr: number, width: number): boolean {
    return (paddr - this.ramBase) >>> 0 <= this.ramSize - width;
  }

  /** A device read; MMIO_FAULT when nothing decodes the address. */
  mmioRead(paddr: number, width: 1 | 2 | 4): number {
    const region = this.regionAt(paddr, width);
    return region ? region.device.read(paddr - region.base, width) : MMIO_FAULT;
  }

  /** A device write; false when nothing decodes the address or the device refuses it. */
  mmioWrite(paddr: number, width: 1 | 2 | 4, value: number): boolean {
    const region = this.regionAt(paddr, width);
    return region ? region.device.write(paddr - region.base, width, value) : false;
  }

  /** Copies bytes into RAM for a loader; throws when they do not fit in RAM. */
  loadBytes(paddr: number, bytes: Uint8Array): void {
    if (bytes.length > 0 && !this.isRam(paddr, bytes.length)) {
      throw new RangeError(
        `0x${(paddr >>> 0).toString(16)}..+${bytes.length} is outside RAM ` +
          `(0x${this.ramBase.toString(16)}..+0x${this.ramSize.toString(16)})`,
      );
    }
    this.ram8.set(bytes, paddr - this.ramBase);
    this.onExternalRamWrite(paddr, bytes.length);
  }

  /** The devices in address order, for snapshots and the UI. */
  devices(): readonly { base: number; size: number; device: MmioDevice }[] {
    return this.regions.map((r) => ({ base: r.base, size: r.end - r.base, device: r.device }));
  }

  private regionAt(paddr: number, width: number): Region | undefined {
    const address = paddr >>> 0;
    for (const region of this.regions) {
      if (address >= region.base && address + width <= region.end) return region;
    }
    return undefined;
  }
}
