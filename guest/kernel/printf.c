// Formatted output: kernel console (with a copy in dmesg) and snprintf.
#include "defs.h"

struct outbuf {
  char *buf;
  int size, len;
};

static void out_c(struct outbuf *o, char c) {
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  o->len++;
}

static void out_num(struct outbuf *o, uint32 v, int base, int neg, int width, char pad) {
  char tmp[12];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (neg)
    tmp[n++] = '-';
  for (; width > n; width--)
    out_c(o, pad);
  while (n)
    out_c(o, tmp[--n]);
}

static void out_str(struct outbuf *o, const char *s, int width, int left) {
  int n = strlen(s);
  for (; !left && width > n; width--)
    out_c(o, ' ');
  while (*s)
    out_c(o, *s++);
  for (; left && width > n; width--)
    out_c(o, ' ');
}

// Supports %d %u %x %s %c %p %% with optional '-', '0' and a width.
int vsnprintf(char *buf, int size, const char *fmt, va_list ap) {
  struct outbuf o = { buf, size, 0 };
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out_c(&o, *fmt);
      continue;
    }
    int left = 0, width = 0;
    char pad = ' ';
    fmt++;
    if (*fmt == '-')
      left = 1, fmt++;
    if (*fmt == '0')
      pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    switch (*fmt) {
    case 'd': {
      int v = va_arg(ap, int);
      out_num(&o, v < 0 ? -(uint32)v : (uint32)v, 10, v < 0, width, pad);
      break;
    }
    case 'u': out_num(&o, va_arg(ap, uint32), 10, 0, width, pad); break;
    case 'x': out_num(&o, va_arg(ap, uint32), 16, 0, width, pad); break;
    case 'p': out_str(&o, "0x", 0, 0); out_num(&o, va_arg(ap, uint32), 16, 0, 8, '0'); break;
    case 's': out_str(&o, va_arg(ap, const char *), width, left); break;
    case 'c': out_c(&o, (char)va_arg(ap, int)); break;
    case '%': out_c(&o, '%'); break;
    default: out_c(&o, '%'); out_c(&o, *fmt); break;
    case 0: fmt--; break;
    }
  }
  if (size > 0)
    buf[o.len < size ? o.len : size - 1] = 0;
  return o.len;
}

int snprintf(char *buf, int size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

// Kernel log: to the console and, with a timestamp per line, to dmesg.
void printf(const char *fmt, ...) {
  static int at_line_start = 1;
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n > (int)sizeof(buf) - 1)
    n = sizeof(buf) - 1;
  tty_puts_kernel(buf, n);
  for (int i = 0; i < n; i++) {
    if (at_line_start) {
      char ts[24];
      uint64 t = arch_time();
      uint32 sec = (uint32)(t / TIMEBASE), us = (uint32)(t % TIMEBASE) / 10;
      dmesg_write(ts, snprintf(ts, sizeof(ts), "[%5u.%06u] ", sec, us));
    }
    dmesg_write(&buf[i], 1);
    at_line_start = buf[i] == '\n';
  }
}

// A broken invariant: report it and power off with a failure code.
void panic(const char *msg) {
  arch_intr_off();
  printf("\nkernel panic: %s\n", msg);
  arch_power_off(1);
}
