/*
 * A growing buffer that JSON is written into directly, with the same
 * bytes as jansson's json_dumpf would write for the tree it replaces: the
 * reports that write one object per finding (JSON, SARIF) build no json_t
 * per finding (docs/performance: a tree per result was a third of a run).
 */
#ifndef SECGATE_JSON_OUT_H
#define SECGATE_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sg_json_out {
	char *data;
	size_t len, cap;
	bool failed; /* out of memory: the bytes are incomplete */
};

/* sg_json_out_write when the bytes do not fit: grows the buffer. */
void sg_json_out_write_grow(struct sg_json_out *out, const void *p, size_t n);

/*
 * Append n bytes (out->failed is set when the buffer cannot grow).
 * Inline: most writes are a few bytes that fit, and a call per write
 * was a fifth of the JSON report's cost.
 */
static inline void sg_json_out_write(struct sg_json_out *out, const void *p,
				     size_t n)
{
	/* n == 0 takes the slow path: no memcpy with a NULL buffer. */
	if (n && n <= out->cap - out->len) {
		memcpy(out->data + out->len, p, n);
		out->len += n;
	} else {
		sg_json_out_write_grow(out, p, n);
	}
}

static inline void sg_json_out_putc(struct sg_json_out *out, char c)
{
	if (out->len < out->cap)
		out->data[out->len++] = c;
	else
		sg_json_out_write_grow(out, &c, 1);
}

static inline void sg_json_out_puts(struct sg_json_out *out, const char *s)
{
	sg_json_out_write(out, s, strlen(s));
}

/* How sg_json_out_string escapes what needs no escape in JSON. */
enum sg_json_out_flags {
	SG_JSON_OUT_UTF8 = 0,  /* non-ASCII as it is (jansson's default) */
	SG_JSON_OUT_ASCII = 1, /* non-ASCII as \uXXXX (JSON_ENSURE_ASCII) */
};

/*
 * The n bytes at s as a JSON string, escaped as jansson escapes: \" \\
 * \b \f \n \r \t, other controls as \u00XX, '/' and DEL as they are. s
 * must be valid UTF-8 (the callers' strings were checked or cleaned).
 */
void sg_json_out_stringn(struct sg_json_out *out, const char *s, size_t n,
			 enum sg_json_out_flags flags);

/* s as a JSON string, or null when s is NULL. */
void sg_json_out_string(struct sg_json_out *out, const char *s,
			enum sg_json_out_flags flags);

/* sg_json_out_keyn when the key does not fit: grows the buffer. */
void sg_json_out_key_grow(struct sg_json_out *out, const char *key, size_t n,
			  bool *first);

/*
 * `"key":` (n bytes of key), after a comma unless it is the object's
 * first (*first). key needs no escape (the callers' are literals).
 */
static inline void sg_json_out_keyn(struct sg_json_out *out, const char *key,
				    size_t n, bool *first)
{
	char *d;

	if (n + 4 > out->cap - out->len) { /* the room for ,"key": */
		sg_json_out_key_grow(out, key, n, first);
		return;
	}
	d = out->data + out->len;
	if (!*first)
		*d++ = ',';
	*first = false;
	*d++ = '"';
	memcpy(d, key, n);
	d += n;
	*d++ = '"';
	*d++ = ':';
	out->len = (size_t)(d - out->data);
}

/*
 * The same for a string literal: its length is a constant, so the copy
 * is a few moves (a key per member was a quarter of the JSON report).
 * "" key fails to compile unless key is a literal.
 */
#define SG_JSON_OUT_KEY(out, key, first)                                       \
	sg_json_out_keyn((out), "" key, sizeof(key) - 1, (first))

static inline void sg_json_out_key(struct sg_json_out *out, const char *key,
				   bool *first)
{
	sg_json_out_keyn(out, key, strlen(key), first);
}

/* An integer as jansson writes a json_integer. */
void sg_json_out_int(struct sg_json_out *out, long long v);

static inline void sg_json_out_bool(struct sg_json_out *out, bool v)
{
	sg_json_out_puts(out, v ? "true" : "false");
}

/* Empty it for the next object, keeping the memory. */
static inline void sg_json_out_reset(struct sg_json_out *out)
{
	out->len = 0;
	out->failed = false;
}

void sg_json_out_release(struct sg_json_out *out);

#endif
