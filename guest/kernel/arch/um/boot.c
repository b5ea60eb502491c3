// Boot of the um kernel: its command line replaces the firmware.
//   /boot/kernel-um.elf mem=MIB con=/dev/ttySn name=NAME
// mem= is the size of its "physical memory", which is its own heap: the
// break is moved to RAM base + MIB (plus mmu.c's table) and the generic page
// allocator hands out the pages above kernel_end (the host backs each on
// first touch).  The
// rest of the kernel learns the size the usual way, from a device tree that
// this file writes as firmware would.
#include "host.h"
#include "../../arch.h"
#include "../../defs.h"

#define UM_DEFAULT_MIB 16
#define UM_MAX_MIB 2040       // the host's user half, below its stack

extern char um_ram_base[], kernel_end[];
void kmain(uint32 hartid, uint32 dtb) __attribute__((noreturn));

int um_con_in, um_con_out = 1;
char um_name[65];
char **um_argv, **um_envp;

static void boot_fail(const char *msg) {
  host_call(HOST_WRITE, 2, (long)msg, strlen(msg), 0);
  host_call(HOST_EXIT_GROUP, 1, 0, 0, 0);
  for (;;)
    ;
}

// ---- a device tree with /memory and one /cpus/cpu@0 (the spec's FDT v17)
static uint32 dtb_words[96];
static int dtb_n;

static void dt_word(uint32 v) {
  dtb_words[dtb_n++] = __builtin_bswap32(v);
}

static void dt_name(const char *s) {
  int len = strlen(s) + 1;
  memcpy(&dtb_words[dtb_n], s, len);
  dtb_n += (len + 3) / 4;
}

// Property names go in the strings block, which starts at these offsets.
static const char dt_strings[] = "#address-cells\0#size-cells\0reg";
enum { STR_ADDR = 0, STR_SIZE = 15, STR_REG = 27 };

static void dt_prop(int name, int ncells, const uint32 *cells) {
  dt_word(3), dt_word(4 * ncells), dt_word(name);
  for (int i = 0; i < ncells; i++)
    dt_word(cells[i]);
}

static uint32 dt_build(uint32 base, uint32 size) {
  dtb_n = 14;   // the header (10 words, filled in below) and an empty reservation map
  dt_word(1), dt_name("");
  dt_prop(STR_ADDR, 1, (uint32[]){ 1 });
  dt_prop(STR_SIZE, 1, (uint32[]){ 1 });
  dt_word(1), dt_name("memory@10000");
  dt_prop(STR_REG, 2, (uint32[]){ base, size });
  dt_word(2);
  dt_word(1), dt_name("cpus");
  dt_word(1), dt_name("cpu@0");
  dt_word(2), dt_word(2);
  dt_word(2), dt_word(9);
  uint32 struct_end = dtb_n * 4;
  memcpy(&dtb_words[dtb_n], dt_strings, sizeof(dt_strings));
  uint32 total = struct_end + sizeof(dt_strings);
  uint32 header[10] = { 0xd00dfeed, total, 56, struct_end, 40, 17, 16, 0,
                        sizeof(dt_strings), struct_end - 56 };
  for (int i = 0; i < 10; i++)
    dtb_words[i] = __builtin_bswap32(header[i]);
  return (uint32)dtb_words;
}

// ---- command line
static const char *arg_value(const char *arg, const char *key) {
  int n = strlen(key);
  return strncmp(arg, key, n) == 0 ? arg + n : NULL;
}

static uint32 boot_mem_mib(const char *v) {
  int mib;
  if (katoi(v, &mib) < 0 || mib < 4 || mib > UM_MAX_MIB)
    boot_fail("kernel-um: mem= wants 4..2040 (MiB)\n");
  return mib;
}

static void boot_console(const char *path) {
  long fd = host_call(HOST_OPENAT, HOST_AT_FDCWD, (long)path, O_RDWR, 0);
  if (fd < 0)
    boot_fail("kernel-um: cannot open the con= console\n");
  um_con_in = um_con_out = fd;
}

void um_boot(uint32 *sp) {
  um_clock_init();
  int argc = sp[0];
  um_argv = (char **)&sp[1];
  um_envp = um_argv + argc + 1;
  uint32 mib = UM_DEFAULT_MIB;
  for (int i = 1; i < argc; i++) {
    const char *a = um_argv[i], *v;
    if ((v = arg_value(a, "mem=")))
      mib = boot_mem_mib(v);
    else if ((v = arg_value(a, "con=")))
      boot_console(v);
    else if ((v = arg_value(a, "name=")))
      strlcpy(um_name, v, sizeof(um_name));
    else
      boot_fail("usage: kernel-um.elf [mem=MIB] [con=/dev/ttySn] [name=NAME]\n");
  }
  // RAM, then mmu.c's table of 2 bytes per RAM page, all in the heap
  uint32 base = (uint32)um_ram_base, size = mib << 20;
  uint32 top = base + size + PGROUNDUP((size >> PGSHIFT) * 2);
  if (base + size <= (uint32)kernel_end + 64 * PGSIZE)
    boot_fail("kernel-um: mem= is smaller than the kernel\n");
  if ((uint32)host_call(HOST_BRK, top, 0, 0, 0) < top)
    boot_fail("kernel-um: the host has not that much memory (brk failed)\n");
  um_mmu_init((uint16 *)(base + size));
  kmain(0, dt_build(base, size));
}
