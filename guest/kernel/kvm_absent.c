// The arch half of the kvm driver for flavours without one (pv, um): weak
// definitions that arch/<flavour>/kvm.c replaces where the flavour runs in
// HS-mode.  Here /dev/kvm exists and opening it fails with ENXIO.
#include "defs.h"
#include "kvm.h"

__attribute__((weak)) int arch_kvm_present(void) {
  return 0;
}

__attribute__((weak)) uint32 arch_kvm_run_guest(struct kvm_cpu_ctx *ctx, struct kvm_vs_csrs *vs,
                                                pte_t *groot, uint32 hvip) {
  (void)ctx, (void)vs, (void)groot, (void)hvip;
  panic("kvm: this kernel flavour cannot run guests");
}

__attribute__((weak)) void arch_kvm_forget(struct kvm_vs_csrs *vs) {
  (void)vs;
}

__attribute__((weak)) uint32 arch_kvm_fetch(uint32 pc) {
  (void)pc;
  return 0;
}

__attribute__((weak)) void arch_kvm_gstage_flush(void) {}

__attribute__((weak)) void arch_kvm_inject(struct kvm_cpu_ctx *ctx, uint32 cause, uint32 tval) {
  (void)ctx, (void)cause, (void)tval;
}
