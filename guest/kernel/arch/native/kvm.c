// The H-extension half of the kvm driver: CSR setup around the world switch
// (kvm_switch.S) and reading guest instructions.  The kernel runs in HS-mode
// when the CPU has H; without it none of this is ever called.
#include "riscv.h"
#include "../../defs.h"
#include "../../kvm.h"

#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HTIMEDELTAH 0x615
#define CSR_HVIP 0x645
#define CSR_HGATP 0x680
#define HGATP_SV32X4 (1u << 31)
// Exceptions the guest kernel handles itself: misaligned, access faults,
// illegal instruction, breakpoint, ecall from VU, page faults (everything
// hedeleg can delegate).  Its ecalls from VS (SBI) and guest-page faults come here.
#define HEDELEG_GUEST 0xb1ffu
#define HIDELEG_GUEST ((1u << 2) | (1u << 6) | (1u << 10))   // VSSI, VSTI, VSEI

// riscv.h's accessors stringify their argument: these expand the names above first.
#define hcsr_read(num) csr_read(num)
#define hcsr_write(num, v) csr_write(num, v)

void kvm_enter(struct kvm_cpu_ctx *ctx);

// The vCPU whose VS CSRs and G-stage root are in the hart.
static struct kvm_vs_csrs *loaded_vs;
static pte_t *loaded_root;

// The device tree's riscv,isa of the boot hart names the H extension; a
// kernel inside lkvm or under the Hyperlab VMM is told "rv32ima" and stays
// out of the CSRs it would trap on.
int arch_kvm_present(void) {
  return boot_info.has_h;
}

static void vs_save(struct kvm_vs_csrs *vs) {
  vs->vsstatus = csr_read(0x200);
  vs->vsie = csr_read(0x204);
  vs->vstvec = csr_read(0x205);
  vs->vsscratch = csr_read(0x240);
  vs->vsepc = csr_read(0x241);
  vs->vscause = csr_read(0x242);
  vs->vstval = csr_read(0x243);
  vs->vsatp = csr_read(0x280);
}

static void vs_load(struct kvm_vs_csrs *vs) {
  csr_write(0x200, vs->vsstatus);
  csr_write(0x204, vs->vsie);
  csr_write(0x205, vs->vstvec);
  csr_write(0x240, vs->vsscratch);
  csr_write(0x241, vs->vsepc);
  csr_write(0x242, vs->vscause);
  csr_write(0x243, vs->vstval);
  csr_write(0x280, vs->vsatp);
}

uint32 arch_kvm_run_guest(struct kvm_cpu_ctx *ctx, struct kvm_vs_csrs *vs, pte_t *groot, uint32 hvip) {
  if (loaded_vs != vs) {
    if (loaded_vs)
      vs_save(loaded_vs);
    vs_load(vs);
    loaded_vs = vs;
    hcsr_write(CSR_HEDELEG, HEDELEG_GUEST);
    hcsr_write(CSR_HIDELEG, HIDELEG_GUEST);
    hcsr_write(CSR_HCOUNTEREN, 7);   // cycle, time, instret readable in VS/VU
    hcsr_write(CSR_HTIMEDELTA, (uint32)vs->htimedelta);
    hcsr_write(CSR_HTIMEDELTAH, (uint32)(vs->htimedelta >> 32));
  }
  if (loaded_root != groot) {
    // Writing hgatp drops the guest's cached translations, so it happens only
    // when another VM takes the hart.
    hcsr_write(CSR_HGATP, HGATP_SV32X4 | ((uint32)groot >> 12));
    arch_kvm_gstage_flush();
    loaded_root = groot;
  }
  hcsr_write(CSR_HVIP, hvip);
  kvm_enter(ctx);
  hvip = hcsr_read(CSR_HVIP);
  hcsr_write(CSR_HVIP, 0);
  return hvip;
}

// Called before a vCPU's memory is freed: nothing of it may stay loaded.
void arch_kvm_forget(struct kvm_vs_csrs *vs) {
  if (loaded_vs == vs)
    loaded_vs = NULL;
  loaded_root = NULL;
  hcsr_write(CSR_HGATP, 0);
  arch_kvm_gstage_flush();
}

// HLVX.WU at the guest's privilege of the last trap (hstatus.SPVP): the word
// was just fetched by the guest, so both stages map it executable.
uint32 arch_kvm_fetch(uint32 pc) {
  uint32 insn;
  asm volatile(".insn r 0x73, 0x4, 0x34, %0, %1, x3" : "=r"(insn) : "r"(pc) : "memory");
  return insn;
}

void arch_kvm_inject(struct kvm_cpu_ctx *ctx, uint32 cause, uint32 tval) {
  uint32 vsstatus = csr_read(0x200);
  uint32 sie = vsstatus & SSTATUS_SIE;
  vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
  vsstatus |= (ctx->sstatus & SSTATUS_SPP) | (sie ? SSTATUS_SPIE : 0);
  csr_write(0x200, vsstatus);
  csr_write(0x241, ctx->pc);    // vsepc
  csr_write(0x242, cause);      // vscause
  csr_write(0x243, tval);       // vstval
  ctx->pc = csr_read(0x205) & ~3u;   // vstvec: exceptions go to its base in either mode
  ctx->sstatus |= SSTATUS_SPP;  // the guest kernel handles it in VS-mode
}

void arch_kvm_gstage_flush(void) {
  asm volatile(".word 0x62000073" ::: "memory");   // hfence.gvma zero, zero
}
