// The SBI implementation: base, legacy console, TIME, IPI, SRST, DBCN and the
// Hyperlab extension. See docs/sbi.md for the surface the kernel relies on.
#include "fw.h"


#define SBI_IMPL_ID       0x48594C01   // "HYL" 1: Hyperlab bare-metal firmware
#define SBI_IMPL_VERSION  0x00000100   // 0.1

static const char fw_name[] = "Hyperlab firmware (bare metal)";

// Ends the machine through the sifive_test finisher.
void fw_finish(uint32 code) {
  for (;;)
    mmio_write32(FINISHER, code);
}

static int sbi_probe(uint32 eid) {
  switch (eid) {
  case SBI_EXT_LEGACY_PUTCHAR: case SBI_EXT_LEGACY_GETCHAR: case SBI_EXT_BASE:
  case SBI_EXT_TIME: case SBI_EXT_IPI: case SBI_EXT_SRST: case SBI_EXT_DBCN: case SBI_EXT_HYPERLAB:
    return 1;
  }
  return 0;
}

static void sbi_base(struct mframe *f, uint32 fid) {
  long v;
  switch (fid) {
  case 0: v = SBI_SPEC_VERSION; break;
  case 1: v = SBI_IMPL_ID; break;
  case 2: v = SBI_IMPL_VERSION; break;
  case 3: v = sbi_probe(f->x[10]); break;
  case 4: v = csr_read(mvendorid); break;
  case 5: v = csr_read(marchid); break;
  case 6: v = csr_read(mimpid); break;
  default: f->x[10] = SBI_ERR_NOT_SUPPORTED; return;
  }
  f->x[10] = SBI_SUCCESS;
  f->x[11] = v;
}

// Arms the timer of this hart for absolute time (hi:lo); clears a pending STIP.
static void sbi_set_timer(uint32 lo, uint32 hi) {
  uint32 hart = csr_read(mhartid);
  uintptr cmp = CLINT_MTIMECMP(hart);
  mmio_write32(cmp + 4, 0xffffffff);  // no spurious match while the halves change
  mmio_write32(cmp, lo);
  mmio_write32(cmp + 4, hi);
  csr_clear(mip, MIP_STIP);
  csr_set(mie, MIP_MTIP);
}

// M timer interrupt: forward it to S-mode as STIP, mask MTIP until re-armed.
void sbi_timer_fired(uint32 hart) {
  (void)hart;
  csr_clear(mie, MIP_MTIP);
  csr_set(mip, MIP_STIP);
}

// M software interrupt: another hart asked for an S software interrupt.
void sbi_ipi_received(void) {
  csr_set(mip, MIP_SSIP);
}

static long sbi_send_ipi(uint32 mask, long base) {
  for (uint32 h = 0; h < MAX_HARTS; h++) {
    int hit = base == -1 || (h >= (uint32)base && h - base < 32 && ((mask >> (h - base)) & 1));
    if (hit)
      mmio_write32(CLINT_MSIP(h), 1);
  }
  return SBI_SUCCESS;
}

static long sbi_reset(uint32 type, uint32 reason) {
  if (type == 0)
    fw_finish(reason == 0 ? 0x5555 : (1 << 16) | 0x3333);
  if (type == 1 || type == 2)
    fw_finish(0x7777);
  return SBI_ERR_INVALID_PARAM;
}

// Debug console: buffers are physical addresses; M-mode sees memory untranslated.
static void sbi_dbcn(struct mframe *f, uint32 fid) {
  uint32 n = f->x[10];
  uint8 *p = (uint8 *)f->x[11];
  uint32 done = 0;
  if (fid == 0) {
    for (; done < n; done++)
      uart_putc(p[done]);
  } else if (fid == 1) {
    int c;
    while (done < n && (c = uart_getc()) >= 0)
      p[done++] = (uint8)c;
  } else if (fid == 2) {
    uart_putc(n & 0xff);
  } else {
    f->x[10] = SBI_ERR_NOT_SUPPORTED;
    return;
  }
  f->x[10] = SBI_SUCCESS;
  f->x[11] = done;
}

// Hyperlab FID 0: copy the implementation name (NUL-terminated, truncated to
// len-1 bytes) to physical address a0; a1 = full name length.
static void sbi_hyperlab(struct mframe *f, uint32 fid) {
  char *dst = (char *)f->x[10];
  uint32 len = f->x[11], i;
  if (fid != 0) {
    f->x[10] = SBI_ERR_NOT_SUPPORTED;
    return;
  }
  if (len == 0) {
    f->x[10] = SBI_ERR_INVALID_PARAM;
    return;
  }
  for (i = 0; i + 1 < len && fw_name[i]; i++)
    dst[i] = fw_name[i];
  dst[i] = 0;
  f->x[10] = SBI_SUCCESS;
  f->x[11] = sizeof(fw_name) - 1;
}

// An ecall from S-mode: a7 = EID, a6 = FID, arguments in a0..a5.
void sbi_ecall(struct mframe *f) {
  uint32 eid = f->x[17], fid = f->x[16];
  switch (eid) {
  case SBI_EXT_LEGACY_PUTCHAR: uart_putc(f->x[10]); f->x[10] = 0; return;
  case SBI_EXT_LEGACY_GETCHAR: f->x[10] = uart_getc(); return;
  case SBI_EXT_BASE: sbi_base(f, fid); return;
  case SBI_EXT_TIME:
    if (fid == 0) {
      sbi_set_timer(f->x[10], f->x[11]);
      f->x[10] = SBI_SUCCESS;
      return;
    }
    break;
  case SBI_EXT_IPI:
    if (fid == 0) {
      f->x[10] = sbi_send_ipi(f->x[10], (long)f->x[11]);
      return;
    }
    break;
  case SBI_EXT_SRST:
    if (fid == 0) {
      f->x[10] = sbi_reset(f->x[10], f->x[11]);
      return;
    }
    break;
  case SBI_EXT_DBCN: sbi_dbcn(f, fid); return;
  case SBI_EXT_HYPERLAB: sbi_hyperlab(f, fid); return;
  }
  f->x[10] = SBI_ERR_NOT_SUPPORTED;
}
