// Hyperlab bare-metal firmware: shared declarations.
#ifndef FW_H
#define FW_H

typedef unsigned char uint8;
typedef unsigned int uint32;
typedef unsigned long long uint64;
typedef unsigned long uintptr;

// QEMU virt memory map (the engine implements the same one).
#define FINISHER       0x00100000UL
#define CLINT          0x02000000UL
#define CLINT_MSIP(h)  (CLINT + 4 * (h))
#define CLINT_MTIMECMP(h) (CLINT + 0x4000 + 8 * (h))
#define CLINT_MTIME    (CLINT + 0xBFF8)
#define UART0          0x10000000UL
#define KERNEL_BASE    0x80400000UL
#define MAX_HARTS      8

// mip / mie bits
#define MIP_SSIP (1u << 1)
#define MIP_MSIP (1u << 3)
#define MIP_STIP (1u << 5)
#define MIP_MTIP (1u << 7)
#define MIP_SEIP (1u << 9)

// Registers saved by the M-mode trap vector (start.S); x[i] is register xi.
struct mframe {
  uint32 x[32];
  uint32 mepc;
};

#include <hyperlab/sbi.h>

#define csr_read(name) ({ uint32 __v; asm volatile("csrr %0, " #name : "=r"(__v)); __v; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" :: "r"((uint32)(v)))
#define csr_set(name, v) asm volatile("csrs " #name ", %0" :: "r"((uint32)(v)))
#define csr_clear(name, v) asm volatile("csrc " #name ", %0" :: "r"((uint32)(v)))

static inline void mmio_write32(uintptr a, uint32 v) { *(volatile uint32 *)a = v; }
static inline uint32 mmio_read32(uintptr a) { return *(volatile uint32 *)a; }

// uart.c
void uart_init(void);
void uart_putc(int c);
int uart_getc(void);
void uart_puts(const char *s);

// sbi.c
void sbi_ecall(struct mframe *f);
void sbi_timer_fired(uint32 hart);
void sbi_ipi_received(void);
void fw_finish(uint32 code) __attribute__((noreturn));

#endif
