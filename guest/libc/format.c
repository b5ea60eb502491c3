/*
 * The printf engine: %d %i %u %x %X %o %s %c %p %% with the flags '-' and
 * '0', a width and precision (either may be '*'), and the length
 * modifiers l and ll.  No floating point: the kernel has no FPU support.
 */
#include <string.h>
#include <hyperlab/types.h>
#include "format.h"

struct spec {
	int left;      /* '-' */
	int zero;      /* '0' */
	int plus;      /* '+' */
	int width;
	int prec;      /* -1 when absent */
	int longs;     /* number of 'l' */
};

struct out {
	format_sink sink;
	void *ctx;
	int count;
};

static void put(struct out *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Emit s (len bytes) padded to the spec's width. */
static void emit_field(struct out *o, const struct spec *sp, const char *s,
		       int len)
{
	int i;

	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

/* Emit a number given as its digits, a sign/prefix, and the spec. */
static void emit_number(struct out *o, const struct spec *sp,
			const char *prefix, const char *digits, int ndigits)
{
	int plen = (int)strlen(prefix);
	int zeros = sp->prec > ndigits ? sp->prec - ndigits : 0;
	int total = plen + zeros + ndigits;
	int i;

	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	for (i = 0; i < plen; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	for (i = 0; i < ndigits; i++)
		put(o, digits[i]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

/* Digits of v in base, most significant first; returns their count. */
static int to_digits(u64 v, unsigned base, int upper, char *buf)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, i;

	do {
		/* Stay in 32-bit arithmetic when we can: 64-bit division is slow. */
		if (v >> 32) {
			tmp[n++] = set[v % base];
			v /= base;
		} else {
			tmp[n++] = set[(u32)v % base];
			v = (u32)v / base;
		}
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/* Parse flags, width, precision and length; returns the conversion char. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+')
			sp->plus = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		sp->prec = 0;
		if (*++f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (; *f == 'l' || *f == 'z' || *f == 'h'; f++)
		if (*f == 'l')
			sp->longs++;
	return f;
}

static u64 unsigned_arg(const struct spec *sp, va_list *ap)
{
	if (sp->longs >= 2)
		return va_arg(*ap, u64);
	return va_arg(*ap, unsigned long);
}

static s64 signed_arg(const struct spec *sp, va_list *ap)
{
	if (sp->longs >= 2)
		return va_arg(*ap, s64);
	return va_arg(*ap, long);
}

/* The integer conversions d i u x X o. */
static void convert_int(struct out *o, char c, struct spec *sp, va_list *ap)
{
	char digits[24];
	s64 sv;
	u64 uv;

	if (c == 'd' || c == 'i') {
		sv = signed_arg(sp, ap);
		uv = sv < 0 ? -(u64)sv : (u64)sv;
		emit_number(o, sp, sv < 0 ? "-" : sp->plus ? "+" : "", digits,
			    to_digits(uv, 10, 0, digits));
		return;
	}
	uv = unsigned_arg(sp, ap);
	emit_number(o, sp, "", digits,
		    to_digits(uv, c == 'u' ? 10 : c == 'o' ? 8 : 16, c == 'X', digits));
}

/* One conversion c with its spec. */
static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	char digits[24];
	const char *s;
	u64 uv;
	char ch;

	switch (c) {
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		convert_int(o, c, sp, ap);
		break;
	case 'p':
		uv = (u32)va_arg(*ap, void *);
		emit_number(o, sp, "0x", digits, to_digits(uv, 16, 0, digits));
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		emit_field(o, sp, s, sp->prec >= 0 ? (int)strnlen(s, (size_t)sp->prec)
						   : (int)strlen(s));
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		emit_field(o, sp, &ch, 1);
		break;
	default:
		ch = c;
		emit_field(o, sp, &ch, 1);
		break;
	}
}

int __format(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		if (!*fmt)
			break;
		convert(&o, *fmt++, &sp, &aq);
	}
	va_end(aq);
	return o.count;
}
