/*
 * Compact JSON text written byte for byte as jansson's
 * json_dumps(JSON_COMPACT) writes it: no spaces; '"', '\\' and control
 * characters escaped (\b \f \n \r \t, else \u00XX in upper case), '/'
 * and non-ASCII as they are; integers in decimal; reals with 17
 * significant digits and ".0" when they would read as integers. Adapters
 * that hand JSON text on (sarif_extras) write it with this.
 */
#ifndef SECGATE_JSONWRITE_H
#define SECGATE_JSONWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "secgate/jsondoc.h"

/* A growable buffer; after a failed allocation it stays failed. */
struct sg_jbuf {
	char *data; /* NUL-terminated when len > 0; malloc'd */
	size_t len, cap;
	bool failed;
};

void sg_jbuf_init(struct sg_jbuf *b);
void sg_jbuf_release(struct sg_jbuf *b);

/* sg_jbuf_add when the buffer must grow (or has failed). */
void sg_jbuf_add_grow(struct sg_jbuf *b, const char *s, size_t n);

/*
 * Raw bytes (punctuation, or text already in JSON). Inline: writers add
 * a byte or two at a time, hundreds of thousands of times.
 */
static inline void sg_jbuf_add(struct sg_jbuf *b, const char *s, size_t n)
{
	if (b->failed || b->cap - b->len <= n) {
		sg_jbuf_add_grow(b, s, n);
		return;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* A JSON string of the UTF-8 bytes s[0, n) (NUL bytes as \u0000). */
void sg_jbuf_string(struct sg_jbuf *b, const char *s, size_t n);

void sg_jbuf_integer(struct sg_jbuf *b, int64_t v);
void sg_jbuf_real(struct sg_jbuf *b, double v);

/* A whole value of a document, members in their order. */
void sg_jbuf_value(struct sg_jbuf *b, const struct sg_jval *v);

#endif
