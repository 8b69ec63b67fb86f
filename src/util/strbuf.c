/*
 * Growable strings (see strbuf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/decimal.h"
#include "strbuf.h"

bool sg_strbuf_reserve(struct sg_strbuf *b, size_t extra)
{
	size_t want;
	char *p;

	if (b->failed)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	want = b->cap ? b->cap : 256;
	while (want < b->len + extra + 1)
		want *= 2;
	p = realloc(b->data, want);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = want;
	return true;
}

void sg_strbuf_addn(struct sg_strbuf *b, const char *s, size_t n)
{
	if (!sg_strbuf_reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sg_strbuf_add(struct sg_strbuf *b, const char *s)
{
	sg_strbuf_addn(b, s, strlen(s));
}

void sg_strbuf_add_decimal(struct sg_strbuf *b, char sep, uint64_t v)
{
	char text[1 + SG_DECIMAL_MAX], *p = text;

	if (sep)
		*p++ = sep;
	sg_strbuf_addn(b, text, (size_t)(sg_put_decimal(p, v) - text));
}

void sg_strbuf_addf(struct sg_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !sg_strbuf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sg_strbuf_reset(struct sg_strbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void sg_strbuf_release(struct sg_strbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}
