/* The H extension (QEMU -cpu rv32,h=true): M delegates to an HS-mode hypervisor, which builds a
 * G-stage (Sv32x4) table and enters a VS-mode guest whose own Sv32 table sits on top of it. The
 * guest reads and writes through both stages (megapages and 4 KiB pages), takes its own page fault, takes guest-page faults into HS (load, store, and one on the
 * VS-stage walk itself), asks HS by ecall to inject virtual interrupts through hvip (taken by
 * priority, as SSI and STI), is refused a hypervisor CSR (virtual instruction) and reads time
 * with htimedelta. HS also uses HLV. Everything observed is logged and printed at the end.
 * Guest physical addresses stay below 4 GiB: QEMU 7.2 truncates them to 32 bits on RV32 (a
 * G-stage walk of 0x2_0000_8000 looks up 0x8000), so the 34-bit space is tested in
 * engine/machine/hart-hypervisor.test.ts only. QEMU 7.2 also keeps mideleg's VS-level bits
 * writable and 0 at reset (the spec makes them read-only one), so M sets them and does not print
 * mideleg. Nor does the guest print sip or sie: QEMU 7.2 reads vsip and vsie as 0 whatever
 * hip and hie hold (the engine shows the delegated VS-level bits, as the spec says). */
#include "rt.h"

#define HSTATUS_GVA (1u << 6)
#define HSTATUS_SPV (1u << 7)
#define HSTATUS_SPVP (1u << 8)
#define PTE_V 0x01u
#define PTE_R 0x02u
#define PTE_W 0x04u
#define PTE_X 0x08u
#define PTE_U 0x10u
#define PTE_AD 0xc0u
#define IRQ_VSSI 2
#define IRQ_VSTI 6

/* ecall numbers (a7) the guest uses to ask the hypervisor for something */
#define HC_TIMER_ON 1
#define HC_TIMER_OFF 2
#define HC_BOTH_ON 3

static u32 groot[4096] __attribute__((aligned(16384))); /* G-stage root: 16 KiB */
static u32 gl0[1024] __attribute__((aligned(4096)));
static u32 vsroot[1024] __attribute__((aligned(4096)));
static u32 vsl0[1024] __attribute__((aligned(4096)));
static u32 vsl0b[1024] __attribute__((aligned(4096)));
static u32 data_page[1024] __attribute__((aligned(4096)));
static u32 guest_stack[512] __attribute__((aligned(16)));
static u32 guest_trap_stack[256] __attribute__((aligned(16)));

static volatile u32 logbuf[128];
static volatile u32 nlog;

static void note(u32 tag, u32 a, u32 b, u32 c, u32 d) {
  if (nlog + 5 > 128) return;
  logbuf[nlog++] = tag;
  logbuf[nlog++] = a;
  logbuf[nlog++] = b;
  logbuf[nlog++] = c;
  logbuf[nlog++] = d;
}

static u32 leaf(u64 addr, u32 flags) { return (u32)((addr >> 12) << 10) | flags | PTE_V | PTE_AD; }
static u32 table(void *t) { return (u32)(((u32)t >> 12) << 10) | PTE_V; }

/* clang 14 has the H CSR names but not the instructions. */
static inline u32 hlv_w(u32 va) {
  u32 v;
  __asm__ volatile(".insn r 0x73, 4, 0x34, %0, %1, x0" : "=r"(v) : "r"(va) : "memory");
  return v;
}

