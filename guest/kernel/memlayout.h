// The kernel's view of memory (Sv32, one address space per process).
//
// 0x0000_0000 .. 0x0001_0000  unmapped (null pointer guard)
// 0x0001_0000 .. brk          user image (ELF PT_LOAD) and heap (lazy)
//             .. USTACK_TOP   user stack, grown lazily down to USTACK_LOW
// 0x8000_0000 .. RAM end      kernel, identity-mapped with 4 MiB megapages,
//                             not user-accessible; present in every address space
// 0xF000_0000                 UART0 (megapage -> 0x1000_0000)
// 0xF040_0000                 PLIC  (megapage -> 0x0C00_0000)
// 0xF080_0000                 serial ports ttyS1..ttyS8 of a host-OS server
//                             (megapage -> 0x1100_0000, one page per port)
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H
#define USTACK_TOP   0x7FFFF000UL
#define USTACK_MAX   (1024 * 1024)
#define USTACK_LOW   (USTACK_TOP - USTACK_MAX)
#define HEAP_LIMIT   (USTACK_LOW - PGSIZE)    // one guard page under the stack
#define RAM_BASE     0x80000000UL
#define FIRMWARE_END 0x80400000UL             // firmware owns [RAM_BASE, here)
#define KERNEL_BASE  0x80400000UL
#define RAM_LIMIT    0xF0000000UL             // RAM beyond this is not used
#define DEV_VA       0xF0000000UL
#define UART0_PA     0x10000000UL
#define UART0_VA     0xF0000000UL
#define PLIC_PA      0x0C000000UL
#define PLIC_VA      0xF0400000UL
#define SERIAL_PA    0x11000000UL             // ttySn at SERIAL_PA + (n - 1) * SERIAL_STRIDE
#define SERIAL_VA    0xF0800000UL
#define SERIAL_STRIDE 0x1000UL
#define MEGAPAGE     0x00400000UL
#endif
