/* UART input: reads bytes until a '.' and echoes each transformed (letters rot13 and case
 * swapped, digits mirrored), then counts of lines, letters and bytes. The harness feeds the same
 * input to QEMU and to the engine; the LSR data-ready bit is polled, so no timing shows. */
#include "rt.h"

static char transform(char c) {
  if (c >= 'a' && c <= 'z') return (char)('A' + (c - 'a' + 13) % 26);
  if (c >= 'A' && c <= 'Z') return (char)('a' + (c - 'A' + 13) % 26);
  if (c >= '0' && c <= '9') return (char)('9' - (c - '0'));
  return c;
}

int main(void) {
  u32 lines = 0, letters = 0, bytes = 0, sum = 0;
  puts("echo: ready\n");
  for (;;) {
    int c = uart_getc();
    if (c == '.') break;
    bytes++;
    sum = sum * 33 + (u32)c;
    if (c == '\n') lines++;
    if ((c | 32) >= 'a' && (c | 32) <= 'z') letters++;
    putc(transform((char)c));
  }
  pr("\necho: lines=%u letters=%u bytes=%u sum=%x\n", lines, letters, bytes, sum);
  return bytes == 0 ? 1 : 0;
}