static void build_tables(void) {
  /* G-stage: guest physical 0x8000_0000 (4 MiB) and 0xc000_0000 (4 MiB) both map RAM at
   * 0x8000_0000; 0x8040_0000 is a 4 KiB data page, 0x8040_1000 the same page read-only,
   * 0x8040_2000 and everything else unmapped. All at U level, as the G-stage requires. */
  groot[0x80000000u >> 22] = leaf(0x80000000u, PTE_R | PTE_W | PTE_X | PTE_U);
  groot[0xc0000000u >> 22] = leaf(0x80000000u, PTE_R | PTE_W | PTE_X | PTE_U);
  groot[0x80400000u >> 22] = table(gl0);
  gl0[0] = leaf((u32)data_page, PTE_R | PTE_W | PTE_U);
  gl0[1] = leaf((u32)data_page, PTE_R | PTE_U);
  /* VS-stage (the guest's): its kernel at 0x8000_0000 identity; 0xc000_0000 on guest physical
   * 0xc000_0000; 0x4000_0000.. pages onto the G-stage pages above; 0x4000_3000 not mapped;
   * 0x5000_0000 through a second-level table the G-stage does not map. */
  vsroot[0x80000000u >> 22] = leaf(0x80000000u, PTE_R | PTE_W | PTE_X);
  vsroot[0xc0000000u >> 22] = leaf(0xc0000000u, PTE_R | PTE_W);
  vsroot[0x40000000u >> 22] = table(vsl0);
  vsl0[0] = leaf(0x80400000u, PTE_R | PTE_W);
  vsl0[1] = leaf(0x80401000u, PTE_R | PTE_W);
  vsl0[2] = leaf(0x80402000u, PTE_R | PTE_W);
  vsroot[0x50000000u >> 22] = (0x80403000u >> 12) << 10 | PTE_V;
  (void)vsl0b;
}

/* ---- the guest (VS-mode) ---- */

static void hypercall(u32 n) {
  register u32 a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : : "r"(a7) : "memory");
}

void guest_trap(void) {
  u32 cause = csr_read(scause);
  note(0x65, cause, csr_read(stval), csr_read(sstatus) & MSTATUS_SPP, 0);
  if (cause == (CAUSE_IRQ | 1)) {
    csr_clear(sip, 1u << 1); /* clears hvip.VSSIP */
  } else if (cause == (CAUSE_IRQ | 5)) {
    csr_clear(sie, 1u << 5);
    hypercall(HC_TIMER_OFF);
  } else {
    csr_write(sepc, csr_read(sepc) + 4);
  }
}

__asm__(".align 4\n"
        "guest_vector:\n"
        "  csrrw sp, sscratch, sp\n"
        "  addi sp, sp, -64\n"
        "  sw ra, 0(sp)\n  sw t0, 4(sp)\n  sw t1, 8(sp)\n  sw t2, 12(sp)\n"
        "  sw a0, 16(sp)\n  sw a1, 20(sp)\n  sw a2, 24(sp)\n  sw a3, 28(sp)\n"
        "  sw a4, 32(sp)\n  sw a5, 36(sp)\n  sw a6, 40(sp)\n  sw a7, 44(sp)\n"
        "  sw t3, 48(sp)\n  sw t4, 52(sp)\n  sw t5, 56(sp)\n  sw t6, 60(sp)\n"
        "  call guest_trap\n"
        "  lw ra, 0(sp)\n  lw t0, 4(sp)\n  lw t1, 8(sp)\n  lw t2, 12(sp)\n"
        "  lw a0, 16(sp)\n  lw a1, 20(sp)\n  lw a2, 24(sp)\n  lw a3, 28(sp)\n"
        "  lw a4, 32(sp)\n  lw a5, 36(sp)\n  lw a6, 40(sp)\n  lw a7, 44(sp)\n"
        "  lw t3, 48(sp)\n  lw t4, 52(sp)\n  lw t5, 56(sp)\n  lw t6, 60(sp)\n"
        "  addi sp, sp, 64\n"
        "  csrrw sp, sscratch, sp\n"
        "  sret\n");
extern char guest_vector[];

static u32 rd(u32 va) { return *(volatile u32 *)va; }
static void wr(u32 va, u32 v) { *(volatile u32 *)va = v; }

void guest_main(void) {
  u32 off = (u32)data_page - 0x80000000u;
  note(0x11, rd(0x40000000u), rd(0xc0000000u + off), rd(0x40001000u), csr_read(sstatus));
  wr(0x40000004u, 0x1234);
  note(0x12, rd(0xc0000000u + off + 4), 0, 0, 0);
  (void)rd(0x40003000u); /* VS-stage page fault: the guest's own (hedeleg) */
  (void)rd(0x40002000u); /* load guest-page fault: HS */
  wr(0x40001004u, 5);    /* store guest-page fault: HS */
  (void)rd(0x50000000u); /* guest-page fault on the VS-stage walk: HS */
  (void)csr_read(hstatus); /* virtual instruction: HS */
  note(0x13, csr_read(timeh), 0, 0, 0);
  /* virtual interrupts through hvip: timer alone, then software and timer together */
  csr_set(sie, (1u << 1) | (1u << 5));
  csr_set(sstatus, MSTATUS_SIE);
  hypercall(HC_TIMER_ON);
  note(0x14, 0, 0, 0, 0);
  csr_set(sie, 1u << 5);
  hypercall(HC_BOTH_ON);
  csr_clear(sstatus, MSTATUS_SIE);
  note(0x15, 0, 0, 0, 0);
  register u32 a0 __asm__("a0") = 0x600d;
  register u32 a7 __asm__("a7") = RT_RETURN_ECALL;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
  for (;;) {
  }
}

