import type { Bus } from './bus';
import { hasElfMagic, ImageError, parseElf32, type ElfSegment } from './elf';
import { MEMORY_MAP } from './memory-map';

export { ImageError } from './elf';

/** A kernel image ready to be copied into RAM. */
export interface BootImage {
  readonly format: 'elf' | 'raw';
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

/** A range of RAM the image must leave alone (the device tree). */
export interface ReservedRange {
  readonly base: number;
  readonly size: number;
  readonly what: string;
}

/**
 * Decides what `bytes` is and checks it fits this machine. The format is decided by magic, as
 * QEMU's `-kernel` does: a file that starts with 7f 'E' 'L' 'F' is an ELF and must be a valid
 * RV32 executable; anything else is a raw binary loaded at the start of RAM (0x8000_0000) and
 * entered there. Every refusal is an ImageError with a one-line reason.
 */
export function parseImage(
  bytes: Uint8Array,
  ramBytes: number,
  reserved?: ReservedRange,
): BootImage {
  if (bytes.length === 0) throw new ImageError('empty image: the file has 0 bytes');
  const image: BootImage = hasElfMagic(bytes)
    ? { format: 'elf', ...parseElf32(bytes) }
    : {
        format: 'raw',
        entry: MEMORY_MAP.ram.base,
        segments: [{ paddr: MEMORY_MAP.ram.base, data: bytes, memsz: bytes.length }],
      };
  checkPlacement(image, ramBytes, reserved);
  return image;
}

/** Copies the image into RAM: each segment's bytes, then zeros up to its memory size. */
export function loadIntoRam(bus: Bus, image: BootImage): void {
  for (const segment of image.segments) {
    bus.loadBytes(segment.paddr, segment.data);
    const bss = segment.memsz - segment.data.length;
    if (bss > 0) bus.loadBytes(segment.paddr + segment.data.length, new Uint8Array(bss));
  }
}

function checkPlacement(
  image: BootImage,
  ramBytes: number,
  reserved: ReservedRange | undefined,
): void {
  const ramBase = MEMORY_MAP.ram.base;
  const ramEnd = ramBase + ramBytes;
  const ram = `RAM 0x${hex(ramBase)}-0x${hex(ramEnd - 1)}`;
  for (const segment of image.segments) {
    const start = segment.paddr;
    const end = start + segment.memsz;
    const where =
      image.format === 'raw'
        ? `raw image of ${segment.memsz} bytes`
        : `segment 0x${hex(start)}-0x${hex(end - 1)}`;
    if (start < ramBase || end > ramEnd) throw new ImageError(`${where} is outside ${ram}`);
    if (reserved && start < reserved.base + reserved.size && reserved.base < end) {
      throw new ImageError(
        `${where} overlaps the ${reserved.what} at 0x${hex(reserved.base)}; give the machine more memory`,
      );
    }
  }
  if (image.entry < ramBase || image.entry >= ramEnd) {
    throw new ImageError(`entry point 0x${hex(image.entry)} is outside ${ram}`);
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
