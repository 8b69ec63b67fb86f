/*
 * The document reader (jsondoc.h): one value of the stream parsed from
 * its window into nodes in a pool, with no allocation per value. The
 * parse runs over a window that does not move while it runs; a value cut
 * by the window's end is parsed again after a refill that at least
 * doubles what is available, so a value is parsed a few times at most.
 */
#include <errno.h>
#include <math.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "secgate/jsondoc.h"
#include "jsonstream_internal.h"

#define POOL_BLOCK ((size_t)64 << 10)
/* Objects up to this many members are checked for duplicates pairwise. */
#define PAIRWISE_MAX 16
/* A member parsed (to check it) but not kept: dropped when its object closes. */
#define SKIPPED 0xFF

#define STR_(x) #x
#define STR(x) STR_(x)

/* Parser results besides 0 and SG_ENOMEM. */
#define NEED_MORE 1 /* the value goes on past the window: refill, retry */
#define SYNTAX (-1) /* the input is wrong: P->err says why, P->err_at where */

struct pool_block {
	struct pool_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

struct sg_jdoc {
	struct pool_block *blocks; /* newest first; the last one is kept */
	struct sg_jval *stack;     /* members of the containers being read */
	uint32_t *key_at; /* stack[i]'s key: bytes from the window's start */
	size_t top, cap;
	struct sg_jval root;
	uint64_t start; /* input offset of root */
};

struct parser {
	struct sg_jdoc *doc;
	const unsigned char *start, *p, *end; /* the window: [start, end) */
	bool eof;			      /* the input ends at end */
	int depth; /* open containers, the stream's own included */
	const char *err;
	size_t err_at; /* bytes from start */
};

/* ---- the pool ---- */

static struct pool_block *block_new(size_t size, struct pool_block *next)
{
	struct pool_block *b = malloc(sizeof(*b) + size);