/* ---- the hypervisor (HS-mode) ---- */

static int hs_trap(struct trapframe *f) {
  if (f->cause == 10) {
    u32 n = f->x[17];
    if (n == RT_RETURN_ECALL) {
      register u32 a0 __asm__("a0") = f->x[10];
      register u32 a7 __asm__("a7") = RT_RETURN_ECALL;
      __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
    }
    if (n == HC_TIMER_ON) csr_set(hvip, 1u << IRQ_VSTI);
    if (n == HC_TIMER_OFF) csr_clear(hvip, 1u << IRQ_VSTI);
    if (n == HC_BOTH_ON) csr_set(hvip, (1u << IRQ_VSTI) | (1u << IRQ_VSSI));
    note(0x48, n, csr_read(hstatus) & (HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA), csr_read(hip), 0);
    f->epc += 4;
    return 1;
  }
  /* hstatus's SPV/SPVP/GVA and htinst (0, or 0x2000 for the walk's own read) do not overlap */
  note(0x68, f->cause, f->tval, csr_read(htval),
       (csr_read(hstatus) & (HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA)) | csr_read(htinst));
  f->epc += 4;
  return 1;
}

static u32 hs_main(u32 arg) {
  (void)arg;
  csr_write(stvec, (u32)rt_strap_vector);
  csr_write(hgatp, 0x80000000u | ((u32)groot >> 12));
  csr_write(vsatp, 0x80000000u | ((u32)vsroot >> 12));
  csr_write(vstvec, (u32)guest_vector);
  csr_write(vsscratch, (u32)&guest_trap_stack[256]);
  csr_write(hideleg, (1u << IRQ_VSTI) | (1u << IRQ_VSSI));
  csr_write(hedeleg, 1u << 13);
  csr_write(htimedelta, 0);
  csr_write(htimedeltah, 0x12345678);
  csr_write(hcounteren, 7);
  /* HLV from HS-mode: as though V=1 at SPVP (VS) */
  csr_write(hstatus, HSTATUS_SPVP);
  note(0x70, hlv_w(0x40000000u), hlv_w(0xc0000000u + ((u32)data_page - 0x80000000u)), 0, 0);
  (void)hlv_w(0x40002000u); /* guest-page fault into HS itself: SPV=0 but GVA=1 */
  /* enter the guest */
  csr_write(hstatus, HSTATUS_SPV | HSTATUS_SPVP);
  csr_set(sstatus, MSTATUS_SPP);
  csr_write(sepc, (u32)guest_main);
  __asm__ volatile("mv sp, %0\n sret" : : "r"(&guest_stack[512]) : "memory");
  return 0;
}

int main(void) {
  build_tables();
  data_page[0] = 0xd00dfeed;
  pr("misa=%x\n", csr_read(misa));
  csr_write(mcounteren, 7);
  /* Read-only one in the spec (and here); QEMU 7.2 leaves them writable and starts them at 0. */
  csr_set(mideleg, (1u << 10) | (1u << IRQ_VSTI) | (1u << IRQ_VSSI));
  csr_write(medeleg, (1u << 10) | (1u << 13) | (1u << 20) | (1u << 21) | (1u << 22) | (1u << 23));
  rt_strap_hook = hs_trap;
  u32 r = rt_run_in_mode(PRV_S, hs_main, 0);
  pr("back in M: %x mstatush=%x\n", r, csr_read(mstatush));
  for (u32 i = 0; i + 5 <= nlog; i += 5) {
    pr("%x: %x %x %x %x\n", logbuf[i], logbuf[i + 1], logbuf[i + 2], logbuf[i + 3], logbuf[i + 4]);
  }
  pr("data page: %x %x\n", data_page[0], data_page[1]);
  return 0;
}
