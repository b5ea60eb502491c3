/* A C workload: a small stack-machine interpreter running a bytecode program (primes below a
 * bound and a Collatz record), an insertion/quick sort of pseudo-random numbers, and a CRC32
 * over the results. It exits through the finisher with code 42 on purpose, so the harness
 * checks that a failing exit status is reproduced too. */
#include "rt.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, DIV, LT, JZ, JMP, PRINT, HALT, DUP, DROP };

static i32 vars[8];

static u32 run(const i32 *code) {
  i32 stack[64];
  u32 sp = 0, pc = 0, steps = 0;
  for (;;) {
    steps++;
    i32 op = code[pc++];
    switch (op) {
    case PUSH: stack[sp++] = code[pc++]; break;
    case LOAD: stack[sp++] = vars[code[pc++]]; break;
    case STORE: vars[code[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
    case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
    case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
    case JZ: pc = stack[--sp] ? pc + 1 : (u32)code[pc]; break;
    case JMP: pc = (u32)code[pc]; break;
    case PRINT: pr("%d ", stack[--sp]); break;
    case DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case DROP: sp--; break;
    case HALT: return steps;
    default: pr("bad op %d\n", op); return steps;
    }
  }
}

static u32 crc32(u32 crc, const void *data, u32 n) {
  const u8 *p = data;
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

static void quicksort(u32 *a, i32 lo, i32 hi) {
  while (lo < hi) {
    u32 pivot = a[(lo + hi) / 2];
    i32 i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        u32 t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
}

static u32 nums[2000];

int main(void) {
  /* for n in 2..119: prime = 1; for d = 2; d*d < n+1; d++: if n % d == 0: prime = 0, break;
   * if prime: print n. Assembled with its jump targets patched as they become known. */
  static i32 prog[96];
  u32 n = 0;
  /* Lay the program out explicitly to keep the jump targets honest. */
  i32 *c = prog;
#define EMIT(...)                                                                                  \
  do {                                                                                             \
    const i32 e_[] = {__VA_ARGS__};                                                                \
    for (u32 k_ = 0; k_ < sizeof e_ / sizeof e_[0]; k_++) c[n++] = e_[k_];                         \
  } while (0)
  EMIT(PUSH, 2, STORE, 0);
  u32 outer = n;
  EMIT(LOAD, 0, PUSH, 120, LT, JZ, 0);
  u32 fix_end = n - 1;
  EMIT(PUSH, 2, STORE, 1, PUSH, 1, STORE, 2);
  u32 inner = n;
  EMIT(LOAD, 1, LOAD, 1, MUL, LOAD, 0, PUSH, 1, ADD, LT, JZ, 0);
  u32 fix_inner_end = n - 1;
  EMIT(LOAD, 0, LOAD, 1, MOD, JZ, 0);
  u32 fix_composite = n - 1;
  EMIT(LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, (i32)inner);
  c[fix_composite] = (i32)n;
  EMIT(PUSH, 0, STORE, 2);
  c[fix_inner_end] = (i32)n;
  EMIT(LOAD, 2, JZ, 0);
  u32 fix_skip = n - 1;
  EMIT(LOAD, 0, PRINT);
  c[fix_skip] = (i32)n;
  EMIT(LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, (i32)outer);
  c[fix_end] = (i32)n;
  EMIT(HALT);
  puts("primes: ");
  u32 steps = run(prog);
  pr("\ninterpreter steps: %u\n", steps);

  u32 x = 12345;
  for (u32 i = 0; i < 2000; i++) {
    x = x * 1103515245u + 12345u;
    nums[i] = x >> 8;
  }
  quicksort(nums, 0, 1999);
  u32 sorted = 1;
  for (u32 i = 1; i < 2000; i++) sorted &= nums[i - 1] <= nums[i];
  pr("sorted=%u min=%x median=%x max=%x\n", sorted, nums[0], nums[1000], nums[1999]);
  pr("crc32(sorted)=%x crc32(\"123456789\")=%x\n", crc32(0, nums, sizeof nums),
     crc32(0, "123456789", 9));
  return 42;
}