	if (b) {
		b->next = next;
		b->used = 0;
		b->size = size;
	}
	return b;
}

static void *pool_alloc(struct sg_jdoc *doc, size_t size, size_t align)
{
	struct pool_block *b = doc->blocks;
	size_t at = (b->used + align - 1) & ~(align - 1);

	if (at > b->size || b->size - at < size) {
		b = block_new(size > POOL_BLOCK ? size : POOL_BLOCK, b);
		if (!b)
			return NULL;
		doc->blocks = b;
		at = 0;
	}
	b->used = at + size;
	return b->data + at;
}

/* Forget the last value: keep the first block, free the rest. */
static void pool_reset(struct sg_jdoc *doc)
{
	while (doc->blocks->next) {
		struct pool_block *next = doc->blocks->next;

		free(doc->blocks);
		doc->blocks = next;
	}
	doc->blocks->used = 0;
	doc->top = 0;
}

int sg_jdoc_new(struct sg_jdoc **out)
{
	struct sg_jdoc *doc = calloc(1, sizeof(*doc));

	if (doc)
		doc->blocks = block_new(POOL_BLOCK, NULL);
	if (!doc || !doc->blocks) {
		free(doc);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	*out = doc;
	return 0;
}

void sg_jdoc_free(struct sg_jdoc *doc)
{
	if (!doc)
		return;
	pool_reset(doc);
	free(doc->blocks);
	free(doc->stack);
	free(doc->key_at);
	free(doc);
}

static int grow_stack(struct sg_jdoc *doc)
{
	size_t cap = doc->cap ? doc->cap * 2 : 256;
	struct sg_jval *grown = realloc(doc->stack, cap * sizeof(*grown));
	uint32_t *grown_at;

	if (!grown)
		return SG_ENOMEM;
	doc->stack = grown;
	grown_at = realloc(doc->key_at, cap * sizeof(*grown_at));
	if (!grown_at)
		return SG_ENOMEM;
	doc->key_at = grown_at;
	doc->cap = cap;
	return 0;
}

/*
 * key_at: where a member's key starts (0 for an array's element).
 * Inline: every member of every object comes through here.
 */
static inline __attribute__((always_inline)) int
push(struct sg_jdoc *doc, const struct sg_jval *v, size_t key_at)
{
	if (doc->top == doc->cap && grow_stack(doc) < 0)
		return SG_ENOMEM;
	doc->key_at[doc->top] = (uint32_t)key_at;
	doc->stack[doc->top++] = *v;
	return 0;
}

/* ---- errors ---- */

static int fail(struct parser *P, const unsigned char *at, const char *msg)
{
	P->err = msg;
	P->err_at = (size_t)(at - P->start);
	return SYNTAX;
}

/*
 * The window ends inside the value: more input may complete it; at the
 * end of the input it is cut, reported where what was cut began (the
 * value, or the string), as the stream reader does.
 */
static int cut_at(struct parser *P, const unsigned char *at, const char *msg)
{
	return P->eof ? fail(P, at, msg) : NEED_MORE;
}

static int cut(struct parser *P, const char *msg)
{
	return cut_at(P, P->start, msg);
}

#define TRUNCATED "unexpected end of input (the report is truncated)"

/*
 * Bytes up to the first one that is not a space in the word at p (at
 * least one of the eight is not): pretty-printed reports (CodeQL's
 * printer indents two spaces a level) put most of their white space in
 * the indentation after a newline, measured here a word at a time.
 */
static size_t leading_spaces(const unsigned char *p)
{
	uint64_t other = sg_word_load(p) ^ (SG_WORD_ONES * ' ');

#ifdef SG_WORD_FIRST_FLAG
	/* The first non-zero byte holds a non-zero bit: its own, exactly. */
	return SG_WORD_FIRST_FLAG(other);
#else
	size_t n = 0;

	(void)other;
	while (p[n] == ' ')
		n++;
	return n;
#endif
}

static const unsigned char *skip_ws_run(const unsigned char *p,
					const unsigned char *e)
{
	while (p < e && sg_js_ws_byte[*p]) {
		if (*p++ != '\n')
			continue;
		while (e - p >= 8 && sg_word_load(p) == SG_WORD_ONES * ' ')
			p += 8;
		if (e - p >= 8)
			p += leading_spaces(p);
	}
	return p;
}

/*
 * Inline for the common cases: a token at once ("},{"), or one space
 * before it (CodeQL's "key" : value).
 */
static inline __attribute__((always_inline)) void skip_ws(struct parser *P)
{
	const unsigned char *p = P->p, *e = P->end;

	p += p < e && *p == ' ';
	if (p < e && sg_js_ws_byte[*p])
		p = skip_ws_run(p, e);
	P->p = p;
}

/* ---- strings ---- */

/* Past the plain string bytes at s (sg_js_plain_byte), a word at a time. */
static inline const unsigned char *skip_plain(const unsigned char *s,
					      const unsigned char *e)
{
	return s + sg_json_plain_run((const char *)s, (size_t)(e - s));
}

/*
 * Check the string at P->p (its '"') as the stream reader does: *end is
 * past its closing quote, *escaped whether it holds a backslash.
 */
static inline __attribute__((always_inline)) int
scan_string(struct parser *P, const unsigned char **end,
		       bool *escaped)
{
	static const char unterminated[] =
		"unterminated string (the report is truncated)";
	static const char lone[] =
		"invalid \\u escape (a lone surrogate) in a string";
	const unsigned char *s = P->p + 1, *e = P->end;

	*escaped = false;
	for (;;) {
		/*
		 * Eight plain bytes at a time: printable ASCII but '"' and
		 * '\\' (a control, a quote, a backslash or a byte >= 0x80
		 * sends the word to the byte loop).
		 */
		s = skip_plain(s, e);
		if (s >= e)
			return cut_at(P, P->p, unterminated);
		if (*s == '"') {
			*end = s + 1;
			return 0;
		}
		if (*s == '\\') {
			*escaped = true;
			if (e - s < 2)
				return cut_at(P, P->p, unterminated);
			if (s[1] != 'u') {
				if (!s[1] || !strchr("\"\\/bfnrt", s[1]))
					return fail(P, s, "invalid escape in a "
							  "string");
				s += 2;
				continue;
			}
			if (e - s < 6)
				return cut_at(P, P->p, unterminated);
			for (int k = 2; k < 6; k++)
				if (!strchr("0123456789abcdefABCDEF", s[k]) ||
				    !s[k])
					return fail(P, s, "invalid \\u escape "
							  "in a string");
			uint32_t cp = sg_js_hex4(s + 2);

			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(P, s, lone);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				/* Its pair's second half must follow. */
				if (e - s < 12 && !P->eof)
					return NEED_MORE;
				if (e - s < 12 && (e - s == 6 || s[6] == '\\'))
					return cut_at(P, P->p, unterminated);
				if (e - s < 12 || s[6] != '\\' || s[7] != 'u')
					return fail(P, s, lone);
				for (int k = 8; k < 12; k++)
					if (!s[k] ||
					    !strchr("0123456789abcdefABCDEF",
						    s[k]))
						return fail(P, s, lone);
				uint32_t lo = sg_js_hex4(s + 8);

				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail(P, s, lone);
				s += 6;
			}
			s += 6;
			continue;
		}
		if (*s < 0x20)
			return fail(P, s, "control character in a string");
		size_t n = sg_utf8_sequence(s, (size_t)(e - s));

		if (!n) {
			/* A sequence cut by the window: decide with more. */
			if (e - s < 4 && !P->eof)
				return NEED_MORE;
			return fail(P, s, "invalid UTF-8 in a string");
		}
		s += n;
	}
}

/* The checked string body s[0, n) decoded, NUL-terminated, in the pool. */
static char *decode_string(struct sg_jdoc *doc, const unsigned char *s,
			   size_t n, bool escaped, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	/* An escape decodes to fewer bytes than it takes: n + 1 is enough. */
	char *out = pool_alloc(doc, n + 1, 1);
	size_t j = 0;

	if (!out)
		return NULL;
	if (!escaped) {
		memcpy(out, s, n);
		out[n] = '\0';
		*len = n;
		return out;
	}
	for (size_t i = 0; i < n;) {
		const unsigned char *bs = memchr(s + i, '\\', n - i);
		size_t plain = bs ? (size_t)(bs - s) - i : n - i;

		memcpy(out + j, s + i, plain);
		i += plain;
		j += plain;
		if (i >= n)
			break;
		if (s[i + 1] != 'u') {
			out[j++] = to[strchr(from, s[i + 1]) - from];
			i += 2;
			continue;
		}
		uint32_t cp = sg_js_hex4(s + i + 2);

		i += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			/* scan_string checked the pair. */
			cp = 0x10000 + ((cp - 0xD800) << 10) +
			     (sg_js_hex4(s + i + 2) - 0xDC00);
			i += 6;
		}
		j += sg_put_utf8(out + j, cp);
	}
	out[j] = '\0';
	*len = j;
	return out;
}

