/*
 * Tests for the runner-command part of sanitize.c: no text that went
 * through the terminal sanitizer reads as a GitHub workflow command ("##["
 * anywhere in a line, "::" at its start after blanks), alone or next to
 * the caller's own text; and documents through the command guard keep
 * their meaning without any command shape.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

static const char *safe(const char *s)
{
	static char buf[512];

	return sg_terminal_safe(buf, sizeof(buf), s);
}

/* What the runner would see as a command at the start of this line. */
static int is_command_line(const char *line)
{
	const unsigned char *p = (const unsigned char *)line;

	if (strstr(line, "##["))
		return 1;
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			p += 2;
		else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x80 &&
			 p[2] <= 0x8A)
			p += 3;
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;
		else
			break;
	}
	return p[0] == ':' && p[1] == ':';
}

static void test_sanitize__legacy_marker_anywhere(void **state)
{
	(void)state;
	assert_string_equal(safe("##[group]x"), "#?[group]x");
	assert_string_equal(safe("a ##[error]b"), "a #?[error]b");
	assert_string_equal(safe("###[x"), "##?[x");
	assert_false(is_command_line(safe("x##[##[y")));
	/* Halves a caller's text could complete. */
	assert_string_equal(safe("#[group]"), "?[group]");
	assert_string_equal(safe("tag##"), "tag#?");
	/* Harmless '#' stays. */
	assert_string_equal(safe("C# rule #12"), "C# rule #12");
	assert_string_equal(safe("## heading"), "## heading");
}

static void test_sanitize__leading_double_colon(void **state)
{
	(void)state;
	assert_string_equal(safe("::error::x"), "?:error::x");
	assert_string_equal(safe("  ::warning::x"), "  ?:warning::x");
	assert_string_equal(safe("\t::stop-commands::t"),
			    "?::stop-commands::t");
	/* Unicode blanks the runner trims. */
	assert_false(is_command_line(safe("\xC2\xA0::error::x")));
	assert_false(is_command_line(safe("\xE2\x80\x83::error::x")));
	assert_false(is_command_line(safe("\xE3\x80\x80::error::x")));
	/* A lone ':' that the caller's ":line" would complete. */
	assert_string_equal(safe(":"), "?");
	/* Inside a line, "::" is text (C++ names, IPv6). */
	assert_string_equal(safe("std::move"), "std::move");
	assert_string_equal(safe("a ::b"), "a ::b");
}

static void test_sanitize__no_newline_starts_a_command(void **state)
{
	(void)state;
	assert_string_equal(safe("a\n::error::x"), "a?::error::x");
	assert_string_equal(safe("a\r::error::x"), "a?::error::x");
	/* U+2028 and U+2029 break lines in some viewers. */
	assert_string_equal(safe("a\xE2\x80\xA8::error::x"), "a?::error::x");
	assert_string_equal(safe("a\xC2\x85::error::x"), "a?::error::x");
}

static void test_sanitize__invisible_characters(void **state)
{
	(void)state;
	/* "#<invisible>#[" may match "##[" in a culture-aware search. */
	assert_string_equal(safe("#\xE2\x80\x8B#[x"), "#?#[x");
	assert_string_equal(safe("#\xC2\xAD#[x"), "#?#[x");
	assert_string_equal(safe("#\xEF\xBB\xBF#[x"), "#?#[x");
	assert_string_equal(safe(":\xE2\x81\xA0:error::x"), ":?:error::x");
	/* Bidi isolates and marks (Trojan Source). */
	assert_string_equal(safe("a\xE2\x81\xA6"
				 "b"),
			    "a?b");
	assert_string_equal(safe("a\xE2\x81\xA9"
				 "b"),
			    "a?b");
	assert_string_equal(safe("a\xE2\x80\x8E"
				 "b"),
			    "a?b");
	assert_string_equal(safe("a\xE2\x80\x8F"
				 "b"),
			    "a?b");
	assert_string_equal(safe("a\xD8\x9C"
				 "b"),
			    "a?b");
	/* Ordinary text outside ASCII stays. */
	assert_string_equal(safe("caf\xC3\xA9 \xE2\x9C\x93"),
			    "caf\xC3\xA9 \xE2\x9C\x93");
}

static void test_sanitize__fputs_matches_safe(void **state)
{
	const char *cases[] = {"##[group]x", "::error::y", "  ::a::b", "#[q",
			       "z##",	     ":",	   "ok",       NULL};
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	for (size_t i = 0; cases[i]; i++) {
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		sg_fputs_terminal(f, cases[i]);
		fclose(f);
		assert_string_equal(buf, safe(cases[i]));
		free(buf);
		buf = NULL;
	}
}

static char *guarded(enum sg_doc_format fmt, const char *doc, size_t chunk)
{
	char *buf = NULL;
	size_t len = 0, n = strlen(doc);
	FILE *mem = open_memstream(&buf, &len);
	FILE *g;

	assert_non_null(mem);
	g = sg_command_guard_open(mem, fmt);
	assert_non_null(g);
	/* Small writes: the held-back '#' must survive write boundaries. */
	for (size_t i = 0; i < n; i += chunk) {
		size_t k = n - i < chunk ? n - i : chunk;

		assert_int_equal(fwrite(doc + i, 1, k, g), k);
		fflush(g);
	}
	assert_int_equal(fclose(g), 0);
	fclose(mem);
	return buf;
}

static void no_command_lines(const char *doc)
{
	char *copy = strdup(doc), *save = NULL;

	for (char *line = strtok_r(copy, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save))
		if (is_command_line(line)) {
			fprintf(stderr, "command line: %s\n", line);
			fail();
		}
	free(copy);
}

static void test_guard__json(void **state)
{
	const char *doc = "{\"a\":\"##[group]x ###[y\",\n \"b\":\"#\"}\n";

	(void)state;
	for (size_t chunk = 1; chunk <= 4; chunk++) {
		char *out = guarded(SG_DOC_JSON, doc, chunk);

		assert_string_equal(out, "{\"a\":\"#\\u0023[group]x "
					 "##\\u0023[y\",\n \"b\":\"#\"}\n");
		no_command_lines(out);
		free(out);
	}
}

static void test_guard__xml_and_markdown(void **state)
{
	const char *doc = "<f>line\n::error::x\n  ::warning::y\n##[z</f>\n"
			  "## heading\n";
	char *out;

	(void)state;
	out = guarded(SG_DOC_XML, doc, 3);
	assert_string_equal(out, "<f>line\n&#58;:error::x\n  &#58;:warning::y\n"
				 "#&#35;[z</f>\n## heading\n");
	no_command_lines(out);
	free(out);
	out = guarded(SG_DOC_MARKDOWN, doc, 1);
	no_command_lines(out);
	/* Headings are not commands and stay headings. */
	assert_non_null(strstr(out, "\n## heading\n"));
	free(out);
	/* Trailing '#' are flushed at close. */
	out = guarded(SG_DOC_MARKDOWN, "a ##", 1);
	assert_string_equal(out, "a ##");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sanitize__legacy_marker_anywhere),
	    cmocka_unit_test(test_sanitize__leading_double_colon),
	    cmocka_unit_test(test_sanitize__no_newline_starts_a_command),
	    cmocka_unit_test(test_sanitize__invisible_characters),
	    cmocka_unit_test(test_sanitize__fputs_matches_safe),
	    cmocka_unit_test(test_guard__json),
	    cmocka_unit_test(test_guard__xml_and_markdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
