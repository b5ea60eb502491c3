// Memory and string helpers, and the 64-bit division the compiler may call.
#include "defs.h"

void *memset(void *d, int c, unsigned long n) {
  uint8 *p = d;
  if ((((uintptr)p | n) & 3) == 0) {
    uint32 w = (uint8)c * 0x01010101u;
    for (; n; n -= 4, p += 4)
      *(uint32 *)p = w;
    return d;
  }
  while (n--)
    *p++ = (uint8)c;
  return d;
}

void *memcpy(void *d, const void *s, unsigned long n) {
  uint8 *dp = d;
  const uint8 *sp = s;
  if ((((uintptr)dp | (uintptr)sp | n) & 3) == 0) {
    for (; n; n -= 4, dp += 4, sp += 4)
      *(uint32 *)dp = *(const uint32 *)sp;
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