/* ---- values ---- */

static int parse_value(struct parser *P, bool keep, struct sg_jval *out);

static int key_cmp(const void *a, const void *b)
{
	const struct sg_jval *x = *(const struct sg_jval *const *)a;
	const struct sg_jval *y = *(const struct sg_jval *const *)b;

	if (x->key_len != y->key_len)
		return x->key_len < y->key_len ? -1 : 1;
	return memcmp(x->key, y->key, x->key_len);
}

#define DUPLICATE "duplicate key (a key appears twice in this object)"

/* A large object's duplicate keys, found by sorting its members. */
static int check_duplicates(struct parser *P, size_t mark)
{
	struct sg_jdoc *doc = P->doc;
	size_t n = doc->top - mark;
	const struct sg_jval **sorted = malloc(n * sizeof(*sorted));
	int rc = 0;

	if (!sorted)
		return SG_ENOMEM;
	for (size_t i = 0; i < n; i++)
		sorted[i] = &doc->stack[mark + i];
	qsort(sorted, n, sizeof(*sorted), key_cmp);
	for (size_t i = 1; i < n && rc == 0; i++) {
		if (key_cmp(&sorted[i - 1], &sorted[i]) == 0) {
			/*
			 * At the later one's key (the stack is in input
			 * order), as the pairwise check reports it.
			 */
			const struct sg_jval *dup = sorted[i] > sorted[i - 1]
							    ? sorted[i]
							    : sorted[i - 1];

			rc = fail(P, P->start + doc->key_at[dup - doc->stack],
				  DUPLICATE);
		}
	}
	free(sorted);
	return rc;
}

