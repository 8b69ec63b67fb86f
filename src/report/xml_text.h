/*
 * Character data for an XML text node, escaped exactly as libxml2's
 * xmlTextWriterWriteString() escapes it (xmlEncodeSpecialChars), so that
 * the JUnit writer can hand a finished body to xmlTextWriterWriteRaw()
 * without libxml2 copying and scanning it again.
 */
#ifndef SECGATE_XML_TEXT_H
#define SECGATE_XML_TEXT_H

#include "strbuf.h"

/*
 * Append s (NUL-terminated) to out with '<' '>' '&' '"' and CR as
 * "&lt;" "&gt;" "&amp;" "&quot;" "&#13;"; every other byte as it is (the
 * caller has already made the text valid XML characters).
 */
void sg_xml_escape_text(struct sg_strbuf *out, const char *s);

#endif
