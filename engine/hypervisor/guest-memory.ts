import type { Bus } from '../machine/bus';
import { MEMORY_MAP } from '../machine/memory-map';

/** Guest-physical RAM starts where a real server's does, so the unmodified kernel boots. */
export const GUEST_RAM_BASE = MEMORY_MAP.ram.base;

/** What `toHost` returns for a guest-physical address outside the domain's RAM. */
export const NOT_GUEST_RAM = -1;

/**
 * One domain's guest-physical RAM: `size` bytes at GUEST_RAM_BASE, backed by the contiguous host
 * frames at `hostBase`. Every guest-physical address the VMM follows (a PTE, an SBI buffer, a
 * shadow leaf) goes through `toHost`, which is the one bounds check between a guest and the
 * rest of the server: an address outside the range has no host frame, whatever the guest wrote.
 */
export class GuestMemory {
  constructor(
    private readonly bus: Bus,
    /** Host-physical address of guest-physical GUEST_RAM_BASE. */
    readonly hostBase: number,
    readonly size: number,
  ) {
    if (hostBase % 4096 !== 0 || size % 4096 !== 0 || size <= 0) {
      throw new RangeError('guest memory must be whole pages');
    }
    if (!bus.isRam(hostBase, size)) throw new RangeError('guest memory must lie in host RAM');
  }

  /** True when the `width` bytes at `gpa` are all guest RAM. */
  contains(gpa: number, width = 1): boolean {
    const offset = unsigned(gpa) - GUEST_RAM_BASE;
    return offset >= 0 && offset + width <= this.size;
  }

  /**
   * The host-physical address of `gpa`, or NOT_GUEST_RAM. `gpa` may be an int32 (read from a
   * register) or, from an Sv32 PTE, a 34-bit address; both are understood.
   */
  toHost(gpa: number, width = 1): number {
    if (!this.contains(gpa, width)) return NOT_GUEST_RAM;
    return this.hostBase + (unsigned(gpa) - GUEST_RAM_BASE);
  }

  /** The host RAM offset (index into the bus's arrays) of `gpa`, or NOT_GUEST_RAM. */
  private offset(gpa: number, width: number): number {
    const host = this.toHost(gpa, width);
    return host === NOT_GUEST_RAM ? NOT_GUEST_RAM : host - this.bus.ramBase;
  }

  /** An aligned word; the caller has checked `contains(gpa, 4)`. */
  read32(gpa: number): number {
    return this.bus.ram32[this.offset(gpa, 4) >>> 2];
  }

  /** Writes an aligned word and tells the code cache, as every store behind the CPU's back must. */
  write32(gpa: number, value: number): void {
    const offset = this.offset(gpa, 4);
    this.bus.ram32[offset >>> 2] = value;
    this.bus.onExternalRamWrite(this.bus.ramBase + offset, 4);
  }

  /** Copies `length` bytes out, or undefined when any of them is not guest RAM. */
  readBytes(gpa: number, length: number): Uint8Array | undefined {
    if (length === 0) return new Uint8Array(0);
    const offset = this.offset(gpa, length);
    if (offset === NOT_GUEST_RAM) return undefined;
    return this.bus.ram8.slice(offset, offset + length);
  }

  /** Copies bytes in; false (and nothing written) when any of them is not guest RAM. */
  writeBytes(gpa: number, bytes: Uint8Array): boolean {
    if (bytes.length === 0) return true;
    const host = this.toHost(gpa, bytes.length);
    if (host === NOT_GUEST_RAM) return false;
    this.bus.loadBytes(host, bytes);
    return true;
  }

  /** Zeroes all of the domain's RAM (at creation and on a domain reboot). */
  clear(): void {
    const offset = this.hostBase - this.bus.ramBase;
    this.bus.ram8.fill(0, offset, offset + this.size);
    this.bus.onExternalRamWrite(this.hostBase, this.size);
  }
}

/** An int32 register value as the unsigned address it names; larger values pass unchanged. */
function unsigned(address: number): number {
  return address < 0 ? address + 2 ** 32 : address;
}