/*
 * The members of the stack from mark, as the container's own array.
 * Only an object whose members are picked (filtered: the top level, with
 * a keep function) holds SKIPPED ones; the others are copied whole.
 */
static int close_container(struct parser *P, size_t mark, bool keep,
			   bool filtered, struct sg_jval *out)
{
	struct sg_jdoc *doc = P->doc;
	size_t n = 0;
	struct sg_jval *items;

	P->depth--;
	if (!keep) {
		doc->top = mark;
		return 0;
	}
	if (!filtered)
		n = doc->top - mark;
	else
		for (size_t i = mark; i < doc->top; i++)
			n += doc->stack[i].type != SKIPPED;
	items = n ? pool_alloc(doc, n * sizeof(*items), alignof(struct sg_jval))
		  : NULL;
	if (n && !items)
		return SG_ENOMEM;
	if (!filtered) {
		if (n)
			memcpy(items, doc->stack + mark, n * sizeof(*items));
	} else {
		n = 0;
		for (size_t i = mark; i < doc->top; i++)
			if (doc->stack[i].type != SKIPPED)
				items[n++] = doc->stack[i];
	}
	out->u.items = items;
	out->n = (uint32_t)n;
	doc->top = mark;
	return 0;
}

static inline __attribute__((always_inline)) int
open_container(struct parser *P)
{
	/* The stream's cap counts its own levels and the value's alike. */
	if (++P->depth > SG_JS_MAX_DEPTH)
		return fail(P, P->p, "nesting deeper than " STR(
					     SG_JS_MAX_DEPTH) " levels");
	P->p++;
	skip_ws(P);
	return P->p < P->end ? 0 : cut(P, TRUNCATED);
}

/*
 * An object; its members are checked whether kept or not (duplicates
 * need their keys). keep_member, at the top level only, picks members.
 */
