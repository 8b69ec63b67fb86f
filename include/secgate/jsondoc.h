/*
 * A read-only document of one streamed JSON value (a SARIF result, a
 * Trivy vulnerability) without a malloc per value: its nodes and strings
 * live in the document's own pool, reused for the next value. As strict
 * as the stream reader: duplicate keys, invalid UTF-8, lone surrogates,
 * control characters, depth and truncation are errors with file:line:col.
 * It accepts and rejects what jansson does (fuzz/fuzz_jsondoc.c checks it
 * against jansson), but for two refusals of its own: nesting is capped
 * with the stream's depth (SG_JS_MAX_DEPTH, counted from the top of the
 * input), and a raw NUL byte is an error wherever it is (jansson ends a
 * number or literal at one). Like jansson, it refuses a key that holds
 * a NUL byte ("\u0000").
 */
#ifndef SECGATE_JSONDOC_H
#define SECGATE_JSONDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "secgate/jsonstream.h"

enum sg_jtype {
	SG_JNULL,
	SG_JFALSE,
	SG_JTRUE,
	SG_JINTEGER,
	SG_JREAL,
	SG_JSTRING,
	SG_JARRAY,
	SG_JOBJECT,
};

/*
 * One value. An object's members are values with a key, in input order;
 * an array's elements are values without one. Every pointer is borrowed
 * from the document: valid until its next load or sg_jdoc_free.
 */
struct sg_jval {
	const char *key;  /* a member's key (NUL-terminated), else NULL */
	uint32_t key_len;
	uint32_t n;       /* string bytes, array elements or object members */
	union {
		/* NUL-terminated; "\u0000" puts a NUL byte inside (see n) */
		const char *string;
		int64_t integer;
		double real;
		const struct sg_jval *items; /* n elements or members */
	} u;
	uint32_t offset; /* bytes from the start of the loaded value */
	uint8_t type;    /* enum sg_jtype */
};

struct sg_jdoc;

/* *out is new: free it with sg_jdoc_free. */
int sg_jdoc_new(struct sg_jdoc **out);
void sg_jdoc_free(struct sg_jdoc *doc);

/* Whether a top-level member is kept (see sg_js_load_doc); key is
 * NUL-terminated, len bytes long. */
typedef bool (*sg_jdoc_keep_fn)(const char *key, size_t len, void *arg);

/*
 * Read the next value of js into doc, replacing what doc held; *out is
 * its root. When keep is given and the value is an object, the members
 * keep refuses are checked as strictly but not stored (they are absent
 * from *out). Errors carry the input's name, line and column.
 */
int sg_js_load_doc(struct sg_jstream *js, struct sg_jdoc *doc,
		   sg_jdoc_keep_fn keep, void *arg, const struct sg_jval **out);

/* ---- reading values (each takes NULL and answers as for "absent") ---- */

/* obj[key] when obj is an object that has it, else NULL. */
const struct sg_jval *sg_jv_getn(const struct sg_jval *obj, const char *key,
				 size_t len);

/* The same for a NUL-terminated key (a literal's length is known here). */
static inline const struct sg_jval *sg_jv_get(const struct sg_jval *obj,
					      const char *key)
{
	return sg_jv_getn(obj, key, strlen(key));
}

/* The i-th element of an array (or member of an object), else NULL. */
const struct sg_jval *sg_jv_at(const struct sg_jval *v, size_t i);

/* Elements or members of a container; 0 for anything else. */
size_t sg_jv_size(const struct sg_jval *v);

static inline bool sg_jv_is(const struct sg_jval *v, enum sg_jtype type)
{
	return v && v->type == type;
}

static inline bool sg_jv_is_null(const struct sg_jval *v)
{
	return sg_jv_is(v, SG_JNULL);
}

/* The text of a string value, else NULL. */
static inline const char *sg_jv_string(const struct sg_jval *v)
{
	return sg_jv_is(v, SG_JSTRING) ? v->u.string : NULL;
}

/* The input offset of v, for sg_js_error_at_offset. */
uint64_t sg_jdoc_offset(const struct sg_jdoc *doc, const struct sg_jval *v);

#endif
