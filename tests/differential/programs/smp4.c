/* Four harts contend: each adds to a counter with AMOs, to another with LR/SC loops (an SC must
 * fail whenever another hart wrote the word since the LR), and to a plain counter under a spin
 * lock taken with amoswap.w.aq and released with amoswap.w.rl. Hart 0 waits for the others and
 * prints the totals, which are exact only if atomicity and the lock hold. */
#include "rt.h"

#define HARTS 4
#define ROUNDS 20000

static volatile u32 amo_counter, lrsc_counter, locked_counter, lock, done[HARTS];

static void work(u32 hartid) {
  for (u32 i = 0; i < ROUNDS; i++) {
    __asm__ volatile("amoadd.w zero, %1, (%0)" : : "r"(&amo_counter), "r"(1) : "memory");
    u32 tmp, fail;
    __asm__ volatile("1: lr.w %0, (%2)\n addi %0, %0, 1\n sc.w %1, %0, (%2)\n bnez %1, 1b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(&lrsc_counter) : "memory");
    u32 busy;
    do {
      __asm__ volatile("amoswap.w.aq %0, %1, (%2)" : "=r"(busy) : "r"(1), "r"(&lock) : "memory");
    } while (busy);
    locked_counter = locked_counter + 1;
    __asm__ volatile("amoswap.w.rl zero, zero, (%0)" : : "r"(&lock) : "memory");
  }
  done[hartid] = 1;
}

void hart_main(u32 hartid) {
  if (hartid < HARTS) work(hartid);
  for (;;) __asm__ volatile("wfi");
}

int main(void) {
  work(0);
  for (u32 h = 1; h < HARTS; h++)
    while (!done[h]) {
    }
  pr("%u harts x %u rounds: amo %u, lr/sc %u, locked %u\n", HARTS, ROUNDS, amo_counter, lrsc_counter,
     locked_counter);
  return 0;
}