static int parse_object(struct parser *P, bool keep, sg_jdoc_keep_fn keep_member,
			void *arg, struct sg_jval *out)
{
	struct sg_jdoc *doc = P->doc;
	size_t mark = doc->top;
	int rc = open_container(P);

	out->type = SG_JOBJECT;
	if (rc)
		return rc;
	if (*P->p == '}') {
		P->p++;
		return close_container(P, mark, keep, keep_member != NULL, out);
	}
	for (;;) {
		struct sg_jval member = {0};
		const unsigned char *key_at = P->p, *key_end;
		const char *key;
		size_t key_len;
		bool escaped, keep_this;

		if (*key_at != '"')
			return fail(P, key_at,
				    *key_at == '}' ? "trailing comma"
						   : "expected a string key");
		rc = scan_string(P, &key_end, &escaped);
		if (rc)
			return rc;
		key_len = (size_t)(key_end - key_at) - 2;
		if (keep || escaped) {
			key = decode_string(doc, key_at + 1, key_len, escaped,
					    &key_len);
			if (!key)
				return SG_ENOMEM;
			/*
			 * jansson refuses them too; C cannot compare them.
			 * Only "\u0000" makes one: scan_string refuses a raw
			 * NUL byte.
			 */
			if (escaped && memchr(key, 0, key_len))
				return fail(P, key_at, "a key holds a NUL byte "
						       "(\\u0000)");
		} else {
			/* Checked, not kept: the window holds it meanwhile. */
			key = (const char *)key_at + 1;
		}
		/* Never quote the key in an error: it may be a secret. */
		if (doc->top - mark < PAIRWISE_MAX) {
			for (size_t i = mark; i < doc->top; i++)
				if (doc->stack[i].key_len == key_len &&
				    memcmp(doc->stack[i].key, key, key_len) == 0)
					return fail(P, key_at, DUPLICATE);
		}
		P->p = key_end;
		skip_ws(P);
		if (P->p >= P->end)
			return cut(P, TRUNCATED);
		if (*P->p != ':')
			return fail(P, P->p, "expected ':' after a key");
		P->p++;
		keep_this = keep && (!keep_member ||
				     keep_member(key, key_len, arg));
		rc = parse_value(P, keep_this, &member);
		if (rc)
			return rc;
		member.key = key;
		member.key_len = (uint32_t)key_len;
		if (keep && !keep_this)
			member.type = SKIPPED;
		if (push(doc, &member, (size_t)(key_at - P->start)) < 0)
			return SG_ENOMEM;
		skip_ws(P);
		if (P->p >= P->end)
			return cut(P, TRUNCATED);
		if (*P->p == '}') {
			P->p++;
			break;
		}
		if (*P->p != ',')
			return fail(P, P->p, "expected ',' or '}'");
		P->p++;
		skip_ws(P);
		if (P->p >= P->end)
			return cut(P, TRUNCATED);
	}
	if (doc->top - mark > PAIRWISE_MAX) {
		rc = check_duplicates(P, mark);
		if (rc)
			return rc;
	}
	return close_container(P, mark, keep, keep_member != NULL, out);
}

static int parse_array(struct parser *P, bool keep, struct sg_jval *out)
{
	size_t mark = P->doc->top;
	int rc = open_container(P);

	out->type = SG_JARRAY;
	if (rc)
		return rc;
	if (*P->p == ']') {
		P->p++;
		return close_container(P, mark, keep, false, out);
	}
	for (;;) {
		struct sg_jval item = {0};

		rc = parse_value(P, keep, &item);
		if (rc)
			return rc;
		if (keep && push(P->doc, &item, 0) < 0)
			return SG_ENOMEM;
		skip_ws(P);
		if (P->p >= P->end)
			return cut(P, TRUNCATED);
		if (*P->p == ']') {
			P->p++;
			break;
		}
		if (*P->p != ',')
			return fail(P, P->p, "expected ',' or ']'");
		P->p++;
		skip_ws(P);
		if (P->p >= P->end)
			return cut(P, TRUNCATED);
		if (*P->p == ']')
			return fail(P, P->p, "trailing comma");
	}
	return close_container(P, mark, keep, false, out);
}

static int parse_literal(struct parser *P, const char *word,
			 enum sg_jtype type, struct sg_jval *out)
{
	size_t n = strlen(word), avail = (size_t)(P->end - P->p);

	if (memcmp(P->p, word, avail < n ? avail : n) != 0)
		return fail(P, P->p, "invalid token");
	if (avail < n)
		return cut(P, TRUNCATED);
	P->p += n;
	out->type = (uint8_t)type;
	return 0;
}

static bool digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/*
 * The common number first: a non-negative integer of at most 18 digits
 * (it cannot overflow) that ends inside the window on a byte that cannot
 * go on with a number (lines, columns, indexes). False for anything
 * else, which parse_number reads by the whole grammar; where both read
 * a number they read the same one.
 */
