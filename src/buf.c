/* SPDX-License-Identifier: ISC */
/* buf.c: growable byte buffer. Allocation failure is fatal (see util.c xmalloc). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

/* Keeps the allocation so a worker reuses it request after request. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap;

	if (need < b->len || need == (size_t)-1)
		fatalx("%s: size overflow", __func__);
	if (need + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < need + 1) {
		if (cap > ((size_t)-1) / 2)
			fatalx("%s: size overflow", __func__);
		cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

/*
 * Makes "n" more bytes part of the buffer and returns where they start; the caller writes
 * all "n" (one size check for a line written in pieces).
 */
char *
buf_extend(struct buf *b, size_t n)
{
	char	*p;

	buf_grow(b, b->len + n);
	p = b->data + b->len;
	b->len += n;
	b->data[b->len] = '\0';
	return p;
}

void
buf_append(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, b->len + n);
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

/* One pass when the result fits the room left (the usual case), a second one after growing. */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	if (b->cap - b->len < 64)
		buf_grow(b, b->len + 64);
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatalx("%s: bad format", __func__);
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, b->len + (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	if (b->data == NULL)
		return xstrdup("");
	p = b->data;
	buf_init(b);
	return p;
}
