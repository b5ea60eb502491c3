/* Interrupt-driven console input, as a kernel's UART driver does it: the ns16550a raises its
 * receive interrupt, the PLIC routes source 10 to hart 0's M context (priority, enable,
 * threshold), the handler claims, drains the FIFO and completes. Prints each line reversed,
 * then the PLIC's view of things. Nothing printed depends on how the input is split across
 * interrupts. */
#include "rt.h"

#define PLIC 0x0c000000u
#define PLIC_PRIORITY(src) (PLIC + 4u * (src))
#define PLIC_PENDING (PLIC + 0x1000u)
#define PLIC_ENABLE(ctx) (PLIC + 0x2000u + 0x80u * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC + 0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (PLIC + 0x200004u + 0x1000u * (ctx))
#define UART_IRQ 10
#define RBR 0
#define IER 1
#define IIR 2
#define LSR 5

static volatile char ring[256];
static volatile u32 head, tail, claims_wrong, terminator;

static int on_trap(struct trapframe *f) {
  if (f->cause != (CAUSE_IRQ | IRQ_MEI)) return 0;
  u32 src = mmio_r32(PLIC_CLAIM(0));
  if (src != UART_IRQ) claims_wrong++;
  while (mmio_r8(UART0 + LSR) & 1) {
    char c = (char)mmio_r8(UART0 + RBR);
    if (c == '.') terminator = 1;
    ring[head++ & 255] = c;
  }
  mmio_w32(PLIC_CLAIM(0), src);
  return 1;
}

static int next_char(void) {
  while (tail == head) {
    if (terminator) return -1;
    __asm__ volatile("wfi");
  }
  return ring[tail++ & 255];
}

static void plic_registers(void) {
  mmio_w32(PLIC_PRIORITY(UART_IRQ), 0xffffffff);
  pr("priority written with ones: %x\n", mmio_r32(PLIC_PRIORITY(UART_IRQ)));
  mmio_w32(PLIC_THRESHOLD(0), 0xffffffff);
  pr("threshold written with ones: %x\n", mmio_r32(PLIC_THRESHOLD(0)));
  mmio_w32(PLIC_ENABLE(0), 0xffffffff);
  pr("enable word written with ones: %x\n", mmio_r32(PLIC_ENABLE(0)));
  mmio_w32(PLIC_ENABLE(0), 0);
  mmio_w32(PLIC_THRESHOLD(0), 0);
  pr("claim with nothing enabled: %u\n", mmio_r32(PLIC_CLAIM(0)));
}

int main(void) {
  rt_mtrap_hook = on_trap;
  plic_registers();
  /* FCR is left alone: toggling the FIFO clears it, losing whatever input already arrived. */
  /* Wait for the first byte with the interrupt off, and look at the PLIC and UART then. */
  while (!(mmio_r8(UART0 + LSR) & 1)) {
  }
  mmio_w32(PLIC_PRIORITY(UART_IRQ), 1);
  mmio_w8(UART0 + IER, 0x01);
  pr("IIR with data and IER=1: %x\n", mmio_r8(UART0 + IIR));
  pr("pending bit of source 10: %u\n", (mmio_r32(PLIC_PENDING) >> UART_IRQ) & 1);
  mmio_w32(PLIC_THRESHOLD(0), 1);
  mmio_w32(PLIC_ENABLE(0), 1u << UART_IRQ);
  csr_write(mie, 1u << IRQ_MEI);
  pr("MEIP with threshold 1, priority 1: %u\n", (csr_read(mip) >> IRQ_MEI) & 1);
  mmio_w32(PLIC_THRESHOLD(0), 0);
  pr("MEIP with threshold 0: %u\n", (csr_read(mip) >> IRQ_MEI) & 1);
  csr_set(mstatus, MSTATUS_MIE);

  char line[128];
  u32 n = 0, lines = 0;
  for (;;) {
    int c = next_char();
    if (c < 0 || c == '.' || c == '\n') {
      pr("line %u (%u bytes): ", lines++, n);
      while (n) putc(line[--n]);
      putc('\n');
      if (c < 0 || c == '.') break;
      continue;
    }
    if (n < sizeof line) line[n++] = (char)c;
  }
  csr_clear(mstatus, MSTATUS_MIE);
  mmio_w8(UART0 + IER, 0);
  pr("wrong claims: %u, IIR after: %x\n", claims_wrong, mmio_r8(UART0 + IIR));
  puts("uartirq: done\n");
  return 0;
}
