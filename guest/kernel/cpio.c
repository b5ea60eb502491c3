// Unpacks cpio "newc" archives into the ramfs: the embedded initramfs and the
// boot module (initrd) a host-OS server gets.
#include "defs.h"
#include "file.h"
#include "abi.h"

#define CPIO_HDR 110

static uint32 hex8(const uint8 *p) {
  uint32 v = 0;
  for (int i = 0; i < 8; i++) {
    uint8 c = p[i];
    v = (v << 4) | (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
  }
  return v;
}

static void cpio_entry(const char *name, uint32 mode, const uint8 *data, uint32 size) {
  char path[MAXPATH];
  int err = 0;
  if (path_normalize("/", name, path) < 0 || strcmp(path, "/") == 0)
    return;
  int type = (mode & S_IFMT) == S_IFDIR ? T_DIR : T_FILE;
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    ip = ramfs_create(path, type, mode, &err);
  else if (ip->type == T_FILE && type == T_FILE)
    ramfs_truncate(ip, 0);
  if (ip == NULL) {
    printf("initramfs: cannot create %s (error %d)\n", path, err);
    return;
  }
  if (type == T_FILE && size > 0 && ramfs_writei(ip, data, 0, size) != (int)size)
    printf("initramfs: %s truncated\n", path);
}

// Called once at boot with the archive between start and end.
void cpio_unpack(const uint8 *start, const uint8 *end) {
  const uint8 *p = start;
  while (p + CPIO_HDR <= end && memcmp(p, "070701", 6) == 0) {
    uint32 mode = hex8(p + 14), size = hex8(p + 54), namesize = hex8(p + 94);
    const char *name = (const char *)p + CPIO_HDR;
    const uint8 *data = p + ((CPIO_HDR + namesize + 3) & ~3);
    if (data + size > end || namesize == 0)
      break;
    if (strcmp(name, "TRAILER!!!") == 0)
      return;
    cpio_entry(name, mode, data, size);
    p = data + ((size + 3) & ~3);
  }
  printf("initramfs: malformed archive\n");
}

// Unpacks the boot module (initrd) the device tree names, after the built-in
// initramfs, then gives its pages back to the allocator.
void initrd_unpack(void) {
  uint32 start = boot_info.initrd_start, end = boot_info.initrd_end;
  if (end <= start)
    return;
  cpio_unpack((const uint8 *)start, (const uint8 *)end);
  kalloc_release();
  printf("initrd: %u bytes at 0x%08x unpacked\n", end - start, start);
}
