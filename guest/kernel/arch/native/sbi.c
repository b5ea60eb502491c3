// SBI calls (v0.2 convention: a7 = EID, a6 = FID, returns a0 = error, a1 = value).
#include "riscv.h"

struct sbiret sbi_call(uint32 eid, uint32 fid, uint32 a0, uint32 a1, uint32 a2) {
  register uint32 r0 asm("a0") = a0;
  register uint32 r1 asm("a1") = a1;
  register uint32 r2 asm("a2") = a2;
  register uint32 r6 asm("a6") = fid;
  register uint32 r7 asm("a7") = eid;
  asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
  struct sbiret r = { (long)r0, (long)r1 };
  return r;
}
