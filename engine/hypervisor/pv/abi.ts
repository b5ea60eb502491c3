/**
 * The hypercall ABI of docs/hypercalls.md, as the VMM sees it. guest/kernel/arch/pv/hypercall.h
 * is the guest's copy; abi.test.ts keeps the two equal.
 */

/** a7 of a hypercall ("\nHYP"); any other a7 from the guest kernel is an SBI call. */
export const HV_MAGIC = 0x0a48_5950;

/** Hypercall numbers (a6), in the order of the table in docs/hypercalls.md. */
export const HYPERCALLS = [
  'set_trap_table',
  'register_shared_page',
  'iret',
  'mmu_update',
  'new_baseptr',
  'pin_table',
  'unpin_table',
  'flush_tlb',
  'set_timer',
  'get_time',
  'console_write',
  'console_read',
  'yield',
  'block',
  'shutdown',
  'vcpu_info',
  'domctl',
] as const;
export type HypercallName = (typeof HYPERCALLS)[number];

/** The number of hypercall `name`. */
export function hypercallNumber(name: HypercallName): number {
  return HYPERCALLS.indexOf(name);
}

/** Byte offsets in the shared page. */
export const SH_MASK = 0x00;
export const SH_PENDING = 0x04;
export const SH_CAUSE = 0x08;
export const SH_EPC = 0x0c;
export const SH_TVAL = 0x10;
export const SH_STATUS = 0x14;
export const SH_SP = 0x18;
export const SH_KERNEL_SP = 0x1c;
export const SH_A6 = 0x20;
export const SH_A7 = 0x24;

/** Bits of the shared page's status word. */
export const HV_STATUS_KERNEL = 1;
export const HV_STATUS_MASKED = 2;

/** Virtual interrupt numbers: the S-mode interrupt causes they stand for. */
export const HV_VIRQ_SOFT = 1;
export const HV_VIRQ_TIMER = 5;
export const HV_VIRQ_CONSOLE = 9;
/** Delivery order when several are pending, as the hardware orders SEI, SSI, STI. */
export const VIRQ_PRIORITY: readonly number[] = [HV_VIRQ_CONSOLE, HV_VIRQ_SOFT, HV_VIRQ_TIMER];

export const HV_SHUTDOWN_POWEROFF = 0;
export const HV_SHUTDOWN_REBOOT = 1;
export const HV_SHUTDOWN_CRASH = 2;

export const HV_VCPU_DOM0 = 1;
/** struct hv_vcpu_info: domid, vcpu, nvcpus, flags, instret (u64), cycles (u64). */
export const VCPU_INFO_BYTES = 32;

/** mmu_update takes at most this many entries per call. */
export const MMU_UPDATE_MAX = 512;

/** domctl operations (dom0 only). */
export const DOMCTL_OPS = [
  'list',
  'create',
  'pause',
  'unpause',
  'destroy',
  'set_weight',
  'set_cap',
] as const;
export type DomctlOp = (typeof DOMCTL_OPS)[number];
export const DOMAIN_INFO_BYTES = 52;
export const DOMAIN_CONFIG_BYTES = 296;
/** Where `struct hv_domain_config` holds a refused create's reason, and its size. */
export const DOMAIN_CONFIG_REASON_AT = 40;
export const DOMAIN_CONFIG_REASON_BYTES = 256;

/** Linux errno values; hypercalls return their negatives in a0. */
export const EPERM = 1;
export const ESRCH = 3;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENOMEM = 12;
export const EINVAL = 22;
export const ENOSYS = 38;
