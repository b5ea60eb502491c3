/* More Sv32: accessed and dirty bits on a megapage and on a page whose A is already set, a
 * store to a clean page, U-mode accesses to U and S pages, MPRV with MPP=U and with SUM and MXR,
 * misaligned accesses that cross into a second mapped page, an sfence.vma for one address, a
 * satp switch between two address spaces, and a PTE's RSW bits, which hardware ignores. */
#include "rt.h"

#define V 0x01u
#define R 0x02u
#define W 0x04u
#define X 0x08u
#define U 0x10u
#define A 0x40u
#define D 0x80u

static u32 root[1024] __attribute__((aligned(4096)));
static u32 root2[1024] __attribute__((aligned(4096)));
static u32 l2[1024] __attribute__((aligned(4096)));
static u8 pages[8][4096] __attribute__((aligned(4096)));
static volatile u32 traps, t_cause, t_tval;

static int on_trap(struct trapframe *f) {
  traps++;
  t_cause = f->cause;
  t_tval = f->tval;
  if ((f->cause == 12 || f->cause == 1) && ((f->status >> 11) & 3) == PRV_U) rt_resume_ctx(0xdead);
  f->epc = (f->cause == 12 || f->cause == 1) ? f->x[1] : f->epc + 4;
  return 1;
}

