/*
 * sg_xml_escape_text against libxml2's own xmlEncodeSpecialChars (what
 * xmlTextWriterWriteString uses for text nodes): byte for byte the same
 * over every single byte, the special characters in runs, and generated
 * text, so the JUnit writer's raw bodies read as they did.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>

#include "test_util.h"
#include "xml_text.h"

static void expect_same(const char *text)
{
	struct sg_strbuf ours = {0};
	xmlChar *theirs = xmlEncodeSpecialChars(NULL, (const xmlChar *)text);

	assert_non_null(theirs);
	sg_xml_escape_text(&ours, text);
	assert_false(ours.failed);
	assert_string_equal(ours.data ? ours.data : "", (const char *)theirs);
	xmlFree(theirs);
	sg_strbuf_release(&ours);
}

static void test_xml_text__every_byte(void **state)
{
	char text[4];

	(void)state;
	for (int c = 1; c < 256; c++) {
		text[0] = 'a';
		text[1] = (char)c;
		text[2] = 'b';
		text[3] = '\0';
		expect_same(text);
	}
	expect_same("");
	expect_same("<<>>&&\"\"\r\r\n\t");
	expect_same("&lt; is not re-escaped? &amp;lt;");
	expect_same("caf\xC3\xA9 \xE2\x80\xA6 \xF0\x9F\x94\x91 <x>");
}

static void test_xml_text__generated(void **state)
{
	static const char pieces[] = "ab<>&\"\r\n\t'=; \xC3\xA9\xE2\x80\xA6";
	char text[512];
	uint32_t x = 2463534242u;

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t n = (size_t)round % (sizeof(text) - 1);

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			text[i] = pieces[x % (sizeof(pieces) - 1)];
		}
		text[n] = '\0';
		expect_same(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_xml_text__every_byte),
	    cmocka_unit_test(test_xml_text__generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
