/* The SBI calls the kvm driver leaves to user space (it keeps set_timer and send_ipi):
 * base, the consoles (legacy and DBCN), system reset and the Hyperlab name
 * extension, the surface docs/sbi.md describes.  */
#include <stdio.h>
#include <string.h>
#include <hyperlab/sbi.h>
#include "lkvm.h"

#define SBI_IMPL_KVM 3   /* the SBI spec's implementation id for KVM */

static const char impl_name[] = "Hyperlab lkvm (KVM)";

static int probe(u32 eid) {
  switch (eid) {
  case SBI_EXT_LEGACY_PUTCHAR: case SBI_EXT_LEGACY_GETCHAR: case SBI_EXT_BASE:
  case SBI_EXT_TIME: case SBI_EXT_IPI: case SBI_EXT_SRST: case SBI_EXT_DBCN: case SBI_EXT_HYPERLAB:
    return 1;
  }
  return 0;
}

static void base(u32 fid, const u32 *a, u32 *ret) {
  static const u32 values[] = { SBI_SPEC_VERSION, SBI_IMPL_KVM, 0x00000100 };
  if (fid <= 2)
    ret[1] = values[fid];
  else if (fid == 3)
    ret[1] = probe(a[0]);
  else if (fid <= 6)
    ret[1] = 0;   /* mvendorid, marchid, mimpid */
  else
    return;
  ret[0] = SBI_SUCCESS;
}

static void dbcn(struct vm *vm, u32 fid, const u32 *a, u32 *ret) {
  if (fid == 0 || fid == 1) {
    u8 *p = a[2] == 0 ? guest_ptr(vm, a[1], a[0]) : 0;
    if (p == 0) {
      ret[0] = SBI_ERR_INVALID_PARAM;
      return;
    }
    if (fid == 0)
      console_put(vm, p, a[0]);
    ret[1] = fid == 0 ? a[0] : 0;   /* input arrives through the UART, not here */
    ret[0] = SBI_SUCCESS;
  } else if (fid == 2) {
    u8 c = a[0];
    console_put(vm, &c, 1);
    ret[0] = SBI_SUCCESS;
  }
}

static void hyperlab_name(struct vm *vm, u32 fid, const u32 *a, u32 *ret) {
  if (fid != 0)
    return;
  u8 *dst = a[1] ? guest_ptr(vm, a[0], a[1]) : 0;
  if (dst == 0) {
    ret[0] = SBI_ERR_INVALID_PARAM;
    return;
  }
  u32 n = strlen(impl_name);
  if (n > a[1] - 1)
    n = a[1] - 1;
  memcpy(dst, impl_name, n);
  dst[n] = 0;
  ret[0] = SBI_SUCCESS;
  ret[1] = strlen(impl_name);
}

int sbi_call(struct vm *vm, struct kvm_run *run) {
  u32 eid = run->riscv_sbi.extension_id, fid = run->riscv_sbi.function_id;
  const u32 *a = run->riscv_sbi.args;
  u32 *ret = run->riscv_sbi.ret;
  ret[0] = SBI_ERR_NOT_SUPPORTED;
  ret[1] = 0;
  switch (eid) {
  case SBI_EXT_LEGACY_PUTCHAR: {
    u8 c = a[0];
    console_put(vm, &c, 1);
    ret[0] = 0;
    break;
  }
  case SBI_EXT_LEGACY_GETCHAR: ret[0] = (u32)-1; break;
  case SBI_EXT_BASE: base(fid, a, ret); break;
  case SBI_EXT_DBCN: dbcn(vm, fid, a, ret); break;
  case SBI_EXT_HYPERLAB: hyperlab_name(vm, fid, a, ret); break;
  case SBI_EXT_SRST:
    if (fid != 0 || a[0] > 2) {
      ret[0] = SBI_ERR_INVALID_PARAM;
      break;
    }
    console_flush(vm);
    if (a[0] == 0 && a[1] == 0) {
      fprintf(stderr, "lkvm: guest %s powered off\n", vm->name);
      return 0;
    }
    if (a[0] == 0) {
      fprintf(stderr, "lkvm: guest %s stopped after a system failure\n", vm->name);
      return 1;
    }
    fprintf(stderr, "lkvm: guest %s rebooted; lkvm does not restart it\n", vm->name);
    return 0;
  }
  return -1;
}
