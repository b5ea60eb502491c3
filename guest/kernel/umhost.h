// The host kernel's ptrace-style facility for a user-mode kernel (UML):
// ptrace(2) (Linux number 117) with Hyperlab requests 0x4800+.  Shared by
// the host side (umhost.c) and the um flavour (arch/um/), docs/host-os.md.
//
//   ptrace(PTRACE_UM_SPAWN, 0, 0, 0)          -> pid of a new traced child:
//       an empty address space, stopped until its first PTRACE_UM_RUN
//   ptrace(PTRACE_UM_MAP, pid, va, page|prot) -> maps the caller's own
//       writable page `page` (page-aligned) at child va with prot (PTE R/W/X
//       bits in the low bits); the frame is shared, not copied
//   ptrace(PTRACE_UM_UNMAP, pid, va, 0)        -> removes the child's page at va
//   ptrace(PTRACE_UM_RUN, pid, &struct um_run, 0) -> runs the child with the
//       registers given until it traps: its ecall is NOT executed by the host
//       (as PTRACE_SYSEMU), faults are reported, not handled, and a deadline
//       stops it; returns with the child's registers, cause and tval
// The child is an ordinary host process (ps shows it, kill ends it); it dies
// with its tracer.  Errors: ESRCH (no such traced child of the caller),
// EFAULT (page not the caller's), EINVAL, ENOMEM, EINTR, EIO (unknown request).
#ifndef UMHOST_H
#define UMHOST_H
#include "types.h"

#define SYS_PTRACE          117
#define PTRACE_UM_SPAWN     0x4801
#define PTRACE_UM_MAP       0x4802
#define PTRACE_UM_UNMAP     0x4803
#define PTRACE_UM_RUN       0x4804

struct um_run {
  uint32 x[32];       // in/out: registers x1..x31 (x[0] unused)
  uint32 pc;          // in/out: where the child resumes / where it stopped
  uint32 cause;       // out: scause of the stop (CAUSE_INTR|INTR_TIMER for the deadline)
  uint32 tval;        // out: stval (faulting address, or the illegal instruction)
  uint32 deadline_lo; // in: stop at this host time (TIMEBASE ticks, rdtime); 0 = none
  uint32 deadline_hi;
};
#endif