static u32 pte(u32 pa, u32 flags) { return ((pa >> 12) << 10) | flags; }
static void sfence(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static void sfence_va(u32 va) { __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory"); }

static void report(const char *what, u32 v) {
  pr("%s: value=%x traps=%u", what, v, traps);
  if (traps) pr(" cause=%u tval=%x", t_cause, t_tval);
  puts("\n");
  traps = 0;
}

static u32 load(u32 va) { return *(volatile u32 *)va; }
static u32 load_half(u32 va) { return *(volatile u16 *)va; }
static u32 store(u32 va) {
  *(volatile u32 *)va = 0xc0de0000u | (va & 0xffff);
  return 0;
}
/* U-mode code must live on a U page: these run from the `pages` identity mapping below. */
static u32 *ucode(void) { return (u32 *)pages[7]; }

static void setup(void) {
  for (u32 i = 0; i < 7; i++)
    for (u32 j = 0; j < 4096; j += 4) *(u32 *)&pages[i][j] = (i << 24) | j;
  root[0x80000000u >> 22] = pte(0x80000000u, V | R | W | X | A | D);
  root[0x40000000u >> 22] = pte((u32)l2, V);
  root[0xc0000000u >> 22] = pte(0x80400000u, V | R | W); /* A and D clear */
  for (u32 i = 0; i < 8; i++) l2[i] = pte((u32)pages[i], V | R | W | A | D);
  /* U code page: lw a0, 0(a0); li a7, RT_RETURN_ECALL; ecall  /  sw a0, 0(a0); same. */
  u32 *c = ucode();
  c[0] = 0x00052503; c[1] = 0x7e700893; c[2] = 0x00000073;
  c[3] = 0x00a52023; c[4] = 0x7e700893; c[5] = 0x00000073;
  __asm__ volatile("fence.i");
  l2[7] = pte((u32)pages[7], V | R | X | U | A);
  memcpy(root2, root, sizeof root);
  csr_write(satp, 0x80000000u | ((u32)root >> 12));
  sfence();
}

static void accessed_dirty(void) {
  report("load megapage", rt_run_in_mode(PRV_S, load, 0xc0000010));
  pr("megapage flags after load: %x\n", root[0xc0000000u >> 22] & 0xff);
  rt_run_in_mode(PRV_S, store, 0xc0000010);
  report("store megapage", load(0x80400010));
  pr("megapage flags after store: %x\n", root[0xc0000000u >> 22] & 0xff);
  l2[1] = pte((u32)pages[1], V | R | W | A);
  sfence();
  rt_run_in_mode(PRV_S, store, 0x40001020);
  report("store to a clean page", load((u32)pages[1] + 0x20));
  pr("flags: %x\n", l2[1] & 0xff);
  l2[2] = pte((u32)pages[2], V | R | W | 0x300); /* RSW bits set */
  sfence();
  report("load through a PTE with RSW bits", rt_run_in_mode(PRV_S, load, 0x40002040));
  pr("flags: %x rsw: %x\n", l2[2] & 0xff, (l2[2] >> 8) & 3);
}

static void user_mode(void) {
  u32 (*uload)(u32) = (u32(*)(u32))(0x40007000u);
  u32 (*ustore)(u32) = (u32(*)(u32))(0x4000700cu);
  l2[3] = pte((u32)pages[3], V | R | W | U | A | D);
  sfence();
  report("U load from U page", rt_run_in_mode(PRV_U, uload, 0x40003010));
  report("U store to U page", rt_run_in_mode(PRV_U, ustore, 0x40003014));
  report("U load from S page", rt_run_in_mode(PRV_U, uload, 0x40004010));
  report("U store to S page", rt_run_in_mode(PRV_U, ustore, 0x40004010));
  csr_set(mstatus, MSTATUS_SUM);
  report("U load from S page with SUM", rt_run_in_mode(PRV_U, uload, 0x40004010));
  csr_clear(mstatus, MSTATUS_SUM);
  report("U load from its R-X-U code page", rt_run_in_mode(PRV_U, uload, 0x40007000));
}

static u32 mprv_load(u32 mpp, u32 extra, u32 va) {
  csr_clear(mstatus, MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
  csr_set(mstatus, (mpp << 11) | extra | MSTATUS_MPRV);
  u32 v = *(volatile u32 *)va;
  csr_clear(mstatus, MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR);
  csr_set(mstatus, MSTATUS_MPP);
  return v;
}

static void mprv(void) {
  report("MPRV MPP=U, U page", mprv_load(PRV_U, 0, 0x40003010));
  report("MPRV MPP=U, S page", mprv_load(PRV_U, 0, 0x40004010));
  report("MPRV MPP=S, U page", mprv_load(PRV_S, 0, 0x40003010));
  report("MPRV MPP=S, U page, SUM", mprv_load(PRV_S, MSTATUS_SUM, 0x40003010));
  l2[5] = pte((u32)pages[5], V | X | A);
  sfence();
  report("MPRV MPP=S, X-only page", mprv_load(PRV_S, 0, 0x40005010));
  report("MPRV MPP=S, X-only page, MXR", mprv_load(PRV_S, MSTATUS_MXR, 0x40005010));
}

static void crossing(void) {
  l2[5] = pte((u32)pages[5], V | R | W | A | D);
  l2[6] = pte((u32)pages[6], V | R | W | A | D);
  sfence();
  report("misaligned word across two pages", rt_run_in_mode(PRV_S, load, 0x40005ffe));
  report("misaligned half across two pages", rt_run_in_mode(PRV_S, load_half, 0x40005fff));
  rt_run_in_mode(PRV_S, store, 0x40005ffd);
  report("misaligned store across", load((u32)pages[5] + 0xffc) ^ load((u32)pages[6]));
  l2[6] = pte((u32)pages[6], V | R | A | D);
  sfence();
  rt_run_in_mode(PRV_S, store, 0x40005ffe);
  report("misaligned store into a read-only second page", load((u32)pages[5] + 0xffc));
}

static void switching(void) {
  /* One address, two address spaces. */
  root2[0x40000000u >> 22] = pte(0x80400000u, V | R | W | A | D);
  report("space 1", rt_run_in_mode(PRV_S, load, 0x40001000));
  csr_write(satp, 0x80000000u | ((u32)root2 >> 12));
  sfence();
  *(volatile u32 *)0x80401000u = 0x5ace2;
  report("space 2", rt_run_in_mode(PRV_S, load, 0x40001000));
  csr_write(satp, 0x80000000u | ((u32)root >> 12));
  sfence();
  /* sfence.vma for one address after changing its PTE. */
  l2[1] = pte((u32)pages[2], V | R | W | A | D);
  sfence_va(0x40001000);
  report("after sfence.vma of that address", rt_run_in_mode(PRV_S, load, 0x40001000));
}

int main(void) {
  rt_mtrap_hook = on_trap;
  setup();
  accessed_dirty();
  user_mode();
  mprv();
  crossing();
  switching();
  csr_write(satp, 0);
  sfence();
  puts("paging2: done\n");
  return 0;
}
