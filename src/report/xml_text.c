/*
 * XML character data escaped as libxml2 2.9's xmlEncodeSpecialChars()
 * does (see xml_text.h); tests/test_xml_text.c compares the two.
 */
#include <stdbool.h>
#include <string.h>

#include "xml_text.h"

/* The bytes that take a reference; everything else is copied in runs. */
static const bool needs_escape[256] = {
    ['<'] = true, ['>'] = true, ['&'] = true, ['"'] = true, ['\r'] = true,
};

void sg_xml_escape_text(struct sg_strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t run = 0;

		while (p[run] && !needs_escape[p[run]])
			run++;
		if (run) {
			sg_strbuf_addn(out, (const char *)p, run);
			p += run;
			continue;
		}
		switch (*p++) {
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
		default: /* '\r' */
			sg_strbuf_addn(out, "&#13;", 5);
			break;
		}
	}
}
