// Paravirtual arch layer: the kernel runs deprivileged on the Hyperlab VMM
// and asks it, by hypercall, for everything native code does with CSRs,
// sret, sfence.vma, wfi and device registers (docs/hypercalls.md).
#include "hypercall.h"
#include "../../arch.h"
#include "../../defs.h"

extern void trap_entry(void);
extern void pv_iret(struct trapframe *tf) __attribute__((noreturn));

// The ABI wants the shared page page-aligned; the VMM reads and writes only
// this struct at its start, never the kernel data that follows it.
struct hv_shared hv_shared __attribute__((aligned(4096)));

// Kernel virtual = guest physical (identity map), so pointers are gpas.
static void hv_check(struct hvret r, const char *what) {
  if (r.a0 < 0)
    panic(what);
}

// Called once on the boot vCPU after the kernel page table is live.
void arch_trap_init(void) {
  hv_shared.mask = 1;   // the kernel runs with virtual interrupts masked
  hv_check(hv_call(HV_REGISTER_SHARED_PAGE, (uint32)&hv_shared, 0, 0),
           "arch_trap_init: shared page refused");
  hv_check(hv_call(HV_SET_TRAP_TABLE, (uint32)trap_entry, 0, 0),
           "arch_trap_init: trap table refused");
}

// No device to program: console input arrives as virtual interrupt 9.
void arch_devices_init(void) {}

// Flushes what the kernel batched, hands the frame's pc, status, a6 and a7
// to the VMM through the shared page, and returns with HV_IRET.
void arch_user_return(struct trapframe *tf) {
  pv_mmu_flush();
  pv_console_flush();
  hv_shared.epc = tf->sepc;
  hv_shared.status = tf->sstatus;
  hv_shared.a6 = tf->x[16];
  hv_shared.a7 = tf->x[17];
  if (!(tf->sstatus & HV_STATUS_KERNEL))
    hv_shared.kernel_sp = (uint32)(tf + 1);   // the stack top just above the frame
  pv_iret(tf);
}

// A frame that HV_IRET turns into user mode at pc with stack sp.
void arch_user_frame(struct trapframe *tf, uint32 pc, uint32 sp) {
  memset(tf, 0, sizeof(*tf));
  tf->sepc = pc;
  tf->x[2] = sp;
  tf->sstatus = 0;   // user mode, virtual interrupts on
}

int arch_from_user(struct trapframe *tf) {
  return (tf->sstatus & HV_STATUS_KERNEL) == 0;
}

void arch_external_intr(void) { pv_console_intr(); }

void arch_soft_intr_ack(void) {
  __atomic_fetch_and(&hv_shared.pending, ~(1u << HV_VIRQ_SOFT), __ATOMIC_SEQ_CST);
}

// Masking is a plain store to the shared page: no hypercall.  The VMM
// notices an unmask at the next hypercall (the idle loop's HV_BLOCK).
void arch_intr_on(void) { hv_shared.mask = 0; }
void arch_intr_off(void) { hv_shared.mask = 1; }

// Sleeps until a virtual interrupt is pending; one that already is gets
// delivered at once.
void arch_wait_for_intr(void) {
  pv_mmu_flush();
  pv_console_flush();
  hv_call(HV_BLOCK, 0, 0, 0);
}

uint64 arch_time(void) {
  struct hvret r = hv_call(HV_GET_TIME, 0, 0, 0);
  return ((uint64)r.a2 << 32) | r.a1;
}

void arch_timer_set(uint64 when) {
  hv_call(HV_SET_TIMER, (uint32)when, (uint32)(when >> 32), 0);
}

uint64 arch_instret(void) {
  static struct hv_vcpu_info info;
  hv_check(hv_call(HV_VCPU_INFO, (uint32)&info, 0, 0), "arch_instret: no vcpu_info");
  return info.instret;
}

// The VMM answers the same SBI name extension as the firmware does.
void arch_firmware_name(char *buf, int len) {
  if (hv_ecall(SBI_EXT_HYPERLAB, 0, (uint32)buf, len, 0).a0 != 0)
    strlcpy(buf, "unknown hypervisor", len);
}

static void __attribute__((noreturn)) pv_shutdown(uint32 reason) {
  pv_console_flush();
  for (;;)
    hv_call(HV_SHUTDOWN, reason, 0, 0);
}

void arch_power_off(int failure) {
  pv_shutdown(failure ? HV_SHUTDOWN_CRASH : HV_SHUTDOWN_POWEROFF);
}

void arch_reboot(void) { pv_shutdown(HV_SHUTDOWN_REBOOT); }
