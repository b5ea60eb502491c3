/* The guest's device tree (flattened, version 17): memory, one hart with
 * "rv32ima" (no H: the guest's own kvm stays dormant), the timebase, and the
 * UART and PLIC that lkvm emulates, at QEMU virt's addresses, which the lab
 * kernel expects.  */
#include <string.h>
#include "lkvm.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_END 9
#define DT_STRUCT_MAX 2048
#define DT_STRINGS_MAX 512

struct dt {
  u32 st[DT_STRUCT_MAX / 4];
  int nst;
  char strings[DT_STRINGS_MAX];
  int nstrings;
};

static u32 be32(u32 v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

static void put(struct dt *d, u32 v) {
  d->st[d->nst++] = be32(v);
}

/* Bytes padded to a word. */
static void put_bytes(struct dt *d, const void *p, int n) {
  memset(&d->st[d->nst], 0, (n + 3) & ~3);
  memcpy(&d->st[d->nst], p, n);
  d->nst += (n + 3) / 4;
}

static u32 string_off(struct dt *d, const char *name) {
  for (int i = 0; i < d->nstrings; i += strlen(d->strings + i) + 1)
    if (strcmp(d->strings + i, name) == 0)
      return i;
  int off = d->nstrings;
  strcpy(d->strings + off, name);
  d->nstrings += strlen(name) + 1;
  return off;
}

static void begin(struct dt *d, const char *name) {
  put(d, FDT_BEGIN_NODE);
  put_bytes(d, name, strlen(name) + 1);
}

static void end(struct dt *d) {
  put(d, FDT_END_NODE);
}

static void prop(struct dt *d, const char *name, const void *val, int len) {
  put(d, FDT_PROP);
  put(d, len);
  put(d, string_off(d, name));
  put_bytes(d, val, len);
}

static void prop_str(struct dt *d, const char *name, const char *s) {
  prop(d, name, s, strlen(s) + 1);
}

static void prop_cells(struct dt *d, const char *name, const u32 *cells, int n) {
  u32 be[8];
  for (int i = 0; i < n; i++)
    be[i] = be32(cells[i]);
  prop(d, name, be, 4 * n);
}

static void prop_u32(struct dt *d, const char *name, u32 v) {
  prop_cells(d, name, &v, 1);
}

static void build(struct dt *d, u32 ram_size) {
  begin(d, "");
  prop_u32(d, "#address-cells", 2);
  prop_u32(d, "#size-cells", 2);
  prop_str(d, "compatible", "hyperlab,lkvm");
  prop_str(d, "model", "Hyperlab lkvm (KVM)");
  begin(d, "chosen");
  prop_str(d, "stdout-path", "/soc/serial@10000000");
  end(d);
  begin(d, "memory@80000000");
  prop_str(d, "device_type", "memory");
  prop_cells(d, "reg", (u32[]){ 0, GUEST_RAM_BASE, 0, ram_size }, 4);
  end(d);
  begin(d, "cpus");
  prop_u32(d, "#address-cells", 1);
  prop_u32(d, "#size-cells", 0);
  prop_u32(d, "timebase-frequency", GUEST_TIMEBASE);
  begin(d, "cpu@0");
  prop_str(d, "device_type", "cpu");
  prop_u32(d, "reg", 0);
  prop_str(d, "status", "okay");
  prop_str(d, "compatible", "riscv");
  prop_str(d, "riscv,isa", "rv32ima");
  prop_str(d, "mmu-type", "riscv,sv32");
  begin(d, "interrupt-controller");
  prop_u32(d, "#interrupt-cells", 1);
  prop(d, "interrupt-controller", "", 0);
  prop_str(d, "compatible", "riscv,cpu-intc");
  prop_u32(d, "phandle", 1);
  end(d);
  end(d);
  end(d);
  begin(d, "soc");
  prop_u32(d, "#address-cells", 2);
  prop_u32(d, "#size-cells", 2);
  prop_str(d, "compatible", "simple-bus");
  prop(d, "ranges", "", 0);
  begin(d, "serial@10000000");
  prop_str(d, "compatible", "ns16550a");
  prop_cells(d, "reg", (u32[]){ 0, GUEST_UART_BASE, 0, 0x100 }, 4);
  prop_u32(d, "clock-frequency", 3686400);
  prop_u32(d, "interrupts", GUEST_UART_IRQ);
  prop_u32(d, "interrupt-parent", 2);
  end(d);
  begin(d, "plic@c000000");
  static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
  prop(d, "compatible", plic_compat, sizeof(plic_compat));
  prop_cells(d, "reg", (u32[]){ 0, GUEST_PLIC_BASE, 0, GUEST_PLIC_SIZE }, 4);
  prop_u32(d, "#interrupt-cells", 1);
  prop_u32(d, "#address-cells", 0);
  prop(d, "interrupt-controller", "", 0);
  prop_u32(d, "riscv,ndev", 31);
  prop_cells(d, "interrupts-extended", (u32[]){ 1, 11, 1, 9 }, 4);
  prop_u32(d, "phandle", 2);
  end(d);
  end(d);
  end(d);
  put(d, FDT_END);
}

u32 write_dtb(struct vm *vm) {
  static struct dt d;
  build(&d, vm->ram_size);
  u32 off_rsv = 40, off_struct = off_rsv + 16, size_struct = 4 * d.nst;
  u32 off_strings = off_struct + size_struct;
  u32 total = (off_strings + d.nstrings + 7) & ~7u;
  u32 gpa = (GUEST_RAM_BASE + vm->ram_size - total) & ~0xfffu;
  u8 *blob = guest_ptr(vm, gpa, total);
  u32 header[10] = { 0xd00dfeed, total, off_struct, off_strings, off_rsv, 17, 16, 0,
                     (u32)d.nstrings, size_struct };
  memset(blob, 0, total);
  for (int i = 0; i < 10; i++)
    ((u32 *)blob)[i] = be32(header[i]);
  memcpy(blob + off_struct, d.st, size_struct);
  memcpy(blob + off_strings, d.strings, d.nstrings);
  return gpa;
}
