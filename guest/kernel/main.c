// Kernel boot: one ordered list of initialisation steps on hart 0.
#include "defs.h"
#include "kvm.h"
#include "file.h"
#include "abi.h"
#include "memlayout.h"

#ifndef FLAVOUR
#define FLAVOUR "native"
#endif

extern char _start[], kernel_end[];   // the image (entry.S of each flavour starts it)
extern const uint8 initramfs_start[], initramfs_end[];

struct fdt_info boot_info;
char hostname[65] = "hyperlab";
char firmware_name[64];

// Unpacks the initramfs again: restores /bin and /etc files (pid 1 uses it
// when /bin/sh is gone).
void initramfs_restore(void) {
  cpio_unpack(initramfs_start, initramfs_end);
}

void make_dev(const char *path, int dev) {
  int err;
  if (ramfs_lookup("/dev") == NULL)
    ramfs_create("/dev", T_DIR, S_IFDIR | 0755, &err);
  struct inode *ip = ramfs_lookup(path);
  if (ip == NULL)
    ip = ramfs_create(path, T_DEV, S_IFCHR | 0666, &err);
  if (ip == NULL)
    panic("make_dev: cannot create device node");
  ip->type = T_DEV;
  ip->mode = S_IFCHR | 0666;
  ip->dev = dev;
}

// /etc/hostname (first line) names the machine.
static void load_hostname(void) {
  char buf[65];
  struct inode *ip = ramfs_lookup("/etc/hostname");
  int n = ip ? ramfs_readi(ip, buf, 0, sizeof(buf) - 1) : 0;
  buf[n < 0 ? 0 : n] = 0;
  for (int i = 0; buf[i]; i++)
    if (buf[i] == '\n')
      buf[i] = 0;
  if (buf[0])
    strlcpy(hostname, buf, sizeof(hostname));
}

static void mem_init(uint32 dtb) {
  if (fdt_parse(dtb, &boot_info) < 0 || boot_info.mem_size == 0)
    panic("mem_init: no usable device tree in a1");
  uint32 ram_end = boot_info.mem_base + boot_info.mem_size;
  if (ram_end < boot_info.mem_base || ram_end > RAM_LIMIT)
    ram_end = RAM_LIMIT;
  if (boot_info.ncpus == 0)
    boot_info.ncpus = 1;
  if (boot_info.initrd_start < (uint32)kernel_end || boot_info.initrd_end > ram_end)
    boot_info.initrd_start = boot_info.initrd_end = 0;   // not in usable RAM: ignored
  kalloc_init((uint32)kernel_end, ram_end);
  kalloc_reserve(boot_info.initrd_start, boot_info.initrd_end);   // until initrd_unpack
  kvm_init(ram_end);
  printf("memory: %u MiB at 0x%08x, kernel 0x%08x-0x%08x, %u KiB free\n",
         boot_info.mem_size >> 20, boot_info.mem_base, (uint32)_start, (uint32)kernel_end,
         kalloc_free_pages() * 4);
}

void kmain(uint32 hartid, uint32 dtb) {
  printf("Hyperlab kernel %s (%s) booting on hart %d\n", KERNEL_VERSION, FLAVOUR, hartid);
  arch_firmware_name(firmware_name, sizeof(firmware_name));   // which SBI we run on
  printf("sbi: running on %s\n", firmware_name);
  mem_init(dtb);                      // device tree, page allocator, kernel page table
  printf("harts: %d (hart 0 runs the kernel, the others stay parked)\n", boot_info.ncpus);
  arch_trap_init();                   // trap vector, interrupt sources, user counters
  tty_init();                         // console line discipline
  arch_devices_init();                // UART receive interrupts through the PLIC
  ramfs_init();                       // empty root
  cpio_unpack(initramfs_start, initramfs_end);   // /bin, /etc from the initramfs
  initrd_unpack();                    // a host-OS server's boot module, if any
  serial_init();                      // its serial ports ttyS1..ttyS8, if any
  make_dev("/dev/console", DEV_TTY);
  make_dev("/dev/tty", DEV_TTY);
  make_dev("/dev/null", DEV_NULL);
  make_dev("/dev/kvm", DEV_KVM);     // opening it says ENXIO without the H extension
  kvm_boot_report();
  if (arch_privcmd_present()) {       // dom0's xl; in a domU the VMM says EPERM
    int err;
    ramfs_create("/dev/xen", T_DIR, S_IFDIR | 0755, &err);
    make_dev("/dev/xen/privcmd", DEV_PRIVCMD);
  }
  load_hostname();
  printf("ramfs: initramfs unpacked (%u bytes), hostname %s\n",
         (uint32)(initramfs_end - initramfs_start), hostname);
  user_init();                        // pid 1 runs /bin/init or /bin/sh
  timer_start();                      // 100 Hz preemption
  printf("boot: %u instructions since reset, starting init\n", (uint32)arch_instret());
  scheduler();
}
