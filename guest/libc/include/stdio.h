/*
 * A small stdio.  FILE is an fd with an output buffer: stdout is flushed
 * on newline, on exit and before fork/exec/read of stdin; stderr is
 * unbuffered.  Input is read straight from fds (see getline_fd).
 */
#ifndef LIBC_STDIO_H
#define LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 512

typedef struct FILE {
	int fd;
	int linebuf;   /* flush when a '\n' is written */
	int unbuf;     /* flush after every call */
	int len;
	char buf[BUFSIZ];
} FILE;

extern FILE *stdout;
extern FILE *stderr;

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int fputs(const char *s, FILE *f);
int fflush(FILE *f);
int fwrite_all(FILE *f, const char *s, size_t n);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

void perror(const char *s);

/* Read one line from fd into buf (NUL-terminated, newline kept).
 * Returns its length, 0 at end of file, -1 on error. */
int getline_fd(int fd, char *buf, int size);

/* Flush every stream; exit() and fork() call it. */
void __stdio_flush_all(void);

#endif
