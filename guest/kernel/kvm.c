// The kvm driver: /dev/kvm, VMs and their one vCPU, run as a part of the
// process that created them (lkvm).  A VM's RAM is a range of that process's
// own pages, mapped to guest physical 0x8000_0000.. by a G-stage (Sv32x4)
// table.  KVM_RUN enters the guest through the arch layer's world switch and
// handles in the kernel what needs no device model: the guest's timer (SBI
// set_timer and VSTIP), its IPIs (VSSIP), host interrupts (the tick charges
// the process and may preempt it, so ps, top, nice and kill work as for any
// program), idle checks, and instructions the guest may not execute (they
// become its illegal-instruction traps).  Other SBI calls, MMIO and idling
// return to user space with a struct kvm_run, as in Linux.  docs/host-os.md ("KVM") describes the ABI.
#include <hyperlab/sbi.h>
#include "defs.h"
#include "proc.h"
#include "file.h"
#include "kvm.h"
#include "memlayout.h"
#include "vm.h"

#define NKVM 8                     // VMs in the system
#define GUEST_RAM_BASE 0x80000000u
#define GUEST_RAM_MAX (256u << 20)
#define GROOT_PAGES 4              // an Sv32x4 root is 16 KiB, 16 KiB aligned
#define HSTATUS_SPV (1u << 7)
#define HSTATUS_SPVP (1u << 8)
#define HSTATUS_VTW (1u << 21)     // WFI in the guest traps here (cause 22)
#define SSTATUS_SPP (1u << 8)
#define HVIP_VSSIP (1u << 2)
#define HVIP_VSTIP (1u << 6)
#define HVIP_VSEIP (1u << 10)
#define CAUSE_VS_ECALL 10
#define CAUSE_FETCH_GUEST_PAGE 20
#define CAUSE_LOAD_GUEST_PAGE 21
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_STORE_GUEST_PAGE 23
#define INSN_WFI 0x10500073u
#define NO_DEADLINE (~0ull)

enum kvm_kind { KVM_OBJ_VM = 1, KVM_OBJ_VCPU };
enum kvm_pending { PENDING_NONE, PENDING_MMIO_LOAD, PENDING_SBI };

struct kvm_vm;

struct kvm_vcpu {
  enum kvm_kind kind;
  struct kvm_vm *vm;
  struct kvm_cpu_ctx ctx;
  struct kvm_vs_csrs vs;
  uint64 deadline;          // the guest's next timer interrupt, in host `time`
  int irq;                  // the guest's external interrupt line (VSEIP)
  int ssip;                 // a software interrupt (SBI IPI) for the guest (VSSIP)
  enum kvm_pending pending; // the last exit's result that KVM_RUN writes back
  int load_rd, load_len, load_signed;
};

struct kvm_vm {
  enum kvm_kind kind;
  int refs;                 // open VM and vCPU descriptors
  struct proc *owner;       // the process whose pages are guest RAM
  pte_t *owner_pgdir;
  pte_t *groot;
  uint32 ram_size;          // 0 until KVM_SET_USER_MEMORY_REGION
  struct kvm_coalesced_mmio_zone zones[KVM_COALESCED_MMIO_ZONES];
  int nzones;
  int has_vcpu;
  struct kvm_vcpu vcpu;
};

static struct kvm_vm vms[NKVM];

// The SBI timer deadline the driver armed in place of the host's next tick,
// or 0 when the host's own deadline (timer_next) is armed.
static uint64 guest_alarm;

int kvm_available(void) {
  return arch_kvm_present();
}

void kvm_boot_report(void) {
  if (arch_kvm_present())
    printf("kvm: H extension present, /dev/kvm ready\n");
}

// ---- VM lifetime

// A slot keeps its G-stage root after its VM is gone: a root must be 16 KiB
// of contiguous pages, which only the allocator's never-used frontier gives,
// so roots are taken from it once per slot and reused.
static struct kvm_vm *vm_alloc(void) {
  for (struct kvm_vm *vm = vms; vm < &vms[NKVM]; vm++) {
    if (vm->refs)
      continue;
    pte_t *root = vm->groot;
    if (root == NULL)
      root = kalloc_contig(GROOT_PAGES, GROOT_PAGES * PGSIZE);
    if (root == NULL)
      return NULL;
    memset(vm, 0, sizeof(*vm));
    memset(root, 0, GROOT_PAGES * PGSIZE);
    vm->kind = KVM_OBJ_VM;
    vm->refs = 1;
    vm->owner = curproc;
    vm->owner_pgdir = curproc->pgdir;
    vm->groot = root;
    return vm;
  }
  return NULL;
}

