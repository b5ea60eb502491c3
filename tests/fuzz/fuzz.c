/* Random instruction words run in M, S or U mode. Reads "MODE SEED\n" from the UART (MODE is
 * M, S or U, SEED hex), fills 4 MiB with 2^20 random words from the seed and runs them: every
 * trap (they are taken in M) counts its cause and resumes at the next word with freshly seeded
 * registers, and a timer interrupt breaks any loop. S and U run under Sv32 with identity
 * megapages over the code, a data area and the devices. When all words have had their turn it
 * prints the counts and powers off. */
#include "rt.h"

#define WORDS (1u << 20)
#define CODE 0x80400000u
#define DATA 0x80800000u
#define AREA 0x00400000u
#define TIMER_TICKS 200 /* 20k instructions on the engine: loops end quickly */

u32 fuzz_regs[32];
void fuzz_vector(void);
u32 fuzz_on_trap(u32 cause, u32 epc, u32 tval);
static u32 cursor, seed, mode, satp_value, traps;
static u32 counts[64];
static u32 root[1024] __attribute__((aligned(4096)));

static u32 rnd(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

/* A register value: mostly a pointer into the data area, sometimes code, a device, an
 * unmapped address, a small number or anything. */
static u32 reg_value(void) {
  u32 r = rnd(), kind = r & 31;
  if (kind < 20) return DATA + (rnd() & (AREA - 1));
  if (kind < 22) return CODE + (rnd() & (AREA - 1));
  if (kind < 24) return (r & 0x100) ? UART0 + ((r >> 9) & 7) : CLINT + ((r >> 9) & 0xc000);
  if (kind < 25) return 0x20000000u + (rnd() & 0xfff);
  if (kind < 29) return (r >> 8) & 0x3f;
  return rnd();
}

static const u8 opcodes[] = {0x03, 0x0f, 0x13, 0x17, 0x23, 0x2f, 0x33, 0x37, 0x63, 0x67, 0x6f, 0x73};

/* A CSR that random M-mode code must not write: the trap vector, misa, delegation, interrupt
 * enables, satp, PMP and debug triggers would take the fuzzer itself down, or would have to be
 * reset on every trap, which costs more than the random code it runs. (mstatus is reset.) */
static int protected_csr(u32 csr) {
  return csr == 0x180 || (csr >= 0x301 && csr <= 0x305) || (csr >= 0x3a0 && csr <= 0x3ef) ||
         (csr >= 0x7a0 && csr <= 0x7af) || csr == 0x747;
}

static u32 random_word(void) {
  u32 w = rnd();
  u32 r = rnd();
  if (r & 7) w |= 3;                                  /* mostly 32-bit encodings */
  if (r & 8) w = (w & ~0x7fu) | opcodes[(r >> 4) % sizeof opcodes]; /* half the time a real opcode */
  if (mode == PRV_M && (w & 0x7f) == 0x73 && ((w >> 12) & 7) != 0 && protected_csr(w >> 20))
    w = (w & 0xfffffu) | (0x340u << 20); /* mscratch instead */
  return w;
}

static void map_identity(u32 va, u32 flags) { root[va >> 22] = ((va >> 12) << 10) | flags; }

static void setup_paging(void) {
  u32 user = mode == PRV_U ? 0x10 : 0;
  map_identity(CODE, 0x01 | 0x02 | 0x08 | 0x40 | 0x80 | user);          /* R X */
  map_identity(DATA, 0x01 | 0x02 | 0x04 | 0x40 | user);                 /* R W, D clear */
  map_identity(UART0, 0x01 | 0x02 | 0x04 | 0x40 | 0x80 | user);         /* UART, virtio area */
  map_identity(CLINT, 0x01 | 0x02 | 0x04 | 0x40 | 0x80 | user);
  map_identity(0x0c000000u, 0x01 | 0x02 | 0x04 | 0x40 | 0x80 | user);   /* PLIC */
  satp_value = 0x80000000u | ((u32)root >> 12);
}

static void report(void) {
  /* Random stores may have reprogrammed the UART: back to 8N1, no loopback, no interrupts. */
  mmio_w8(UART0 + 3, 3);
  mmio_w8(UART0 + 4, 0);
  mmio_w8(UART0 + 1, 0);
  pr("\nFUZZ-RESULT mode=%c words=%u traps=%u", "US?M"[mode], WORDS, traps);
  for (u32 i = 0; i < 64; i++)
    if (counts[i]) pr(" %s%u=%u", i >= 32 ? "irq" : "exc", i & 31, counts[i]);
  puts("\n");
  rt_exit(0);
}

/* Arms the timer 200 ticks ahead. Random stores reach mtime too: one near 2^32 ticks or more
 * would leave no room for a deadline, so mtime goes back to 0 then. */
static void arm_timer(void) {
  if (mmio_r32(CLINT_MTIME + 4) != 0 || mmio_r32(CLINT_MTIME) > 0xf0000000u) {
    mmio_w32(CLINT_MTIME, 0);
    mmio_w32(CLINT_MTIME + 4, 0);
  }
  mmio_w32(CLINT_MTIMECMP(0), mmio_r32(CLINT_MTIME) + TIMER_TICKS);
  mmio_w32(CLINT_MTIMECMP(0) + 4, 0);
}

/* Called from fuzz_vector for every trap; returns where to resume. Kept short: it runs once
 * per random word. */
u32 fuzz_on_trap(u32 cause, u32 epc, u32 tval) {
  (void)epc;
  (void)tval;
  traps++;
  counts[(cause & 31) + (cause >> 31) * 32]++;
  if (cursor >= CODE + WORDS * 4) report();
  u32 next = cursor;
  cursor += 4;
  fuzz_regs[1 + rnd() % 31] = reg_value();
  fuzz_regs[1 + rnd() % 31] = rnd();
  /* Undo what random code may have changed that would stop the next word from running. */
  csr_write(mstatus, (mode << 11) | MSTATUS_MPIE);
  if (cause == (CAUSE_IRQ | IRQ_MSI)) mmio_w32(CLINT_MSIP(0), 0);
  if (mode != PRV_M && csr_read(satp) != satp_value) {
    csr_write(satp, satp_value);
    __asm__ volatile("sfence.vma" ::: "memory");
  }
  arm_timer();
  return next;
}

static u32 read_hex(void) {
  u32 v = 0;
  for (;;) {
    int c = uart_getc();
    if (c >= '0' && c <= '9') v = v * 16 + (u32)(c - '0');
    else if ((c | 32) >= 'a' && (c | 32) <= 'f') v = v * 16 + (u32)((c | 32) - 'a' + 10);
    else if (c == '\n' || c == '\r') return v;
  }
}

int main(void) {
  int m = uart_getc();
  mode = m == 'U' ? PRV_U : m == 'S' ? PRV_S : PRV_M;
  seed = read_hex();
  if (seed == 0) seed = 1;
  pr("fuzz: mode %c seed %x\n", m, seed);
  u32 *code = (u32 *)CODE;
  for (u32 i = 0; i < WORDS; i++) code[i] = random_word();
  for (u32 i = 1; i < 32; i++) fuzz_regs[i] = reg_value();
  if (mode != PRV_M) setup_paging();
  cursor = CODE;
  csr_write(mie, (1u << IRQ_MTI) | (1u << IRQ_MSI));
  csr_write(mcounteren, 7);
  csr_write(satp, satp_value);
  __asm__ volatile("sfence.vma" ::: "memory");
  csr_write(mtvec, (u32)fuzz_vector);
  /* Enter through the handler's own path, as if word 0 were the resume point of a trap. */
  __asm__ volatile("ecall");
  return 1; /* not reached */
}
