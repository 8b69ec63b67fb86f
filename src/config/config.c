/*
 * .secgate.yml: libyaml's event parser builds a small tree (so duplicate
 * keys, anchors and positions stay visible), which is validated strictly
 * against the schema in docs/configuration.md and then overlaid with a
 * profile. Every error is "<file>:<line>:<column>: <what>", exit code 2.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "config.h"
#include "path_glob.h"
#include "secgate/arena.h"
#include "secgate/error.h"

#define MAX_BYTES (1024 * 1024)
#define MAX_REFS 16  /* anchors + aliases: a cap against alias bombs */
#define MAX_DEPTH 32 /* the schema needs 6 */
#define MAX_NAMED 64 /* profiles and custom tools, compared pairwise */
#define MAX_DAYS 36500
#define DAY_SECONDS 86400

#define THRESHOLDS "critical, high, medium, low, info, none"
#define SEVERITIES "critical, high, medium, low, info"

/* ---- the tree ---- */

enum ytype { Y_SCALAR, Y_SEQUENCE, Y_MAPPING, Y_ALIAS };

struct ynode {
	enum ytype type;
	unsigned line, column; /* 1-based, where it was written */
	const char *value;     /* scalars: NUL-terminated copy */
	size_t len;
	bool plain; /* an unquoted scalar */
	/* Children; a mapping's alternate key, value. */
	struct ynode *first, *last;
	struct ynode *next;
	size_t count;
	const struct ynode *target; /* aliases: the anchored node */
};

struct anchor {
	const char *name;
	const struct ynode *node;
};

struct loader {
	const char *file;	 /* for messages */
	struct sg_arena scratch; /* the tree */
	struct sg_arena *out;	 /* the configuration's strings */
	struct ynode *root;
	struct anchor anchors[MAX_REFS];
	size_t n_anchors;
	unsigned n_refs;
};

/* ---- what the file says, before it is applied ---- */

/* The settings a profile may also carry (profiles overlay them). */
struct layer {
	bool has_fail_on;
	struct sg_threshold fail_on;
	bool has_unknown;
	enum sg_severity unknown;
	bool has_new_only, new_only;
	const char *baseline;
	bool has_honor, honor;
	bool has_strict, strict;
	bool has_expiry_warning;
	unsigned expiry_warning_days;
	bool has_max_age;
	unsigned max_age_days;
	bool has_include, has_exclude;
	const char **include, **exclude;
	size_t n_include, n_exclude;
	struct sg_override *overrides;
	size_t n_overrides;
};

struct profile {
	const char *name;
	struct layer layer;
};

struct parsed {
	struct layer file;
	struct sg_suppression *suppressions;
	size_t n_suppressions;
	struct sg_tool_config *tools;
	size_t n_tools;
	struct profile *profiles;
	size_t n_profiles;
};

/* ---- messages ---- */

