// Sv32 page-table entries.
#ifndef VM_H
#define VM_H
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PA2PTE(pa) (((uint32)(pa) >> 12) << 10)
#define VPN1(va) (((va) >> 22) & 0x3ff)
#define VPN0(va) (((va) >> 12) & 0x3ff)
#define KERNEL_PDE_FIRST 512   // root entries >= this map the kernel (va >= 0x8000_0000)
#endif
