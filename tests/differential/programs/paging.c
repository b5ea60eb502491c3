/* Sv32 paging from S- and U-mode: 4 KiB and 4 MiB pages, the accessed and dirty bits as the
 * hardware sets them, page faults of each kind (load 13, store 15, fetch 12) with the faulting
 * address in mtval, permission checks (R/W/X, U, SUM, MXR, W without R, a misaligned
 * megapage, a non-leaf at level 0), sfence.vma after a PTE change, and MPRV in M-mode. */
#include "rt.h"

#define V 0x01u
#define R 0x02u
#define W 0x04u
#define X 0x08u
#define U 0x10u
#define G 0x20u
#define A 0x40u
#define D 0x80u

static u32 *root, *l2;
static u32 pages; /* physical base of the data pages */
static volatile u32 traps, t_cause, t_tval;

static int on_trap(struct trapframe *f) {
  traps++;
  t_cause = f->cause;
  t_tval = f->tval;
  /* A fetch fault's epc is the bad target: return to the caller instead, or from U (whose
   * caller is not on a U page) straight to the M code that started it. */
  if ((f->cause == 12 || f->cause == 1) && ((f->status >> 11) & 3) == PRV_U) rt_resume_ctx(0xdead);
  f->epc = (f->cause == 12 || f->cause == 1) ? f->x[1] : f->epc + 4;
  return 1;
}

static u32 pte(u32 pa, u32 flags) { return ((pa >> 12) << 10) | flags; }
static u32 page(u32 i) { return pages + i * 4096; }

static void report(const char *what, u32 v) {
  pr("%s: value=%x traps=%u", what, v, traps);
  if (traps) pr(" cause=%u tval=%x", t_cause, t_tval);
  puts("\n");
  traps = 0;
}

static u32 load(u32 va) { return *(volatile u32 *)va; }
static u32 store(u32 va) {
  *(volatile u32 *)va = 0x5a5a0000u | (va & 0xffff);
  return 0;
}
static u32 exec(u32 va) { return ((u32(*)(u32))va)(41); }
static u32 amo(u32 va) {
  u32 r;
  __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(r) : "r"(va), "r"(1) : "memory");
  return r;
}

