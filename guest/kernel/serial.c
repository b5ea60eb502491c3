// The extra serial ports of a host-OS server: ttyS1..ttyS8, ns16550a UARTs
// that the device tree lists next to UART0 (docs/host-os.md).  Output is
// polled, input arrives by interrupt into the tty of the port.
#include <hyperlab/ns16550.h>
#include "defs.h"
#include "file.h"
#include "memlayout.h"
#include "vm.h"


static volatile uint8 *port_regs[NTTY];   // [n] for ttySn; NULL when absent
static uint32 port_irq[NTTY];
static int port_held[NTTY];   // receive interrupt off: its tty is full of unread input

// Finds the ports in the device tree, maps them, enables their receive
// interrupts and makes /dev/ttySn.  Runs before any process copies the
// kernel map.  (The arch layer routes their PLIC sources, arch_devices_init.)
void serial_init(void) {
  int mapped = 0;
  for (int i = 0; i < boot_info.nserial; i++) {
    uint32 base = boot_info.serial[i].base;
    if (base < SERIAL_PA || (base - SERIAL_PA) % SERIAL_STRIDE ||
        (base - SERIAL_PA) / SERIAL_STRIDE >= NTTY - 1)
      continue;   // UART0 (the console), or not a port of ours
    int n = (base - SERIAL_PA) / SERIAL_STRIDE + 1;
    if (!mapped) {
      kvm_megapage(SERIAL_VA, SERIAL_PA, PTE_R | PTE_W);
      arch_tlb_flush();
      mapped = 1;
    }
    volatile uint8 *r = (volatile uint8 *)(SERIAL_VA + (base - SERIAL_PA));
    r[NS16550_LCR] = NS16550_LCR_8N1;
    r[NS16550_FCR] = NS16550_FCR_INIT;
    r[NS16550_IER] = NS16550_IER_RX;
    port_regs[n] = r;
    port_irq[n] = boot_info.serial[i].irq;
    char path[16];
    snprintf(path, sizeof(path), "/dev/ttyS%d", n);
    make_dev(path, DEV_TTYS0 + n);
    printf("serial: ttyS%d at 0x%08x, irq %u\n", n, base, port_irq[n]);
  }
}

int serial_present(int n) {
  return n > 0 && n < NTTY && port_regs[n] != NULL;
}

void serial_putc(int n, int c) {
  volatile uint8 *r = port_regs[n];
  if (r == NULL)
    return;
  while ((r[NS16550_LSR] & NS16550_LSR_THRE) == 0)
    ;
  r[NS16550_THR] = (uint8)c;
}

// The device interrupt of source irq: 1 if it was a port's (its bytes go to
// the port's tty), 0 if not.  When the tty is full of input a reader will
// take, the port keeps the rest (flow control) until serial_resume.
int serial_intr(int irq) {
  for (int n = 1; n < NTTY; n++) {
    volatile uint8 *r = port_regs[n];
    if (r == NULL || port_irq[n] != (uint32)irq)
      continue;
    while (r[NS16550_LSR] & NS16550_LSR_DR) {
      if (!tty_room(n) && tty_readable(n)) {
        r[NS16550_IER] = 0;
        port_held[n] = 1;
        break;
      }
      tty_input_on(n, r[NS16550_RBR]);
    }
    return 1;
  }
  return 0;
}

// A read made room in ttySn's tty: take input from the port again.
void serial_resume(int n) {
  if (port_held[n] && tty_room(n)) {
    port_held[n] = 0;
    port_regs[n][NS16550_IER] = NS16550_IER_RX;
  }
}
