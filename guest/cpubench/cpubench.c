/* cpubench: a CPU-bound, deterministic integer workload for measuring the emulator's speed
 * against QEMU. Five kernels (table CRC32, quicksort, sieve of Eratosthenes, 48x48 matrix
 * multiply, and a byte-code interpreter loop) each run a fixed number of rounds; each prints a
 * checksum, and the last line combines them, so two machines that ran it can be compared. In
 * all about 5.6 * 10^8 instructions, none of the five more than a third of them. It uses no
 * timer, no interrupts and no input, so the instruction count is the same everywhere; it ends
 * by powering off through the finisher. */

typedef unsigned int u32;
typedef int i32;
typedef unsigned char u8;

#define UART0 0x10000000u
#define FINISHER 0x00100000u

static void putc(char c) {
  while (!(*(volatile u8 *)(UART0 + 5) & 0x20)) {
  }
  *(volatile u8 *)UART0 = (u8)c;
}

static void puts(const char *s) {
  while (*s) putc(*s++);
}

static void puthex(u32 v) {
  for (int i = 28; i >= 0; i -= 4) putc("0123456789abcdef"[(v >> i) & 15]);
}

static void putdec(u32 v) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc(buf[--n]);
}

void bench_exit(u32 code) {
  *(volatile u32 *)FINISHER = code == 0 ? 0x5555u : (code << 16) | 0x3333u;
  for (;;) __asm__ volatile("wfi");
}

static u32 rng = 0x2545f491u;
static u32 next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* ---- CRC32 (IEEE), table-driven, over a 64 KiB buffer */
static u32 crc_table[256];
static u8 crc_data[65536];

static void crc_init(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    crc_table[i] = c;
  }
  for (u32 i = 0; i < sizeof crc_data; i++) crc_data[i] = (u8)next_random();
}

static u32 crc32(u32 crc, const u8 *p, u32 n) {
  crc = ~crc;
  while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static u32 bench_crc(u32 rounds) {
  u32 crc = 0;
  for (u32 r = 0; r < rounds; r++) {
    crc = crc32(crc, crc_data, sizeof crc_data);
    crc_data[r & 0xffff] ^= (u8)crc;
  }
  return crc;
}

/* ---- quicksort of 32768 pseudo-random words */
#define SORT_N 32768
static u32 sort_data[SORT_N];

static void quicksort(u32 *a, i32 lo, i32 hi) {
  while (lo < hi) {
    u32 pivot = a[lo + (hi - lo) / 2];
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

static u32 bench_sort(u32 rounds) {
  u32 sum = 0;
  for (u32 r = 0; r < rounds; r++) {
    for (u32 i = 0; i < SORT_N; i++) sort_data[i] = next_random();
    quicksort(sort_data, 0, SORT_N - 1);
    for (u32 i = 0; i < SORT_N; i += 97) sum = sum * 31 + sort_data[i];
    for (u32 i = 1; i < SORT_N; i++)
      if (sort_data[i - 1] > sort_data[i]) return 0xbad5047u;
  }
  return sum;
}

/* ---- sieve of Eratosthenes up to 1,000,000 */
#define SIEVE_N 1000000
static u8 sieve[SIEVE_N];

static u32 bench_sieve(u32 rounds) {
  u32 count = 0, last = 0;
  for (u32 r = 0; r < rounds; r++) {
    for (u32 i = 0; i < SIEVE_N; i++) sieve[i] = 1;
    sieve[0] = sieve[1] = 0;
    for (u32 i = 2; i * i < SIEVE_N; i++)
      if (sieve[i])
        for (u32 j = i * i; j < SIEVE_N; j += i) sieve[j] = 0;
    count = 0;
    for (u32 i = 0; i < SIEVE_N; i++)
      if (sieve[i]) {
        count++;
        last = i;
      }
  }
  return count * 0x10001u ^ last;
}

/* ---- 48x48 integer matrix multiply, C = A * B, then B = C mod 2^16 */
#define MAT 48
static i32 ma[MAT][MAT], mb[MAT][MAT], mc[MAT][MAT];

static u32 bench_matrix(u32 rounds) {
  for (u32 i = 0; i < MAT; i++)
    for (u32 j = 0; j < MAT; j++) {
      ma[i][j] = (i32)(next_random() & 0xff) - 128;
      mb[i][j] = (i32)(next_random() & 0xff) - 128;
    }
  u32 sum = 0;
  for (u32 r = 0; r < rounds; r++) {
    for (u32 i = 0; i < MAT; i++)
      for (u32 j = 0; j < MAT; j++) {
        i32 acc = 0;
        for (u32 k = 0; k < MAT; k++) acc += ma[i][k] * mb[k][j];
        mc[i][j] = acc;
      }
    for (u32 i = 0; i < MAT; i++)
      for (u32 j = 0; j < MAT; j++) {
        mb[i][j] = (mc[i][j] & 0xffff) - 0x8000;
        sum += (u32)mc[i][j] * (i + 1);
      }
    sum ^= sum >> 7;
  }
  return sum;
}

/* ---- a register-machine interpreter: the dispatch-heavy work of every emulator and VM */
enum { I_ADD, I_SUB, I_MUL, I_XOR, I_SHR, I_DEC_JNZ, I_HALT };
struct insn {
  u8 op, d, a, b;
};

static u32 interpret(const struct insn *code, u32 *r) {
  u32 pc = 0, steps = 0;
  for (;;) {
    const struct insn in = code[pc++];
    steps++;
    switch (in.op) {
    case I_ADD: r[in.d] = r[in.a] + r[in.b]; break;
    case I_SUB: r[in.d] = r[in.a] - r[in.b]; break;
    case I_MUL: r[in.d] = r[in.a] * r[in.b]; break;
    case I_XOR: r[in.d] = r[in.a] ^ r[in.b]; break;
    case I_SHR: r[in.d] = r[in.a] >> (r[in.b] & 31); break;
    case I_DEC_JNZ:
      if (--r[in.d]) pc = in.a;
      break;
    default: return steps;
    }
  }
}

static u32 bench_interp(u32 rounds) {
  static const struct insn prog[] = {
      {I_MUL, 1, 1, 2}, {I_ADD, 1, 1, 3}, {I_XOR, 4, 4, 1}, {I_SHR, 5, 1, 6},
      {I_ADD, 4, 4, 5}, {I_SUB, 3, 3, 7}, {I_DEC_JNZ, 0, 0, 0}, {I_HALT, 0, 0, 0},
  };
  u32 sum = 0;
  for (u32 round = 0; round < rounds; round++) {
    u32 r[8] = {100000, round + 1, 1664525, 1013904223, 0, 0, 13, 7};
    interpret(prog, r);
    sum = sum * 33 + r[4];
  }
  return sum;
}

static u32 combine(u32 total, const char *name, u32 value) {
  puts("cpubench: ");
  puts(name);
  puts(" ");
  puthex(value);
  puts("\n");
  return (total ^ value) * 0x01000193u;
}

int main(void) {
  crc_init();
  u32 total = 0x811c9dc5u;
  total = combine(total, "crc32", bench_crc(120));
  total = combine(total, "sort", bench_sort(12));
  total = combine(total, "sieve", bench_sieve(9));
  total = combine(total, "matrix", bench_matrix(60));
  total = combine(total, "interp", bench_interp(10));
  u32 instret;
  __asm__ volatile("csrr %0, minstret" : "=r"(instret));
  puts("cpubench: checksum ");
  puthex(total);
  puts("\ncpubench: minstret ");
  putdec(instret);
  puts("\n");
  bench_exit(0);
  return 0;
}
