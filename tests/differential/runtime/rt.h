/* The tiny runtime shared by the differential programs: UART output, finisher exit, trap
 * frames and mode switches. Everything here behaves the same on QEMU and on the engine. */
#ifndef RT_H
#define RT_H

typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef unsigned char u8;
typedef unsigned short u16;

#define UART0 0x10000000u
#define FINISHER 0x00100000u
#define CLINT 0x02000000u
#define CLINT_MSIP(h) (CLINT + 4u * (h))
#define CLINT_MTIMECMP(h) (CLINT + 0x4000u + 8u * (h))
#define CLINT_MTIME (CLINT + 0xbff8u)

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* The a7 value of the ecall by which code run with rt_run_in_mode returns to its M-mode caller. */
#define RT_RETURN_ECALL 0x7e7u

#define MSTATUS_SIE (1u << 1)
#define MSTATUS_MIE (1u << 3)
#define MSTATUS_SPIE (1u << 5)
#define MSTATUS_MPIE (1u << 7)
#define MSTATUS_SPP (1u << 8)
#define MSTATUS_MPP (3u << 11)
#define MSTATUS_MPRV (1u << 17)
#define MSTATUS_SUM (1u << 18)
#define MSTATUS_MXR (1u << 19)
#define MSTATUS_TVM (1u << 20)
#define MSTATUS_TW (1u << 21)
#define MSTATUS_TSR (1u << 22)

#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define CAUSE_IRQ 0x80000000u

#define csr_read(csr)                                                                              \
  ({                                                                                               \
    u32 v_;                                                                                        \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_));                                                 \
    v_;                                                                                            \
  })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((u32)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"((u32)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"((u32)(v)) : "memory")
#define csr_swap(csr, v)                                                                           \
  ({                                                                                               \
    u32 o_;                                                                                        \
    __asm__ volatile("csrrw %0, " #csr ", %1" : "=r"(o_) : "r"((u32)(v)) : "memory");             \
    o_;                                                                                            \
  })

static inline void mmio_w32(u32 a, u32 v) { *(volatile u32 *)a = v; }
static inline u32 mmio_r32(u32 a) { return *(volatile u32 *)a; }
static inline void mmio_w8(u32 a, u8 v) { *(volatile u8 *)a = v; }
static inline u8 mmio_r8(u32 a) { return *(volatile u8 *)a; }

/* Registers as saved by the trap vectors; x[0] is unused. A handler may change x[], epc. */
struct trapframe {
  u32 x[32];
  u32 epc;
  u32 cause;
  u32 tval;
  u32 status;
};

/* A program hooks traps by setting these; returning 1 means "handled, resume at f->epc". */
typedef int (*trap_hook)(struct trapframe *f);
extern trap_hook rt_mtrap_hook;
extern trap_hook rt_strap_hook;

/* Output. */
void putc(char c);
void puts(const char *s);
void puthex(u32 v);
void putdec(i32 v);
void putudec(u32 v);
void pr(const char *fmt, ...);
int uart_getc(void); /* blocks until a byte arrives */

/* Exit through the sifive_test finisher: 0 powers off, anything else fails with that code. */
__attribute__((noreturn)) void rt_exit(u32 code);

/* Runs fn(arg) in privilege mode `mode` (U or S) from M-mode, with interrupts off, and returns
 * its result when it returns (or when it ecalls with a7 = RT_RETURN_ECALL). */
u32 rt_run_in_mode(u32 mode, u32 (*fn)(u32), u32 arg);

/* From an M trap handler: abandons the code rt_run_in_mode is running and makes that call
 * return `value`. */
__attribute__((noreturn)) void rt_resume_ctx(u32 value);

/* The trap vectors, for programs that install them themselves. */
void rt_mtrap_vector(void);
void rt_strap_vector(void);

void *memset(void *d, int c, unsigned n);
void *memcpy(void *d, const void *s, unsigned n);

extern char __free_start[];

/* Called on each hart other than 0 once hart 0 has cleared .bss; parks the hart by default. */
void hart_main(u32 hartid);
int main(void);

#endif
