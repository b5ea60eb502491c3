/* The guest's ns16550a UART0, as far as the lab kernel (and Linux's 8250
 * driver at its simplest) uses it: transmit, a receive FIFO fed from lkvm's
 * console, and the receive-data interrupt.  Output is buffered here and
 * written to the console when the guest idles or the buffer fills.  */
#include <unistd.h>
#include <hyperlab/ns16550.h>
#include "lkvm.h"

#define RX_SIZE 256

static u8 ier, lcr, mcr, scr, dll, dlm;
static u8 rx[RX_SIZE];
static int rx_head, rx_count;
static u8 out[512];
static int nout;

void console_flush(struct vm *vm) {
  int done = 0;
  while (done < nout) {
    ssize_t n = write(vm->con_out, out + done, nout - done);
    if (n <= 0)
      break;   /* the console went away: drop the output rather than stop the guest */
    done += n;
  }
  nout = 0;
}

void console_put(struct vm *vm, const u8 *buf, int n) {
  for (int i = 0; i < n; i++) {
    if (nout == (int)sizeof(out))
      console_flush(vm);
    out[nout++] = buf[i];
  }
}

int uart_rx_room(void) {
  return RX_SIZE - rx_count;
}

void uart_receive(const u8 *buf, int n) {
  for (int i = 0; i < n && rx_count < RX_SIZE; i++)
    rx[(rx_head + rx_count++) % RX_SIZE] = buf[i];
}

int uart_irq(void) {
  return ((ier & NS16550_IER_RX) && rx_count > 0) || (ier & NS16550_IER_THRE);
}

static u8 iir(void) {
  if ((ier & NS16550_IER_RX) && rx_count > 0)
    return 0xc4;   /* FIFOs on, receive data available */
  if (ier & NS16550_IER_THRE)
    return 0xc2;   /* transmitter empty (always: output is instant) */
  return 0xc1;     /* nothing pending */
}

u32 uart_read(u32 off) {
  switch (off) {
  case 0:
    if (lcr & NS16550_LCR_DLAB)
      return dll;
    if (rx_count == 0)
      return 0;
    u8 c = rx[rx_head];
    rx_head = (rx_head + 1) % RX_SIZE;
    rx_count--;
    return c;
  case 1: return lcr & NS16550_LCR_DLAB ? dlm : ier;
  case 2: return iir();
  case 3: return lcr;
  case 4: return mcr;
  case 5: return NS16550_LSR_THRE | NS16550_LSR_TEMT | (rx_count ? NS16550_LSR_DR : 0);
  case 6: return 0xb0;   /* DCD, DSR, CTS */
  case 7: return scr;
  }
  return 0;
}

void uart_write(struct vm *vm, u32 off, u32 val) {
  u8 v = val;
  switch (off) {
  case 0:
    if (lcr & NS16550_LCR_DLAB)
      dll = v;
    else
      console_put(vm, &v, 1);
    break;
  case 1:
    if (lcr & NS16550_LCR_DLAB)
      dlm = v;
    else
      ier = v & 0x0f;
    break;
  case 2:
    if (v & 0x02)
      rx_head = rx_count = 0;   /* FCR: clear the receive FIFO */
    break;
  case 3: lcr = v; break;
  case 4: mcr = v; break;
  case 7: scr = v; break;
  }
}
