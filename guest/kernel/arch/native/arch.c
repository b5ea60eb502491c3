// Native arch layer: S-mode on SBI firmware, devices by MMIO.
#include "riscv.h"
#include "../../arch.h"
#include "../../defs.h"
#include "../../memlayout.h"
#include "../../vm.h"

extern void trap_vector(void);

// Called once on the boot hart after paging is on.
void arch_trap_init(void) {
  csr_write(stvec, (uint32)trap_vector);
  csr_write(sscratch, 0);
  csr_write(scounteren, 7);   // rdcycle, rdtime, rdinstret in U-mode
  csr_write(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
}

// Maps the devices into the kernel half (before any process copies it).
void arch_devices_init(void) {
  kvm_megapage(UART0_VA, UART0_PA, PTE_R | PTE_W);
  kvm_megapage(PLIC_VA, PLIC_PA, PTE_R | PTE_W);
  arch_tlb_flush();
  plic_init();
  for (int i = 0; i < boot_info.nserial; i++)   // UART0 and any extra serial ports
    plic_enable(boot_info.serial[i].irq);
  uart_init();
}

// A frame that sret turns into U-mode at pc with stack sp, interrupts on.
void arch_user_frame(struct trapframe *tf, uint32 pc, uint32 sp) {
  memset(tf, 0, sizeof(*tf));
  tf->sepc = pc;
  tf->x[2] = sp;
  tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE)) | SSTATUS_SPIE;
}

int arch_from_user(struct trapframe *tf) {
  return (tf->sstatus & SSTATUS_SPP) == 0;
}

void arch_external_intr(void) {
  int irq;
  while ((irq = plic_claim()) != 0) {
    if (irq == UART0_IRQ)
      uart_intr();
    else
      serial_intr(irq);
    plic_complete(irq);
  }
}

void arch_soft_intr_ack(void) {
  csr_clear(sip, SIE_SSIE);
}

void arch_intr_on(void) { csr_set(sstatus, SSTATUS_SIE); }
void arch_intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }

// Sleep until an interrupt is pending; the caller has interrupts enabled or
// polls for the event after waking.
void arch_wait_for_intr(void) { asm volatile("wfi"); }

void arch_mmu_switch(pte_t *root) {
  asm volatile("sfence.vma zero, zero");
  csr_write(satp, SATP_SV32 | ((uint32)root >> 12));
  asm volatile("sfence.vma zero, zero");
}

void arch_tlb_flush(void) { asm volatile("sfence.vma zero, zero"); }

// The hardware walks the kernel's own tables: nothing to tell anyone.
void arch_pte_set(pte_t *pte, pte_t val) { *pte = val; }
void arch_pt_register(pte_t *table, int level) { (void)table, (void)level; }
void arch_pt_release(pte_t *table) { (void)table; }

uint64 arch_time(void) {
  uint32 hi, lo;
  do {
    hi = csr_read(timeh);
    lo = csr_read(time);
  } while (hi != csr_read(timeh));
  return ((uint64)hi << 32) | lo;
}

uint64 arch_instret(void) {
  uint32 hi, lo;
  do {
    hi = csr_read(instreth);
    lo = csr_read(instret);
  } while (hi != csr_read(instreth));
  return ((uint64)hi << 32) | lo;
}

void arch_timer_set(uint64 when) {
  sbi_call(SBI_EXT_TIME, 0, (uint32)when, (uint32)(when >> 32), 0);
}

void arch_console_putc(int c) { uart_putc(c); }

static const char *sbi_known_impl(long id) {
  switch (id) {
  case 0: return "Berkeley Boot Loader";
  case 1: return "OpenSBI";
  case 2: return "Xvisor";
  case 3: return "KVM";
  case 4: return "RustSBI";
  }
  return "unknown SBI";
}

// Fills buf with the SBI implementation's name: from the Hyperlab extension
// when present, else derived from the implementation id.
void arch_firmware_name(char *buf, int len) {
  struct sbiret r = sbi_call(SBI_EXT_BASE, 3, SBI_EXT_HYPERLAB, 0, 0);
  if (r.error == 0 && r.value != 0) {
    r = sbi_call(SBI_EXT_HYPERLAB, 0, (uint32)buf, len, 0);  // buf is identity-mapped
    if (r.error == 0)
      return;
  }
  long id = sbi_call(SBI_EXT_BASE, 1, 0, 0, 0).value;
  long ver = sbi_call(SBI_EXT_BASE, 2, 0, 0, 0).value;
  snprintf(buf, len, "%s (impl id %d, version 0x%x)", sbi_known_impl(id), (int)id, (uint32)ver);
}

void arch_power_off(int failure) {
  sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0);
  for (;;)
    asm volatile("wfi");
}

void arch_reboot(void) {
  sbi_call(SBI_EXT_SRST, 0, 1, 0, 0);
  for (;;)
    asm volatile("wfi");
}

// No VMM to ask for domain control: no /dev/xen/privcmd (open gives ENOENT).
int arch_privcmd_present(void) {
  return 0;
}

long arch_privcmd_ioctl(uint32 cmd, uint32 arg) {
  (void)cmd;
  (void)arg;
  return -ENOTTY;
}
