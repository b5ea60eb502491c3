/** The four bytes every ELF file starts with. */
export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46] as const;

const EHDR32_BYTES = 52;
const PHDR32_BYTES = 32;
const ELFCLASS32 = 1;
const ELFCLASS64 = 2;
const ELFDATA2LSB = 1;
const ELFDATA2MSB = 2;
const ET_EXEC = 2;
const EM_RISCV = 243;
const PT_LOAD = 1;

// e_flags bits of the RISC-V psABI that an rv32ima CPU cannot honour.
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_RVE = 0x8;

const MACHINE_NAMES: Readonly<Record<number, string>> = {
  2: 'SPARC',
  3: 'x86',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'S/390',
  40: 'ARM',
  62: 'x86-64',
  183: 'AArch64',
  243: 'RISC-V',
  258: 'LoongArch',
};

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'ET_NONE',
  1: 'ET_REL, an object file: link it first',
  2: 'ET_EXEC',
  3: 'ET_DYN, a shared object or PIE: link with -static and no -pie',
  4: 'ET_CORE, a core dump',
};

/** An image the machine cannot load; `message` is one line that says exactly why. */
export class ImageError extends Error {
  override readonly name = 'ImageError';
}

export interface ElfSegment {
  /** Physical load address (p_paddr, as QEMU's loader uses). */
  readonly paddr: number;
  /** The bytes from the file; `memsz - data.length` zero bytes follow them. */
  readonly data: Uint8Array;
  readonly memsz: number;
}

export interface Elf32 {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
}

/** True when `bytes` starts with the ELF magic. */
export function hasElfMagic(bytes: Uint8Array): boolean {
  return ELF_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Parses an ELF32 little-endian RISC-V executable into its PT_LOAD segments. Everything else is
 * refused with an ImageError naming the field and its value. Addresses are not checked here; the
 * image loader checks them against the machine's RAM.
 */
export function parseElf32(bytes: Uint8Array): Elf32 {
  if (!hasElfMagic(bytes))
    throw new ImageError('not an ELF file: the first four bytes are not 7f 45 4c 46');
  if (bytes.length < 16)
    throw new ImageError(`truncated ELF: ${bytes.length} bytes, shorter than e_ident`);
  const elfClass = bytes[4];
  if (elfClass === ELFCLASS64)
    throw new ImageError('not an rv32 image: 64-bit ELF (ELFCLASS64); Hyperlab runs RV32 only');
  if (elfClass !== ELFCLASS32) throw new ImageError(`not a valid ELF: EI_CLASS is ${elfClass}`);
  const data = bytes[5];
  if (data === ELFDATA2MSB) throw new ImageError('not a RISC-V ELF: big-endian (ELFDATA2MSB)');
  if (data !== ELFDATA2LSB) throw new ImageError(`not a valid ELF: EI_DATA is ${data}`);
  if (bytes.length < EHDR32_BYTES) {
    throw new ImageError(
      `truncated ELF: ${bytes.length} bytes, shorter than the ${EHDR32_BYTES}-byte ELF header`,
    );
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (offset: number) => view.getUint16(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);

  const machine = u16(18);
  if (machine !== EM_RISCV) {
    const known = MACHINE_NAMES[machine];
    throw new ImageError(`not a RISC-V ELF: e_machine is ${machine}${known ? ` (${known})` : ''}`);
  }
  const type = u16(16);
  if (type !== ET_EXEC) {
    throw new ImageError(`not an executable: e_type is ${type} (${TYPE_NAMES[type] ?? 'unknown'})`);
  }
  const flags = u32(36);
  if (flags & EF_RISCV_RVC) {
    throw new ImageError(
      'uses compressed instructions (e_flags has EF_RISCV_RVC); build with -march=rv32ima',
    );
  }
  if (flags & EF_RISCV_FLOAT_ABI) {
    throw new ImageError('uses a hardware floating-point ABI (e_flags); build with -mabi=ilp32');
  }
  if (flags & EF_RISCV_RVE)
    throw new ImageError('is an RV32E image (e_flags has EF_RISCV_RVE); Hyperlab runs RV32I');

  const entry = u32(24);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum === 0)
    throw new ImageError('ELF has no program headers (e_phnum is 0): nothing to load');
  if (phentsize !== PHDR32_BYTES)
    throw new ImageError(`not a valid ELF32: e_phentsize is ${phentsize}, expected 32`);
  if (phoff + phnum * PHDR32_BYTES > bytes.length) {
    throw new ImageError(
      `truncated ELF: program headers end at ${phoff + phnum * PHDR32_BYTES}, file is ${bytes.length} bytes`,
    );
  }

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * PHDR32_BYTES;
    if (u32(ph) !== PT_LOAD) continue;
    const offset = u32(ph + 4);
    const paddr = u32(ph + 12);
    const filesz = u32(ph + 16);
    const memsz = u32(ph + 20);
    if (memsz === 0) continue;
    if (filesz > memsz)
      throw new ImageError(
        `not a valid ELF: segment ${i} has p_filesz ${filesz} > p_memsz ${memsz}`,
      );
    if (offset + filesz > bytes.length) {
      throw new ImageError(
        `truncated ELF: segment ${i} needs bytes up to ${offset + filesz}, file is ${bytes.length} bytes`,
      );
    }
    segments.push({ paddr, data: bytes.subarray(offset, offset + filesz), memsz });
  }
  if (segments.length === 0) throw new ImageError('ELF has no PT_LOAD segment: nothing to load');
  return { entry, segments };
}
