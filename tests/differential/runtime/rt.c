/* The C half of the differential runtime: console, exit, default trap handling. */
#include "rt.h"

trap_hook rt_mtrap_hook;
trap_hook rt_strap_hook;

void putc(char c) {
  while (!(mmio_r8(UART0 + 5) & 0x20)) {
  }
  mmio_w8(UART0, (u8)c);
}

void puts(const char *s) {
  while (*s) putc(*s++);
}

void puthex(u32 v) {
  for (int i = 28; i >= 0; i -= 4) putc("0123456789abcdef"[(v >> i) & 15]);
}

void putudec(u32 v) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc(buf[--n]);
}

void putdec(i32 v) {
  if (v < 0) {
    putc('-');
    putudec(0u - (u32)v);
  } else {
    putudec((u32)v);
  }
}

/* A small printf: %x (8 hex digits), %d, %u, %s, %c and %%. */
void pr(const char *fmt, ...) {
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putc(*fmt);
      continue;
    }
    switch (*++fmt) {
    case 'x': puthex(__builtin_va_arg(ap, u32)); break;
    case 'd': putdec(__builtin_va_arg(ap, i32)); break;
    case 'u': putudec(__builtin_va_arg(ap, u32)); break;
    case 's': puts(__builtin_va_arg(ap, const char *)); break;
    case 'c': putc((char)__builtin_va_arg(ap, int)); break;
    case '%': putc('%'); break;
    default: return;
    }
  }
  __builtin_va_end(ap);
}

int uart_getc(void) {
  while (!(mmio_r8(UART0 + 5) & 0x01)) {
  }
  return mmio_r8(UART0);
}

void rt_exit(u32 code) {
  mmio_w32(FINISHER, code == 0 ? 0x5555u : (code << 16) | 0x3333u);
  for (;;) __asm__ volatile("wfi");
}

void *memset(void *d, int c, unsigned n) {
  volatile u8 *p = d;
  while (n--) *p++ = (u8)c;
  return d;
}

void *memcpy(void *d, const void *s, unsigned n) {
  volatile u8 *p = d;
  const u8 *q = s;
  while (n--) *p++ = *q++;
  return d;
}

__attribute__((weak)) void hart_main(u32 hartid) {
  (void)hartid;
  for (;;) __asm__ volatile("wfi");
}

static int is_mode_return(struct trapframe *f) {
  return (f->cause == 8 || f->cause == 9) && f->x[17] == RT_RETURN_ECALL;
}

void rt_mtrap(struct trapframe *f) {
  if (is_mode_return(f)) rt_resume_ctx(f->x[10]);
  if (rt_mtrap_hook && rt_mtrap_hook(f)) return;
  pr("unexpected M trap: mcause=%x mepc=%x mtval=%x\n", f->cause, f->epc, f->tval);
  rt_exit(99);
}

void rt_strap(struct trapframe *f) {
  if (f->cause == 8 && f->x[17] == RT_RETURN_ECALL) {
    /* U-mode code returning while U ecalls are delegated: pass the return on to M. */
    register u32 a0 __asm__("a0") = f->x[10];
    register u32 a7 __asm__("a7") = RT_RETURN_ECALL;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
  }
  if (rt_strap_hook && rt_strap_hook(f)) return;
  pr("unexpected S trap: scause=%x sepc=%x stval=%x\n", f->cause, f->epc, f->tval);
  rt_exit(98);
}
