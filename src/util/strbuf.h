/*
 * A growable string for the report writers. A failed allocation is
 * remembered (failed stays true and later additions do nothing), so a
 * writer checks once at the end instead of after every addition.
 */
#ifndef SECGATE_STRBUF_H
#define SECGATE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sg_strbuf {
	char *data;  /* NUL-terminated once anything was added; NULL before */
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed */
};

/* Room for extra more bytes (and the NUL); false once anything failed. */
bool sg_strbuf_reserve(struct sg_strbuf *b, size_t extra);

void sg_strbuf_addn(struct sg_strbuf *b, const char *s, size_t n);
void sg_strbuf_add(struct sg_strbuf *b, const char *s);
void sg_strbuf_addf(struct sg_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * sep (none when '\0'), then v in decimal, in one append and without
 * printf: the line numbers of every finding in the reports.
 */
void sg_strbuf_add_decimal(struct sg_strbuf *b, char sep, uint64_t v);

/* Empty it, keeping the memory (failed is kept too). */
void sg_strbuf_reset(struct sg_strbuf *b);

/* Free the memory and zero it. */
void sg_strbuf_release(struct sg_strbuf *b);

#endif
