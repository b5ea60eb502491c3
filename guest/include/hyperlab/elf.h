/*
 * The ELF32 headers the kernel's execve and lkvm's kernel loader read: the
 * file header and the program headers, little-endian RISC-V.
 */
#ifndef HYPERLAB_ELF_H
#define HYPERLAB_ELF_H

#include <hyperlab/types.h>

#define ELF_MAGIC 0x464C457F   /* "\177ELF" read as a little-endian word */
#define ELFCLASS32 1           /* ident[0], the byte after the magic */
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf32_ehdr {
  u32 magic;
  u8 ident[12];   /* class, data, version, ABI, padding */
  u16 type, machine;
  u32 version, entry, phoff, shoff, flags;
  u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
  u32 type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#endif
