// The hypercall ABI of the Hyperlab VMM (docs/hypercalls.md); used only inside arch/pv.
// engine/hypervisor/pv/abi.ts holds the same numbers, and a test keeps them equal.
#ifndef HYPERCALL_H
#define HYPERCALL_H
#include <hyperlab/sbi.h>
#include "../../types.h"

// ecall with a7 = HV_MAGIC, a6 = number, arguments in a0-a5;
// returns a0 = 0 or -errno, a1 (and a2) = value.
#define HV_MAGIC 0x0A485950   // "\nHYP"

#define HV_SET_TRAP_TABLE       0
#define HV_REGISTER_SHARED_PAGE 1
#define HV_IRET                 2
#define HV_MMU_UPDATE           3
#define HV_NEW_BASEPTR          4
#define HV_PIN_TABLE            5
#define HV_UNPIN_TABLE          6
#define HV_FLUSH_TLB            7
#define HV_SET_TIMER            8
#define HV_GET_TIME             9
#define HV_CONSOLE_WRITE        10
#define HV_CONSOLE_READ         11
#define HV_YIELD                12
#define HV_BLOCK                13
#define HV_SHUTDOWN             14
#define HV_VCPU_INFO            15
#define HV_DOMCTL               16

// The per-vCPU shared page (one page, registered by HV_REGISTER_SHARED_PAGE).
struct hv_shared {
  uint32 mask;        // 0x00 guest: nonzero holds virtual interrupts pending (like !sstatus.SIE)
  uint32 pending;     // 0x04 VMM sets bit n for virtual interrupt n; the guest clears it (amoand)
  uint32 cause;       // 0x08 trap info, written by the VMM when it delivers a trap
  uint32 epc;         // 0x0c   ... and read back by HV_IRET
  uint32 tval;        // 0x10
  uint32 status;      // 0x14   HV_STATUS_* of the interrupted context; read back by HV_IRET
  uint32 sp;          // 0x18   the interrupted sp
  uint32 kernel_sp;   // 0x1c guest: stack the VMM switches to on a trap from user mode
  uint32 a6, a7;      // 0x20 read back by HV_IRET (its own ecall needs these two registers)
};
#define HV_STATUS_KERNEL 1    // the interrupted context was the guest kernel
#define HV_STATUS_MASKED 2    // ... with virtual interrupts masked

// virtual interrupt numbers = the S-mode interrupt causes they stand for
#define HV_VIRQ_SOFT    1
#define HV_VIRQ_TIMER   5
#define HV_VIRQ_CONSOLE 9

// HV_MMU_UPDATE list entries
struct hv_mmu_update {
  uint32 ptr;         // guest-physical address of the PTE
  uint32 val;         // its new value
};

// HV_VCPU_INFO result
struct hv_vcpu_info {
  uint32 domid, vcpu, nvcpus, flags;   // flags: HV_VCPU_DOM0
  uint64 instret;                      // instructions this vCPU retired
  uint64 cycles;                       // virtual cycles it ran
};
#define HV_VCPU_DOM0 1

#define HV_SHUTDOWN_POWEROFF 0
#define HV_SHUTDOWN_REBOOT   1
#define HV_SHUTDOWN_CRASH    2

struct hvret {
  long a0;
  uint32 a1, a2;
};

// Any ecall to the VMM: a7 = extension (HV_MAGIC or an SBI EID), a6 = function.
static inline struct hvret hv_ecall(uint32 ext, uint32 fn, uint32 a0, uint32 a1, uint32 a2) {
  register uint32 r0 asm("a0") = a0;
  register uint32 r1 asm("a1") = a1;
  register uint32 r2 asm("a2") = a2;
  register uint32 r6 asm("a6") = fn;
  register uint32 r7 asm("a7") = ext;
  asm volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2) : "r"(r6), "r"(r7) : "memory");
  struct hvret r = { (long)r0, r1, r2 };
  return r;
}

#define hv_call(nr, a0, a1, a2) hv_ecall(HV_MAGIC, (nr), (a0), (a1), (a2))

// arch.c, mmu.c, console.c
extern struct hv_shared hv_shared;
void pv_mmu_flush(void);
void pv_console_flush(void);
void pv_console_intr(void);
#endif
