// PLIC: route UART0 (and a host-OS server's serial ports) to the S-mode
// context of hart 0.
#include "riscv.h"
#include "../../memlayout.h"

#define PLIC_CTX 1   // hart 0, S-mode
#define PLIC_REG(off) (*(volatile uint32 *)(PLIC_VA + (off)))
#define PLIC_PRIORITY(src) PLIC_REG(4 * (src))
#define PLIC_ENABLE(ctx) PLIC_REG(0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) PLIC_REG(0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) PLIC_REG(0x200004 + 0x1000 * (ctx))

// Called after the kernel page table maps PLIC_VA.
void plic_init(void) {
  PLIC_PRIORITY(UART0_IRQ) = 1;
  PLIC_ENABLE(PLIC_CTX) = 1u << UART0_IRQ;
  PLIC_THRESHOLD(PLIC_CTX) = 0;
}

// Routes one more source (a serial port) to hart 0's S-mode context.
void plic_enable(int irq) {
  PLIC_PRIORITY(irq) = 1;
  PLIC_REG(0x2000 + 0x80 * PLIC_CTX + 4 * (irq / 32)) |= 1u << (irq % 32);
}

int plic_claim(void) { return PLIC_CLAIM(PLIC_CTX); }

void plic_complete(int irq) { PLIC_CLAIM(PLIC_CTX) = irq; }
