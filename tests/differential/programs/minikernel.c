/* A miniature operating system, to exercise the privileged architecture the way the lab kernel
 * does: an S-mode kernel under Sv32 runs two U-mode processes, each in its own address space
 * (the same user addresses, different frames), switching satp on every yield. The processes
 * make system calls by ecall (delegated to S), one passes a buffer the kernel reads with SUM,
 * and one ends by touching kernel memory, takes a page fault and is killed. The interleaving
 * comes from the yields alone, so the transcript is deterministic. */
#include "rt.h"

#define V 0x01u
#define R 0x02u
#define W 0x04u
#define X 0x08u
#define U 0x10u
#define A 0x40u
#define D 0x80u
#define UCODE 0x00400000u
#define USTACK 0x00401000u

enum { SYS_PUTC = 1, SYS_YIELD, SYS_EXIT, SYS_WRITE };

/* The user program, position independent: a0 = its letter. Prints letter+digit five times,
 * yielding after each; then writes a message from its stack with SYS_WRITE; then process 'B'
 * loads from kernel memory and 'A' exits with code 7. */
__asm__(".globl user_start, user_end\n"
        "user_start:\n"
        " mv s0, a0\n li s1, 0\n"
        "1: mv a0, s0\n li a7, 1\n ecall\n"
        " addi a0, s1, 48\n li a7, 1\n ecall\n"
        " li a7, 2\n ecall\n"
        " addi s1, s1, 1\n li t0, 5\n blt s1, t0, 1b\n"
        " addi sp, sp, -16\n li t0, 0x64616f6c\n sw t0, 0(sp)\n li t0, 0x0a216465\n sw t0, 4(sp)\n"
        " mv a0, sp\n li a1, 8\n li a7, 4\n ecall\n"
        " li t0, 66\n bne s0, t0, 2f\n"
        " li t1, 0x80000000\n lw t1, 0(t1)\n"
        "2: li a0, 7\n li a7, 3\n ecall\n"
        "3: j 3b\n"
        "user_end:\n");
extern const u32 user_start[], user_end[];

struct proc {
  char name;
  u32 satp, alive;
  struct trapframe tf;
};

static u32 l2k[1024] __attribute__((aligned(4096)));
static u32 roots[2][1024] __attribute__((aligned(4096)));
static u32 l2u[2][1024] __attribute__((aligned(4096)));
static u32 ucode[2][1024] __attribute__((aligned(4096)));
static u32 ustack[2][1024] __attribute__((aligned(4096)));
static struct proc procs[2];
static u32 current, syscalls, switches;

static u32 pte(u32 pa, u32 flags) { return ((pa >> 12) << 10) | flags; }

static void build_spaces(void) {
  for (u32 i = 0; i < 1024; i++) l2k[i] = pte(0x80000000u + i * 4096, V | R | W | X | A | D);
  for (u32 p = 0; p < 2; p++) {
    u32 n = (u32)(user_end - user_start);
    for (u32 i = 0; i < n; i++) ucode[p][i] = user_start[i];
    roots[p][0x80000000u >> 22] = pte((u32)l2k, V);
    roots[p][UART0 >> 22] = pte(UART0 & ~0x3fffffu, V | R | W | A | D);
    roots[p][UCODE >> 22] = pte((u32)l2u[p], V);
    l2u[p][0] = pte((u32)ucode[p], V | R | X | U | A);
    l2u[p][1] = pte((u32)ustack[p], V | R | W | U | A | D);
    procs[p].name = (char)('A' + p);
    procs[p].satp = 0x80000000u | ((u32)roots[p] >> 12);
    procs[p].alive = 1;
    procs[p].tf.epc = UCODE;
    procs[p].tf.x[2] = USTACK + 4096;
    procs[p].tf.x[10] = (u32)procs[p].name;
  }
  __asm__ volatile("fence.i");
}

static void switch_to(struct trapframe *f, u32 next) {
  if (next != current) switches++;
  current = next;
  *f = procs[current].tf;
  csr_write(satp, procs[current].satp);
  __asm__ volatile("sfence.vma" ::: "memory");
}

/* Picks the next live process after the current one, or ends the run when none is left. */
static void schedule(struct trapframe *f) {
  for (u32 k = 1; k <= 2; k++) {
    u32 next = (current + k) % 2;
    if (procs[next].alive) {
      switch_to(f, next);
      return;
    }
  }
  pr("\nkernel: all exited after %u system calls and %u switches\n", syscalls, switches);
  register u32 a0 __asm__("a0") = 0;
  register u32 a7 __asm__("a7") = RT_RETURN_ECALL;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
}

static void sys_write(u32 ptr, u32 len) {
  csr_set(sstatus, MSTATUS_SUM);
  puts("[");
  for (u32 i = 0; i < len; i++) putc(((volatile char *)ptr)[i] == '\n' ? '|' : ((volatile char *)ptr)[i]);
  puts("]");
  csr_clear(sstatus, MSTATUS_SUM);
}

static int kernel_trap(struct trapframe *f) {
  struct proc *p = &procs[current];
  if (f->cause == 8) {
    syscalls++;
    f->epc += 4;
    switch (f->x[17]) {
    case SYS_PUTC: putc((char)f->x[10]); return 1;
    case SYS_WRITE: sys_write(f->x[10], f->x[11]); return 1;
    case SYS_YIELD: p->tf = *f; schedule(f); return 1;
    case SYS_EXIT:
      pr("\nkernel: %c exited with %u\n", p->name, f->x[10]);
      p->alive = 0;
      schedule(f);
      return 1;
    }
  }
  pr("\nkernel: %c killed: scause=%u stval=%x sepc=+%x\n", p->name, f->cause, f->tval, f->epc - UCODE);
  p->alive = 0;
  schedule(f);
  return 1;
}

/* Runs in S-mode: installs the kernel's trap handler and enters process A. */
static u32 kernel_main(u32 _) {
  (void)_;
  csr_write(stvec, (u32)rt_strap_vector);
  current = 0;
  csr_write(satp, procs[0].satp);
  __asm__ volatile("sfence.vma" ::: "memory");
  csr_clear(sstatus, MSTATUS_SPP);
  csr_set(sstatus, MSTATUS_SPIE);
  csr_write(sepc, UCODE);
  __asm__ volatile("mv a0, %0\n mv sp, %1\n sret" : : "r"(procs[0].tf.x[10]), "r"(procs[0].tf.x[2]) : "a0", "memory");
  return 1; /* not reached */
}

int main(void) {
  build_spaces();
  rt_strap_hook = kernel_trap;
  csr_write(medeleg, (1u << 8) | (1u << 12) | (1u << 13) | (1u << 15) | (1u << 2));
  u32 r = rt_run_in_mode(PRV_S, kernel_main, 0);
  csr_write(satp, 0);
  __asm__ volatile("sfence.vma" ::: "memory");
  csr_write(medeleg, 0);
  pr("back in M: %u; user pages: code flags %x, stack flags %x\n", r, l2u[0][0] & 0xff, l2u[0][1] & 0xff);
  return 0;
}
