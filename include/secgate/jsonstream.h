/*
 * A pull reader for large JSON reports. It walks the outer structure itself
 * (objects, arrays, keys) and reads each inner value as tokens, as a
 * document (jsondoc.h) or as a jansson value, so a 500 MB SARIF log is
 * read with a window of a few MiB, never as one tree.
 * Strict: duplicate keys, invalid UTF-8, trailing garbage, excessive depth
 * and truncation are errors that carry file:line:column.
 */
#ifndef SECGATE_JSONSTREAM_H
#define SECGATE_JSONSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct sg_jstream;

/* Longest key the reader returns; longer keys read as "" (never a known key). */
#define SG_JS_KEY_MAX 128

/* Upper bounds on what the reader accepts (defaults; see sg_jstream_open). */
#define SG_JS_DEFAULT_MAX_INPUT ((uint64_t)4 << 30)   /* 4 GiB per report */
#define SG_JS_DEFAULT_MAX_VALUE ((size_t)256 << 20)   /* 256 MiB per loaded value */
#define SG_JS_MAX_DEPTH 512

/*
 * Open the file at path ("-" is standard input). Refuses directories, FIFOs
 * and other non-regular files (standard input excepted), empty and
 * whitespace-only input, UTF-16/UTF-32, and inputs over max_input bytes
 * (0: the default, or SECGATE_MAX_INPUT_BYTES). A UTF-8 byte-order mark is
 * skipped. *out is new: free it with sg_jstream_free.
 */
int sg_jstream_open(struct sg_jstream **out, const char *path,
		    uint64_t max_input);

/* As sg_jstream_open, over a buffer (borrowed; for tests and fuzzing). */
int sg_jstream_open_buffer(struct sg_jstream **out, const char *name,
			   const char *data, size_t len);

void sg_jstream_free(struct sg_jstream *js);

/* The name used in error messages (borrowed). */
const char *sg_jstream_name(const struct sg_jstream *js);

/*
 * The first bytes of the input (up to 1 MiB, BOM skipped), for format
 * detection. Valid only before the first read call.
 */
const char *sg_jstream_prefix(struct sg_jstream *js, size_t *len);

/* The next value's first byte ('{', '[', '"', 't', 'f', 'n', '-', digit), or <0 on error. */
int sg_js_peek(struct sg_jstream *js);

/* Consume '{' of the next value. */
int sg_js_begin_object(struct sg_jstream *js);

/*
 * Read the next member's key into key[SG_JS_KEY_MAX] and consume the ':'.
 * Returns 1 (a member follows: read or skip its value next), 0 at the end of
 * the object (the '}' is consumed), or <0 on error (incl. duplicate keys).
 */
int sg_js_next_key(struct sg_jstream *js, char *key);

/* Consume '[' of the next value. */
int sg_js_begin_array(struct sg_jstream *js);

/* 1 when another element follows (read or skip it next), 0 after ']', <0 on error. */
int sg_js_next_item(struct sg_jstream *js);

/* Parse the next value whole with jansson. *out is new (json_decref it). */
int sg_js_load(struct sg_jstream *js, json_t **out);

/*
 * Read the next value, which must be a string, without building a jansson
 * value: *out is borrowed (valid until the next call on js), *len its
 * length in bytes (a "\u0000" escape yields a NUL byte inside it).
 */
int sg_js_read_string(struct sg_jstream *js, const char **out, size_t *len);

/* Read the next value, which must be an integer (no fraction or exponent). */
int sg_js_read_integer(struct sg_jstream *js, int64_t *out);

/* Skip the next value, checking it as strictly as sg_js_load would. */
int sg_js_skip(struct sg_jstream *js);

/* After the top-level value: only white space may follow. */
int sg_js_finish(struct sg_jstream *js);

/*
 * Set the last error to "<name>:<line>:<col>: <message>" at the current
 * position (of the value about to be read) and return SG_EINPUT.
 */
int sg_js_error(struct sg_jstream *js, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Error at the position of the value last loaded with sg_js_load. */
int sg_js_error_at_value(struct sg_jstream *js, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Error at an input offset (sg_jdoc_offset of a value just loaded: the
 * window still holds it, so its line and column can be told).
 */
int sg_js_error_at_offset(struct sg_jstream *js, uint64_t offset,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Bytes consumed so far (for progress and tests). */
uint64_t sg_js_offset(const struct sg_jstream *js);

#endif
