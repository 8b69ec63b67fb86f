/*
 * The streaming JSON reader (see jsonstream.h). A window of the input is
 * kept in memory; the structural walk (objects, arrays, keys, separators)
 * is done here, and each value the caller wants is parsed by jansson with
 * JSON_DISABLE_EOF_CHECK, advancing by the bytes it consumed. A value cut
 * by the window's end is retried after a refill, decided by the error's
 * position rather than its code (PERFORMANCE.md explains why).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secgate/error.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonstream.h"
#include "jsonstream_internal.h"

#define INITIAL_WINDOW ((size_t)4 << 20)
#define PREFIX_BYTES ((size_t)1 << 20)
/* An error this close to the window's end may be a value cut in two. */
#define CUT_MARGIN 64
#define LOAD_FLAGS                                                             \
	(JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |   \
	 JSON_ALLOW_NUL)

/* Keys seen in one streamed object, as 64-bit hashes (open addressing). */
struct keyset {
	uint64_t *slots;
	size_t capacity;
	size_t count;
};

struct frame {
	char type;    /* '{' or '[' */
	size_t count; /* members or elements read so far */
	struct keyset keys;
};

struct sg_jstream {
	char *name;
	int fd;
	bool owns_fd;
	bool owns_buf;
	char *buf;
	size_t cap, pos, len;    /* window is buf[0, len); consumed up to pos */
	uint64_t base_offset;    /* input offset of buf[0] */
	uint64_t line_at_base;   /* 1-based line and column of buf[0] */
	uint64_t col_at_base;
	bool eof;
	uint64_t total_read, max_input;
	size_t max_value;
	uint64_t value_offset;   /* where the last loaded value began */
	char *strbuf;            /* decoded strings with escapes (sg_js_read_string) */
	size_t strbuf_cap;
	/*
	 * sg_js_skip's fast path (the document reader over the window) and
	 * the window's end when it last found a value going past it: until
	 * the window moves, members are skipped token by token, so nested
	 * values crossing one window end are not scanned again per level.
	 */
	struct sg_jdoc *skip_doc;
	uint64_t skip_cut_end;
	int depth;
	/*
	 * Grown as nesting deepens (up to SG_JS_MAX_DEPTH): a stream over a
	 * small buffer, opened per finding, then costs no 16 KiB of frames.
	 */
	struct frame *frames;
	int frames_cap;
};

/* ---- window management ---- */

static void advance_line_count(struct sg_jstream *js, size_t upto)
{
	const char *p = js->buf, *end = js->buf + upto, *nl;
	const char *last = NULL;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		js->line_at_base++;
		last = nl;
		p = nl + 1;
	}
	if (last)
		js->col_at_base = 1 + (uint64_t)(end - last - 1);
	else
		js->col_at_base += upto;
}

static void compact(struct sg_jstream *js)
{
	advance_line_count(js, js->pos);
	memmove(js->buf, js->buf + js->pos, js->len - js->pos);
	js->base_offset += js->pos;
	js->len -= js->pos;
	js->pos = 0;
}

