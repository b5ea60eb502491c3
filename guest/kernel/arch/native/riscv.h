// RISC-V S-mode CSR access; used only inside arch/native.
#ifndef RISCV_H
#define RISCV_H
#include <hyperlab/sbi.h>
#include "../../types.h"

#define SSTATUS_SIE  (1u << 1)
#define SSTATUS_SPIE (1u << 5)
#define SSTATUS_SPP  (1u << 8)
#define SIE_SSIE (1u << 1)
#define SIE_STIE (1u << 5)
#define SIE_SEIE (1u << 9)
#define SATP_SV32 (1u << 31)

#define csr_read(name) ({ uint32 __v; asm volatile("csrr %0, " #name : "=r"(__v)); __v; })
#define csr_write(name, v) asm volatile("csrw " #name ", %0" :: "r"((uint32)(v)))
#define csr_set(name, v) asm volatile("csrs " #name ", %0" :: "r"((uint32)(v)))
#define csr_clear(name, v) asm volatile("csrc " #name ", %0" :: "r"((uint32)(v)))

struct sbiret {
  long error;
  long value;
};
struct sbiret sbi_call(uint32 eid, uint32 fid, uint32 a0, uint32 a1, uint32 a2);


// uart.c and plic.c (native devices)
void uart_init(void);
void uart_putc(int c);
void uart_intr(void);
void plic_init(void);
void plic_enable(int irq);
int plic_claim(void);
void plic_complete(int irq);
#define UART0_IRQ 10
#endif
