/* The /dev/kvm interface of the lab kernel, shared by the driver
 * (guest/kernel/kvm.c) and lkvm (guest/user/lkvm/).  Request numbers and names
 * follow Linux's <linux/kvm.h> where the concept is the same; docs/host-os.md
 * ("KVM") lists where we differ (kvm_run is copied, not mmap'ed).  */
#ifndef HYPERLAB_KVM_H
#define HYPERLAB_KVM_H
#include "types.h"

#define KVM_API_VERSION 12

/* on /dev/kvm */
#define KVM_GET_API_VERSION 0xAE00
#define KVM_CREATE_VM 0xAE01                /* -> a VM descriptor */
#define KVM_CHECK_EXTENSION 0xAE03
/* on a VM descriptor */
#define KVM_CREATE_VCPU 0xAE41              /* arg = vCPU id (0) -> a vCPU descriptor */
#define KVM_SET_USER_MEMORY_REGION 0x4020AE46 /* arg = struct kvm_userspace_memory_region * */
#define KVM_REGISTER_COALESCED_MMIO 0x4010AE67 /* arg = struct kvm_coalesced_mmio_zone * */
/* on a vCPU descriptor */
#define KVM_RUN 0xAE80                      /* arg = struct kvm_run * (ours: Linux mmaps it) */
#define KVM_INTERRUPT 0x4004AE86            /* arg = struct kvm_interrupt * */
#define KVM_GET_ONE_REG 0x4010AEAB          /* arg = struct kvm_one_reg * */
#define KVM_SET_ONE_REG 0x4010AEAC

struct kvm_userspace_memory_region {
  u32 slot;
  u32 flags;
  u64 guest_phys_addr;   /* 0x8000_0000: the only slot is guest RAM */
  u64 memory_size;       /* bytes, a multiple of 4 KiB */
  u64 userspace_addr;    /* page-aligned, in the caller's address space */
};

/* Stores into a zone do not exit: they queue in kvm_run.coalesced and reach
 * user space with the next exit, in order (Linux's coalesced MMIO, for
 * device registers whose writes have no urgent effect, like a UART's THR).  */
struct kvm_coalesced_mmio_zone {
  u64 addr;
  u32 size;
  u32 pad;
};
#define KVM_COALESCED_MMIO_ZONES 4   /* per VM */
#define KVM_COALESCED_MMIO_MAX 16    /* queued stores per exit */

struct kvm_coalesced_mmio {
  u64 phys_addr;
  u32 len;
  u32 pad;
  u8 data[8];
};

/* The guest's external interrupt line (VSEIP), as Linux's RISC-V KVM_INTERRUPT. */
struct kvm_interrupt {
  u32 irq;
};
#define KVM_INTERRUPT_SET 0xFFFFFFFFu
#define KVM_INTERRUPT_UNSET 0xFFFFFFFEu

/* Core registers as Linux's KVM_REG_RISCV_CORE: index 0 is pc, index n (1..31)
 * is xn; the size field says 32-bit.  */
struct kvm_one_reg {
  u64 id;
  u64 addr;   /* user address of a u32 */
};
#define KVM_REG_RISCV_CORE_U32 0x8020000002000000ull
#define KVM_REG_RISCV_CORE_REG(n) (KVM_REG_RISCV_CORE_U32 | (n))
#define KVM_REG_RISCV_PC 0
#define KVM_REG_RISCV_A0 10
#define KVM_REG_RISCV_A1 11

/* exit_reason values (Linux's numbers) */
#define KVM_EXIT_UNKNOWN 0
#define KVM_EXIT_HLT 5             /* the guest ran WFI with nothing to deliver */
#define KVM_EXIT_MMIO 6
#define KVM_EXIT_INTR 10           /* a signal is pending for the caller */
#define KVM_EXIT_INTERNAL_ERROR 17
#define KVM_EXIT_RISCV_SBI 35

/* internal.suberror: why the driver stopped the guest */
#define KVM_INTERNAL_ERROR_EMULATION 1  /* an exit it cannot handle; data[] = scause, stval, htval, pc */

struct kvm_run {
  u32 exit_reason;
  u32 pad;
  union {
    /* The guest loaded or stored len bytes at phys_addr outside its RAM.  For a
     * load, put the value in data before the next KVM_RUN.  */
    struct {
      u64 phys_addr;
      u8 data[8];
      u32 len;
      u8 is_write;
    } mmio;
    /* An SBI call the driver leaves to user space (all but TIME).  Fill ret[0]
     * (error) and ret[1] (value); they reach a0/a1 on the next KVM_RUN.  */
    struct {
      u32 extension_id;
      u32 function_id;
      u32 args[6];
      u32 ret[2];
    } riscv_sbi;
    /* The guest idles; its next timer interrupt is due at `time` = deadline
     * (~0: none armed).  Wait for input or until then, then KVM_RUN again. */
    struct {
      u64 deadline;
    } hlt;
    struct {
      u32 suberror;
      u32 ndata;
      u32 data[4];
    } internal;
  };
  /* Coalesced stores since the last exit, oldest first: user space carries
   * them out before it looks at exit_reason.  Only count entries are copied out. */
  u32 coalesced_count;
  u32 pad2;
  struct kvm_coalesced_mmio coalesced[KVM_COALESCED_MMIO_MAX];
};
#endif
