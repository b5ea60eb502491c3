// ns16550a UART0: polled output, interrupt-driven input into the tty.
#include <hyperlab/ns16550.h>
#include "riscv.h"
#include "../../memlayout.h"
#include "../../defs.h"


static volatile uint8 *uart;   // NULL until the kernel page table maps UART0_VA

// Before the UART is mapped, output goes through the firmware a line at a
// time (one SBI DBCN call per line, not one trap per byte).
static char early[128];
static int nearly;

static void early_flush(void) {
  struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, nearly, (uint32)early, 0);  // identity-mapped
  for (int i = r.error ? 0 : nearly; i < nearly; i++)
    sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, early[i], 0, 0);   // when DBCN is missing
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
  uart[NS16550_LCR] = NS16550_LCR_8N1;
  uart[NS16550_FCR] = NS16550_FCR_INIT;
  uart[NS16550_IER] = NS16550_IER_RX;
}

void uart_putc(int c) {
  if (uart == NULL) {
    early_putc(c);
    return;
  }
  while ((uart[NS16550_LSR] & NS16550_LSR_THRE) == 0)
    ;
  uart[NS16550_THR] = (uint8)c;
}

// Receive interrupt: hand every waiting byte to the tty.
void uart_intr(void) {
  while (uart[NS16550_LSR] & NS16550_LSR_DR)
    tty_input(uart[NS16550_RBR]);
}