/* 1: bytes added; 0: end of input; <0: error. May move the window. */
static int fill(struct sg_jstream *js)
{
	ssize_t n;

	if (js->eof)
		return 0;
	if (js->pos > 0 && (js->len == js->cap || js->pos >= js->cap / 2))
		compact(js);
	if (js->len == js->cap) {
		size_t limit = js->max_value + PREFIX_BYTES;
		size_t new_cap = js->cap * 2 > limit ? limit : js->cap * 2;
		char *grown;

		if (new_cap <= js->cap)
			return sg_js_error(js,
					   "a single JSON value is larger than "
					   "%zu MiB",
					   js->max_value >> 20);
		grown = realloc(js->buf, new_cap);
		if (!grown)
			return sg_error(SG_ENOMEM, "%s: out of memory", js->name);
		js->buf = grown;
		js->cap = new_cap;
	}
	do {
		n = read(js->fd, js->buf + js->len, js->cap - js->len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return sg_error(SG_EINPUT, "%s: read error: %s", js->name,
				strerror(errno));
	if (n == 0) {
		js->eof = true;
		return 0;
	}
	js->total_read += (uint64_t)n;
	if (js->total_read > js->max_input)
		return sg_error(SG_EINPUT,
				"%s: larger than the input limit of %llu bytes "
				"(set SECGATE_MAX_INPUT_BYTES to raise it)",
				js->name, (unsigned long long)js->max_input);
	js->len += (size_t)n;
	return 1;
}

/* Make at least n bytes available after pos; returns how many there are. */
static int ensure(struct sg_jstream *js, size_t n, size_t *avail)
{
	while (js->len - js->pos < n) {
		int rc = fill(js);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
	}
	*avail = js->len - js->pos;
	return 0;
}

const bool sg_js_ws_byte[256] = {[' '] = true, ['\t'] = true, ['\n'] = true,
				 ['\r'] = true};

/* Skip white space; returns the next byte, 0 at end of input, <0 on error. */
static int skip_ws(struct sg_jstream *js)
{
	for (;;) {
		const unsigned char *b = (const unsigned char *)js->buf;
		size_t pos = js->pos, len = js->len;

		while (pos < len && sg_js_ws_byte[b[pos]]) {
			/* Pretty-printed reports indent each line: 8 at a time. */
			if (b[pos++] == '\n')
				while (len - pos >= 8 &&
				       sg_word_load(b + pos) == SG_WORD_ONES * ' ')
					pos += 8;
		}
		js->pos = pos;
		if (pos < len)
			return b[pos];
		int rc = fill(js);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return 0;
	}
}

static void line_col(const struct sg_jstream *js, uint64_t offset,
		     uint64_t *line, uint64_t *col)
{
	uint64_t l = js->line_at_base, c = js->col_at_base;
	size_t upto = 0;

	if (offset >= js->base_offset)
		upto = (size_t)(offset - js->base_offset);
	if (upto > js->len)
		upto = js->len;
	for (size_t i = 0; i < upto; i++) {
		if (js->buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int verror_at(struct sg_jstream *js, uint64_t offset, const char *fmt,
		     va_list ap) __attribute__((format(printf, 3, 0)));

static int verror_at(struct sg_jstream *js, uint64_t offset, const char *fmt,
		     va_list ap)
{
	char what[512];
	uint64_t line, col;

	vsnprintf(what, sizeof(what), fmt, ap);
	line_col(js, offset, &line, &col);
	return sg_error(SG_EINPUT, "%s:%llu:%llu: %s", js->name,
			(unsigned long long)line, (unsigned long long)col, what);
}

static int error_at(struct sg_jstream *js, uint64_t offset, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static int error_at(struct sg_jstream *js, uint64_t offset, const char *fmt,
		    ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror_at(js, offset, fmt, ap);
	va_end(ap);
	return rc;
}

int sg_js_error(struct sg_jstream *js, const char *fmt, ...)
{
	va_list ap;
	int rc;

	(void)skip_ws(js);
	va_start(ap, fmt);
	rc = verror_at(js, js->base_offset + js->pos, fmt, ap);
	va_end(ap);
	return rc;
}

int sg_js_error_at_value(struct sg_jstream *js, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror_at(js, js->value_offset, fmt, ap);
	va_end(ap);
	return rc;
}

int sg_js_error_at_offset(struct sg_jstream *js, uint64_t offset,
			  const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror_at(js, offset, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- for the document reader (jsonstream_internal.h) ---- */

void sg_js_window(struct sg_jstream *js, const char **data, size_t *len,
		  bool *eof, uint64_t *offset)
{
	*data = js->buf + js->pos;
	*len = js->len - js->pos;
	*eof = js->eof;
	*offset = js->base_offset + js->pos;
}

int sg_js_fill(struct sg_jstream *js)
{
	return fill(js);
}

void sg_js_consume_value(struct sg_jstream *js, size_t n)
{
	js->value_offset = js->base_offset + js->pos;
	js->pos += n;
}

int sg_js_depth(const struct sg_jstream *js)
{
	return js->depth;
}

/* ---- opening ---- */

static uint64_t max_input_from_env(void)
{
	const char *env = getenv("SECGATE_MAX_INPUT_BYTES");
	char *end;
	unsigned long long v;

	if (!env || !*env)
		return SG_JS_DEFAULT_MAX_INPUT;
	errno = 0;
	v = strtoull(env, &end, 10);
	if (errno || *end || v == 0)
		return SG_JS_DEFAULT_MAX_INPUT;
	return v;
}

static struct sg_jstream *jstream_new(const char *name)
{
	struct sg_jstream *js = calloc(1, sizeof(*js));

	if (!js)
		return NULL;
	js->name = strdup(name);
	if (!js->name) {
		free(js);
		return NULL;
	}
	js->fd = -1;
	js->line_at_base = 1;
	js->col_at_base = 1;
	js->max_value = SG_JS_DEFAULT_MAX_VALUE;
	return js;
}

/* Refuse encodings and empty documents before anything else reads them. */
static int check_start(struct sg_jstream *js)
{
	size_t avail;
	int rc = ensure(js, 4, &avail);
	const unsigned char *b = (const unsigned char *)js->buf + js->pos;

	if (rc < 0)
		return rc;
	if (avail >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
			   (b[0] == 0xFE && b[1] == 0xFF) ||
			   (avail >= 4 && ((b[0] && !b[1] && !b[2] && !b[3]) ||
					   (!b[0] && !b[1] && !b[2] && b[3]))) ||
			   (b[0] && !b[1]) || (!b[0] && b[1])))
		return sg_error(SG_EINPUT,
				"%s: the report is UTF-16 or UTF-32 encoded; "
				"secgate reads UTF-8 JSON only",
				js->name);
	if (avail >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		/* A UTF-8 byte-order mark is accepted and skipped. */
		if (js->owns_buf) {
			js->pos += 3;
			compact(js);
		} else {
			js->buf += 3; /* a borrowed buffer is read-only */
			js->len -= 3;
			js->cap -= 3;
		}
		/* Positions count from after the mark, as editors show them. */
		js->base_offset = 0;
		js->line_at_base = 1;
		js->col_at_base = 1;
	}
	rc = skip_ws(js);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return sg_error(SG_EINPUT,
				"%s: the report is empty (no JSON value)",
				js->name);
	return 0;
}

int sg_jstream_open(struct sg_jstream **out, const char *path,
		    uint64_t max_input)
{
	struct sg_jstream *js;
	struct stat st;
	bool is_stdin = strcmp(path, "-") == 0;
	int rc;

	js = jstream_new(is_stdin ? "<stdin>" : path);
	if (!js)
		return sg_error(SG_ENOMEM, "%s: out of memory", path);
	js->max_input = max_input ? max_input : max_input_from_env();
	if (is_stdin) {
		js->fd = STDIN_FILENO;
	} else {
		/* Non-blocking open so a FIFO cannot hang us before the check. */
		js->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (js->fd < 0) {
			rc = sg_error(SG_EINPUT, "%s: cannot open: %s", path,
				      strerror(errno));
			goto fail;
		}
		js->owns_fd = true;
		if (fstat(js->fd, &st) < 0) {
			rc = sg_error(SG_EINPUT, "%s: cannot stat: %s", path,
				      strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = sg_error(SG_EINPUT, "%s: is a directory", path);
			goto fail;
		}
		if (!S_ISREG(st.st_mode)) {
			rc = sg_error(SG_EINPUT,
				      "%s: not a regular file (FIFOs, devices "
				      "and sockets are refused; use '-' for a "
				      "pipe)",
				      path);
			goto fail;
		}
		if ((uint64_t)st.st_size > js->max_input) {
			rc = sg_error(SG_EINPUT,
				      "%s: %llu bytes is larger than the input "
				      "limit of %llu bytes (set "
				      "SECGATE_MAX_INPUT_BYTES to raise it)",
				      path, (unsigned long long)st.st_size,
				      (unsigned long long)js->max_input);
			goto fail;
		}
		fcntl(js->fd, F_SETFL, fcntl(js->fd, F_GETFL) & ~O_NONBLOCK);
	}
	js->owns_buf = true;
	js->cap = INITIAL_WINDOW;
	js->buf = malloc(js->cap);
	if (!js->buf) {
		rc = sg_error(SG_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	rc = check_start(js);
	if (rc < 0)
		goto fail;
	*out = js;
	return 0;
fail:
	sg_jstream_free(js);
	return rc;
}

int sg_jstream_open_buffer(struct sg_jstream **out, const char *name,
			   const char *data, size_t len)
{
	struct sg_jstream *js = jstream_new(name);
	int rc;

	if (!js)
		return sg_error(SG_ENOMEM, "%s: out of memory", name);
	js->buf = (char *)data;
	js->cap = js->len = len;
	js->eof = true;
	js->max_input = UINT64_MAX;
	rc = check_start(js);
	if (rc < 0) {
		sg_jstream_free(js);
		return rc;
	}
	*out = js;
	return 0;
}

void sg_jstream_free(struct sg_jstream *js)
{
	if (!js)
		return;
	for (int i = 0; i < js->frames_cap; i++)
		free(js->frames[i].keys.slots);
	free(js->frames);
	if (js->owns_fd && js->fd >= 0)
		close(js->fd);
	if (js->owns_buf)
		free(js->buf);
	free(js->strbuf);
	sg_jdoc_free(js->skip_doc);
	free(js->name);
	free(js);
}

const char *sg_jstream_name(const struct sg_jstream *js)
{
	return js->name;
}

uint64_t sg_js_offset(const struct sg_jstream *js)
{
	return js->base_offset + js->pos;
}

const char *sg_jstream_prefix(struct sg_jstream *js, size_t *len)
{
	size_t avail = 0;

	if (ensure(js, PREFIX_BYTES, &avail) < 0)
		avail = js->len - js->pos;
	*len = avail;
	return js->buf + js->pos;
}

/* ---- strings ---- */

size_t sg_utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return need;
}

static int is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

const bool sg_js_plain_byte[256] = {
#define R16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
	R16(false), R16(false),                   /* 0x00-0x1f: controls */
	true, true, false, true, true, true, true, true, /* 0x20-0x27: '"' */
	true, true, true, true, true, true, true, true,
	R16(true), R16(true),                     /* 0x30-0x4f */
	true, true, true, true, true, true, true, true, /* 0x50-0x57 */
	true, true, true, true, false, true, true, true, /* 0x58-0x5f: '\\' */
	R16(true),                                /* 0x60-0x6f */
	true, true, true, true, true, true, true, true, /* 0x70-0x77 */
	true, true, true, true, true, true, true, true, /* 0x78-0x7f */
	R16(false), R16(false), R16(false), R16(false), /* 0x80-0xbf */
	R16(false), R16(false), R16(false), R16(false), /* 0xc0-0xff */
#undef R16
};

/*
 * Scan the string starting at pos ('"') without consuming it. On success
 * *end is its length including both quotes and *escaped tells whether it
 * holds a backslash. The window may move, but the string stays whole in it.
 */
static int scan_string(struct sg_jstream *js, size_t *end, bool *escaped)
{
	size_t i = 1, avail;

	*escaped = false;
	for (;;) {
		int rc = ensure(js, i + 6, &avail);

		if (rc < 0)
			return rc;
		if (i >= avail)
			return sg_js_error(js, "unterminated string (the "
					       "report is truncated)");
		const unsigned char *s = (const unsigned char *)js->buf + js->pos;

		/* Plain ASCII runs, while 6 bytes of lookahead are in the window. */
		while (i + 14 <= avail && !sg_word_json_stops(sg_word_load(s + i)))
			i += 8;
		while (i + 6 <= avail && sg_js_plain_byte[s[i]])
			i++;
		if (i >= avail)
			continue; /* ensure() above decides: more bytes or the end */
		unsigned char c = s[i];

		if (c == '"') {
			*end = i + 1;
			return 0;
		}
		if (c == '\\') {
			*escaped = true;
			if (i + 1 >= avail)
				return sg_js_error(js, "unterminated string "
						       "(the report is "
						       "truncated)");
			unsigned char e = s[i + 1];
			if (e == 'u') {
				if (i + 6 > avail)
					return sg_js_error(js, "unterminated "
							       "string (the report "
							       "is truncated)");
				for (size_t k = 2; k < 6; k++)
					if (!is_hex(s[i + k]))
						return sg_js_error(
							js, "invalid \\u escape "
							    "in a string");
				/* Surrogates come in pairs, as jansson insists. */
				uint32_t cp = sg_js_hex4(s + i + 2);
				if (cp >= 0xDC00 && cp <= 0xDFFF)
					return sg_js_error(js, "invalid \\u escape "
							       "(a lone surrogate) "
							       "in a string");
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (i + 12 > avail) {
						/* The pair's second half: refill. */
						rc = ensure(js, i + 12, &avail);
						if (rc < 0)
							return rc;
						s = (const unsigned char *)js->buf +
						    js->pos;
					}
					if (i + 12 > avail &&
					    (i + 6 >= avail || s[i + 6] == '\\'))
						return sg_js_error(
							js, "unterminated string "
							    "(the report is "
							    "truncated)");
					uint32_t lo = 0;
					if (i + 12 <= avail && s[i + 6] == '\\' &&
					    s[i + 7] == 'u' && is_hex(s[i + 8]) &&
					    is_hex(s[i + 9]) && is_hex(s[i + 10]) &&
					    is_hex(s[i + 11]))
						lo = sg_js_hex4(s + i + 8);
					if (lo < 0xDC00 || lo > 0xDFFF)
						return sg_js_error(
							js, "invalid \\u escape "
							    "(a lone surrogate) in "
							    "a string");
					i += 6;
				}
				i += 6;
			} else if (e && strchr("\"\\/bfnrt", e)) {
				i += 2;
			} else {
				return sg_js_error(js, "invalid escape in a "
						       "string");
			}
			continue;
		}
		if (c < 0x20)
			return sg_js_error(js, "control character in a string");
		if (c >= 0x80) {
			size_t n = sg_utf8_sequence(s + i, avail - i);

			if (!n)
				return sg_js_error(js, "invalid UTF-8 in a string");
			i += n;
			continue;
		}
		i++;
	}
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* Adds h; returns 1 if it was there already, <0 when out of memory. */
static int keyset_add(struct keyset *ks, uint64_t h)
{
	if (ks->count * 2 >= ks->capacity) {
		size_t cap = ks->capacity ? ks->capacity * 2 : 16;
		uint64_t *slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return SG_ENOMEM;
		for (size_t i = 0; i < ks->capacity; i++) {
			uint64_t v = ks->slots[i];
			if (!v)
				continue;
			size_t j = v & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = v;
		}
		free(ks->slots);
		ks->slots = slots;
		ks->capacity = cap;
	}
	size_t j = h & (ks->capacity - 1);
	while (ks->slots[j]) {
		if (ks->slots[j] == h)
			return 1;
		j = (j + 1) & (ks->capacity - 1);
	}
	ks->slots[j] = h;
	ks->count++;
	return 0;
}

/* ---- structure ---- */

static int grow_frames(struct sg_jstream *js)
{
	int cap = js->frames_cap ? js->frames_cap * 2 : 16;
	struct frame *frames;

	if (cap > SG_JS_MAX_DEPTH)
		cap = SG_JS_MAX_DEPTH;
	frames = realloc(js->frames, (size_t)cap * sizeof(*frames));
	if (!frames)
		return -1;
	memset(frames + js->frames_cap, 0,
	       (size_t)(cap - js->frames_cap) * sizeof(*frames));
	js->frames = frames;
	js->frames_cap = cap;
	return 0;
}

static int push(struct sg_jstream *js, char type)
{
	struct frame *f;

	if (js->depth >= SG_JS_MAX_DEPTH)
		return sg_js_error(js, "nesting deeper than %d levels",
				   SG_JS_MAX_DEPTH);
	if (js->depth == js->frames_cap && grow_frames(js) < 0)
		return sg_error(SG_ENOMEM, "%s: out of memory", js->name);
	f = &js->frames[js->depth++];
	f->type = type;
	f->count = 0;
	if (f->keys.capacity > 64) {
		free(f->keys.slots);
		memset(&f->keys, 0, sizeof(f->keys));
	} else if (f->keys.count) {
		memset(f->keys.slots, 0, f->keys.capacity * sizeof(uint64_t));
		f->keys.count = 0;
	}
	return 0;
}

int sg_js_peek(struct sg_jstream *js)
{
	int c = skip_ws(js);

	if (c == 0)
		return sg_js_error(js, "unexpected end of input (the report "
				       "is truncated)");
	return c;
}

static int begin(struct sg_jstream *js, char open, const char *what)
{
	int c = sg_js_peek(js);

	if (c < 0)
		return c;
	if (c != open)
		return sg_js_error(js, "expected %s", what);
	js->pos++;
	return push(js, open);
}

int sg_js_begin_object(struct sg_jstream *js)
{
	return begin(js, '{', "an object");
}

int sg_js_begin_array(struct sg_jstream *js)
{
	return begin(js, '[', "an array");
}

/* Handle "}"/"]" or the "," before the next member; 1 if one follows. */
static int next_member(struct sg_jstream *js, char close)
{
	struct frame *f = &js->frames[js->depth - 1];
	int c = sg_js_peek(js);

	if (c < 0)
		return c;
	if (c == close) {
		js->pos++;
		js->depth--;
		return 0;
	}
	if (f->count > 0) {
		if (c != ',')
			return sg_js_error(js, "expected ',' or '%c'", close);
		js->pos++;
		c = sg_js_peek(js);
		if (c < 0)
			return c;
		if (c == close)
			return sg_js_error(js, "trailing comma");
	}
	f->count++;
	return 1;
}

/* The first byte at or after p (before end) that is not white space. */
static inline const unsigned char *skip_ws_in(const unsigned char *p,
					      const unsigned char *end)
{
	while (p < end && sg_js_ws_byte[*p])
		p++;
	return p;
}

/* The end of a run of plain string bytes (sg_js_plain_byte) at p. */
static inline const unsigned char *skip_plain(const unsigned char *p,
					      const unsigned char *end)
{
	return p + sg_json_plain_run((const char *)p, (size_t)(end - p));
}

/*
 * sg_js_next_key's common case, read from the window's bytes in place:
 * [',' ] '"' plain ASCII key '"' ':' and the first byte of the value,
 * white space around each, all inside the window. 1: the key is read,
 * as the general path would read it; 0: anything else (a '}', an
 * escape, a byte above 0x7e, the window's end, a syntax error), with
 * nothing consumed or recorded, for the general path to decide and word
 * its errors; <0: a duplicate key, the one error decided here.
 */
static int next_key_plain(struct sg_jstream *js, struct frame *f, char *key)
{
	const unsigned char *start = (const unsigned char *)js->buf;
	const unsigned char *end = start + js->len;
	const unsigned char *p = skip_ws_in(start + js->pos, end);
	const unsigned char *name, *q;
	size_t n;
	int rc;

	if (f->count > 0) {
		if (p >= end || *p != ',')
			return 0;
		p = skip_ws_in(p + 1, end);
	}
	if (p >= end || *p != '"')
		return 0;
	name = p + 1;
	q = skip_plain(name, end);
	if (q >= end || *q != '"')
		return 0;
	n = (size_t)(q - name);
	if (n >= SG_JS_KEY_MAX)
		return 0;
	q = skip_ws_in(q + 1, end);
	if (q >= end || *q != ':')
		return 0;
	q = skip_ws_in(q + 1, end);
	/* sg_js_peek reads a NUL byte as the end of the input: an error. */
	if (q >= end || *q == 0)
		return 0;
	rc = keyset_add(&f->keys, hash_bytes((const char *)name, n));
	f->count++;
	if (rc < 0)
		return sg_error(SG_ENOMEM, "%s: out of memory", js->name);
	if (rc == 1) {
		/* Where the general path reports it: at the key. */
		js->pos = (size_t)(p - start);
		return sg_js_error(js, "duplicate key (a key appears twice in "
				       "this object)");
	}
	memcpy(key, name, n);
	key[n] = '\0';
	js->pos = (size_t)(q - start);
	return 1;
}

/*
 * sg_js_skip's fast path for the scalars reports are full of: a string of
 * plain ASCII bytes (no escape, no control, nothing above 0x7e), or a
 * number without an exponent and with at most 15 digits before its point
 * (it can overflow neither int64 nor a double), whole in the window with
 * a byte after it. Such values are valid as they are, so nothing can fail
 * here: 1 when skipped, 0 to leave the value to the general path.
 */
static int skip_plain_scalar(struct sg_jstream *js)
{
	const unsigned char *p = (const unsigned char *)js->buf + js->pos;
	const unsigned char *end = (const unsigned char *)js->buf + js->len;
	const unsigned char *q = p;

	if (*p == '"') {
		q = skip_plain(p + 1, end);
		if (q >= end || *q != '"')
			return 0;
		q++;
	} else {
		const unsigned char *digits;

		q += *q == '-';
		digits = q;
		if (q < end && *q == '0')
			q++;
		else
			while (q < end && *q >= '0' && *q <= '9')
				q++;
		if (q == digits || q - digits > 15)
			return 0;
		if (q < end && *q == '.') {
			digits = ++q;
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			if (q == digits)
				return 0;
		}
		/* What follows a number: a separator, a closer or space. */
		if (q >= end || !(*q == ',' || *q == '}' || *q == ']' ||
				  sg_js_ws_byte[*q]))
			return 0;
	}
	js->value_offset = js->base_offset + js->pos;
	js->pos = (size_t)(q - (const unsigned char *)js->buf);
	return 1;
}

int sg_js_next_key(struct sg_jstream *js, char *key)
{
	struct frame *f;
	size_t end;
	bool escaped;
	int rc;

	if (js->depth == 0 || js->frames[js->depth - 1].type != '{')
		return sg_js_error(js, "internal: next_key outside an object");
	rc = next_key_plain(js, &js->frames[js->depth - 1], key);
	if (rc != 0)
		return rc;
	rc = next_member(js, '}');
	if (rc <= 0)
		return rc;
	if (js->buf[js->pos] != '"')
		return sg_js_error(js, "expected a string key");
	rc = scan_string(js, &end, &escaped);
	if (rc < 0)
		return rc;
	key[0] = '\0';
	if (escaped) {
		json_error_t err;
		json_t *s = json_loadb(js->buf + js->pos, end, LOAD_FLAGS, &err);
		size_t n;

		if (!s)
			return sg_js_error(js, "invalid key");
		n = json_string_length(s);
		/* As jansson and the document reader: C cannot compare them. */
		if (memchr(json_string_value(s), 0, n)) {
			json_decref(s);
			return sg_js_error(js, "a key holds a NUL byte "
					       "(\\u0000)");
		}
		if (n < SG_JS_KEY_MAX)
			memcpy(key, json_string_value(s), n + 1);
		rc = keyset_add(&js->frames[js->depth - 1].keys,
				hash_bytes(json_string_value(s), n));
		json_decref(s);
	} else {
		size_t n = end - 2;

		if (n < SG_JS_KEY_MAX) {
			memcpy(key, js->buf + js->pos + 1, n);
			key[n] = '\0';
		}
		rc = keyset_add(&js->frames[js->depth - 1].keys,
				hash_bytes(js->buf + js->pos + 1, n));
	}
	if (rc < 0)
		return sg_error(SG_ENOMEM, "%s: out of memory", js->name);
	/* Never quote the key: a report's keys may be secrets (a .env dump). */
	if (rc == 1)
		return sg_js_error(js, "duplicate key (a key appears twice in "
				       "this object)");
	js->pos += end;
	f = &js->frames[js->depth - 1];
	(void)f;
	rc = sg_js_peek(js);
	if (rc < 0)
		return rc;
	if (rc != ':')
		return sg_js_error(js, "expected ':' after a key");
	js->pos++;
	rc = sg_js_peek(js);
	return rc < 0 ? rc : 1;
}

int sg_js_next_item(struct sg_jstream *js)
{
	if (js->depth == 0 || js->frames[js->depth - 1].type != '[')
		return sg_js_error(js, "internal: next_item outside an array");
	return next_member(js, ']');
}

/* jansson's message without the " near '<input>'" tail, which could echo a secret. */
/*
 * jansson's message without its " near '<token>'" tail, which quotes the
 * report; the one message that embeds report text before it ("invalid
 * Unicode '\\uXXXX'") is replaced by a fixed one.
 */
static void copy_jansson_text(char *dst, size_t size, const char *text)
{
	const char *near = strstr(text, " near ");
	size_t n = near ? (size_t)(near - text) : strlen(text);

	if (strncmp(text, "invalid Unicode", 15) == 0) {
		text = "invalid Unicode escape";
		n = strlen(text);
	}

	if (n >= size)
		n = size - 1;
	memcpy(dst, text, n);
	dst[n] = '\0';
}

int sg_js_load(struct sg_jstream *js, json_t **out)
{
	int c = sg_js_peek(js);

	if (c < 0)
		return c;
	for (;;) {
		size_t avail = js->len - js->pos;
		json_error_t err;
		json_t *value;
		int rc;

		js->value_offset = js->base_offset + js->pos;
		value = json_loadb(js->buf + js->pos, avail, LOAD_FLAGS, &err);
		if (value && ((size_t)err.position < avail || js->eof)) {
			js->pos += (size_t)err.position;
			*out = value;
			return 0;
		}
		if (!value && (js->eof || (size_t)err.position + CUT_MARGIN <
						  avail)) {
			char text[160];

			copy_jansson_text(text, sizeof(text), err.text);
			if (json_error_code(&err) == json_error_invalid_utf8)
				snprintf(text, sizeof(text), "invalid UTF-8");
			if (js->eof && (size_t)err.position + 1 >= avail)
				return error_at(js, js->value_offset,
						     "%s (the report is truncated)",
						     text);
			return error_at(js,
					     js->value_offset + (uint64_t)err.position,
					     "%s", text);
		}
		/* Cut by the window's end, or a number that may continue: read more. */
		json_decref(value);
		rc = fill(js);
		if (rc < 0)
			return rc;
	}
}

static int hex_digit(unsigned char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

uint32_t sg_js_hex4(const unsigned char *p)
{
	return (uint32_t)(hex_digit(p[0]) << 12 | hex_digit(p[1]) << 8 |
			  hex_digit(p[2]) << 4 | hex_digit(p[3]));
}

size_t sg_put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int sg_js_read_string(struct sg_jstream *js, const char **out, size_t *len)
{
	size_t end;
	bool escaped;
	int c = sg_js_peek(js), rc;

	if (c < 0)
		return c;
	if (c != '"')
		return sg_js_error(js, "expected a string");
	js->value_offset = js->base_offset + js->pos;
	/* Plain ASCII, whole in the window: valid as it is (see skip_plain). */
	const unsigned char *quote = (const unsigned char *)js->buf + js->pos;
	const unsigned char *window_end =
		(const unsigned char *)js->buf + js->len;
	const unsigned char *closing = skip_plain(quote + 1, window_end);

	if (closing < window_end && *closing == '"') {
		*out = (const char *)quote + 1;
		*len = (size_t)(closing - quote - 1);
		js->pos += (size_t)(closing - quote) + 1;
		return 0;
	}
	rc = scan_string(js, &end, &escaped);
	if (rc < 0)
		return rc;
	const unsigned char *s = (const unsigned char *)js->buf + js->pos + 1;
	size_t n = end - 2;

	if (!escaped) {
		/* Validated by scan_string; borrowed from the window. */
		*out = (const char *)s;
		*len = n;
		js->pos += end;
		return 0;
	}
	if (js->strbuf_cap < n + 1) {
		char *b = realloc(js->strbuf, n + 1);
		if (!b)
			return sg_error(SG_ENOMEM, "%s: out of memory", js->name);
		js->strbuf = b;
		js->strbuf_cap = n + 1;
	}
	size_t j = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '\\') {
			js->strbuf[j++] = (char)s[i++];
			continue;
		}
		unsigned char e = s[i + 1];
		if (e != 'u') {
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			js->strbuf[j++] = to[strchr(from, e) - from];
			i += 2;
			continue;
		}
		uint32_t cp = sg_js_hex4(s + i + 2);
		i += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (i + 6 > n || s[i] != '\\' || s[i + 1] != 'u')
				return sg_js_error(js, "invalid \\u escape (a "
						       "lone surrogate) in a string");
			uint32_t lo = sg_js_hex4(s + i + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return sg_js_error(js, "invalid \\u escape (a "
						       "lone surrogate) in a string");
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 6;
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			return sg_js_error(js, "invalid \\u escape (a lone "
					       "surrogate) in a string");
		}
		/* An escape is at least 6 bytes and decodes to at most 4. */
		j += sg_put_utf8(js->strbuf + j, cp);
	}
	js->strbuf[j] = '\0';
	*out = js->strbuf;
	*len = j;
	js->pos += end;
	return 0;
}

int sg_js_read_integer(struct sg_jstream *js, int64_t *out)
{
	json_t *v;
	size_t avail;
	int rc = sg_js_peek(js);

	if (rc < 0)
		return rc;
	/* Fast path: up to 18 digits followed by a delimiter. */
	if ((rc = ensure(js, 24, &avail)) < 0)
		return rc;
	const char *p = js->buf + js->pos;
	size_t i = p[0] == '-', digits = 0;
	int64_t value = 0;

	while (i < avail && p[i] >= '0' && p[i] <= '9' && digits < 18) {
		value = value * 10 + (p[i] - '0');
		i++;
		digits++;
	}
	if (digits && (i < avail) && strchr(",}] \t\r\n", p[i]) && p[i] &&
	    !(digits > 1 && p[p[0] == '-'] == '0')) {
		*out = p[0] == '-' ? -value : value;
		js->value_offset = js->base_offset + js->pos;
		js->pos += i;
		return 0;
	}
	/* Anything else gets jansson's verdict and message. */
	rc = sg_js_load(js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_integer(v)) {
		json_decref(v);
		return sg_js_error_at_value(js, "expected an integer");
	}
	*out = (int64_t)json_integer_value(v);
	json_decref(v);
	return 0;
}

int sg_js_skip(struct sg_jstream *js)
{
	int c = sg_js_peek(js);
	int rc;

	if (c < 0)
		return c;
	if (c != '{' && c != '[' && skip_plain_scalar(js))
		return 0;
	if (js->base_offset + js->len != js->skip_cut_end) {
		if (!js->skip_doc && sg_jdoc_new(&js->skip_doc) < 0)
			return SG_ENOMEM;
		rc = sg_jdoc_skip_in_window(js, js->skip_doc);
		if (rc <= 0)
			return rc;
		js->skip_cut_end = js->base_offset + js->len;
	}
	/* Past the window's end: token by token, in bounded memory. */
	if (c == '{') {
		char key[SG_JS_KEY_MAX];

		rc = sg_js_begin_object(js);
		while (rc >= 0 && (rc = sg_js_next_key(js, key)) == 1)
			rc = sg_js_skip(js);
		return rc < 0 ? rc : 0;
	}
	if (c == '[') {
		rc = sg_js_begin_array(js);
		while (rc >= 0 && (rc = sg_js_next_item(js)) == 1)
			rc = sg_js_skip(js);
		return rc < 0 ? rc : 0;
	}
	if (c == '"') {
		size_t end;
		bool escaped;

		rc = scan_string(js, &end, &escaped);
		if (rc < 0)
			return rc;
		js->pos += end;
		return 0;
	}
	json_t *scalar;
	rc = sg_js_load(js, &scalar);
	if (rc < 0)
		return rc;
	json_decref(scalar);
	return 0;
}

int sg_js_finish(struct sg_jstream *js)
{
	int c = skip_ws(js);

	if (c < 0)
		return c;
	/* skip_ws answers 0 for a NUL byte too: only the end is the end. */
	if (c != 0 || js->pos < js->len)
		return sg_js_error(js, "unexpected data after the end of the "
				       "JSON document");
	return 0;
}