// Frees the G-stage leaf tables (the root stays with the slot); the RAM pages
// belong to the owner's address space.
static void vm_put(struct kvm_vm *vm) {
  if (--vm->refs > 0)
    return;
  arch_kvm_forget(&vm->vcpu.vs);
  for (int i = 0; i < 1024; i++)
    if (vm->groot[i] & PTE_V)
      kfree((void *)PTE2PA(vm->groot[i]));
}

// Does one of p's VMs map p's pages as guest RAM (so brk must not free them)?
int kvm_pins_memory(struct proc *p) {
  for (struct kvm_vm *vm = vms; vm < &vms[NKVM]; vm++)
    if (vm->refs && vm->ram_size && vm->owner == p && vm->owner_pgdir == p->pgdir)
      return 1;
  return 0;
}

void kvm_close(struct file *f) {
  enum kvm_kind *kind = f->kvm;
  vm_put(*kind == KVM_OBJ_VM ? (struct kvm_vm *)f->kvm : ((struct kvm_vcpu *)f->kvm)->vm);
}

// A new descriptor for a VM or vCPU object (close-on-exec: the RAM it maps
// belongs to this program's address space).
static int kvm_fd(void *obj) {
  struct file *f = file_alloc();
  if (f == NULL)
    return -ENFILE;
  f->type = F_KVM;
  f->readable = f->writable = 1;
  f->kvm = obj;
  int fd = fd_alloc(curproc, f, 0);
  if (fd < 0) {
    f->ref = 0;
    f->type = F_NONE;
    return fd;
  }
  curproc->cloexec[fd] = 1;
  return fd;
}

static long kvm_create_vm(void) {
  struct kvm_vm *vm = vm_alloc();
  if (vm == NULL)
    return -ENOMEM;
  int fd = kvm_fd(vm);
  if (fd < 0)
    vm_put(vm);
  return fd;
}

static long kvm_create_vcpu(struct kvm_vm *vm, uint32 id) {
  if (id != 0)
    return -EINVAL;   // uniprocessor guests
  if (vm->has_vcpu)
    return -EEXIST;
  struct kvm_vcpu *v = &vm->vcpu;
  memset(v, 0, sizeof(*v));
  v->kind = KVM_OBJ_VCPU;
  v->vm = vm;
  v->deadline = NO_DEADLINE;
  v->vs.htimedelta = -arch_time();   // the guest's clock starts at 0, as Linux's KVM does
  v->ctx.pc = GUEST_RAM_BASE;
  v->ctx.sstatus = SSTATUS_SPP;   // start in VS-mode
  v->ctx.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW;
  vm->refs++;
  int fd = kvm_fd(v);
  if (fd < 0)
    vm->refs--;
  else
    vm->has_vcpu = 1;
  return fd;
}

// ---- guest RAM: the caller's pages, faulted in now and mapped in the G-stage

static pte_t *gstage_leaf(struct kvm_vm *vm, uint32 gpa) {
  pte_t *pde = &vm->groot[gpa >> 22];
  if ((*pde & PTE_V) == 0) {
    pte_t *t = kalloc();
    if (t == NULL)
      return NULL;
    *pde = PA2PTE(t) | PTE_V;
  }
  return (pte_t *)PTE2PA(*pde) + VPN0(gpa);
}

static long kvm_set_memory(struct kvm_vm *vm, uint32 uarg) {
  struct kvm_userspace_memory_region r;
  if (copyin(curproc, &r, uarg, sizeof(r)) < 0)
    return -EFAULT;
  if (r.slot != 0 || r.guest_phys_addr != GUEST_RAM_BASE || r.memory_size == 0 ||
      r.memory_size > GUEST_RAM_MAX || r.memory_size % PGSIZE || r.userspace_addr % PGSIZE ||
      r.userspace_addr + r.memory_size > USER_TOP)
    return -EINVAL;
  if (vm->ram_size)
    return -EEXIST;
  for (uint32 off = 0; off < r.memory_size; off += PGSIZE) {
    uint8 *page = uvm_page(curproc, (uint32)r.userspace_addr + off, 1);
    if (page == NULL)
      return -EFAULT;
    pte_t *pte = gstage_leaf(vm, GUEST_RAM_BASE + off);
    if (pte == NULL)
      return -ENOMEM;
    // G-stage leaves are checked as U-level accesses: U is required.
    *pte = PA2PTE(page) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
  }
  vm->ram_size = r.memory_size;
  arch_kvm_gstage_flush();
  return 0;
}

