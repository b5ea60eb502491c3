/*
 * The RISC-V counters as 64-bit values, for user programs and for the um
 * kernel (a user program of its host).  On rv32 each is two CSRs; the
 * high half is read twice so a carry between the two reads is noticed.
 * U-mode may read them only when the kernel and firmware enable them in
 * scounteren/mcounteren.
 */
#ifndef HYPERLAB_COUNTERS_H
#define HYPERLAB_COUNTERS_H

#include <hyperlab/types.h>

#define __READ_CSR64(lo, hi)                                         \
	do {                                                         \
		u32 h1, l, h2;                                       \
		do {                                                 \
			__asm__ volatile("csrr %0, " #hi : "=r"(h1)); \
			__asm__ volatile("csrr %0, " #lo : "=r"(l));  \
			__asm__ volatile("csrr %0, " #hi : "=r"(h2)); \
		} while (h1 != h2);                                  \
		return ((u64)h1 << 32) | l;                          \
	} while (0)

static inline u64 rdcycle(void) { __READ_CSR64(cycle, cycleh); }
static inline u64 rdtime(void) { __READ_CSR64(time, timeh); }
static inline u64 rdinstret(void) { __READ_CSR64(instret, instreth); }

#endif
