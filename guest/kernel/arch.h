// The arch layer: every privileged operation the kernel performs.
// The native flavour (arch/native/) runs in S-mode on the SBI firmware;
// a paravirtual flavour replaces that directory and nothing else.
#ifndef ARCH_H
#define ARCH_H
#include "types.h"

// Registers saved on a trap; x[i] is register xi (x[2] = sp).
struct trapframe {
  uint32 x[32];
  uint32 sepc;
  uint32 sstatus;
  uint32 scause;
  uint32 stval;
};

// scause values the generic kernel distinguishes
#define CAUSE_INTR          0x80000000u
#define CAUSE_ILLEGAL       2
#define CAUSE_BREAKPOINT    3
#define CAUSE_ECALL_U       8
#define CAUSE_FETCH_PAGE    12
#define CAUSE_LOAD_PAGE     13
#define CAUSE_STORE_PAGE    15
#define INTR_SOFT           1
#define INTR_TIMER          5
#define INTR_EXTERNAL       9

// boot and traps
void arch_trap_init(void);               // install the trap vector, enable S interrupts sources
void arch_devices_init(void);            // console receive interrupts, interrupt controller
void arch_user_return(struct trapframe *tf) __attribute__((noreturn));
void arch_user_frame(struct trapframe *tf, uint32 pc, uint32 sp);  // fresh U-mode frame
int arch_from_user(struct trapframe *tf); // did this trap come from U-mode?
void arch_external_intr(void);           // claim and dispatch device interrupts
void arch_soft_intr_ack(void);

// interrupt masking (kernel runs with interrupts off except when idle)
void arch_intr_on(void);
void arch_intr_off(void);
void arch_wait_for_intr(void);

// memory management unit
void arch_mmu_switch(pte_t *root);       // load root (physical = virtual for the kernel)
void arch_tlb_flush(void);
// Every page-table write and table page goes through these, so a paravirtual
// flavour can tell its VMM (native: a plain store and nothing).
void arch_pte_set(pte_t *pte, pte_t val);
void arch_pt_register(pte_t *table, int level);  // table (level 1 = root) with its entries
void arch_pt_release(pte_t *table);      // before a table page is freed; not the live root

// time
uint64 arch_time(void);                  // TIMEBASE ticks since reset
void arch_timer_set(uint64 when);        // one interrupt at absolute time `when`
uint64 arch_instret(void);               // instructions retired by this hart

// console (polled output; input arrives by interrupt through tty_input)
void arch_console_putc(int c);

// firmware / power
void arch_firmware_name(char *buf, int len);
void arch_power_off(int failure) __attribute__((noreturn));
void arch_reboot(void) __attribute__((noreturn));

// dom0's domain control (/dev/xen/privcmd); only a pv kernel has it
int arch_privcmd_present(void);
long arch_privcmd_ioctl(uint32 cmd, uint32 arg);
#endif
