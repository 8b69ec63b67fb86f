/*
 * JSON written straight into a buffer, byte for byte what jansson's dump
 * writes (json_out.h): the JSON and SARIF reports' per-finding path.
 */
#include <stdio.h>
#include <stdlib.h>

#include "secgate/decimal.h"
#include "word_scan.h"
#include "json_out.h"

void sg_json_out_write_grow(struct sg_json_out *out, const void *p, size_t n)
{
	if (n == 0) /* memcpy wants real pointers, even for no bytes */
		return;
	if (out->len + n > out->cap) {
		size_t cap = out->cap ? out->cap : 1024;
		char *d;

		while (cap < out->len + n)
			cap *= 2;
		d = realloc(out->data, cap);
		if (!d) {
			out->failed = true;
			return;
		}
		out->data = d;
		out->cap = cap;
	}
	memcpy(out->data + out->len, p, n);
	out->len += n;
}

void sg_json_out_key_grow(struct sg_json_out *out, const char *key, size_t n,
			  bool *first)
{
	if (!*first)
		sg_json_out_putc(out, ',');
	*first = false;
	sg_json_out_putc(out, '"');
	sg_json_out_write(out, key, n);
	sg_json_out_write(out, "\":", 2);
}

/* \uXXXX of a code point, a surrogate pair above the BMP (as jansson). */
static void put_escaped_code_point(struct sg_json_out *out, uint32_t cp)
{
	static const char hex[] = "0123456789ABCDEF";

	if (cp >= 0x10000) {
		uint32_t v = cp - 0x10000;
		uint32_t hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
		char seq[12] = {'\\',	   'u',		  hex[hi >> 12],
				hex[(hi >> 8) & 15], hex[(hi >> 4) & 15],
				hex[hi & 15],	   '\\',	  'u',
				hex[lo >> 12],	   hex[(lo >> 8) & 15],
				hex[(lo >> 4) & 15], hex[lo & 15]};

		sg_json_out_write(out, seq, sizeof(seq));
	} else {
		char seq[6] = {'\\',	     'u', hex[cp >> 12], hex[(cp >> 8) & 15],
			       hex[(cp >> 4) & 15], hex[cp & 15]};

		sg_json_out_write(out, seq, sizeof(seq));
	}
}

/*
 * The escape of the byte at p, which the plain runs stopped at (a quote,
 * a backslash, a control character, or non-ASCII in ASCII mode); avail
 * bytes are left, a NUL ends them too. Returns the bytes consumed.
 */
static size_t put_escape(struct sg_json_out *out, const unsigned char *p,
			 size_t avail)
{
	uint32_t cp;
	size_t k;

	switch (*p) {
	case '"': sg_json_out_write(out, "\\\"", 2); return 1;
	case '\\': sg_json_out_write(out, "\\\\", 2); return 1;
	case '\b': sg_json_out_write(out, "\\b", 2); return 1;
	case '\f': sg_json_out_write(out, "\\f", 2); return 1;
	case '\n': sg_json_out_write(out, "\\n", 2); return 1;
	case '\r': sg_json_out_write(out, "\\r", 2); return 1;
	case '\t': sg_json_out_write(out, "\\t", 2); return 1;
	default: break;
	}
	if (*p < 0x80) {
		cp = *p;
		k = 1;
	} else if (*p < 0xE0) {
		cp = (uint32_t)(p[0] & 0x1F);
		k = 2;
	} else if (*p < 0xF0) {
		cp = (uint32_t)(p[0] & 0x0F);
		k = 3;
	} else {
		cp = (uint32_t)(p[0] & 0x07);
		k = 4;
	}
	for (size_t i = 1; i < k; i++) {
		if (i == avail || !p[i]) { /* defensive: a cut sequence */
			k = i;
			cp = 0xFFFD;
			break;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	put_escaped_code_point(out, cp);
	return k;
}

/*
 * Which bytes end a plain run: ESCAPE, bytes below 0x20, '"' and '\\',
 * always; NON_ASCII, bytes from 0x80 on, in ASCII mode. A table, so that
 * the run loops test one byte with one load (they are most of the JSON
 * report's cost).
 */
enum { ESCAPE = 1, NON_ASCII = 2 };

static const unsigned char stops[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* What ends a run in each mode (a NUL is ESCAPE: the loops check it). */
static unsigned stop_mask(enum sg_json_out_flags flags)
{
	return flags & SG_JSON_OUT_ASCII ? ESCAPE | NON_ASCII : ESCAPE;
}

static void put_string_n(struct sg_json_out *out, const char *s, size_t n,
			 unsigned mask)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	sg_json_out_putc(out, '"');
	while (p < end) {
		const unsigned char *run = p;

		/* Printable ASCII a word at a time, then the rest by table. */
		p += sg_json_plain_run((const char *)p, (size_t)(end - p));
		while (p < end && !(stops[*p] & mask))
			p++;
		if (p > run)
			sg_json_out_write(out, run, (size_t)(p - run));
		if (p < end)
			p += put_escape(out, p, (size_t)(end - p));
	}
	sg_json_out_putc(out, '"');
}

void sg_json_out_stringn(struct sg_json_out *out, const char *s, size_t n,
			 enum sg_json_out_flags flags)
{
	put_string_n(out, s, n, stop_mask(flags));
}

void sg_json_out_string(struct sg_json_out *out, const char *s,
			enum sg_json_out_flags flags)
{
	if (!s)
		sg_json_out_write(out, "null", 4);
	else
		put_string_n(out, s, strlen(s), stop_mask(flags));
}

void sg_json_out_int(struct sg_json_out *out, long long v)
{
	char text[SG_DECIMAL_MAX + 1];

	sg_json_out_write(out, text,
			  (size_t)(sg_put_decimal_signed(text, v) - text));
}

void sg_json_out_release(struct sg_json_out *out)
{
	free(out->data);
	out->data = NULL;
	out->len = out->cap = 0;
}
