// ns16550a UART0: polled output, interrupt-driven input into the tty.
#include "riscv.h"
#include "../../memlayout.h"
#include "../../defs.h"

#define RBR 0
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20

static volatile uint8 *uart;   // NULL until the kernel page table maps UART0_VA

// Before the UART is mapped, output goes through the firmware a line at a
// time (one SBI DBCN call per line, not one trap per byte).
static char early[128];
static int nearly;

static void early_flush(void) {
  struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, nearly, (uint32)early, 0);  // identity-mapped
  for (int i = r.error ? 0 : nearly; i < nearly; i++)
    sbi_call(0x01, 0, early[i], 0, 0);   // legacy putchar when DBCN is missing
  nearly = 0;
}

static void early_putc(int c) {
  early[nearly++] = c;
  if (c == '\n' || nearly == sizeof(early))
    early_flush();
}

// Called after the kernel page table maps UART0_VA; output goes through the
// firmware before.
void uart_init(void) {
  if (nearly)
    early_flush();
  uart = (volatile uint8 *)UART0_VA;
  uart[LCR] = 0x03;
  uart[FCR] = 0x07;
  uart[IER] = 0x01;   // receive data available
}

void uart_putc(int c) {
  if (uart == NULL) {
    early_putc(c);
    return;
  }
  while ((uart[LSR] & LSR_THRE) == 0)
    ;
  uart[THR] = (uint8)c;
}

// Receive interrupt: hand every waiting byte to the tty.
void uart_intr(void) {
  while (uart[LSR] & LSR_DR)
    tty_input(uart[RBR]);
}
