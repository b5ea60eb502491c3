#ifndef LIBC_STDLIB_H
#define LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t n);
void *calloc(size_t count, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);

int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
int abs(int x);

char *getenv(const char *name);
extern char **environ;

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));

_Noreturn void exit(int code);
_Noreturn void abort(void);

#endif
