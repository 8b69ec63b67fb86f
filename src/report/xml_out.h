/*
 * A streaming XML writer for the JUnit report: the bytes libxml2 2.9's
 * xmlTextWriter writes with indentation on ("  " per level) for the calls
 * the report makes (declaration, elements, attributes, text), without a
 * library call and a second escaping pass per attribute (issue 16: the
 * text writer was most of the report's cost). tests/test_xml_out.c runs
 * both writers over the same calls and hostile strings and compares the
 * bytes.
 *
 * Writes go to a buffer flushed to the stream in large blocks; the first
 * failed write or allocation is remembered (failed, err) and everything
 * after it dropped, so the caller checks once per testcase and at the end.
 * Well-formedness is the caller's: element names are literals, the
 * values valid UTF-8 without characters XML forbids (report_junit.c
 * cleans every string it did not write itself).
 */
#ifndef SECGATE_XML_OUT_H
#define SECGATE_XML_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

#define SG_XML_OUT_DEPTH 16 /* elements open at once (JUnit needs 4) */

struct sg_xml_out {
	FILE *f;
	struct sg_strbuf buf; /* written, not yet flushed */
	const char *open[SG_XML_OUT_DEPTH]; /* names, borrowed literals */
	size_t depth;
	bool in_tag;   /* "<name attrs" written, its '>' not yet */
	bool indent;   /* the next end tag starts a line (no text before) */
	bool failed;   /* any of the two below, or a call out of place */
	bool io_error; /* a write to the stream failed (err: its errno) */
	bool oom;      /* the buffer could not grow */
	int err;
};

/* Start writing to f (borrowed; the caller closes it). */
void sg_xml_out_init(struct sg_xml_out *x, FILE *f);

/* <?xml version="1.0" encoding="UTF-8"?> and its newline. */
void sg_xml_out_declaration(struct sg_xml_out *x);

/* Open element name (a literal: kept until its end tag). */
void sg_xml_out_start(struct sg_xml_out *x, const char *name);

/* An attribute of the element just opened; value escaped. */
void sg_xml_out_attr(struct sg_xml_out *x, const char *name,
		     const char *value);

/* Text content, escaped (sg_xml_escape_text). */
void sg_xml_out_text(struct sg_xml_out *x, const char *text);

/* Close the innermost element: "/>" when it has no content. */
void sg_xml_out_end(struct sg_xml_out *x);

/*
 * Close what is open, write everything out and fflush the stream. 0, or
 * -1 when anything failed (io_error, oom, or neither: a call out of
 * place, such as an attribute after text).
 */
int sg_xml_out_finish(struct sg_xml_out *x);

/* Free the buffer (after finish, or instead of it on an error path). */
void sg_xml_out_release(struct sg_xml_out *x);

#endif
