/* Buffered output streams and the printf front ends. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "format.h"

static FILE out_stream = { STDOUT_FILENO, 1, 0, 0, {0} };
static FILE err_stream = { STDERR_FILENO, 0, 1, 0, {0} };
FILE *stdout = &out_stream;
FILE *stderr = &err_stream;

/* Write all n bytes to fd, retrying short writes. */
static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int fflush(FILE *f)
{
	int r;

	if (!f) {
		__stdio_flush_all();
		return 0;
	}
	r = write_all(f->fd, f->buf, (size_t)f->len);
	f->len = 0;
	return r;
}

void __stdio_flush_all(void)
{
	fflush(stdout);
	fflush(stderr);
}

/* Output of unbuffered streams gathers into one write per call, so a
 * line on stderr reaches the tty whole rather than byte by byte. */
static void sink_file(void *ctx, char c)
{
	FILE *f = ctx;

	if (f->len == BUFSIZ)
		fflush(f);
	f->buf[f->len++] = c;
	if (f->linebuf && c == '\n')
		fflush(f);
}

int fwrite_all(FILE *f, const char *s, size_t n)
{
	while (n--)
		sink_file(f, *s++);
	return f->unbuf ? fflush(f) : 0;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	return fwrite_all(f, &ch, 1) < 0 ? EOF : (unsigned char)c;
}

int fputs(const char *s, FILE *f)
{
	return fwrite_all(f, s, strlen(s)) < 0 ? EOF : 0;
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF)
		return EOF;
	return putchar('\n') == EOF ? EOF : 0;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int n = __format(sink_file, f, fmt, ap);

	if (f->unbuf)
		fflush(f);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int dprintf(int fd, const char *fmt, ...)
{
	FILE f = { fd, 0, 1, 0, {0} };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(&f, fmt, ap);
	va_end(ap);
	return n;
}

struct strbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void sink_string(void *ctx, char c)
{
	struct strbuf *s = ctx;

	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	struct strbuf s = { buf, n, 0 };
	int count = __format(sink_string, &s, fmt, ap);

	if (n)
		buf[s.len < n ? s.len : n - 1] = 0;
	return count;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}
