/* Loads an ELF32 RISC-V executable (the lab kernel) into guest RAM at its
 * physical addresses, as a boot loader would.  */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hyperlab/elf.h>
#include "lkvm.h"

static u8 *read_file(const char *path, u32 *size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return 0;
  off_t end = lseek(fd, 0, SEEK_END);
  u8 *buf = end > 0 ? malloc(end) : 0;
  if (buf == 0 || lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    return 0;
  }
  u32 done = 0;
  while (done < (u32)end) {
    ssize_t n = read(fd, buf + done, end - done);
    if (n <= 0)
      break;
    done += n;
  }
  close(fd);
  *size = done;
  return buf;
}

u32 load_kernel(struct vm *vm, const char *path) {
  u32 size;
  u8 *file = read_file(path, &size);
  if (file == 0) {
    fprintf(stderr, "lkvm: %s: cannot read the kernel image\n", path);
    return 0;
  }
  struct elf32_ehdr *eh = (struct elf32_ehdr *)file;
  if (size < sizeof(*eh) || eh->magic != ELF_MAGIC || eh->ident[0] != ELFCLASS32 ||
      eh->machine != EM_RISCV || eh->phoff + (u32)eh->phnum * sizeof(struct elf32_phdr) > size) {
    fprintf(stderr, "lkvm: %s: not a 32-bit RISC-V ELF image\n", path);
    return 0;
  }
  for (int i = 0; i < eh->phnum; i++) {
    struct elf32_phdr *ph = (struct elf32_phdr *)(file + eh->phoff) + i;
    if (ph->type != PT_LOAD || ph->memsz == 0)
      continue;
    u8 *dst = guest_ptr(vm, ph->paddr, ph->memsz);
    if (dst == 0 || ph->filesz > ph->memsz || ph->offset + ph->filesz > size) {
      fprintf(stderr, "lkvm: %s: segment at 0x%08x does not fit in %u MiB of guest RAM\n", path,
              ph->paddr, vm->ram_size >> 20);
      return 0;
    }
    memcpy(dst, file + ph->offset, ph->filesz);
    memset(dst + ph->filesz, 0, ph->memsz - ph->filesz);
  }
  u32 entry = eh->entry;
  free(file);
  return entry;
}
