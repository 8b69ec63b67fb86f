/*
 * XML escaped exactly as libxml2 2.9's xmlTextWriter escapes it, so that
 * the JUnit writer (xml_out.h) writes the bytes it wrote when it used
 * libxml2's text writer; tests/test_xml_text.c and tests/test_xml_out.c
 * compare the two.
 */
#ifndef SECGATE_XML_TEXT_H
#define SECGATE_XML_TEXT_H

#include "strbuf.h"

/*
 * Character data of a text node, as xmlTextWriterWriteString() writes it
 * (xmlEncodeSpecialChars): append s (NUL-terminated) to out with '<' '>'
 * '&' '"' and CR as "&lt;" "&gt;" "&amp;" "&quot;" "&#13;"; every other
 * byte as it is (the caller has already made the text valid XML
 * characters).
 */
void sg_xml_escape_text(struct sg_strbuf *out, const char *s);

/*
 * An attribute value, as xmlTextWriterWriteAttribute() writes it in a
 * document declared UTF-8 (xmlBufAttrSerializeTxtContent): '<' '>' '&'
 * '"' as entities, tab, LF and CR as "&#9;" "&#10;" "&#13;" (so that a
 * parser's attribute normalization keeps them); every other byte as it
 * is, non-ASCII included (the caller has made the value valid UTF-8).
 */
void sg_xml_escape_attr(struct sg_strbuf *out, const char *s);

#endif
