/* The guest's PLIC: one source (the UART, 10) and the two contexts of hart
 * 0 (M = 0, S = 1).  The S context's line is the guest's external interrupt,
 * raised and lowered with KVM_INTERRUPT.  Level-triggered: the source is
 * pending while the UART asks and it is not being serviced.  */
#include <unistd.h>
#include "lkvm.h"

#define NSRC 32
#define NCTX 2

static u32 priority[NSRC];
static u32 enable[NCTX];
static u32 threshold[NCTX];
static int in_service;   /* the UART's interrupt is claimed and not completed */

static int pending(void) {
  return uart_irq() && !in_service;
}

static int eligible(int ctx) {
  return pending() && (enable[ctx] & (1u << GUEST_UART_IRQ)) &&
         priority[GUEST_UART_IRQ] > threshold[ctx];
}

u32 plic_read(u32 off) {
  if (off < 4 * NSRC)
    return priority[off / 4];
  if (off == 0x1000)
    return pending() ? 1u << GUEST_UART_IRQ : 0;
  if (off >= 0x2000 && off < 0x2000 + 0x80 * NCTX && off % 0x80 == 0)
    return enable[(off - 0x2000) / 0x80];
  if (off >= 0x200000 && off < 0x200000 + 0x1000 * NCTX) {
    int ctx = (off - 0x200000) / 0x1000;
    if (off % 0x1000 == 0)
      return threshold[ctx];
    if (off % 0x1000 == 4 && eligible(ctx)) {   /* claim */
      in_service = 1;
      return GUEST_UART_IRQ;
    }
  }
  return 0;
}

void plic_write(u32 off, u32 val) {
  if (off < 4 * NSRC) {
    priority[off / 4] = val & 7;
  } else if (off >= 0x2000 && off < 0x2000 + 0x80 * NCTX && off % 0x80 == 0) {
    enable[(off - 0x2000) / 0x80] = val & ~1u;   /* source 0 does not exist */
  } else if (off >= 0x200000 && off < 0x200000 + 0x1000 * NCTX) {
    int ctx = (off - 0x200000) / 0x1000;
    if (off % 0x1000 == 0)
      threshold[ctx] = val & 7;
    else if (off % 0x1000 == 4 && val == GUEST_UART_IRQ)
      in_service = 0;   /* complete */
  }
}

/* Tells the driver when the guest's external interrupt line changes. */
void irq_update(struct vm *vm) {
  int line = eligible(1);
  if (line == vm->irq_line)
    return;
  struct kvm_interrupt irq = { line ? KVM_INTERRUPT_SET : KVM_INTERRUPT_UNSET };
  if (ioctl(vm->vcpu_fd, KVM_INTERRUPT, &irq) == 0)
    vm->irq_line = line;
}
