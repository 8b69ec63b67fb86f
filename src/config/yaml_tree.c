/*
 * The configuration's YAML tree: libyaml's event parser builds a small tree
 * so that duplicate keys, anchors and positions stay visible to the
 * validation, and the messages every section words from it
 * ("<file>:<line>:<column>: <where>: <what>", exit code 2).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

#define MAX_DEPTH 32 /* the schema needs 6 */

/* ---- messages ---- */

/* A short printable copy of config text for a message (at most 40 bytes). */
const char *cfg_printable(const char *s, size_t len, char *buf, size_t size)
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

const struct ynode *cfg_deref(const struct ynode *n)
{
	return n && n->type == Y_ALIAS ? n->target : n;
}

bool cfg_is_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && n->plain &&
	       (n->len == 0 || !strcmp(n->value, "~") ||
		!strcmp(n->value, "null") || !strcmp(n->value, "Null") ||
		!strcmp(n->value, "NULL"));
}

/* What a value is, for "must be X, not <this>". */
const char *cfg_describe(const struct ynode *n, char *buf, size_t size)
{
	char tmp[64];

	n = cfg_deref(n);
	if (n->type == Y_SEQUENCE)
		return "a list";
	if (n->type == Y_MAPPING)
		return "a mapping";
	if (cfg_is_null(n))
		return "empty";
	snprintf(buf, size, "'%s'",
		 cfg_printable(n->value, n->len, tmp, sizeof(tmp)));
	return buf;
}

static int verror_at(const struct loader *L, unsigned line, unsigned column,
		     const char *where, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
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
int cfg_fail(const struct loader *L, const struct ynode *at, const char *where,
	     const char *fmt, ...)
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

int cfg_no_memory(void)
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
const char *cfg_join(char *buf, size_t size, const char *where, const char *key)
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
const char *cfg_indexed(char *buf, size_t size, const char *where, size_t i)
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
		return cfg_no_memory();
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
	return *anchor_copy ? 0 : cfg_no_memory();
}

int cfg_build_tree(struct loader *L, const char *buf, size_t len)
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
		return cfg_no_memory();
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
				rc = cfg_no_memory();
				break;
			}
			node->len = ev.data.scalar.length;
			node->value = sg_arena_strndup(
			    &L->scratch, (const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			node->plain =
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (!node->value)
				rc = cfg_no_memory();
			else if (anchor)
				rc = add_anchor(L, anchor, node);
			break;
		case YAML_ALIAS_EVENT:
			rc = count_ref(L, ev.start_mark);
			if (rc)
				break;
			node = new_node(L, Y_ALIAS, ev.start_mark);
			if (!node) {
				rc = cfg_no_memory();
				break;
			}
			node->target =
			    find_anchor(L, (const char *)ev.data.alias.anchor);
			if (!node->target) {
				const char *a =
				    (const char *)ev.data.alias.anchor;

				/* Enclosing nodes too: no cycles. */
				rc =
				    fail_mark(L, ev.start_mark,
					      "alias '*%s' does not name an "
					      "anchor defined before it",
					      cfg_printable(a, strlen(a), shown,
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
				rc = cfg_no_memory();
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
