/* lkvm: the lab's kvmtool.  One process per VM: it holds the guest's RAM in
 * its own address space, runs the vCPU through /dev/kvm and emulates the
 * devices the lab kernel uses (a 16550 UART and a PLIC) and the SBI.  */
#ifndef LKVM_H
#define LKVM_H
#include <hyperlab/kvm.h>

#define GUEST_RAM_BASE 0x80000000u
#define GUEST_UART_BASE 0x10000000u
#define GUEST_UART_IRQ 10
#define GUEST_PLIC_BASE 0x0C000000u
#define GUEST_PLIC_SIZE 0x00600000u
#define GUEST_TIMEBASE 10000000u

struct vm {
  const char *name;
  u8 *ram;              /* guest physical GUEST_RAM_BASE.. */
  u32 ram_size;
  int vcpu_fd;
  int con_in, con_out;  /* the guest's console */
  int irq_line;         /* what KVM_INTERRUPT last said */
  int stats;            /* --stats: count the exits, print them at the end */
  u32 mmio_exits, sbi_exits, halt_exits, tick_exits;
};

/* elf.c: copies the PT_LOAD segments into RAM; returns the entry or 0. */
u32 load_kernel(struct vm *vm, const char *path);
/* dtb.c: a device tree for the guest at the top of RAM; returns its guest address. */
u32 write_dtb(struct vm *vm);
/* uart.c */
u32 uart_read(u32 off);
void uart_write(struct vm *vm, u32 off, u32 val);
int uart_irq(void);
void uart_receive(const u8 *buf, int n);
int uart_rx_room(void);
void console_put(struct vm *vm, const u8 *buf, int n);
void console_flush(struct vm *vm);
/* plic.c */
u32 plic_read(u32 off);
void plic_write(u32 off, u32 val);
void irq_update(struct vm *vm);
/* sbi.c: handles an SBI exit; returns -1 to continue, else lkvm's exit status. */
int sbi_call(struct vm *vm, struct kvm_run *run);
/* guest memory: a host pointer to [gpa, gpa + len) of RAM, or 0 */
u8 *guest_ptr(struct vm *vm, u32 gpa, u32 len);
#endif
