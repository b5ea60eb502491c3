// Polled ns16550a console for the firmware (SBI console calls and the banner).
#include <hyperlab/ns16550.h>
#include "fw.h"


static volatile uint8 *const uart = (volatile uint8 *)UART0;

// Called once by hart 0 before any output: 8N1, FIFOs on, interrupts off
// (the kernel enables receive interrupts itself).
void uart_init(void) {
  uart[NS16550_IER] = 0;
  uart[NS16550_LCR] = NS16550_LCR_8N1;
  uart[NS16550_FCR] = NS16550_FCR_INIT;
}

void uart_putc(int c) {
  while ((uart[NS16550_LSR] & NS16550_LSR_THRE) == 0)
    ;
  uart[NS16550_THR] = (uint8)c;
}

// Returns a byte, or -1 if none is waiting.
int uart_getc(void) {
  if ((uart[NS16550_LSR] & NS16550_LSR_DR) == 0)
    return -1;
  return uart[NS16550_RBR];
}

void uart_puts(const char *s) {
  for (; *s; s++) {
    if (*s == '\n')
      uart_putc('\r');
    uart_putc(*s);
  }
}
