/*
 * What the stream reader shares with the document reader (jsondoc.c),
 * which parses a whole value from the stream's window: the window, its
 * refill, and the string checks both apply. Not for adapters.
 */
#ifndef SECGATE_JSONSTREAM_INTERNAL_H
#define SECGATE_JSONSTREAM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "secgate/jsonstream.h"
#include "word_scan.h"

/*
 * The unread bytes of the window (borrowed: valid until the next call on
 * js), whether the input ends with them, and the input offset of the
 * first one.
 */
void sg_js_window(struct sg_jstream *js, const char **data, size_t *len,
		  bool *eof, uint64_t *offset);

/*
 * Read more input into the window (which may move): 1 when bytes were
 * added, 0 at the end of the input, <0 on error (read error, input or
 * value over its cap).
 */
int sg_js_fill(struct sg_jstream *js);

/* The value at the window's start, n bytes long, was read: consume it. */
void sg_js_consume_value(struct sg_jstream *js, size_t n);

/* Open objects and arrays of the stream (for the shared depth cap). */
int sg_js_depth(const struct sg_jstream *js);

/* Bytes that need no attention inside a string: printable ASCII but '"' and '\\'. */
extern const bool sg_js_plain_byte[256];

struct sg_jdoc;

/*
 * Skip the next value with the document reader when the window holds
 * all of it: 0 when skipped, 1 when it goes on past the window (nothing
 * consumed: the caller skips it token by token, in bounded memory), <0
 * on error. As strict as sg_js_skip (jsondoc.c).
 */
int sg_jdoc_skip_in_window(struct sg_jstream *js, struct sg_jdoc *doc);

/* ' ', '\t', '\n' and '\r'. */
extern const bool sg_js_ws_byte[256];

/* Length of a valid UTF-8 sequence at s (n bytes available), or 0. */
size_t sg_utf8_sequence(const unsigned char *s, size_t n);

/* The four hex digits at p (checked by the caller) as a number. */
uint32_t sg_js_hex4(const unsigned char *p);

/* Write cp as UTF-8 at out; returns the bytes written (1 to 4). */
size_t sg_put_utf8(char *out, uint32_t cp);

#endif
