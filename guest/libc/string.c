/*
 * The string and memory functions.  The compiler emits calls to memset,
 * memcpy and memmove for struct copies and initialisers even with
 * -ffreestanding, so these must exist; they are written byte by byte
 * except for a word-at-a-time path in memcpy/memset, which bench mem and
 * the page-fault benchmark lean on.
 */
#include <string.h>
#include <stdlib.h>
#include <hyperlab/types.h>

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
	u32 w = (u8)c * 0x01010101u;

	while (n && ((u32)p & 3)) {
		*p++ = (u8)c;
		n--;
	}
	for (; n >= 4; n -= 4, p += 4)
		*(u32 *)p = w;
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if ((((u32)dp | (u32)sp) & 3) == 0) {
		for (; n >= 16; n -= 16, dp += 16, sp += 16) {
			((u32 *)dp)[0] = ((const u32 *)sp)[0];
			((u32 *)dp)[1] = ((const u32 *)sp)[1];
			((u32 *)dp)[2] = ((const u32 *)sp)[2];
			((u32 *)dp)[3] = ((const u32 *)sp)[3];
		}
		for (; n >= 4; n -= 4, dp += 4, sp += 4)
			*(u32 *)dp = *(const u32 *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strcpy(char *restrict d, const char *restrict s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

char *strncpy(char *restrict d, const char *restrict s, size_t n)
{
	size_t i = 0;

	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

/* Copy with truncation; always terminates when n > 0. */
size_t strlcpy(char *restrict d, const char *restrict s, size_t n)
{
	size_t len = strlen(s);

	if (n) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(d, s, k);
		d[k] = 0;
	}
	return len;
}

char *strcat(char *restrict d, const char *restrict s)
{
	strcpy(d + strlen(d), s);
	return d;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}