// ---- the run loop

// The host's timer goes back to its own next tick if the guest's was armed.
static void host_timer_restore(void) {
  if (guest_alarm) {
    arch_timer_set(timer_next);
    guest_alarm = 0;
  }
}

// A host interrupt taken while the guest ran is handled as one that
// interrupted this process in U-mode: the tick is charged to it and may
// preempt it, and a pending fatal signal ends it there.
static void host_interrupt(uint32 cause) {
  struct trapframe tf;
  memset(&tf, 0, sizeof(tf));
  tf.scause = cause;   // sstatus.SPP = 0: "from user"
  host_timer_restore();
  trap_handler(&tf);
}

// Writes back what user space computed for the last exit.
static void complete_exit(struct kvm_vcpu *v, struct kvm_run *run) {
  if (v->pending == PENDING_MMIO_LOAD && v->load_rd != 0) {
    uint32 val = 0;
    for (int i = v->load_len - 1; i >= 0; i--)
      val = (val << 8) | run->mmio.data[i];
    int shift = 32 - 8 * v->load_len;
    if (v->load_signed && shift > 0)
      val = (uint32)((int32)(val << shift) >> shift);
    v->ctx.x[v->load_rd] = val;
  } else if (v->pending == PENDING_SBI) {
    v->ctx.x[10] = run->riscv_sbi.ret[0];
    v->ctx.x[11] = run->riscv_sbi.ret[1];
  }
  v->pending = PENDING_NONE;
}

static int exit_internal_error(struct kvm_vcpu *v, struct kvm_run *run) {
  run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
  run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
  run->internal.ndata = 4;
  run->internal.data[0] = v->ctx.scause;
  run->internal.data[1] = v->ctx.stval;
  run->internal.data[2] = v->ctx.htval;
  run->internal.data[3] = v->ctx.pc;
  return 1;
}

static int in_coalesced_zone(struct kvm_vm *vm, uint64 gpa, uint32 len) {
  for (int i = 0; i < vm->nzones; i++)
    if (gpa >= vm->zones[i].addr && gpa + len <= vm->zones[i].addr + vm->zones[i].size)
      return 1;
  return 0;
}

// A guest-page fault outside RAM is MMIO: decode the load or store.
static int exit_mmio(struct kvm_vcpu *v, struct kvm_run *run) {
  uint64 gpa = ((uint64)v->ctx.htval << 2) | (v->ctx.stval & 3);   // up to 34 bits
  uint32 insn = v->ctx.htinst;
  if ((insn & 3) != 3)
    insn = arch_kvm_fetch(v->ctx.pc);   // htinst 0: read the instruction itself
  uint32 opcode = insn & 0x7f, funct3 = (insn >> 12) & 7;
  int is_load = opcode == 0x03 && (funct3 & 3) != 3;
  int is_store = opcode == 0x23 && funct3 <= 2;
  if ((gpa >= GUEST_RAM_BASE && gpa - GUEST_RAM_BASE < v->vm->ram_size) || !(is_load || is_store))
    return exit_internal_error(v, run);
  uint32 len = 1u << (funct3 & 3);
  if (is_store && in_coalesced_zone(v->vm, gpa, len) &&
      run->coalesced_count < KVM_COALESCED_MMIO_MAX) {
    struct kvm_coalesced_mmio *c = &run->coalesced[run->coalesced_count++];
    uint32 val = v->ctx.x[(insn >> 20) & 31];
    c->phys_addr = gpa;
    c->len = len;
    for (uint32 i = 0; i < len; i++)
      c->data[i] = val >> (8 * i);
    v->ctx.pc += 4;
    return 0;   // queued: no exit
  }
  run->exit_reason = KVM_EXIT_MMIO;
  run->mmio.phys_addr = gpa;
  run->mmio.len = len;
  run->mmio.is_write = is_store;
  memset(run->mmio.data, 0, sizeof(run->mmio.data));
  if (is_store) {
    uint32 val = v->ctx.x[(insn >> 20) & 31];
    for (uint32 i = 0; i < run->mmio.len; i++)
      run->mmio.data[i] = val >> (8 * i);
  } else {
    v->pending = PENDING_MMIO_LOAD;
    v->load_rd = (insn >> 7) & 31;
    v->load_len = run->mmio.len;
    v->load_signed = (funct3 & 4) == 0;
  }
  v->ctx.pc += 4;
  return 1;
}

// send_ipi: the one hart is hart 0 (mask bit 0 from base 0, or base -1 = all).
static int ipi_hits_hart0(uint32 mask, uint32 base) {
  return base == 0xffffffffu || (base == 0 && (mask & 1));
}

