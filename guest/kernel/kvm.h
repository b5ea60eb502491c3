// The kvm driver (kvm.c) and its arch half (arch/<flavour>/kvm*.{c,S}).
#ifndef KVM_H
#define KVM_H
#include "types.h"
#include <hyperlab/kvm.h>

struct file;
struct proc;

// A vCPU's registers while the host runs; kvm_switch.S uses the offsets.
struct kvm_cpu_ctx {
  uint32 x[32];     // 0: guest x0..x31 (x0 unused)
  uint32 pc;        // 128: where the guest resumes
  uint32 host_sp;   // 132: the host's kernel sp inside kvm_enter
  uint32 scause;    // 136..152: the trap that ended the last entry
  uint32 stval;
  uint32 htval;
  uint32 htinst;
  uint32 hstatus;   // 152: loaded on entry, read back on exit
  uint32 sstatus;   // 156: SPP = the guest's privilege (VS or VU) to resume in
};

// The guest's VS-level CSRs, swapped only when another vCPU takes the hart;
// htimedelta makes the guest's `time` start at 0 when its VM was made.
struct kvm_vs_csrs {
  uint32 vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
  uint64 htimedelta;
};

// Generic half (kvm.c): the /dev/kvm file.
int kvm_available(void);                 // may /dev/kvm be opened?
long kvm_ioctl(struct file *f, uint32 cmd, uint32 arg);
void kvm_close(struct file *f);
int kvm_pins_memory(struct proc *p);
void kvm_boot_report(void);

// Arch half: only a kernel in HS-mode with the H extension runs guests.
int arch_kvm_present(void);
// Enters the guest with G-stage root groot (16 KiB aligned) and virtual
// interrupt lines hvip until the next trap; fills ctx's trap fields and
// returns hvip as the exit left it (the guest may clear its VSSIP).
uint32 arch_kvm_run_guest(struct kvm_cpu_ctx *ctx, struct kvm_vs_csrs *vs, pte_t *groot, uint32 hvip);
void arch_kvm_forget(struct kvm_vs_csrs *vs);  // this vCPU's state leaves the hart
// The guest instruction at guest virtual pc (as the guest's privilege then
// saw it), or 0 if it cannot be read.
uint32 arch_kvm_fetch(uint32 pc);
void arch_kvm_gstage_flush(void);
// Delivers exception `cause` to the guest that just exited (its VS CSRs are
// in the hart), as the hardware would have: the guest resumes at its vstvec.
void arch_kvm_inject(struct kvm_cpu_ctx *ctx, uint32 cause, uint32 tval);
#endif
