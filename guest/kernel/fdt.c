// Minimal flattened device tree reader: /memory reg, the count of /cpus/cpu@ nodes,
// the initrd in /chosen and the /soc/serial@ ports.
#include "defs.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32 be32(const void *p) {
  const uint8 *b = p;
  return ((uint32)b[0] << 24) | ((uint32)b[1] << 16) | ((uint32)b[2] << 8) | b[3];
}

struct fdt_walk {
  const char *strings;
  int depth;
  int in_memory, in_cpus;        // inside /memory@..., /cpus
  int in_chosen, in_soc;         // inside /chosen, /soc
  int in_serial;                 // inside /soc/serial@... (out->serial[out->nserial - 1])
  uint32 addr_cells, size_cells; // of the root node (/soc uses the same on QEMU virt and ours)
};

static void fdt_node(struct fdt_walk *w, const char *name, struct fdt_info *out) {
  w->depth++;
  if (w->depth == 2) {
    w->in_memory = strncmp(name, "memory", 6) == 0;
    w->in_cpus = strcmp(name, "cpus") == 0;
    w->in_chosen = strcmp(name, "chosen") == 0;
    w->in_soc = strcmp(name, "soc") == 0;
  }
  if (w->depth == 3 && w->in_cpus && strncmp(name, "cpu@", 4) == 0)
    out->ncpus++;
  w->in_serial = w->depth == 3 && w->in_soc && strncmp(name, "serial@", 7) == 0 &&
                 out->nserial < FDT_MAX_SERIAL;
  if (w->in_serial)
    out->nserial++;
}

// A 32- or 64-bit property value (QEMU writes the initrd's as 64-bit); 0 if wider than 32 bits.
static uint32 fdt_addr(const uint8 *val, uint32 len) {
  if (len == 4)
    return be32(val);
  return len == 8 && be32(val) == 0 ? be32(val + 4) : 0;
}

// "rv32imah_zicsr...": the single-letter extension h, before the first '_'.
static int isa_has_h(const char *isa, uint32 len) {
  for (uint32 i = 4; i < len && isa[i] && isa[i] != '_'; i++)
    if (isa[i] == 'h')
      return 1;
  return 0;
}

static void fdt_prop(struct fdt_walk *w, const char *name, const uint8 *val, uint32 len,
                     struct fdt_info *out) {
  if (w->depth == 1 && strcmp(name, "#address-cells") == 0)
    w->addr_cells = be32(val);
  else if (w->depth == 1 && strcmp(name, "#size-cells") == 0)
    w->size_cells = be32(val);
  else if (w->depth == 2 && w->in_memory && strcmp(name, "reg") == 0 && out->mem_size == 0 &&
           len >= 4 * (w->addr_cells + w->size_cells)) {
    out->mem_base = be32(val + 4 * (w->addr_cells - 1));
    uint32 hi = w->size_cells == 2 ? be32(val + 4 * w->addr_cells) : 0;
    out->mem_size = hi ? 0xffffffffu : be32(val + 4 * (w->addr_cells + w->size_cells - 1));
  } else if (w->depth == 3 && w->in_cpus && out->ncpus == 1 && strcmp(name, "riscv,isa") == 0) {
    out->has_h = isa_has_h((const char *)val, len);   // the boot hart's (kvm)
  } else if (w->depth == 2 && w->in_chosen && strcmp(name, "linux,initrd-start") == 0) {
    out->initrd_start = fdt_addr(val, len);
  } else if (w->depth == 2 && w->in_chosen && strcmp(name, "linux,initrd-end") == 0) {
    out->initrd_end = fdt_addr(val, len);
  } else if (w->depth == 3 && w->in_serial && strcmp(name, "reg") == 0 &&
             len >= 4 * w->addr_cells) {
    out->serial[out->nserial - 1].base = be32(val + 4 * (w->addr_cells - 1));
  } else if (w->depth == 3 && w->in_serial && strcmp(name, "interrupts") == 0 && len >= 4) {
    out->serial[out->nserial - 1].irq = be32(val);
  }
}

// Fills out from the blob at dtb (identity-mapped physical address).
// Returns -1 if the blob is not a device tree.
int fdt_parse(uint32 dtb, struct fdt_info *out) {
  const uint8 *h = (const uint8 *)dtb;
  memset(out, 0, sizeof(*out));
  if (dtb == 0 || be32(h) != FDT_MAGIC)
    return -1;
  struct fdt_walk w = { .strings = (const char *)h + be32(h + 12), .addr_cells = 2,
                        .size_cells = 1 };
  const uint8 *p = h + be32(h + 8);
  for (;;) {
    uint32 tok = be32(p);
    p += 4;
    if (tok == FDT_BEGIN_NODE) {
      const char *name = (const char *)p;
      fdt_node(&w, name, out);
      p += (strlen(name) + 4) & ~3;
    } else if (tok == FDT_END_NODE) {
      w.depth--;
      w.in_serial = 0;
    } else if (tok == FDT_PROP) {
      uint32 len = be32(p), nameoff = be32(p + 4);
      fdt_prop(&w, w.strings + nameoff, p + 8, len, out);
      p += 8 + ((len + 3) & ~3);
    } else if (tok == FDT_NOP) {
      continue;
    } else {
      break;
    }
  }
  return 0;
}