// An ecall from VS-mode: set_timer and send_ipi stay here, other SBI calls go
// to user space.
static int exit_sbi(struct kvm_vcpu *v, struct kvm_run *run) {
  uint32 *x = v->ctx.x;
  v->ctx.pc += 4;
  if (x[17] == SBI_EXT_TIME && x[16] == 0) {
    // The guest asks in its own time; the driver keeps host time (and "never"
    // stays never rather than wrapping around).
    uint64 guest = ((uint64)x[11] << 32) | x[10];
    uint64 host = guest - v->vs.htimedelta;
    v->deadline = host < guest ? NO_DEADLINE : host;
    x[10] = 0;
    return 0;
  }
  if (x[17] == SBI_EXT_IPI && x[16] == 0) {
    v->ssip |= ipi_hits_hart0(x[10], x[11]);
    x[10] = 0;
    return 0;
  }
  run->exit_reason = KVM_EXIT_RISCV_SBI;
  run->riscv_sbi.extension_id = x[17];
  run->riscv_sbi.function_id = x[16];
  for (int i = 0; i < 6; i++)
    run->riscv_sbi.args[i] = x[10 + i];
  run->riscv_sbi.ret[0] = (uint32)-2;   // SBI_ERR_NOT_SUPPORTED unless user space says otherwise
  run->riscv_sbi.ret[1] = 0;
  v->pending = PENDING_SBI;
  return 1;
}

// WFI: resume at once if an interrupt is due, else let user space wait.
static int exit_wfi(struct kvm_vcpu *v, struct kvm_run *run) {
  v->ctx.pc += 4;
  if (v->irq || v->ssip || v->deadline <= arch_time())
    return 0;
  run->exit_reason = KVM_EXIT_HLT;
  run->hlt.deadline = v->deadline;
  return 1;
}

// Returns 1 if the exit goes to user space (run filled), 0 to re-enter.
static int handle_exit(struct kvm_vcpu *v, struct kvm_run *run) {
  uint32 cause = v->ctx.scause;
  if (cause & CAUSE_INTR) {
    if ((cause & 15) == INTR_TIMER && guest_alarm && arch_time() < timer_next) {
      host_timer_restore();   // the guest's deadline, not the host's tick
      return 0;
    }
    host_interrupt(cause);
    if ((cause & 15) != INTR_TIMER)
      return 0;
    // After a host tick user space may look at its devices (console input
    // for a guest that does not idle); Linux's VMMs use a thread for this.
    run->exit_reason = KVM_EXIT_INTR;
    return 1;
  }
  switch (cause) {
  case CAUSE_VS_ECALL:
    return exit_sbi(v, run);
  case CAUSE_LOAD_GUEST_PAGE:
  case CAUSE_STORE_GUEST_PAGE:
    return exit_mmio(v, run);
  case CAUSE_VIRTUAL_INSN:
    if (v->ctx.stval == INSN_WFI && (v->ctx.sstatus & SSTATUS_SPP))
      return exit_wfi(v, run);
    // Anything else the guest may not do (a hypervisor CSR, or from VU-mode a
    // supervisor one, sret, wfi): to it, as on a CPU without H, illegal.
    arch_kvm_inject(&v->ctx, CAUSE_ILLEGAL, v->ctx.stval);
    return 0;
  case CAUSE_FETCH_GUEST_PAGE:   // a jump outside RAM: there is nothing to run there
  default:                       // nor a cause a guest can raise with this delegation
    return exit_internal_error(v, run);
  }
}

// Only the fields before the coalesced stores travel in; out go those and
// the stores queued.
#define KVM_RUN_HEAD ((uint32)(uintptr) & ((struct kvm_run *)0)->coalesced)

static long kvm_run(struct kvm_vcpu *v, uint32 urun) {
  struct kvm_run run;
  if (v->vm->ram_size == 0)
    return -ENOEXEC;
  if (copyin(curproc, &run, urun, KVM_RUN_HEAD) < 0)
    return -EFAULT;
  complete_exit(v, &run);
  run.coalesced_count = 0;
  long r = 0;
  for (;;) {
    if (proc_signal_pending(curproc)) {
      run.exit_reason = KVM_EXIT_INTR;
      r = -EINTR;
      break;
    }
    uint64 now = arch_time();
    uint32 hvip = (v->irq ? HVIP_VSEIP : 0) | (v->deadline <= now ? HVIP_VSTIP : 0) |
                  (v->ssip ? HVIP_VSSIP : 0);
    // The guest's timer interrupt is due before the host's next tick: arm it.
    if (v->deadline > now && v->deadline < timer_next && guest_alarm != v->deadline) {
      arch_timer_set(v->deadline);
      guest_alarm = v->deadline;
    }
    v->ssip = (arch_kvm_run_guest(&v->ctx, &v->vs, v->vm->groot, hvip) & HVIP_VSSIP) != 0;
    if (handle_exit(v, &run))
      break;
  }
  host_timer_restore();
  uint32 n = KVM_RUN_HEAD + run.coalesced_count * sizeof(run.coalesced[0]);
  if (copyout(curproc, urun, &run, n) < 0)
    return -EFAULT;
  return r;
}

