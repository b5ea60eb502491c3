/* The printf engine shared by the string and stream front ends. */
#ifndef LIBC_FORMAT_H
#define LIBC_FORMAT_H

#include <stdarg.h>

typedef void (*format_sink)(void *ctx, char c);

/* Format into sink; returns the number of characters produced. */
int __format(format_sink sink, void *ctx, const char *fmt, va_list ap);

#endif
