/*
 * What libxml2 2.9's xmlTextWriter writes with indentation on (see
 * xml_out.h). Its rules, as this writer keeps them:
 *   - a start tag begins a line indented two spaces per open ancestor;
 *     when the parent's start tag is still open, it is closed with ">"
 *     and a newline first;
 *   - text closes an open start tag with ">" alone (no newline) and
 *     writes the text in place;
 *   - an end tag is "/>" when the element has no content; else
 *     "</name>", indented like its start tag unless text came just
 *     before it; either way followed by a newline.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "xml_out.h"
#include "xml_text.h"

/* Flush the buffer to the stream once it holds this much. */
#define FLUSH_AT (64 * 1024)

static void flush(struct sg_xml_out *x)
{
	if (x->buf.failed)
		x->failed = x->oom = true;
	if (!x->failed && x->buf.len &&
	    fwrite(x->buf.data, 1, x->buf.len, x->f) != x->buf.len) {
		x->failed = x->io_error = true;
		x->err = errno;
	}
	sg_strbuf_reset(&x->buf);
}

static void maybe_flush(struct sg_xml_out *x)
{
	if (x->buf.len >= FLUSH_AT || x->buf.failed)
		flush(x);
}

/* Append n bytes; in place when they fit (most are a few bytes). */
static void put(struct sg_xml_out *x, const char *s, size_t n)
{
	struct sg_strbuf *b = &x->buf;

	if (n && b->len + n < b->cap) { /* room for the NUL too */
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0'; /* strbuf.h: always terminated */
	} else {
		sg_strbuf_addn(b, s, n);
	}
}

/* Two spaces per element open above the innermost one. */
static void put_indent(struct sg_xml_out *x)
{
	static const char spaces[2 * SG_XML_OUT_DEPTH + 1] =
	    "                                ";

	put(x, spaces, 2 * (x->depth - 1));
}

void sg_xml_out_init(struct sg_xml_out *x, FILE *f)
{
	memset(x, 0, sizeof(*x));
	x->f = f;
}

void sg_xml_out_declaration(struct sg_xml_out *x)
{
	static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

	put(x, decl, sizeof(decl) - 1);
}

void sg_xml_out_start(struct sg_xml_out *x, const char *name)
{
	if (x->failed)
		return;
	if (x->depth == SG_XML_OUT_DEPTH) {
		x->failed = true; /* a bug in the caller: fail, never cut */
		return;
	}
	if (x->in_tag)
		put(x, ">\n", 2);
	x->open[x->depth++] = name;
	put_indent(x);
	put(x, "<", 1);
	put(x, name, strlen(name));
	x->in_tag = true;
	maybe_flush(x);
}

void sg_xml_out_attr(struct sg_xml_out *x, const char *name,
		     const char *value)
{
	if (x->failed)
		return;
	if (!x->in_tag || !value) {
		x->failed = true; /* libxml2 refused these calls too */
		return;
	}
	put(x, " ", 1);
	put(x, name, strlen(name));
	put(x, "=\"", 2);
	sg_xml_escape_attr(&x->buf, value);
	put(x, "\"", 1);
	maybe_flush(x);
}

void sg_xml_out_text(struct sg_xml_out *x, const char *text)
{
	if (x->failed)
		return;
	if (!x->depth || !text) {
		x->failed = true;
		return;
	}
	if (x->in_tag)
		put(x, ">", 1);
	x->in_tag = false;
	sg_xml_escape_text(&x->buf, text);
	x->indent = false;
	maybe_flush(x);
}

void sg_xml_out_end(struct sg_xml_out *x)
{
	const char *name;

	if (x->failed)
		return;
	if (!x->depth) {
		x->failed = true;
		return;
	}
	name = x->open[x->depth - 1];
	if (x->in_tag) {
		put(x, "/>", 2);
	} else {
		if (x->indent)
			put_indent(x);
		put(x, "</", 2);
		put(x, name, strlen(name));
		put(x, ">", 1);
	}
	put(x, "\n", 1);
	x->in_tag = false;
	x->indent = true;
	x->depth--;
	maybe_flush(x);
}

int sg_xml_out_finish(struct sg_xml_out *x)
{
	while (x->depth && !x->failed)
		sg_xml_out_end(x);
	flush(x);
	if (!x->failed && fflush(x->f) != 0) {
		x->failed = x->io_error = true;
		x->err = errno;
	}
	if (!x->failed && ferror(x->f))
		x->failed = x->io_error = true;
	return x->failed ? -1 : 0;
}

void sg_xml_out_release(struct sg_xml_out *x)
{
	sg_strbuf_release(&x->buf);
}