// pc (index 0) or xN (index N) as Linux's KVM_REG_RISCV_CORE registers.
static long kvm_one_reg(struct kvm_vcpu *v, uint32 uarg, int set) {
  struct kvm_one_reg reg;
  if (copyin(curproc, &reg, uarg, sizeof(reg)) < 0)
    return -EFAULT;
  uint64 index = reg.id - KVM_REG_RISCV_CORE_U32;
  if (reg.id < KVM_REG_RISCV_CORE_U32 || index > 31 || reg.addr >= USER_TOP)
    return -EINVAL;
  uint32 *slot = index == 0 ? &v->ctx.pc : &v->ctx.x[index];
  if (set)
    return copyin(curproc, slot, (uint32)reg.addr, 4);
  return copyout(curproc, (uint32)reg.addr, slot, 4);
}

static long kvm_interrupt(struct kvm_vcpu *v, uint32 uarg) {
  struct kvm_interrupt irq;
  if (copyin(curproc, &irq, uarg, sizeof(irq)) < 0)
    return -EFAULT;
  if (irq.irq != KVM_INTERRUPT_SET && irq.irq != KVM_INTERRUPT_UNSET)
    return -EINVAL;
  v->irq = irq.irq == KVM_INTERRUPT_SET;
  return 0;
}

static long kvm_register_coalesced(struct kvm_vm *vm, uint32 uarg) {
  struct kvm_coalesced_mmio_zone z;
  if (copyin(curproc, &z, uarg, sizeof(z)) < 0)
    return -EFAULT;
  if (z.size == 0 || z.addr + z.size < z.addr)
    return -EINVAL;
  if (vm->nzones == KVM_COALESCED_MMIO_ZONES)
    return -ENOSPC;
  vm->zones[vm->nzones++] = z;
  return 0;
}

static long kvm_vm_ioctl(struct kvm_vm *vm, uint32 cmd, uint32 arg) {
  switch (cmd) {
  case KVM_REGISTER_COALESCED_MMIO: return kvm_register_coalesced(vm, arg);
  case KVM_CREATE_VCPU: return kvm_create_vcpu(vm, arg);
  case KVM_SET_USER_MEMORY_REGION: return kvm_set_memory(vm, arg);
  }
  return -ENOTTY;
}

static long kvm_vcpu_ioctl(struct kvm_vcpu *v, uint32 cmd, uint32 arg) {
  switch (cmd) {
  case KVM_RUN: return kvm_run(v, arg);
  case KVM_INTERRUPT: return kvm_interrupt(v, arg);
  case KVM_GET_ONE_REG: return kvm_one_reg(v, arg, 0);
  case KVM_SET_ONE_REG: return kvm_one_reg(v, arg, 1);
  }
  return -ENOTTY;
}

// f is /dev/kvm itself or a VM/vCPU descriptor.  Only the process that made
// a VM (with the address space its RAM lives in) may use it.
long kvm_ioctl(struct file *f, uint32 cmd, uint32 arg) {
  if (f->type != F_KVM) {
    switch (cmd) {
    case KVM_GET_API_VERSION: return KVM_API_VERSION;
    case KVM_CHECK_EXTENSION: return 0;
    case KVM_CREATE_VM: return kvm_create_vm();
    }
    return -ENOTTY;
  }
  enum kvm_kind *kind = f->kvm;
  struct kvm_vm *vm = *kind == KVM_OBJ_VM ? (struct kvm_vm *)f->kvm : ((struct kvm_vcpu *)f->kvm)->vm;
  if (vm->owner != curproc || vm->owner_pgdir != curproc->pgdir)
    return -EIO;
  if (*kind == KVM_OBJ_VM)
    return kvm_vm_ioctl(vm, cmd, arg);
  return kvm_vcpu_ioctl((struct kvm_vcpu *)f->kvm, cmd, arg);
}
