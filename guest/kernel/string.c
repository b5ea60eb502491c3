// Memory and string helpers, and the 64-bit division the compiler may call.
#include "defs.h"

// Word stores when aligned, four per iteration: page zeroing is hot
// (every kalloc, every lazy page fault).
void *memset(void *d, int c, unsigned long n) {
  uint8 *p = d;
  if ((((uintptr)p | n) & 3) == 0) {
    uint32 w = (uint8)c * 0x01010101u, *q = (uint32 *)p, *end = (uint32 *)(p + n);
    for (; q + 4 <= end; q += 4)
      q[0] = q[1] = q[2] = q[3] = w;
    while (q < end)
      *q++ = w;
    return d;
  }
  while (n--)
    *p++ = (uint8)c;
  return d;
}

// Word copies when aligned, four per iteration (fork copies whole pages).
void *memcpy(void *d, const void *s, unsigned long n) {
  uint8 *dp = d;
  const uint8 *sp = s;
  if ((((uintptr)dp | (uintptr)sp | n) & 3) == 0) {
    uint32 *q = (uint32 *)dp, *end = (uint32 *)(dp + n);
    const uint32 *r = (const uint32 *)sp;
    for (; q + 4 <= end; q += 4, r += 4) {
      uint32 a = r[0], b = r[1], c = r[2], e = r[3];
      q[0] = a, q[1] = b, q[2] = c, q[3] = e;
    }
    while (q < end)
      *q++ = *r++;
    return d;
  }
  while (n--)
    *dp++ = *sp++;
  return d;
}

void *memmove(void *d, const void *s, unsigned long n) {
  uint8 *dp = d;
  const uint8 *sp = s;
  if (dp <= sp || dp >= sp + n)
    return memcpy(d, s, n);
  while (n--)
    dp[n] = sp[n];
  return d;
}

int memcmp(const void *a, const void *b, unsigned long n) {
  const uint8 *x = a, *y = b;
  for (; n; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}

int strlen(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b)
    a++, b++;
  return (uint8)*a - (uint8)*b;
}

int strncmp(const char *a, const char *b, int n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b)
      return (uint8)*a - (uint8)*b;
    if (*a == 0)
      return 0;
  }
  return 0;
}

// Copies at most n-1 bytes and always terminates (n > 0).
void strlcpy(char *d, const char *s, int n) {
  int i;
  for (i = 0; i + 1 < n && s[i]; i++)
    d[i] = s[i];
  d[i] = 0;
}

// Parses a whole string of decimal digits; returns 0 on success.
int katoi(const char *s, int *out) {
  int v = 0;
  if (*s == 0)
    return -1;
  for (; *s; s++) {
    if (*s < '0' || *s > '9' || v > 100000000)
      return -1;
    v = v * 10 + (*s - '0');
  }
  *out = v;
  return 0;
}

static uint64 udivmod64(uint64 n, uint64 d, uint64 *rem) {
  uint64 q = 0, r = 0;
  if (d == 0)
    panic("udivmod64: division by zero");
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) {
      r -= d;
      q |= 1ULL << i;
    }
  }
  *rem = r;
  return q;
}

uint64 __udivdi3(uint64 n, uint64 d) {
  uint64 r;
  return udivmod64(n, d, &r);
}

uint64 __umoddi3(uint64 n, uint64 d) {
  uint64 r;
  udivmod64(n, d, &r);
  return r;
}