static inline bool small_integer(struct parser *P, struct sg_jval *out)
{
	const unsigned char *s = P->p, *q = s, *e = P->end;
	uint64_t v = 0;

	if (*q == '0')
		q++;
	else
		while (q < e && q - s < 18 && *q >= '0' && *q <= '9')
			v = v * 10 + (uint64_t)(*q++ - '0');
	if (q == s || q >= e || (*q >= '0' && *q <= '9') || *q == '.' ||
	    *q == 'e' || *q == 'E')
		return false;
	P->p = q;
	out->type = SG_JINTEGER;
	out->u.integer = (int64_t)v;
	return true;
}

/*
 * JSON's number grammar; integers are int64 (jansson's json_int_t),
 * others doubles from strtod, which reads '.' in the C locale secgate
 * runs in. Overflow is an error; underflow reads as a tiny or zero
 * double, as jansson has it.
 */
static int parse_number(struct parser *P, struct sg_jval *out)
{
	const unsigned char *s = P->p, *q = s, *e = P->end;
	bool real = false;

	if (small_integer(P, out))
		return 0;
	q += *q == '-';
	if (q >= e)
		return cut(P, TRUNCATED);
	if (*q == '0')
		q++;
	else if (digit(q, e))
		while (digit(q, e))
			q++;
	else
		return fail(P, s, "invalid token");
	if (q < e && *q == '.') {
		real = true;
		if (++q >= e)
			return cut(P, TRUNCATED);
		if (!digit(q, e))
			return fail(P, s, "invalid token");
		while (digit(q, e))
			q++;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (q >= e)
			return cut(P, TRUNCATED);
		if (!digit(q, e))
			return fail(P, s, "invalid token");
		while (digit(q, e))
			q++;
	}
	/* Digits up to the window's end may go on after it. */
	if (q >= e && !P->eof)
		return NEED_MORE;
	P->p = q;
	if (!real) {
		bool negative = *s == '-';
		/* The magnitude of INT64_MIN is one more than INT64_MAX's. */
		uint64_t limit = (uint64_t)INT64_MAX + negative, v = 0;

		/* 18 digits cannot overflow: check only longer numbers. */
		bool checked = q - (s + negative) > 18;

		for (const unsigned char *d = s + negative; d < q; d++) {
			unsigned digit_value = (unsigned)(*d - '0');

			if (checked && v > (limit - digit_value) / 10)
				return fail(P, s, negative ? "too big negative "
							     "integer"
							   : "too big integer");
			v = v * 10 + digit_value;
		}
		out->type = SG_JINTEGER;
		out->u.integer = negative ? (int64_t)(0 - v) : (int64_t)v;
		return 0;
	}
	char small[64], *text = small;
	size_t n = (size_t)(q - s);
	double d;

	if (n >= sizeof(small) && !(text = malloc(n + 1)))
		return SG_ENOMEM;
	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	d = strtod(text, NULL);
	if (text != small)
		free(text);
	if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
		return fail(P, s, "real number overflow");
	out->type = SG_JREAL;
	out->u.real = d;
	return 0;
}

static int parse_value(struct parser *P, bool keep, struct sg_jval *out)
{
	skip_ws(P);
	if (P->p >= P->end)
		return cut(P, TRUNCATED);
	out->offset = (uint32_t)(P->p - P->start);
	switch (*P->p) {
	case '{':
		return parse_object(P, keep, NULL, NULL, out);
	case '[':
		return parse_array(P, keep, out);
	case '"': {
		const unsigned char *end;
		bool escaped;
		size_t len;
		int rc = scan_string(P, &end, &escaped);

		if (rc)
			return rc;
		out->type = SG_JSTRING;
		if (keep) {
			out->u.string =
			    decode_string(P->doc, P->p + 1,
					  (size_t)(end - P->p) - 2, escaped,
					  &len);
			if (!out->u.string)
				return SG_ENOMEM;
			out->n = (uint32_t)len;
		}
		P->p = end;
		return 0;
	}
	case 't':
		return parse_literal(P, "true", SG_JTRUE, out);
	case 'f':
		return parse_literal(P, "false", SG_JFALSE, out);
	case 'n':
		return parse_literal(P, "null", SG_JNULL, out);
	default:
		if (*P->p == '-' || (*P->p >= '0' && *P->p <= '9'))
			return parse_number(P, out);
		return fail(P, P->p, "invalid token");
	}
}

