/*
 * Compact JSON text as jansson writes it (jsonwrite.h), so that text
 * written here and text from json_dumps can be spliced or compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/decimal.h"
#include "secgate/jsonwrite.h"
#include "jsonstream_internal.h"

void sg_jbuf_init(struct sg_jbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void sg_jbuf_release(struct sg_jbuf *b)
{
	free(b->data);
	sg_jbuf_init(b);
}

static bool reserve(struct sg_jbuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (b->cap - b->len > n)
		return true;
	size_t cap = b->cap ? b->cap : 256;

	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2) {
			b->failed = true;
			return false;
		}
		cap *= 2;
	}
	char *grown = realloc(b->data, cap);

	if (!grown) {
		b->failed = true;
		return false;
	}
	b->data = grown;
	b->cap = cap;
	return true;
}

void sg_jbuf_add_grow(struct sg_jbuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sg_jbuf_string(struct sg_jbuf *b, const char *s, size_t n)
{
	size_t i = 0;

	sg_jbuf_add(b, "\"", 1);
	while (i < n) {
		size_t run = i;
		unsigned char c;

		/* Plain ASCII a word at a time, then UTF-8 byte by byte. */
		run += sg_json_plain_run(s + run, n - run);
		while (run < n && (unsigned char)s[run] >= 0x20 &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		sg_jbuf_add(b, s + i, run - i);
		if (run >= n)
			break;
		c = (unsigned char)s[run];
		switch (c) {
		case '"':
			sg_jbuf_add(b, "\\\"", 2);
			break;
		case '\\':
			sg_jbuf_add(b, "\\\\", 2);
			break;
		case '\b':
			sg_jbuf_add(b, "\\b", 2);
			break;
		case '\f':
			sg_jbuf_add(b, "\\f", 2);
			break;
		case '\n':
			sg_jbuf_add(b, "\\n", 2);
			break;
		case '\r':
			sg_jbuf_add(b, "\\r", 2);
			break;
		case '\t':
			sg_jbuf_add(b, "\\t", 2);
			break;
		default: {
			char seq[8];

			snprintf(seq, sizeof(seq), "\\u%04X", c);
			sg_jbuf_add(b, seq, 6);
		}
		}
		i = run + 1;
	}
	sg_jbuf_add(b, "\"", 1);
}

/* Extras hold many line numbers: no printf (see decimal.h). */
void sg_jbuf_integer(struct sg_jbuf *b, int64_t v)
{
	char text[SG_DECIMAL_MAX + 1];

	sg_jbuf_add(b, text, (size_t)(sg_put_decimal_signed(text, v) - text));
}

/*
 * jansson's jsonp_dtostr: "%.17g", an exponent without '+' or leading
 * zeros, and ".0" when neither '.' nor 'e' shows it is a real.
 */
void sg_jbuf_real(struct sg_jbuf *b, double v)
{
	char text[40], *e;
	size_t n = (size_t)snprintf(text, sizeof(text) - 2, "%.17g", v);

	if ((e = strchr(text, 'e'))) {
		char *digits = e + 1, *from;

		if (*digits == '-')
			digits++;
		from = e + 1 + (e[1] == '+' || e[1] == '-');
		while (*from == '0' && from[1])
			from++;
		memmove(digits, from, strlen(from) + 1);
		n = strlen(text);
	} else if (!strchr(text, '.')) {
		memcpy(text + n, ".0", 3);
		n += 2;
	}
	sg_jbuf_add(b, text, n);
}

void sg_jbuf_value(struct sg_jbuf *b, const struct sg_jval *v)
{
	switch (v->type) {
	case SG_JNULL:
		sg_jbuf_add(b, "null", 4);
		break;
	case SG_JFALSE:
		sg_jbuf_add(b, "false", 5);
		break;
	case SG_JTRUE:
		sg_jbuf_add(b, "true", 4);
		break;
	case SG_JINTEGER:
		sg_jbuf_integer(b, v->u.integer);
		break;
	case SG_JREAL:
		sg_jbuf_real(b, v->u.real);
		break;
	case SG_JSTRING:
		sg_jbuf_string(b, v->u.string, v->n);
		break;
	case SG_JARRAY:
	case SG_JOBJECT:
		sg_jbuf_add(b, v->type == SG_JARRAY ? "[" : "{", 1);
		for (uint32_t i = 0; i < v->n; i++) {
			const struct sg_jval *item = &v->u.items[i];

			if (i)
				sg_jbuf_add(b, ",", 1);
			if (v->type == SG_JOBJECT) {
				sg_jbuf_string(b, item->key, item->key_len);
				sg_jbuf_add(b, ":", 1);
			}
			sg_jbuf_value(b, item);
		}
		sg_jbuf_add(b, v->type == SG_JARRAY ? "]" : "}", 1);
		break;
	}
}
