/*
 * The ns16550a UART as the firmware, the kernel's UART0 and serial ports and
 * lkvm's emulated UART0 all see it: byte-wide registers at these offsets,
 * and the bits they set and poll.
 */
#ifndef HYPERLAB_NS16550_H
#define HYPERLAB_NS16550_H

#define NS16550_RBR 0   /* receive buffer (read) */
#define NS16550_THR 0   /* transmit holding (write) */
#define NS16550_IER 1
#define NS16550_FCR 2
#define NS16550_LCR 3
#define NS16550_LSR 5

#define NS16550_IER_RX   0x01   /* interrupt on received data */
#define NS16550_IER_THRE 0x02   /* interrupt on an empty transmit holding register */
#define NS16550_FCR_INIT 0x07   /* FIFOs on, both cleared */
#define NS16550_LCR_8N1  0x03   /* 8 data bits, no parity, 1 stop bit */
#define NS16550_LCR_DLAB 0x80   /* offsets 0 and 1 reach the divisor latch */

#define NS16550_LSR_DR   0x01   /* data ready */
#define NS16550_LSR_THRE 0x20   /* transmit holding register empty */
#define NS16550_LSR_TEMT 0x40   /* transmitter empty */

#endif