static void sfence(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

/* Maps the 4 KiB page at VA 0x40000000 + i*4096. */
static void map4k(u32 i, u32 pa, u32 flags) {
  l2[i] = pte(pa, flags);
  sfence();
}

static void setup(void) {
  u32 free = ((u32)__free_start + 4095) & ~4095u;
  root = (u32 *)free;
  l2 = (u32 *)(free + 4096);
  pages = free + 8192;
  memset(root, 0, 8192);
  for (u32 i = 0; i < 8; i++) {
    u32 *p = (u32 *)page(i);
    for (u32 j = 0; j < 1024; j++) p[j] = 0x10000000u * i + j;
    p[0] = 0x00150513; /* addi a0, a0, 1 */
    p[1] = 0x00008067; /* ret */
    p[2] = 0x00150513; /* addi a0, a0, 1: the entry for U-mode, which returns by ecall */
    p[3] = 0x7e700893; /* li a7, RT_RETURN_ECALL */
    p[4] = 0x00000073; /* ecall */
  }
  /* The program itself: a 4 MiB identity megapage, S-only, A and D preset. */
  root[0x80000000u >> 22] = pte(0x80000000u, V | R | W | X | A | D);
  /* VA 0x40000000..0x403fffff through a second-level table. */
  root[0x40000000u >> 22] = pte((u32)l2, V);
  /* VA 0xc0000000: a 4 MiB page onto the second 4 MiB of RAM. */
  root[0xc0000000u >> 22] = pte(0x80400000u, V | R | W | A | D);
  /* VA 0xc0400000: a megapage whose PPN[0] is not zero, which is reserved. */
  root[0xc0400000u >> 22] = pte(0x80401000u, V | R | W | A | D);
  /* VA 0xc0800000: a pointer to a next level at level 0 (l2 itself used as a leaf table). */
  l2[10] = pte((u32)l2, V);
  csr_write(satp, 0x80000000u | ((u32)root >> 12));
  sfence();
}

static void basic(void) {
  map4k(0, page(0), V | R | W | X);
  report("S load 4K", rt_run_in_mode(PRV_S, load, 0x40000008));
  pr("pte after load: flags=%x\n", l2[0] & 0xff);
  rt_run_in_mode(PRV_S, store, 0x40000010);
  report("S store 4K", load(page(0) + 0x10));
  pr("pte after store: flags=%x\n", l2[0] & 0xff);
  map4k(0, page(0), V | R | W | X | A | D);
  report("S exec 4K", rt_run_in_mode(PRV_S, exec, 0x40000000));
  report("S amoadd 4K", rt_run_in_mode(PRV_S, amo, 0x40000020));
  report("amo result", load(page(0) + 0x20));
  map4k(1, page(1), V | R);
  rt_run_in_mode(PRV_S, store, 0x40001004);
  report("store with W clear: A/D untouched?", l2[1] & 0xff);
  /* (QEMU 7.2 sets A here, as if the AMO's read were a separate load: flags not compared.) */
  rt_run_in_mode(PRV_S, amo, 0x40001004);
  report("amo with W clear", 0);
  map4k(1, page(1), V | W);
  rt_run_in_mode(PRV_S, load, 0x40001004);
  report("load from W-without-R (reserved)", 0);
  map4k(1, page(1), V | R | W);
  rt_run_in_mode(PRV_S, exec, 0x40001000);
  report("exec without X", l2[1] & 0xff);
  map4k(1, page(1), R | W | X);
  rt_run_in_mode(PRV_S, load, 0x40001008);
  report("load from invalid PTE", 0);
  report("load unmapped", rt_run_in_mode(PRV_S, load, 0x40005000));
  rt_run_in_mode(PRV_S, store, 0x00001000);
  report("store with no level-1 PTE", 0);
  rt_run_in_mode(PRV_S, load, 0x40000ffe);
  report("misaligned load across into an unmapped page", 0);
}

static void mega(void) {
  *(volatile u32 *)(0x80400000u + 0x1000 * 3 + 4) = 0x4d454741;
  report("S load 4M", rt_run_in_mode(PRV_S, load, 0xc0000000u + 0x1000 * 3 + 4));
  pr("megapage pte flags=%x\n", root[0xc0000000u >> 22] & 0xff);
  rt_run_in_mode(PRV_S, load, 0xc0400000u);
  report("load from misaligned megapage", 0);
  rt_run_in_mode(PRV_S, load, 0x4000a000u);
  report("level-0 pointer PTE", 0);
}

static void user_bits(void) {
  map4k(2, page(2), V | R | W | X | U | A | D);
  map4k(3, page(3), V | X | U | A);
  map4k(4, page(4), V | X | A);
  report("S load U page, SUM=0", rt_run_in_mode(PRV_S, load, 0x40002004));
  csr_set(mstatus, MSTATUS_SUM);
  report("S load U page, SUM=1", rt_run_in_mode(PRV_S, load, 0x40002004));
  report("S exec U page, SUM=1", rt_run_in_mode(PRV_S, exec, 0x40002000));
  csr_clear(mstatus, MSTATUS_SUM);
  report("S load X-only page, MXR=0", rt_run_in_mode(PRV_S, load, 0x40004008));
  csr_set(mstatus, MSTATUS_MXR);
  report("S load X-only page, MXR=1", rt_run_in_mode(PRV_S, load, 0x40004008));
  csr_clear(mstatus, MSTATUS_MXR);
  report("U exec U page", rt_run_in_mode(PRV_U, (u32(*)(u32))0x40002008u, 1));
  map4k(2, page(2), V | R | W | X | A | D);
  report("U exec S page", rt_run_in_mode(PRV_U, (u32(*)(u32))0x40002008u, 1));
  map4k(3, page(3), V | R | W | X | U | A | D);
  report("U exec another U page", rt_run_in_mode(PRV_U, (u32(*)(u32))0x40003008u, 5));
}

static void refill(void) {
  map4k(5, page(5), V | R | W | A | D);
  report("before remap", rt_run_in_mode(PRV_S, load, 0x40005020));
  l2[5] = pte(page(6), V | R | W | A | D);
  sfence();
  report("after remap + sfence.vma", rt_run_in_mode(PRV_S, load, 0x40005020));
}

static void mprv(void) {
  map4k(7, page(7), V | R | W | A | D);
  u32 v;
  csr_clear(mstatus, MSTATUS_MPP);
  csr_set(mstatus, (1u << 11) | MSTATUS_MPRV);
  v = *(volatile u32 *)0x40007020u;
  csr_clear(mstatus, MSTATUS_MPRV);
  report("M load with MPRV, MPP=S", v);
  csr_set(mstatus, MSTATUS_MPRV);
  v = *(volatile u32 *)0x40009000u;
  csr_clear(mstatus, MSTATUS_MPRV);
  report("M load with MPRV from an unmapped VA", v);
  csr_set(mstatus, MSTATUS_MPP);
  v = *(volatile u32 *)(page(7) + 0x24);
  report("M load with MPP=M (MPRV off)", v);
}

int main(void) {
  rt_mtrap_hook = on_trap;
  setup();
  basic();
  mega();
  user_bits();
  refill();
  mprv();
  csr_write(satp, 0);
  sfence();
  puts("paging: done\n");
  return 0;
}
