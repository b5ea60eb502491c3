/* Two harts: hart 1 sums a table in chunks and hands each partial sum to hart 0 through shared
 * memory, waking it with a CLINT software interrupt; hart 0 sleeps in WFI between them and
 * prints. Both also race on an AMO counter and an LR/SC counter, whose totals are exact. Only
 * hart 0 prints, and nothing printed depends on how the harts interleave. */
#include "rt.h"

#define CHUNKS 8
#define ROUNDS 2000

static volatile u32 mailbox, mail_full, go;
static volatile u32 amo_counter, lrsc_counter, done1;
static u32 table[CHUNKS * 256];

static void count(void) {
  for (u32 i = 0; i < ROUNDS; i++) {
    __asm__ volatile("amoadd.w zero, %1, (%0)" : : "r"(&amo_counter), "r"(1) : "memory");
    u32 tmp, fail;
    __asm__ volatile("1: lr.w %0, (%2)\n addi %0, %0, 2\n sc.w %1, %0, (%2)\n bnez %1, 1b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(&lrsc_counter) : "memory");
  }
}

void hart_main(u32 hartid) {
  if (hartid != 1) {
    for (;;) __asm__ volatile("wfi");
  }
  while (!go) {
  }
  __asm__ volatile("fence rw, rw" ::: "memory");
  for (u32 c = 0; c < CHUNKS; c++) {
    u32 sum = 0;
    for (u32 i = 0; i < 256; i++) sum += table[c * 256 + i] * (i + 1);
    while (mail_full) {
    }
    mailbox = sum;
    __asm__ volatile("fence rw, rw" ::: "memory");
    mail_full = 1;
    mmio_w32(CLINT_MSIP(0), 1);
  }
  count();
  __asm__ volatile("fence rw, rw" ::: "memory");
  done1 = 1;
  for (;;) __asm__ volatile("wfi");
}

int main(void) {
  for (u32 i = 0; i < CHUNKS * 256; i++) table[i] = i * 2654435761u;
  csr_write(mie, 1u << IRQ_MSI);
  /* Hart 1 starts once .bss is clear, and waits for `go` before reading the table. */
  __asm__ volatile("fence rw, rw" ::: "memory");
  go = 1;
  pr("hart %u: waiting for %u chunks\n", csr_read(mhartid), CHUNKS);
  /* WFI with MIE clear wakes on the pending IPI without taking it; msip is cleared only after
   * the mail is seen and before the mailbox is freed, so no IPI is ever lost. (Taking it in a
   * handler between the check and the WFI would lose it, and sleep for ever.) */
  for (u32 c = 0; c < CHUNKS; c++) {
    while (!mail_full) __asm__ volatile("wfi");
    mmio_w32(CLINT_MSIP(0), 0);
    u32 sum = mailbox;
    __asm__ volatile("fence rw, rw" ::: "memory");
    mail_full = 0;
    pr("chunk %u: %x\n", c, sum);
  }
  count();
  while (!done1) {
  }
  pr("amo counter %u, lr/sc counter %u\n", amo_counter, lrsc_counter);
  return 0;
}
