/*
 * XML character data and attribute values escaped as libxml2 2.9's text
 * writer escapes them (see xml_text.h); tests/test_xml_text.c compares
 * the two.
 */
#include <string.h>

#include "xml_text.h"

/*
 * The bytes that take a reference: in text, and in attribute values,
 * where tab and LF take one too (a parser would read them as spaces).
 * As strcspn() sets: its vector search skips the long plain runs.
 */
static const char text_escape[] = "<>&\"\r";
static const char attr_escape[] = "<>&\"\r\n\t";

/* The reference for one of the bytes above. */
static void add_reference(struct sg_strbuf *out, unsigned char c)
{
	switch (c) {
	case '<':
		sg_strbuf_addn(out, "&lt;", 4);
		break;
	case '>':
		sg_strbuf_addn(out, "&gt;", 4);
		break;
	case '&':
		sg_strbuf_addn(out, "&amp;", 5);
		break;
	case '"':
		sg_strbuf_addn(out, "&quot;", 6);
		break;
	case '\t':
		sg_strbuf_addn(out, "&#9;", 4);
		break;
	case '\n':
		sg_strbuf_addn(out, "&#10;", 5);
		break;
	default: /* '\r' */
		sg_strbuf_addn(out, "&#13;", 5);
		break;
	}
}

/* s with the bytes of set replaced by their references. */
static void escape(struct sg_strbuf *out, const char *s, const char *set)
{
	while (*s) {
		size_t run = strcspn(s, set);

		if (run) {
			sg_strbuf_addn(out, s, run);
			s += run;
		}
		if (*s)
			add_reference(out, (unsigned char)*s++);
	}
}

void sg_xml_escape_text(struct sg_strbuf *out, const char *s)
{
	escape(out, s, text_escape);
}

void sg_xml_escape_attr(struct sg_strbuf *out, const char *s)
{
	escape(out, s, attr_escape);
}