/* A short printable copy of config text for a message (at most 40 bytes). */
static const char *printable(const char *s, size_t len, char *buf, size_t size)
{
	size_t o = 0, max = size > 8 ? size - 8 : 0;

	if (max > 40)
		max = 40;
	for (size_t i = 0; i < len && o < max; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (len > max && size >= 4) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static const struct ynode *deref(const struct ynode *n)
{
	return n && n->type == Y_ALIAS ? n->target : n;
}

static bool is_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && n->plain &&
	       (n->len == 0 || !strcmp(n->value, "~") ||
		!strcmp(n->value, "null") || !strcmp(n->value, "Null") ||
		!strcmp(n->value, "NULL"));
}

/* What a value is, for "must be X, not <this>". */
static const char *describe(const struct ynode *n, char *buf, size_t size)
{
	char tmp[64];

	n = deref(n);
	if (n->type == Y_SEQUENCE)
		return "a list";
	if (n->type == Y_MAPPING)
		return "a mapping";
	if (is_null(n))
		return "empty";
	snprintf(buf, size, "'%s'",
		 printable(n->value, n->len, tmp, sizeof(tmp)));
	return buf;
}

static int verror_at(const struct loader *L, unsigned line, unsigned column,
		     const char *where, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static int fail(const struct loader *L, const struct ynode *at,
		const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_mark(const struct loader *L, yaml_mark_t mark, const char *fmt,
		     ...) __attribute__((format(printf, 3, 4)));

static int verror_at(const struct loader *L, unsigned line, unsigned column,
		     const char *where, const char *fmt, va_list ap)
{
	char msg[768];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (where && *where)
		return sg_error(SG_EUSAGE, "%s:%u:%u: %s: %s", L->file, line,
				column, where, msg);
	return sg_error(SG_EUSAGE, "%s:%u:%u: %s", L->file, line, column, msg);
}

/* An error at a node: "<file>:<line>:<column>: <where>: <what>". */
static int fail(const struct loader *L, const struct ynode *at,
		const char *where, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror_at(L, at->line, at->column, where, fmt, ap);
	va_end(ap);
	return rc;
}

static int fail_mark(const struct loader *L, yaml_mark_t mark, const char *fmt,
		     ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror_at(L, (unsigned)mark.line + 1, (unsigned)mark.column + 1,
		       NULL, fmt, ap);
	va_end(ap);
	return rc;
}

static int no_memory(void)
{
	return sg_error(SG_ENOMEM, "out of memory");
}

/* Bounded appends for the "where" part of messages (cut when too long). */
static size_t append(char *buf, size_t size, size_t o, const char *s)
{
	while (*s && o + 1 < size)
		buf[o++] = *s++;
	buf[o] = '\0';
	return o;
}

/* "where.key", or "key" at the top. */
static const char *join(char *buf, size_t size, const char *where,
			const char *key)
{
	size_t o = 0;

	buf[0] = '\0';
	if (where && *where) {
		o = append(buf, size, o, where);
		o = append(buf, size, o, ".");
	}
	append(buf, size, o, key);
	return buf;
}

/* "where[i]". */
static const char *indexed(char *buf, size_t size, const char *where, size_t i)
{
	char num[32];
	size_t o;

	snprintf(num, sizeof(num), "[%zu]", i);
	buf[0] = '\0';
	o = append(buf, size, 0, where);
	append(buf, size, o, num);
	return buf;
}

/* ---- building the tree from libyaml events ---- */

static int parser_error(const struct loader *L, const yaml_parser_t *parser,
			const char *buf, size_t len)
{
	const char *problem =
	    parser->problem ? parser->problem : "malformed YAML";
	size_t line = parser->problem_mark.line + 1;
	size_t column = parser->problem_mark.column + 1;

	if (parser->error == YAML_MEMORY_ERROR)
		return no_memory();
	if (parser->error == YAML_READER_ERROR) {
		/* The reader reports a byte offset, not a mark. */
		size_t end =
		    parser->problem_offset < len ? parser->problem_offset : len;

		line = 1;
		column = 1;
		for (size_t i = 0; i < end; i++) {
			if (buf[i] == '\n') {
				line++;
				column = 1;
			} else {
				column++;
			}
		}
	}
	if (parser->context)
		return sg_error(SG_EUSAGE, "%s:%zu:%zu: %s %s", L->file, line,
				column, problem, parser->context);
	return sg_error(SG_EUSAGE, "%s:%zu:%zu: %s", L->file, line, column,
			problem);
}

static struct ynode *new_node(struct loader *L, enum ytype type,
			      yaml_mark_t mark)
{
	struct ynode *n = sg_arena_alloc(&L->scratch, sizeof(*n));

	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (unsigned)mark.line + 1;
	n->column = (unsigned)mark.column + 1;
	return n;
}

static int count_ref(struct loader *L, yaml_mark_t mark)
{
	if (++L->n_refs > MAX_REFS)
		return fail_mark(L, mark,
				 "more than %d anchors and aliases in one "
				 "file (a cap against alias bombs)",
				 MAX_REFS);
	return 0;
}

static int add_anchor(struct loader *L, const char *name,
		      const struct ynode *node)
{
	/* count_ref already capped the number of anchors. */
	L->anchors[L->n_anchors].name = name;
	L->anchors[L->n_anchors].node = node;
	L->n_anchors++;
	return 0;
}

static const struct ynode *find_anchor(const struct loader *L, const char *name)
{
	/* The latest definition wins, as YAML says. */
	for (size_t i = L->n_anchors; i-- > 0;)
		if (!strcmp(L->anchors[i].name, name))
			return L->anchors[i].node;
	return NULL;
}

/* Anchor and tag of a node event: tags are refused, anchors counted. */
static int node_props(struct loader *L, const yaml_event_t *ev,
		      const yaml_char_t *anchor, const yaml_char_t *tag,
		      const char **anchor_copy)
{
	*anchor_copy = NULL;
	if (tag)
		return fail_mark(L, ev->start_mark,
				 "YAML tags ('!...') are not supported in "
				 "the configuration");
	if (!anchor)
		return 0;
	if (count_ref(L, ev->start_mark))
		return SG_EUSAGE;
	*anchor_copy = sg_arena_strdup(&L->scratch, (const char *)anchor);
	return *anchor_copy ? 0 : no_memory();
}

static int build_tree(struct loader *L, const char *buf, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ynode *stack[MAX_DEPTH];
	const char *stack_anchor[MAX_DEPTH];
	size_t depth = 0;
	unsigned documents = 0;
	bool done = false;
	int rc = 0;

	if (!yaml_parser_initialize(&parser))
		return no_memory();
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !rc) {
		struct ynode *node = NULL;
		const char *anchor = NULL;
		char shown[64];

		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(L, &parser, buf, len);
			break;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1)
				rc = fail_mark(L, ev.start_mark,
					       "a second YAML document: the "
					       "configuration is one document");
			break;
		case YAML_SCALAR_EVENT:
			rc = node_props(L, &ev, ev.data.scalar.anchor,
					ev.data.scalar.tag, &anchor);
			if (rc)
				break;
			node = new_node(L, Y_SCALAR, ev.start_mark);
			if (!node) {
				rc = no_memory();
				break;
			}
			node->len = ev.data.scalar.length;
			node->value = sg_arena_strndup(
			    &L->scratch, (const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			node->plain =
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (!node->value)
				rc = no_memory();
			else if (anchor)
				rc = add_anchor(L, anchor, node);
			break;
		case YAML_ALIAS_EVENT:
			rc = count_ref(L, ev.start_mark);
			if (rc)
				break;
			node = new_node(L, Y_ALIAS, ev.start_mark);
			if (!node) {
				rc = no_memory();
				break;
			}
			node->target =
			    find_anchor(L, (const char *)ev.data.alias.anchor);
			if (!node->target) {
				const char *a =
				    (const char *)ev.data.alias.anchor;

				/* Enclosing nodes too: no cycles. */
				rc = fail_mark(L, ev.start_mark,
					       "alias '*%s' does not name an "
					       "anchor defined before it",
					       printable(a, strlen(a), shown,
							 sizeof(shown)));
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (ev.type == YAML_SEQUENCE_START_EVENT)
				rc = node_props(
				    L, &ev, ev.data.sequence_start.anchor,
				    ev.data.sequence_start.tag, &anchor);
			else
				rc = node_props(
				    L, &ev, ev.data.mapping_start.anchor,
				    ev.data.mapping_start.tag, &anchor);
			if (rc)
				break;
			if (depth >= MAX_DEPTH) {
				rc =
				    fail_mark(L, ev.start_mark,
					      "nested more than %d levels deep",
					      MAX_DEPTH);
				break;
			}
			node = new_node(L,
					ev.type == YAML_SEQUENCE_START_EVENT
					    ? Y_SEQUENCE
					    : Y_MAPPING,
					ev.start_mark);
			if (!node)
				rc = no_memory();
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			/* Registered once complete: no alias into itself. */
			if (stack_anchor[depth])
				rc = add_anchor(L, stack_anchor[depth],
						stack[depth]);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		if (!rc && node) {
			if (depth == 0) {
				L->root = node;
			} else {
				struct ynode *parent = stack[depth - 1];

				if (parent->last)
					parent->last->next = node;
				else
					parent->first = node;
				parent->last = node;
				parent->count++;
			}
			if (node->type == Y_SEQUENCE ||
			    node->type == Y_MAPPING) {
				stack[depth] = node;
				stack_anchor[depth] = anchor;
				depth++;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* ---- typed values ---- */

static int threshold_from_text(const char *s, struct sg_threshold *out)
{
	static const char *const names[] = {"critical", "high", "medium", "low",
					    "info"};
	static const enum sg_severity sevs[] = {SG_SEV_CRITICAL, SG_SEV_HIGH,
						SG_SEV_MEDIUM, SG_SEV_LOW,
						SG_SEV_INFO};

	if (!strcmp(s, "none")) {
		out->set = true;
		out->none = true;
		out->severity = SG_SEV_CRITICAL;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			out->set = true;
			out->none = false;
			out->severity = sevs[i];
			return 0;
		}
	}
	return -1;
}

/* A severity to count or override as: not "unknown", not "none". */
static int severity_from_text(const char *s, enum sg_severity *out)
{
	struct sg_threshold t;

	if (threshold_from_text(s, &t) < 0 || t.none)
		return -1;
	*out = t.severity;
	return 0;
}

static int bool_from_text(const char *s, bool *out)
{
	if (!strcmp(s, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "false")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int days_from_text(const char *s, unsigned *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 6)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > MAX_DAYS)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A scalar's text; NULL (after the error) for collections and null. */
static int get_text(struct loader *L, const struct ynode *at, const char *where,
		    const char *expected, const char **out)
{
	const struct ynode *n = deref(at);
	char buf[64];

	if (n->type != Y_SCALAR || is_null(n))
		return fail(L, at, where, "must be %s, not %s", expected,
			    describe(n, buf, sizeof(buf)));
	if (strlen(n->value) != n->len)
		return fail(L, at, where, "must not contain a NUL character");
	*out = n->value;
	return 0;
}

/* A string copied into the configuration; empty only when allow_empty. */
static int get_string(struct loader *L, const struct ynode *at,
		      const char *where, bool allow_empty, const char **out)
{
	const struct ynode *n = deref(at);
	const char *text = NULL;

	if (get_text(L, at, where, "a string", &text))
		return SG_EUSAGE;
	/* "true" in a string field is almost always a mistake: ask for quotes.
	 */
	if (n->plain && (!strcmp(text, "true") || !strcmp(text, "false")))
		return fail(L, at, where,
			    "must be a string, not a boolean (quote it)");
	if (!allow_empty && !*text)
		return fail(L, at, where, "must not be empty");
	*out = sg_arena_strndup(L->out, text, n->len);
	return *out ? 0 : no_memory();
}

static int get_bool(struct loader *L, const struct ynode *at, const char *where,
		    bool *out)
{
	const struct ynode *n = deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && n->plain && !bool_from_text(n->value, out))
		return 0;
	if (n->type == Y_SCALAR && !n->plain)
		return fail(L, at, where,
			    "must be true or false, not a quoted string");
	return fail(L, at, where, "must be true or false, not %s",
		    describe(n, buf, sizeof(buf)));
}

static int get_days(struct loader *L, const struct ynode *at, const char *where,
		    unsigned *out)
{
	const struct ynode *n = deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && n->plain && !days_from_text(n->value, out))
		return 0;
	return fail(L, at, where,
		    "must be a whole number of days from 0 to %d, not %s",
		    MAX_DAYS, describe(n, buf, sizeof(buf)));
}

static int get_duration(struct loader *L, const struct ynode *at,
			const char *where, unsigned *out)
{
	const struct ynode *n = deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && !is_null(n) && strlen(n->value) == n->len &&
	    !sg_parse_duration(n->value, out))
		return 0;
	return fail(L, at, where,
		    "must be seconds or a duration such as 90s, 5m or 1h, "
		    "not %s",
		    describe(n, buf, sizeof(buf)));
}

static int get_threshold(struct loader *L, const struct ynode *at,
			 const char *where, struct sg_threshold *out)
{
	const char *text;
	char buf[64];

	if (get_text(L, at, where, "one of " THRESHOLDS, &text))
		return SG_EUSAGE;
	if (threshold_from_text(text, out) < 0)
		return fail(L, at, where,
			    "must be one of " THRESHOLDS ", not %s",
			    describe(at, buf, sizeof(buf)));
	return 0;
}

static int get_severity(struct loader *L, const struct ynode *at,
			const char *where, enum sg_severity *out)
{
	const char *text;
	char buf[64];

	if (get_text(L, at, where, "one of " SEVERITIES, &text))
		return SG_EUSAGE;
	if (severity_from_text(text, out) < 0)
		return fail(L, at, where,
			    "must be one of " SEVERITIES ", not %s",
			    describe(at, buf, sizeof(buf)));
	return 0;
}

/* One of names (a static string is kept); *index says which. */
static int get_enum(struct loader *L, const struct ynode *at, const char *where,
		    const char *const *names, size_t count, size_t *index)
{
	char list[256], buf[64];
	const char *text;
	size_t o = 0;

	list[0] = '\0';
	for (size_t i = 0; i < count; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", names[i]);
	if (get_text(L, at, where, "a string", &text))
		return SG_EUSAGE;
	for (size_t i = 0; i < count; i++) {
		if (!strcmp(text, names[i])) {
			*index = i;
			return 0;
		}
	}
	return fail(L, at, where, "must be one of %s, not %s", list,
		    describe(at, buf, sizeof(buf)));
}

/*
 * A collection, or NULL for an empty value: "suppressions:" with every
 * entry commented out is an empty list, not an error.
 */
static int get_collection(struct loader *L, const struct ynode *at,
			  const char *where, enum ytype type,
			  const struct ynode **out)
{
	const struct ynode *n = deref(at);
	char buf[64];

	*out = NULL;
	if (is_null(n))
		return 0;
	if (n->type != type)
		return fail(L, at, where, "must be %s, not %s",
			    type == Y_MAPPING ? "a mapping" : "a list",
			    describe(n, buf, sizeof(buf)));
	*out = n;
	return 0;
}

typedef int (*check_fn)(struct loader *L, const struct ynode *at,
			const char *where, const char *value);

/* A list of strings (new array in the configuration). */
static int get_string_list(struct loader *L, const struct ynode *at,
			   const char *where, bool allow_empty, check_fn check,
			   const char ***out, size_t *count)
{
	const struct ynode *seq;
	size_t i = 0;

	*out = NULL;
	*count = 0;
	if (get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!seq || !seq->count)
		return 0;
	*out = sg_arena_alloc(L->out, seq->count * sizeof(**out));
	if (!*out)
		return no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		indexed(sub, sizeof(sub), where, i);
		if (get_string(L, item, sub, allow_empty, &(*out)[i]))
			return SG_EUSAGE;
		if (check && check(L, item, sub, (*out)[i]))
			return SG_EUSAGE;
		i++;
	}
	*count = i;
	return 0;
}

static int check_glob(struct loader *L, const struct ynode *at,
		      const char *where, const char *value)
{
	const char *why;

	if (sg_glob_check(value, &why) < 0)
		return fail(L, at, where, "not a valid path pattern: %s", why);
	return 0;
}

/* ---- keys ---- */

struct keyset {
	uint32_t seen;
	unsigned line[32];
};

/* "fail-on" and "Fail_On" are near misses of "fail_on". */
static bool near_miss(const char *typed, const char *name)
{
	for (; *typed && *name; typed++, name++) {
		char c = *typed;

		if (c == '-' || c == ' ')
			c = '_';
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *name)
			return false;
	}
	return !*typed && !*name;
}

/*
 * The key of a mapping entry: a string among names[] whose bit is in
 * allowed, given once. *index is its position in names.
 */
static int check_key(struct loader *L, const struct ynode *at,
		     const char *where, const char *const *names, size_t count,
		     uint32_t allowed, struct keyset *ks, size_t *index)
{
	const struct ynode *k = deref(at);
	char list[512], hint[96], buf[64];
	size_t o = 0;

	if (k->type != Y_SCALAR || is_null(k))
		return fail(L, at, where, "keys must be strings, not %s",
			    describe(k, buf, sizeof(buf)));
	for (size_t i = 0; i < count; i++) {
		if (!(allowed & (1u << i)) || strcmp(k->value, names[i]))
			continue;
		if (ks->seen & (1u << i))
			return fail(L, at, where,
				    "duplicate key '%s' (first at line %u)",
				    names[i], ks->line[i]);
		ks->seen |= 1u << i;
		ks->line[i] = at->line;
		*index = i;
		return 0;
	}
	list[0] = '\0';
	hint[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		if (!(allowed & (1u << i)))
			continue;
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      o ? ", " : "", names[i]);
		if (o >= sizeof(list))
			o = sizeof(list) - 1;
		if (near_miss(k->value, names[i]))
			snprintf(hint, sizeof(hint), "; did you mean '%s'?",
				 names[i]);
	}
	return fail(L, at, where, "unknown key '%s' (allowed: %s)%s",
		    printable(k->value, k->len, buf, sizeof(buf)), list, hint);
}

/* Names given as map keys (profile names): unique, pairwise. */
static int check_unique_name(struct loader *L, const struct ynode *at,
			     const char *where, const char *const *seen,
			     size_t n, const char *name, const char *what)
{
	char buf[64];

	for (size_t i = 0; i < n; i++)
		if (!strcmp(seen[i], name))
			return fail(
			    L, at, where, "duplicate %s '%s'", what,
			    printable(name, strlen(name), buf, sizeof(buf)));
	return 0;
}

/* ---- overrides ---- */

enum { O_TOOL, O_KIND, O_RULE, O_FAIL_ON, O_SEVERITY, O_COUNT };
static const char *const override_keys[O_COUNT] = {
    [O_TOOL] = "tool",	     [O_KIND] = "kind",		[O_RULE] = "rule",
    [O_FAIL_ON] = "fail_on", [O_SEVERITY] = "severity",
};

static int parse_override(struct loader *L, const struct ynode *at,
			  const char *where, struct sg_override *o)
{
	static const char *const kinds[SG_KIND_COUNT] = {
	    "secret", "vulnerability", "misconfiguration", "code", "license",
	};
	const struct ynode *m = deref(at);
	struct keyset ks = {0};
	char buf[64];

	if (m->type != Y_MAPPING)
		return fail(L, at, where, "must be a mapping, not %s",
			    describe(m, buf, sizeof(buf)));
	memset(o, 0, sizeof(*o));
	o->line = at->line;
	o->column = at->column;
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0, kind = 0;
		int rc = 0;

		if (check_key(L, k, where, override_keys, O_COUNT,
			      (1u << O_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, override_keys[idx]);
		switch (idx) {
		case O_TOOL:
			rc = get_string(L, v, sub, false, &o->tool);
			break;
		case O_KIND:
			rc = get_enum(L, v, sub, kinds, SG_KIND_COUNT, &kind);
			/* kinds[] follows enum sg_kind. */
			o->has_kind = true;
			o->kind = (enum sg_kind)kind;
			break;
		case O_RULE:
			rc = get_string(L, v, sub, false, &o->rule);
			break;
		case O_FAIL_ON:
			rc = get_threshold(L, v, sub, &o->fail_on);
			break;
		case O_SEVERITY:
			rc = get_severity(L, v, sub, &o->severity);
			o->has_severity = true;
			break;
		}
		if (rc)
			return rc;
	}
	if (!(ks.seen & (1u << O_TOOL | 1u << O_KIND | 1u << O_RULE)))
		return fail(L, at, where,
			    "needs at least one of tool, kind, rule (what it "
			    "applies to)");
	if (!(ks.seen & (1u << O_FAIL_ON | 1u << O_SEVERITY)))
		return fail(L, at, where,
			    "needs at least one of fail_on, severity (what it "
			    "changes)");
	return 0;
}

static int parse_overrides(struct loader *L, const struct ynode *at,
			   const char *where, struct layer *ly)
{
	const struct ynode *seq;
	size_t i = 0;

	if (get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	ly->overrides = NULL;
	ly->n_overrides = 0;
	if (!seq || !seq->count)
		return 0;
	ly->overrides =
	    sg_arena_alloc(L->out, seq->count * sizeof(*ly->overrides));
	if (!ly->overrides)
		return no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		indexed(sub, sizeof(sub), where, i);
		if (parse_override(L, item, sub, &ly->overrides[i]))
			return SG_EUSAGE;
		i++;
	}
	ly->n_overrides = i;
	return 0;
}

/* ---- paths ---- */

static int parse_paths(struct loader *L, const struct ynode *at,
		       const char *where, struct layer *ly)
{
	static const char *const keys[] = {"include", "exclude"};
	const struct ynode *m;
	struct keyset ks = {0};

	if (get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	for (const struct ynode *k = m ? m->first : NULL; k;
	     k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (check_key(L, k, where, keys, 2, 3, &ks, &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, keys[idx]);
		if (idx == 0) {
			ly->has_include = true;
			if (get_string_list(L, k->next, sub, false, check_glob,
					    &ly->include, &ly->n_include))
				return SG_EUSAGE;
		} else {
			ly->has_exclude = true;
			if (get_string_list(L, k->next, sub, false, check_glob,
					    &ly->exclude, &ly->n_exclude))
				return SG_EUSAGE;
		}
	}
	return 0;
}

/* ---- suppressions ---- */

enum {
	S_FINGERPRINT,
	S_RULE,
	S_VULNERABILITY,
	S_PACKAGE,
	S_PATH,
	S_REASON,
	S_OWNER,
	S_EXPIRES,
	S_COUNT
};
static const char *const suppression_keys[S_COUNT] = {
    [S_FINGERPRINT] = "fingerprint",
    [S_RULE] = "rule",
    [S_VULNERABILITY] = "vulnerability",
    [S_PACKAGE] = "package",
    [S_PATH] = "path",
    [S_REASON] = "reason",
    [S_OWNER] = "owner",
    [S_EXPIRES] = "expires",
};
#define S_MATCH_KEYS                                                           \
	(1u << S_FINGERPRINT | 1u << S_RULE | 1u << S_VULNERABILITY |          \
	 1u << S_PACKAGE | 1u << S_PATH)

static bool is_hex_lower(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int check_fingerprint(struct loader *L, const struct ynode *at,
			     const char *where, char *fp)
{
	size_t n = strlen(fp);
	bool ok = n == 36 && !strncmp(fp, "sg1:", 4);

	/* Fold case so a fingerprint copied from an uppercasing tool works. */
	for (size_t i = 4; ok && i < n; i++) {
		if (fp[i] >= 'A' && fp[i] <= 'F')
			fp[i] = (char)(fp[i] - 'A' + 'a');
		ok = is_hex_lower(fp[i]);
	}
	if (!ok)
		return fail(L, at, where,
			    "must be a secgate fingerprint: 'sg1:' and 32 hex "
			    "digits");
	return 0;
}

/*
 * "<2.0,>=1.2", "==1.4.2", "1.4.2": comma-separated comparisons that the
 * policy evaluates (==, !=, <, <=, >, >=; a bare version means ==).
 */
static int check_versions(struct loader *L, const struct ynode *at,
			  const char *where, const char *value)
{
	static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
	const char *p = value;

	if (strlen(value) > 200)
		return fail(L, at, where, "is longer than 200 characters");
	for (;;) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t len = strlen(ops[i]);

			if (!strncmp(p, ops[i], len)) {
				p += len;
				break;
			}
		}
		while (*p == ' ')
			p++;
		while (p[n] && (strchr("._+!*-", p[n]) ||
				(p[n] >= '0' && p[n] <= '9') ||
				(p[n] >= 'a' && p[n] <= 'z') ||
				(p[n] >= 'A' && p[n] <= 'Z')))
			n++;
		if (!n)
			break;
		p += n;
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		if (*p != ',')
			break;
		p++;
	}
	return fail(L, at, where,
		    "must be versions or comparisons separated by commas "
		    "(==, !=, <, <=, >, >=), such as \"<2.0,>=1.2\" or "
		    "\"1.4.2\"");
}

static int parse_package(struct loader *L, const struct ynode *at,
			 const char *where, struct sg_suppression *s)
{
	static const char *const keys[] = {"name", "versions"};
	const struct ynode *m = deref(at);
	struct keyset ks = {0};

	if (m->type != Y_MAPPING)
		return get_string(L, at, where, false, &s->package);
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (check_key(L, k, where, keys, 2, 3, &ks, &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, keys[idx]);
		if (idx == 0) {
			if (get_string(L, k->next, sub, false, &s->package))
				return SG_EUSAGE;
		} else if (get_string(L, k->next, sub, false,
				      &s->package_versions) ||
			   check_versions(L, k->next, sub,
					  s->package_versions)) {
			return SG_EUSAGE;
		}
	}
	if (!s->package)
		return fail(L, at, where, "'name' is required");
	return 0;
}

static int parse_suppression(struct loader *L, const struct ynode *at,
			     const char *where, struct sg_suppression *s)
{
	const struct ynode *m = deref(at);
	struct keyset ks = {0};
	char buf[64];

	if (m->type != Y_MAPPING)
		return fail(L, at, where, "must be a mapping, not %s",
			    describe(m, buf, sizeof(buf)));
	memset(s, 0, sizeof(*s));
	s->line = at->line;
	s->column = at->column;
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		const char *text;
		size_t idx = 0;
		int rc = 0;

		if (check_key(L, k, where, suppression_keys, S_COUNT,
			      (1u << S_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, suppression_keys[idx]);
		switch (idx) {
		case S_FINGERPRINT:
			rc = get_string(L, v, sub, false, &s->fingerprint);
			if (!rc)
				rc = check_fingerprint(L, v, sub,
						       (char *)s->fingerprint);
			break;
		case S_RULE:
			rc = get_string(L, v, sub, false, &s->rule);
			break;
		case S_VULNERABILITY:
			rc = get_string(L, v, sub, false, &s->vulnerability);
			break;
		case S_PACKAGE:
			rc = parse_package(L, v, sub, s);
			break;
		case S_PATH:
			rc = get_string(L, v, sub, false, &s->path);
			if (!rc)
				rc = check_glob(L, v, sub, s->path);
			break;
		case S_REASON:
			rc = get_string(L, v, sub, false, &s->reason);
			if (!rc && !s->reason[strspn(s->reason, " \t\r\n")])
				rc = fail(L, v, sub, "must say why");
			break;
		case S_OWNER:
			rc = get_string(L, v, sub, false, &s->owner);
			break;
		case S_EXPIRES:
			/* A plain date is a YAML 1.1 timestamp: read its text.
			 */
			rc = get_text(L, v, sub, "a date (YYYY-MM-DD)", &text);
			if (rc)
				break;
			if (sg_parse_expiry(text, &s->expires_end) < 0) {
				rc = fail(L, v, sub,
					  "must be a calendar date written "
					  "YYYY-MM-DD, not %s",
					  describe(v, buf, sizeof(buf)));
				break;
			}
			s->has_expiry = true;
			memcpy(s->expires_text, text, 11);
			break;
		}
		if (rc)
			return rc;
	}
	if (!(ks.seen & S_MATCH_KEYS))
		return fail(L, at, where,
			    "needs at least one of fingerprint, rule, "
			    "vulnerability, package, path (what it matches)");
	if (!s->reason)
		return fail(L, at, where, "'reason' is required");
	return 0;
}

static int parse_suppressions(struct loader *L, const struct ynode *at,
			      const char *where, struct parsed *p)
{
	const struct ynode *seq;
	size_t i = 0;

	if (get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!seq || !seq->count)
		return 0;
	p->suppressions =
	    sg_arena_alloc(L->out, seq->count * sizeof(*p->suppressions));
	if (!p->suppressions)
		return no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		indexed(sub, sizeof(sub), where, i);
		if (parse_suppression(L, item, sub, &p->suppressions[i]))
			return SG_EUSAGE;
		i++;
	}
	p->n_suppressions = i;
	return 0;
}

/* ---- tools ---- */

enum {
	T_ENABLED,
	T_REQUIRED,
	T_TIMEOUT,
	T_ARGS,
	T_PATH,
	T_MODE,
	T_TARGET,
	T_SCANNERS,
	T_REQUIREMENTS,
	T_SARIF,
	T_DATABASE,
	T_NAME,
	T_COMMAND,
	T_FORMAT,
	T_OUTPUT,
	T_SUCCESS,
	T_COUNT
};
static const char *const tool_keys[T_COUNT] = {
    [T_ENABLED] = "enabled",
    [T_REQUIRED] = "required",
    [T_TIMEOUT] = "timeout",
    [T_ARGS] = "args",
    [T_PATH] = "path",
    [T_MODE] = "mode",
    [T_TARGET] = "target",
    [T_SCANNERS] = "scanners",
    [T_REQUIREMENTS] = "requirements",
    [T_SARIF] = "sarif",
    [T_DATABASE] = "database",
    [T_NAME] = "name",
    [T_COMMAND] = "command",
    [T_FORMAT] = "format",
    [T_OUTPUT] = "output",
    [T_SUCCESS] = "success_exit_codes",
};
#define TK(k) (1u << (k))
#define T_COMMON                                                               \
	(TK(T_ENABLED) | TK(T_REQUIRED) | TK(T_TIMEOUT) | TK(T_ARGS) |         \
	 TK(T_PATH))

struct tool_kind {
	const char *name;
	uint32_t keys;
	const char *const *modes; /* NULL-terminated */
};

static const char *const gitleaks_modes[] = {"dir", "git", NULL};
static const char *const trivy_modes[] = {"fs", "image", "config", "repo",
					  NULL};
static const char *const codeql_modes[] = {"sarif", "analyze", NULL};
static const char *const trivy_scanners[] = {"vuln", "misconfig", "secret",
					     "license"};
static const char *const custom_formats[] = {"sarif", "gitleaks", "trivy",
					     "pip-audit"};

enum {
	TOOL_GITLEAKS,
	TOOL_TRIVY,
	TOOL_PIP_AUDIT,
	TOOL_CODEQL,
	TOOL_CUSTOM,
	TOOL_COUNT
};
static const struct tool_kind tool_kinds[TOOL_COUNT] = {
    [TOOL_GITLEAKS] = {"gitleaks", T_COMMON | TK(T_MODE), gitleaks_modes},
    [TOOL_TRIVY] = {"trivy",
		    T_COMMON | TK(T_MODE) | TK(T_TARGET) | TK(T_SCANNERS),
		    trivy_modes},
    [TOOL_PIP_AUDIT] = {"pip-audit", T_COMMON | TK(T_REQUIREMENTS), NULL},
    [TOOL_CODEQL] = {"codeql",
		     T_COMMON | TK(T_MODE) | TK(T_SARIF) | TK(T_DATABASE),
		     codeql_modes},
    [TOOL_CUSTOM] = {"custom",
		     T_COMMON | TK(T_NAME) | TK(T_COMMAND) | TK(T_FORMAT) |
			 TK(T_OUTPUT) | TK(T_SUCCESS),
		     NULL},
};
static const char *const tool_names[TOOL_COUNT] = {
    "gitleaks", "trivy", "pip-audit", "codeql", "custom",
};

static int check_scanner(struct loader *L, const struct ynode *at,
			 const char *where, const char *value)
{
	char buf[64];

	for (size_t i = 0; i < 4; i++)
		if (!strcmp(value, trivy_scanners[i]))
			return 0;
	return fail(L, at, where,
		    "must be one of vuln, misconfig, secret, license, not %s",
		    describe(at, buf, sizeof(buf)));
}

static int get_exit_codes(struct loader *L, const struct ynode *at,
			  const char *where, struct sg_tool_config *t)
{
	const struct ynode *seq = deref(at);
	size_t i = 0;
	char buf[64];

	if (seq->type != Y_SEQUENCE || !seq->count)
		return fail(L, at, where,
			    "must be a non-empty list of exit codes, not %s",
			    seq->type == Y_SEQUENCE
				? "an empty list"
				: describe(seq, buf, sizeof(buf)));
	t->success_exit_codes =
	    sg_arena_alloc(L->out, seq->count * sizeof(*t->success_exit_codes));
	if (!t->success_exit_codes)
		return no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		const struct ynode *n = deref(item);
		char sub[256];
		unsigned v;

		indexed(sub, sizeof(sub), where, i);
		if (n->type != Y_SCALAR || !n->plain ||
		    days_from_text(n->value, &v) < 0 || v > 255)
			return fail(L, item, sub,
				    "must be an exit code from 0 to 255, not "
				    "%s",
				    describe(item, buf, sizeof(buf)));
		t->success_exit_codes[i++] = (int)v;
	}
	t->n_success_exit_codes = i;
	return 0;
}

static int check_custom_name(struct loader *L, const struct ynode *at,
			     const char *where, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < TOOL_COUNT; i++)
		if (!strcmp(name, tool_names[i]))
			return fail(L, at, where,
				    "'%s' is a built-in tool: configure it "
				    "under tools.%s, or pick another name",
				    name, name);
	/* Names become report sections and file names. */
	if (n > 64 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n ||
	    name[0] == '.' || name[0] == '-')
		return fail(L, at, where,
			    "must be up to 64 letters, digits, '.', '_' or "
			    "'-', starting with a letter or digit");
	return 0;
}

static int parse_tool(struct loader *L, const struct ynode *pos,
		      const struct ynode *at, const char *where, size_t kind,
		      struct sg_tool_config *t)
{
	const struct tool_kind *tk = &tool_kinds[kind];
	const struct ynode *m;
	struct keyset ks = {0};
	char buf[64];

	memset(t, 0, sizeof(*t));
	t->name = tk->name;
	t->is_custom = kind == TOOL_CUSTOM;
	t->enabled = true; /* the section exists */
	t->required = true;
	t->output = SG_OUTPUT_STDOUT;
	t->line = pos->line;
	t->column = pos->column;
	m = deref(at);
	if (is_null(m) && !t->is_custom)
		return 0; /* "gitleaks:" alone: on, with the defaults */
	if (m->type != Y_MAPPING)
		return fail(L, at, where, "must be a mapping, not %s",
			    describe(m, buf, sizeof(buf)));
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0, which = 0;
		int rc = 0;

		if (check_key(L, k, where, tool_keys, T_COUNT, tk->keys, &ks,
			      &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, tool_keys[idx]);
		switch (idx) {
		case T_ENABLED:
			rc = get_bool(L, v, sub, &t->enabled);
			break;
		case T_REQUIRED:
			rc = get_bool(L, v, sub, &t->required);
			break;
		case T_TIMEOUT:
			rc = get_duration(L, v, sub, &t->timeout_seconds);
			break;
		case T_ARGS:
			rc = get_string_list(L, v, sub, true, NULL, &t->args,
					     &t->n_args);
			break;
		case T_PATH:
			rc = get_string(L, v, sub, false, &t->path);
			break;
		case T_MODE: {
			size_t n = 0;

			while (tk->modes[n])
				n++;
			rc = get_enum(L, v, sub, tk->modes, n, &which);
			if (!rc)
				t->mode = tk->modes[which];
			break;
		}
		case T_TARGET:
			rc = get_string(L, v, sub, false, &t->target);
			break;
		case T_SCANNERS:
			rc = get_string_list(L, v, sub, false, check_scanner,
					     &t->scanners, &t->n_scanners);
			for (size_t i = 0; !rc && i < t->n_scanners; i++)
				for (size_t j = 0; !rc && j < i; j++)
					if (!strcmp(t->scanners[i],
						    t->scanners[j]))
						rc = fail(L, v, sub,
							  "lists '%s' twice",
							  t->scanners[i]);
			break;
		case T_REQUIREMENTS:
			rc = get_string_list(L, v, sub, false, NULL,
					     &t->requirements,
					     &t->n_requirements);
			break;
		case T_SARIF:
			rc = get_string(L, v, sub, false, &t->sarif);
			break;
		case T_DATABASE:
			rc = get_string(L, v, sub, false, &t->database);
			break;
		case T_NAME:
			rc = get_string(L, v, sub, false, &t->name);
			if (!rc)
				rc = check_custom_name(L, v, sub, t->name);
			break;
		case T_COMMAND:
			rc = get_string_list(L, v, sub, true, NULL, &t->command,
					     &t->n_command);
			if (!rc && (!t->n_command || !*t->command[0]))
				rc = fail(L, v, sub,
					  "must be a non-empty list: the "
					  "program, then its arguments");
			break;
		case T_FORMAT:
			rc = get_enum(L, v, sub, custom_formats, 4, &which);
			if (!rc)
				t->format = custom_formats[which];
			break;
		case T_OUTPUT:
			rc = get_string(L, v, sub, false, &t->output_path);
			if (!rc && !strcmp(t->output_path, "stdout"))
				t->output_path = NULL;
			else if (!rc)
				t->output = SG_OUTPUT_FILE;
			break;
		case T_SUCCESS:
			rc = get_exit_codes(L, v, sub, t);
			break;
		}
		if (rc)
			return rc;
	}
	if (t->is_custom) {
		if (!(ks.seen & TK(T_NAME)))
			return fail(L, at, where, "'name' is required");
		if (!(ks.seen & TK(T_COMMAND)))
			return fail(L, at, where, "'command' is required");
		if (!t->format)
			t->format = "sarif";
	}
	if (kind == TOOL_TRIVY && t->mode && !strcmp(t->mode, "image") &&
	    !t->target)
		return fail(L, at, where,
			    "mode 'image' needs 'target' (the image to scan)");
	if (kind == TOOL_CODEQL) {
		if (!t->mode)
			t->mode = t->database ? "analyze" : "sarif";
		if (!strcmp(t->mode, "analyze") && !t->database)
			return fail(L, at, where,
				    "mode 'analyze' needs 'database'");
	}
	return 0;
}

static int parse_customs(struct loader *L, const struct ynode *at,
			 const char *where, struct parsed *p)
{
	const struct ynode *seq;
	size_t i = 0, first = p->n_tools;

	if (get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (seq && seq->count > MAX_NAMED)
		return fail(L, at, where, "more than %d custom tools",
			    MAX_NAMED);
	for (const struct ynode *item = seq ? seq->first : NULL; item;
	     item = item->next) {
		struct sg_tool_config *t = &p->tools[p->n_tools];
		char sub[256];

		indexed(sub, sizeof(sub), where, i++);
		if (parse_tool(L, item, item, sub, TOOL_CUSTOM, t))
			return SG_EUSAGE;
		for (size_t j = first; j < p->n_tools; j++)
			if (!strcmp(p->tools[j].name, t->name))
				return fail(L, item, sub,
					    "duplicate custom tool name '%s'",
					    t->name);
		p->n_tools++;
	}
	return 0;
}

static int parse_tools(struct loader *L, const struct ynode *at,
		       const char *where, struct parsed *p)
{
	const struct ynode *m;
	struct keyset ks = {0};
	size_t room = 0;

	if (get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	if (!m)
		return 0;
	/* Room for every section and custom entry; keys are checked below. */
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = deref(k->next);

		room += v->type == Y_SEQUENCE ? v->count : 1;
	}
	p->tools = sg_arena_alloc(L->out, (room + 1) * sizeof(*p->tools));
	if (!p->tools)
		return no_memory();
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (check_key(L, k, where, tool_names, TOOL_COUNT,
			      (1u << TOOL_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, tool_names[idx]);
		if (idx == TOOL_CUSTOM) {
			if (parse_customs(L, k->next, sub, p))
				return SG_EUSAGE;
			continue;
		}
		if (parse_tool(L, k, k->next, sub, idx, &p->tools[p->n_tools]))
			return SG_EUSAGE;
		p->n_tools++;
	}
	return 0;
}

/* ---- the top level and profiles ---- */

enum {
	K_FAIL_ON,
	K_UNKNOWN_SEVERITY,
	K_NEW_ONLY,
	K_BASELINE,
	K_HONOR,
	K_STRICT,
	K_EXPIRY_WARNING,
	K_MAX_AGE,
	K_PATHS,
	K_OVERRIDES,
	K_SUPPRESSIONS,
	K_PROFILES,
	K_TOOLS,
	K_COUNT
};
static const char *const top_keys[K_COUNT] = {
    [K_FAIL_ON] = "fail_on",
    [K_UNKNOWN_SEVERITY] = "unknown_severity",
    [K_NEW_ONLY] = "new_only",
    [K_BASELINE] = "baseline",
    [K_HONOR] = "honor_producer_suppressions",
    [K_STRICT] = "strict",
    [K_EXPIRY_WARNING] = "expiry_warning_days",
    [K_MAX_AGE] = "baseline_max_age_days",
    [K_PATHS] = "paths",
    [K_OVERRIDES] = "overrides",
    [K_SUPPRESSIONS] = "suppressions",
    [K_PROFILES] = "profiles",
    [K_TOOLS] = "tools",
};
#define ALL_KEYS ((1u << K_COUNT) - 1)
#define PROFILE_KEYS                                                           \
	(ALL_KEYS & ~(1u << K_SUPPRESSIONS | 1u << K_PROFILES | 1u << K_TOOLS))
#define SCALAR_KEYS (PROFILE_KEYS & ~(1u << K_PATHS | 1u << K_OVERRIDES))

static int parse_profiles(struct loader *L, const struct ynode *at,
			  const char *where, struct parsed *p);

/* Settings at the top level (top != NULL) or in a profile. */
static int parse_settings(struct loader *L, const struct ynode *m,
			  const char *where, uint32_t allowed, struct layer *ly,
			  struct parsed *top)
{
	struct keyset ks = {0};

	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (check_key(L, k, where, top_keys, K_COUNT, allowed, &ks,
			      &idx))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where, top_keys[idx]);
		switch (idx) {
		case K_FAIL_ON:
			ly->has_fail_on = true;
			rc = get_threshold(L, v, sub, &ly->fail_on);
			break;
		case K_UNKNOWN_SEVERITY:
			ly->has_unknown = true;
			rc = get_severity(L, v, sub, &ly->unknown);
			break;
		case K_NEW_ONLY:
			ly->has_new_only = true;
			rc = get_bool(L, v, sub, &ly->new_only);
			break;
		case K_BASELINE:
			rc = get_string(L, v, sub, false, &ly->baseline);
			break;
		case K_HONOR:
			ly->has_honor = true;
			rc = get_bool(L, v, sub, &ly->honor);
			break;
		case K_STRICT:
			ly->has_strict = true;
			rc = get_bool(L, v, sub, &ly->strict);
			break;
		case K_EXPIRY_WARNING:
			ly->has_expiry_warning = true;
			rc = get_days(L, v, sub, &ly->expiry_warning_days);
			break;
		case K_MAX_AGE:
			ly->has_max_age = true;
			rc = get_days(L, v, sub, &ly->max_age_days);
			break;
		case K_PATHS:
			rc = parse_paths(L, v, sub, ly);
			break;
		case K_OVERRIDES:
			rc = parse_overrides(L, v, sub, ly);
			break;
		case K_SUPPRESSIONS:
			rc = parse_suppressions(L, v, sub, top);
			break;
		case K_PROFILES:
			rc = parse_profiles(L, v, sub, top);
			break;
		case K_TOOLS:
			rc = parse_tools(L, v, sub, top);
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_profiles(struct loader *L, const struct ynode *at,
			  const char *where, struct parsed *p)
{
	const struct ynode *m;
	const char *names[MAX_NAMED];

	if (get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	if (!m || !m->count)
		return 0;
	if (m->count / 2 > MAX_NAMED)
		return fail(L, at, where, "more than %d profiles", MAX_NAMED);
	p->profiles =
	    sg_arena_alloc(L->out, m->count / 2 * sizeof(*p->profiles));
	if (!p->profiles)
		return no_memory();
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		struct profile *pr = &p->profiles[p->n_profiles];
		const struct ynode *body;
		char sub[256], buf[64];

		memset(pr, 0, sizeof(*pr));
		if (get_string(L, k, where, false, &pr->name))
			return SG_EUSAGE;
		if (check_unique_name(L, k, where, names, p->n_profiles,
				      pr->name, "profile"))
			return SG_EUSAGE;
		join(sub, sizeof(sub), where,
		     printable(pr->name, strlen(pr->name), buf, sizeof(buf)));
		if (get_collection(L, k->next, sub, Y_MAPPING, &body))
			return SG_EUSAGE;
		if (body && parse_settings(L, body, sub, PROFILE_KEYS,
					   &pr->layer, NULL))
			return SG_EUSAGE;
		names[p->n_profiles++] = pr->name;
	}
	return 0;
}

static int parse_root(struct loader *L, struct parsed *p)
{
	const struct ynode *root = deref(L->root);
	char buf[64];

	if (!root || is_null(root))
		return 0; /* empty, or only comments: the defaults */
	if (root->type != Y_MAPPING)
		return fail(L, L->root, NULL,
			    "the configuration must be a mapping of settings, "
			    "not %s",
			    describe(root, buf, sizeof(buf)));
	return parse_settings(L, root, "", ALL_KEYS, &p->file, p);
}

/* ---- applying ---- */

static int apply_layer(struct sg_config *c, const struct layer *ly,
		       enum sg_origin origin)
{
	if (ly->has_fail_on) {
		c->fail_on = ly->fail_on;
		c->fail_on_origin = origin;
	}
	if (ly->has_unknown) {
		c->unknown_severity = ly->unknown;
		c->unknown_severity_origin = origin;
	}
	if (ly->has_new_only) {
		c->new_only = ly->new_only;
		c->new_only_origin = origin;
	}
	if (ly->baseline) {
		c->baseline = ly->baseline;
		c->baseline_origin = origin;
	}
	if (ly->has_honor) {
		c->honor_producer_suppressions = ly->honor;
		c->honor_origin = origin;
	}
	if (ly->has_strict) {
		c->strict = ly->strict;
		c->strict_origin = origin;
	}
	if (ly->has_expiry_warning) {
		c->expiry_warning_days = ly->expiry_warning_days;
		c->expiry_warning_origin = origin;
	}
	if (ly->has_max_age) {
		c->baseline_max_age_days = ly->max_age_days;
		c->baseline_max_age_origin = origin;
	}
	/* A profile's list replaces the file's: it can also narrow it. */
	if (ly->has_include) {
		c->include = ly->include;
		c->n_include = ly->n_include;
		c->include_origin = origin;
	}
	if (ly->has_exclude) {
		c->exclude = ly->exclude;
		c->n_exclude = ly->n_exclude;
		c->exclude_origin = origin;
	}
	/* Overrides add up: the profile's come last and win ties. */
	if (ly->n_overrides) {
		size_t n = c->n_overrides + ly->n_overrides;
		struct sg_override *all =
		    sg_arena_alloc(c->storage, n * sizeof(*all));

		if (!all)
			return no_memory();
		if (c->n_overrides)
			memcpy(all, c->overrides,
			       c->n_overrides * sizeof(*all));
		memcpy(all + c->n_overrides, ly->overrides,
		       ly->n_overrides * sizeof(*all));
		c->overrides = all;
		c->n_overrides = n;
	}
	return 0;
}

static int apply_profile(struct sg_config *c, const struct parsed *p,
			 const char *name)
{
	const struct profile *def = NULL;
	bool release = !strcmp(name, "release");

	for (size_t i = 0; i < p->n_profiles; i++)
		if (!strcmp(p->profiles[i].name, name))
			def = &p->profiles[i];
	if (release) {
		/* The built-in gate for a release; the file can adjust it. */
		c->fail_on.set = true;
		c->fail_on.none = false;
		c->fail_on.severity = SG_SEV_LOW;
		c->fail_on_origin = SG_ORIGIN_PROFILE;
		c->strict = true;
		c->strict_origin = SG_ORIGIN_PROFILE;
		c->new_only = false;
		c->new_only_origin = SG_ORIGIN_PROFILE;
		for (size_t i = 0; i < c->n_tools; i++)
			c->tools[i].required = true;
	} else if (!def) {
		char list[512], buf[64];
		size_t o = (size_t)snprintf(list, sizeof(list), "release");

		for (size_t i = 0; i < p->n_profiles && o < sizeof(list); i++)
			if (strcmp(p->profiles[i].name, "release"))
				o += (size_t)snprintf(list + o,
						      sizeof(list) - o, ", %s",
						      p->profiles[i].name);
		return sg_error(SG_EUSAGE, "unknown profile '%s' (defined: %s)",
				printable(name, strlen(name), buf, sizeof(buf)),
				list);
	}
	return def ? apply_layer(c, &def->layer, SG_ORIGIN_PROFILE) : 0;
}

static struct sg_arena *storage(struct sg_config *c)
{
	if (!c->storage) {
		struct sg_arena *a = malloc(sizeof(*a));

		if (!a)
			return NULL;
		sg_arena_init(a);
		c->storage = a;
	}
	return c->storage;
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return sg_error(SG_EUSAGE,
				"%s: cannot open the configuration: "
				"%s",
				path, strerror(errno));
	buf = malloc(MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return no_memory();
	}
	n = fread(buf, 1, MAX_BYTES + 1, f);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		return sg_error(SG_EUSAGE,
				"%s: cannot read the configuration: "
				"%s",
				path, strerror(e));
	}
	fclose(f);
	if (n > MAX_BYTES) {
		free(buf);
		return sg_error(SG_EUSAGE,
				"%s: larger than 1 MiB, which no "
				"configuration needs",
				path);
	}
	*out = buf;
	*len = n;
	return 0;
}

/* ---- the interface ---- */

void sg_config_init(struct sg_config *config)
{
	memset(config, 0, sizeof(*config));
	config->fail_on.severity = SG_SEV_HIGH;
	config->unknown_severity = SG_SEV_HIGH;
	config->new_only = false;
	config->baseline = ".secgate-baseline.json";
	config->expiry_warning_days = 14;
}

void sg_config_release(struct sg_config *config)
{
	if (config->storage) {
		sg_arena_release(config->storage);
		free(config->storage);
	}
	free(config->path);
	free(config->profile);
	memset(config, 0, sizeof(*config));
}

int sg_config_load(struct sg_config *config, const char *path,
		   const char *profile)
{
	struct sg_config tmp;
	struct loader L;
	struct parsed parsed;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	/* Built aside and swapped in: on error *config is untouched. */
	sg_config_init(&tmp);
	memset(&L, 0, sizeof(L));
	memset(&parsed, 0, sizeof(parsed));
	sg_arena_init(&L.scratch);
	L.file = path;
	L.out = storage(&tmp);
	if (!L.out) {
		rc = no_memory();
		goto out;
	}
	if (path) {
		rc = read_file(path, &buf, &len);
		if (!rc)
			rc = build_tree(&L, buf, len);
		if (!rc)
			rc = parse_root(&L, &parsed);
		if (!rc)
			rc = apply_layer(&tmp, &parsed.file, SG_ORIGIN_FILE);
		if (rc)
			goto out;
		tmp.suppressions = parsed.suppressions;
		tmp.n_suppressions = parsed.n_suppressions;
		tmp.tools = parsed.tools;
		tmp.n_tools = parsed.n_tools;
		tmp.path = strdup(path);
		if (!tmp.path) {
			rc = no_memory();
			goto out;
		}
	}
	if (profile) {
		rc = apply_profile(&tmp, &parsed, profile);
		if (rc)
			goto out;
		tmp.profile = strdup(profile);
		if (!tmp.profile) {
			rc = no_memory();
			goto out;
		}
	}
	sg_config_release(config);
	*config = tmp;
	sg_config_init(&tmp); /* now owned by *config */
	rc = 0;
out:
	sg_config_release(&tmp);
	sg_arena_release(&L.scratch);
	free(buf);
	return rc;
}

/* ---- discovery ---- */

static int existing(const char *path, const char *named_by, char **out)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return sg_error(SG_EUSAGE,
				"%s: the configuration named by %s: "
				"%s",
				path, named_by, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return sg_error(SG_EUSAGE,
				"%s: the configuration named by %s "
				"is a directory",
				path, named_by);
	*out = strdup(path);
	return *out ? 0 : no_memory();
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir), size = n + strlen(name) + 2;
	char *p = malloc(size);

	if (p)
		snprintf(p, size, "%s%s%s", dir,
			 n && dir[n - 1] == '/' ? "" : "/", name);
	return p;
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* 1 and *out when dir holds a configuration, 0 when not, or an error. */
static int probe(const char *dir, char **out)
{
	char *yml = path_join(dir, ".secgate.yml");
	char *yaml = path_join(dir, ".secgate.yaml");
	int rc = 0;

	if (!yml || !yaml) {
		rc = no_memory();
	} else if (is_file(yml) && is_file(yaml)) {
		rc = sg_error(SG_EUSAGE,
			      "both %s and %s exist: which one "
			      "applies is ambiguous, keep one",
			      yml, yaml);
	} else if (is_file(yml)) {
		*out = yml;
		yml = NULL;
		rc = 1;
	} else if (is_file(yaml)) {
		*out = yaml;
		yaml = NULL;
		rc = 1;
	}
	free(yml);
	free(yaml);
	return rc;
}

int sg_config_find(char **out, const char *explicit_path, const char *repo_root)
{
	const char *env = getenv("SECGATE_CONFIG");
	char *root, *cwd;
	size_t rn;
	int rc = 0;

	*out = NULL;
	if (explicit_path)
		return existing(explicit_path, "--config", out);
	if (env && *env)
		return existing(env, "SECGATE_CONFIG", out);
	if (!repo_root)
		return 0;
	/*
	 * Walk up from the working directory to the root when it is inside
	 * the repository, so a sub-project may carry its own file.
	 */
	root = realpath(repo_root, NULL);
	cwd = realpath(".", NULL);
	rn = root ? strlen(root) : 0;
	if (root && cwd && !strncmp(cwd, root, rn) &&
	    (cwd[rn] == '/' || cwd[rn] == '\0' || (rn == 1 && *root == '/'))) {
		while (strlen(cwd) > rn) {
			char *slash;

			rc = probe(cwd, out);
			if (rc)
				break;
			slash = strrchr(cwd, '/');
			if (!slash)
				break;
			*slash = '\0';
			if (strlen(cwd) < rn)
				break;
		}
	}
	free(root);
	free(cwd);
	if (rc == 0)
		rc = probe(repo_root, out);
	return rc < 0 ? rc : 0;
}

/* ---- dates and durations ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int sg_parse_expiry(const char *text, int64_t *end_of_day_utc)
{
	static const unsigned mdays[12] = {31, 28, 31, 30, 31, 30,
					   31, 31, 30, 31, 30, 31};
	unsigned y = 0, m, d, last;

	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
			return -1;
	for (size_t i = 0; i < 4; i++)
		y = y * 10 + (unsigned)(text[i] - '0');
	m = (unsigned)(text[5] - '0') * 10 + (unsigned)(text[6] - '0');
	d = (unsigned)(text[8] - '0') * 10 + (unsigned)(text[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return -1;
	last = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (d > last)
		return -1;
	/* Exclusive: the first second of the next day, in UTC (no time zone).
	 */
	*end_of_day_utc = (days_from_civil(y, m, d) + 1) * DAY_SECONDS;
	return 0;
}

int sg_parse_duration(const char *text, unsigned *seconds)
{
	unsigned long long v = 0, unit = 1;
	size_t i = 0;

	if (!text)
		return -1;
	for (; text[i] >= '0' && text[i] <= '9'; i++) {
		v = v * 10 + (unsigned long long)(text[i] - '0');
		if (v > UINT_MAX)
			return -1;
	}
	if (i == 0)
		return -1;
	if (text[i]) {
		switch (text[i]) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		default:
			return -1;
		}
		if (text[i + 1])
			return -1;
	}
	if (v * unit > UINT_MAX)
		return -1;
	*seconds = (unsigned)(v * unit);
	return 0;
}

/* ---- environment and flags ---- */

int sg_config_set(struct sg_config *c, const char *key, const char *value,
		  enum sg_origin origin)
{
	char buf[64];
	size_t idx = K_COUNT;
	const char *copy;

	for (size_t i = 0; i < K_COUNT; i++)
		if ((SCALAR_KEYS & (1u << i)) && !strcmp(key, top_keys[i]))
			idx = i;
	if (idx == K_COUNT)
		return sg_error(SG_EUSAGE, "unknown setting '%s'", key);
	printable(value, strlen(value), buf, sizeof(buf));
	switch (idx) {
	case K_FAIL_ON:
		if (threshold_from_text(value, &c->fail_on) < 0)
			return sg_error(
			    SG_EUSAGE,
			    "must be one of " THRESHOLDS ", not '%s'", buf);
		c->fail_on_origin = origin;
		break;
	case K_UNKNOWN_SEVERITY:
		if (severity_from_text(value, &c->unknown_severity) < 0)
			return sg_error(
			    SG_EUSAGE,
			    "must be one of " SEVERITIES ", not '%s'", buf);
		c->unknown_severity_origin = origin;
		break;
	case K_NEW_ONLY:
	case K_HONOR:
	case K_STRICT: {
		bool b;

		if (bool_from_text(value, &b) < 0)
			return sg_error(SG_EUSAGE,
					"must be true or false, not '%s'", buf);
		if (idx == K_NEW_ONLY) {
			c->new_only = b;
			c->new_only_origin = origin;
		} else if (idx == K_HONOR) {
			c->honor_producer_suppressions = b;
			c->honor_origin = origin;
		} else {
			c->strict = b;
			c->strict_origin = origin;
		}
		break;
	}
	case K_BASELINE:
		if (!*value)
			return sg_error(SG_EUSAGE, "must not be empty");
		if (!storage(c))
			return no_memory();
		copy = sg_arena_strdup(c->storage, value);
		if (!copy)
			return no_memory();
		c->baseline = copy;
		c->baseline_origin = origin;
		break;
	case K_EXPIRY_WARNING:
	case K_MAX_AGE: {
		unsigned days;

		if (days_from_text(value, &days) < 0)
			return sg_error(SG_EUSAGE,
					"must be a whole number of "
					"days from 0 to %d, not '%s'",
					MAX_DAYS, buf);
		if (idx == K_EXPIRY_WARNING) {
			c->expiry_warning_days = days;
			c->expiry_warning_origin = origin;
		} else {
			c->baseline_max_age_days = days;
			c->baseline_max_age_origin = origin;
		}
		break;
	}
	}
	return 0;
}

int sg_config_apply_env(struct sg_config *config)
{
	for (size_t i = 0; i < K_COUNT; i++) {
		char var[64];
		const char *value;
		size_t o;

		if (!(SCALAR_KEYS & (1u << i)))
			continue;
		o = (size_t)snprintf(var, sizeof(var), "SECGATE_");
		for (const char *k = top_keys[i]; *k && o + 1 < sizeof(var);
		     k++)
			var[o++] =
			    (char)(*k >= 'a' && *k <= 'z' ? *k - 32 : *k);
		var[o] = '\0';
		value = getenv(var);
		if (!value || !*value)
			continue; /* CI systems pass unset inputs as "" */
		if (sg_config_set(config, top_keys[i], value, SG_ORIGIN_ENV)) {
			sg_error_prefix(var);
			return SG_EUSAGE;
		}
	}
	return 0;
}

const struct sg_tool_config *sg_config_tool(const struct sg_config *config,
					    const char *name)
{
	for (size_t i = 0; i < config->n_tools; i++)
		if (!strcmp(config->tools[i].name, name))
			return &config->tools[i];
	return NULL;
}

const char *sg_origin_name(enum sg_origin origin)
{
	switch (origin) {
	case SG_ORIGIN_FILE:
		return "file";
	case SG_ORIGIN_PROFILE:
		return "profile";
	case SG_ORIGIN_ENV:
		return "env";
	case SG_ORIGIN_FLAG:
		return "flag";
	default:
		return "default";
	}
}

/* ---- show ---- */

/* A YAML double-quoted string: always valid, whatever the text. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_list(FILE *out, const char *const *v, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		put_quoted(out, v[i]);
	}
	fputc(']', out);
}

static void put_origin(FILE *out, const struct sg_config *c,
		       enum sg_origin origin)
{
	fprintf(out, "  # from: %s", sg_origin_name(origin));
	if (origin == SG_ORIGIN_PROFILE && c->profile) {
		fputc(' ', out);
		for (const char *p = c->profile; *p; p++)
			fputc(*p >= 0x20 && *p < 0x7f ? *p : '?', out);
	}
	fputc('\n', out);
}

static const char *threshold_name(const struct sg_threshold *t)
{
	return t->none ? "none" : sg_severity_name(t->severity);
}

static void show_comment(FILE *out, const char *label, const char *value)
{
	fprintf(out, "# %s: ", label);
	for (const char *p = value; *p; p++)
		fputc((unsigned char)*p >= 0x20 && *p != 0x7f ? *p : '?', out);
	fputc('\n', out);
}

static void show_tool(FILE *out, const struct sg_tool_config *t,
		      const char *indent)
{
	fprintf(out, "%senabled: %s\n", indent, t->enabled ? "true" : "false");
	fprintf(out, "%srequired: %s\n", indent,
		t->required ? "true" : "false");
	fprintf(out, "%stimeout: %u\n", indent, t->timeout_seconds);
	if (t->n_args) {
		fprintf(out, "%sargs: ", indent);
		put_list(out, t->args, t->n_args);
		fputc('\n', out);
	}
	if (t->path) {
		fprintf(out, "%spath: ", indent);
		put_quoted(out, t->path);
		fputc('\n', out);
	}
	if (t->mode)
		fprintf(out, "%smode: %s\n", indent, t->mode);
	if (t->target) {
		fprintf(out, "%starget: ", indent);
		put_quoted(out, t->target);
		fputc('\n', out);
	}
	if (t->n_scanners) {
		fprintf(out, "%sscanners: ", indent);
		put_list(out, t->scanners, t->n_scanners);
		fputc('\n', out);
	}
	if (t->n_requirements) {
		fprintf(out, "%srequirements: ", indent);
		put_list(out, t->requirements, t->n_requirements);
		fputc('\n', out);
	}
	if (t->sarif) {
		fprintf(out, "%ssarif: ", indent);
		put_quoted(out, t->sarif);
		fputc('\n', out);
	}
	if (t->database) {
		fprintf(out, "%sdatabase: ", indent);
		put_quoted(out, t->database);
		fputc('\n', out);
	}
	if (!t->is_custom)
		return;
	fprintf(out, "%scommand: ", indent);
	put_list(out, t->command, t->n_command);
	fprintf(out, "\n%sformat: %s\n%soutput: ", indent, t->format, indent);
	if (t->output == SG_OUTPUT_FILE && t->output_path)
		put_quoted(out, t->output_path);
	else
		fputs("stdout", out);
	fputc('\n', out);
	if (t->n_success_exit_codes) {
		fprintf(out, "%ssuccess_exit_codes: [", indent);
		for (size_t i = 0; i < t->n_success_exit_codes; i++)
			fprintf(out, "%s%d", i ? ", " : "",
				t->success_exit_codes[i]);
		fputs("]\n", out);
	}
}

void sg_config_show(const struct sg_config *c, FILE *out)
{
	size_t n_custom = 0;

	fputs("# secgate: the effective configuration\n", out);
	show_comment(out, "file", c->path ? c->path : "(none: defaults)");
	if (c->profile)
		show_comment(out, "profile", c->profile);
	fprintf(out, "fail_on: %s", threshold_name(&c->fail_on));
	put_origin(out, c, c->fail_on_origin);
	fprintf(out, "unknown_severity: %s",
		sg_severity_name(c->unknown_severity));
	put_origin(out, c, c->unknown_severity_origin);
	fprintf(out, "new_only: %s", c->new_only ? "true" : "false");
	put_origin(out, c, c->new_only_origin);
	fputs("baseline: ", out);
	put_quoted(out, c->baseline ? c->baseline : "");
	put_origin(out, c, c->baseline_origin);
	fprintf(out, "honor_producer_suppressions: %s",
		c->honor_producer_suppressions ? "true" : "false");
	put_origin(out, c, c->honor_origin);
	fprintf(out, "strict: %s", c->strict ? "true" : "false");
	put_origin(out, c, c->strict_origin);
	fprintf(out, "expiry_warning_days: %u", c->expiry_warning_days);
	put_origin(out, c, c->expiry_warning_origin);
	fprintf(out, "baseline_max_age_days: %u", c->baseline_max_age_days);
	put_origin(out, c, c->baseline_max_age_origin);

	fputs("paths:\n  include: ", out);
	put_list(out, c->include, c->n_include);
	put_origin(out, c, c->include_origin);
	fputs("  exclude: ", out);
	put_list(out, c->exclude, c->n_exclude);
	put_origin(out, c, c->exclude_origin);

	fputs(c->n_overrides ? "overrides:\n" : "overrides: []\n", out);
	for (size_t i = 0; i < c->n_overrides; i++) {
		const struct sg_override *o = &c->overrides[i];
		const char *lead = "  - ";

		if (o->tool) {
			fputs(lead, out);
			fputs("tool: ", out);
			put_quoted(out, o->tool);
			fputc('\n', out);
			lead = "    ";
		}
		if (o->has_kind) {
			fprintf(out, "%skind: %s\n", lead,
				sg_kind_name(o->kind));
			lead = "    ";
		}
		if (o->rule) {
			fprintf(out, "%srule: ", lead);
			put_quoted(out, o->rule);
			fputc('\n', out);
			lead = "    ";
		}
		if (o->fail_on.set) {
			fprintf(out, "%sfail_on: %s\n", lead,
				threshold_name(&o->fail_on));
			lead = "    ";
		}
		if (o->has_severity)
			fprintf(out, "%sseverity: %s\n", lead,
				sg_severity_name(o->severity));
	}

	fputs(c->n_suppressions ? "suppressions:\n" : "suppressions: []\n",
	      out);
	for (size_t i = 0; i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		const struct {
			const char *key, *value;
		} fields[] = {
		    {"fingerprint", s->fingerprint},
		    {"rule", s->rule},
		    {"vulnerability", s->vulnerability},
		    {"path", s->path},
		    {"reason", s->reason},
		    {"owner", s->owner},
		};
		const char *lead = "  - ";

		for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]);
		     j++) {
			if (!fields[j].value)
				continue;
			fprintf(out, "%s%s: ", lead, fields[j].key);
			put_quoted(out, fields[j].value);
			fputc('\n', out);
			lead = "    ";
		}
		if (s->package) {
			fprintf(out, "%spackage: {name: ", lead);
			put_quoted(out, s->package);
			if (s->package_versions) {
				fputs(", versions: ", out);
				put_quoted(out, s->package_versions);
			}
			fputs("}\n", out);
		}
		if (s->has_expiry)
			fprintf(out, "    expires: %s\n", s->expires_text);
	}

	fputs(c->n_tools ? "tools:\n" : "tools: {}\n", out);
	for (size_t i = 0; i < c->n_tools; i++) {
		if (c->tools[i].is_custom) {
			n_custom++;
			continue;
		}
		fprintf(out, "  %s:\n", c->tools[i].name);
		show_tool(out, &c->tools[i], "    ");
	}
	if (n_custom)
		fputs("  custom:\n", out);
	for (size_t i = 0; i < c->n_tools; i++) {
		if (!c->tools[i].is_custom)
			continue;
		fputs("    - name: ", out);
		put_quoted(out, c->tools[i].name);
		fputc('\n', out);
		show_tool(out, &c->tools[i], "      ");
	}
}
