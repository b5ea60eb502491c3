// Polled ns16550a console for the firmware (SBI console calls and the banner).
#include "fw.h"

#define RBR 0  // receive buffer (read)
#define THR 0  // transmit holding (write)
#define IER 1
#define FCR 2
#define LCR 3
#define LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

static volatile uint8 *const uart = (volatile uint8 *)UART0;

// Called once by hart 0 before any output: 8N1, FIFOs on, interrupts off
// (the kernel enables receive interrupts itself).
void uart_init(void) {
  uart[IER] = 0;
  uart[LCR] = 0x03;
  uart[FCR] = 0x07;
}

void uart_putc(int c) {
  while ((uart[LSR] & LSR_THRE) == 0)
    ;
  uart[THR] = (uint8)c;
}

// Returns a byte, or -1 if none is waiting.
int uart_getc(void) {
  if ((uart[LSR] & LSR_DR) == 0)
    return -1;
  return uart[RBR];
}

void uart_puts(const char *s) {
  for (; *s; s++) {
    if (*s == '\n')
      uart_putc('\r');
    uart_putc(*s);
  }
}