int sg_js_load_doc(struct sg_jstream *js, struct sg_jdoc *doc,
		   sg_jdoc_keep_fn keep, void *arg, const struct sg_jval **out)
{
	int c = sg_js_peek(js);

	if (c < 0)
		return c;
	for (;;) {
		struct parser P = {.doc = doc, .depth = sg_js_depth(js)};
		const char *data;
		size_t len;
		uint64_t offset;
		int rc;

		sg_js_window(js, &data, &len, &P.eof, &offset);
		P.start = P.p = (const unsigned char *)data;
		P.end = P.start + len;
		pool_reset(doc);
		memset(&doc->root, 0, sizeof(doc->root));
		if (c == '{')
			rc = parse_object(&P, true, keep, arg, &doc->root);
		else
			rc = parse_value(&P, true, &doc->root);
		if (rc == 0) {
			doc->start = offset;
			sg_js_consume_value(js, (size_t)(P.p - P.start));
			*out = &doc->root;
			return 0;
		}
		if (rc == SG_ENOMEM)
			return sg_error(SG_ENOMEM, "%s: out of memory",
					sg_jstream_name(js));
		if (rc == SYNTAX)
			return sg_js_error_at_offset(js, offset + P.err_at,
						     "%s", P.err);
		/* Cut by the window: at least twice as much, then again. */
		for (size_t want = len * 2; !P.eof && len < want;) {
			rc = sg_js_fill(js);
			if (rc < 0)
				return rc;
			sg_js_window(js, &data, &len, &P.eof, &offset);
		}
	}
}

int sg_jdoc_skip_in_window(struct sg_jstream *js, struct sg_jdoc *doc)
{
	struct parser P = {.doc = doc, .depth = sg_js_depth(js)};
	struct sg_jval ignored = {0};
	const char *data;
	size_t len;
	uint64_t offset;
	int rc;

	sg_js_window(js, &data, &len, &P.eof, &offset);
	P.start = P.p = (const unsigned char *)data;
	P.end = P.start + len;
	pool_reset(doc);
	rc = parse_value(&P, false, &ignored);
	if (rc == 0) {
		sg_js_consume_value(js, (size_t)(P.p - P.start));
		return 0;
	}
	if (rc == SG_ENOMEM)
		return sg_error(SG_ENOMEM, "%s: out of memory",
				sg_jstream_name(js));
	if (rc == SYNTAX)
		return sg_js_error_at_offset(js, offset + P.err_at, "%s",
					     P.err);
	return 1;
}

/* ---- reading values ---- */

const struct sg_jval *sg_jv_getn(const struct sg_jval *obj, const char *key,
				 size_t len)
{
	if (!sg_jv_is(obj, SG_JOBJECT))
		return NULL;
	for (uint32_t i = 0; i < obj->n; i++) {
		const struct sg_jval *m = &obj->u.items[i];

		/* The first byte before memcmp: most members differ there. */
		if (m->key_len == len && (len == 0 || m->key[0] == key[0]) &&
		    memcmp(m->key, key, len) == 0)
			return m;
	}
	return NULL;
}

const struct sg_jval *sg_jv_at(const struct sg_jval *v, size_t i)
{
	if (!v || (v->type != SG_JARRAY && v->type != SG_JOBJECT) || i >= v->n)
		return NULL;
	return &v->u.items[i];
}

size_t sg_jv_size(const struct sg_jval *v)
{
	if (!v || (v->type != SG_JARRAY && v->type != SG_JOBJECT))
		return 0;
	return v->n;
}

uint64_t sg_jdoc_offset(const struct sg_jdoc *doc, const struct sg_jval *v)
{
	return doc->start + (v ? v->offset : 0);
}
