/*
 * The streaming reader's in-place fast paths (plain keys, plain strings,
 * short numbers): they must read what the general path reads and leave
 * every error to it, with its wording and position. Each case below
 * either goes through a fast path or sits right at its edge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "secgate/jsonstream.h"
#include "test_util.h"

static struct sg_jstream *open_text(const char *text, size_t len)
{
	struct sg_jstream *js = NULL;
	int rc = sg_jstream_open_buffer(&js, "t.json", text, len);

	assert_int_equal(rc, 0);
	return js;
}

/* Skip every member of the one object in text; the reader's verdict. */
static int skip_members(const char *text, size_t len)
{
	struct sg_jstream *js = open_text(text, len);
	char key[SG_JS_KEY_MAX];
	int rc = sg_js_begin_object(js);

	while (rc >= 0 && (rc = sg_js_next_key(js, key)) == 1)
		rc = sg_js_skip(js);
	if (rc >= 0)
		rc = sg_js_finish(js);
	sg_jstream_free(js);
	return rc;
}

static int skip_text(const char *text)
{
	return skip_members(text, strlen(text));
}

static void expect_error(const char *text, const char *what, const char *where)
{
	assert_int_equal(skip_text(text), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), what));
	assert_non_null(strstr(sg_error_message(), where));
}

/* A plain key and an escaped spelling of it are the same key. */
static void test_fastpath__escaped_and_plain_keys_collide(void **state)
{
	(void)state;
	expect_error("{\"a\": 1, \"\\u0061\": 2}", "duplicate key",
		     "t.json:1:10:");
	expect_error("{\"\\u0061\": 1, \"a\": 2}", "duplicate key",
		     "t.json:1:15:");
	expect_error("{\"ab\": 1,\n \"ab\": 2}", "duplicate key",
		     "t.json:2:2:");
	assert_int_equal(skip_text("{\"a\": 1, \"\\u0062\": 2, \"c\": 3}"), 0);
}

/* The key's text as the caller sees it, on both paths. */
static void test_fastpath__reads_keys_and_strings(void **state)
{
	static const char text[] =
	    "{ \"Plain\" :\t\"value one\" , \"esc\\u0061ped\": \"v\\u00e9\","
	    " \"long\": \"0123456789abcdefghijklmnopqrstuvwxyz\"}";
	struct sg_jstream *js = open_text(text, strlen(text));
	char key[SG_JS_KEY_MAX];
	const char *s;
	size_t n;

	(void)state;
	assert_int_equal(sg_js_begin_object(js), 0);
	assert_int_equal(sg_js_next_key(js, key), 1);
	assert_string_equal(key, "Plain");
	assert_int_equal(sg_js_read_string(js, &s, &n), 0);
	assert_int_equal(n, 9);
	assert_memory_equal(s, "value one", 9);
	assert_int_equal(sg_js_next_key(js, key), 1);
	assert_string_equal(key, "escaped");
	assert_int_equal(sg_js_read_string(js, &s, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(s, "v\xc3\xa9", 3);
	assert_int_equal(sg_js_next_key(js, key), 1);
	assert_string_equal(key, "long");
	assert_int_equal(sg_js_read_string(js, &s, &n), 0);
	assert_int_equal(n, 36);
	assert_int_equal(sg_js_next_key(js, key), 0);
	assert_int_equal(sg_js_finish(js), 0);
	sg_jstream_free(js);
}

/* Numbers the fast path takes, and those it must leave to the checks. */
static void test_fastpath__numbers(void **state)
{
	(void)state;
	assert_int_equal(skip_text("{\"e\": 4.65199, \"n\": -0, \"i\": "
				   "123456789012345.5, \"z\": 0.0}"),
			 0);
	/* Longer than the fast path: still read, still checked. */
	assert_int_equal(skip_text("{\"i\": 1234567890123456789}"), 0);
	assert_int_equal(skip_text("{\"r\": 1e308, \"s\": 12.5E-3}"), 0);
	expect_error("{\"i\": 99999999999999999999}", "too big integer",
		     "t.json:1:7:");
	expect_error("{\"r\": 1e400}", "overflow", "t.json:1:7:");
	expect_error("{\"a\": 01}", "", "t.json:1:");
	expect_error("{\"a\": 1.}", "", "t.json:1:");
	expect_error("{\"a\": -}", "", "t.json:1:");
	expect_error("{\"a\": .5}", "", "t.json:1:");
	expect_error("{\"a\": 12x}", "", "t.json:1:");
}

/* Strings and keys that end, or go wrong, at the edge of the fast path. */
static void test_fastpath__strings_and_keys_at_the_edge(void **state)
{
	static const char nul_value[] = "{\"a\": \0}";
	static const char nul_key[] = "{\"a\0\": 1}";

	(void)state;
	expect_error("{\"a\": \"x\x01y\"}", "control character", "t.json:1:");
	expect_error("{\"a\": \"x\xff\"}", "UTF-8", "t.json:1:");
	expect_error("{\"a\": \"unterminated}", "truncated", "t.json:1:");
	expect_error("{\"a\" 1}", "expected ':'", "t.json:1:");
	expect_error("{\"a\": 1 \"b\": 2}", "expected ','", "t.json:1:");
	expect_error("{\"a\": 1,}", "trailing comma", "t.json:1:");
	expect_error("{\"a\":", "truncated", "t.json:1:");
	/* A NUL where the value starts reads as the end, as before. */
	assert_int_equal(skip_members(nul_value, sizeof(nul_value) - 1),
			 SG_EINPUT);
	assert_int_equal(skip_members(nul_key, sizeof(nul_key) - 1), SG_EINPUT);
	/* A key too long for the caller's buffer is still a key. */
	char text[SG_JS_KEY_MAX + 32];
	memset(text, 'k', sizeof(text));
	text[0] = '{';
	text[1] = '"';
	snprintf(text + SG_JS_KEY_MAX + 2, 30, "\": 1, \"k\": 2}");
	assert_int_equal(skip_text(text), 0);
}

/*
 * Positions after the window has moved on: the line count is kept up as
 * consumed bytes are dropped, and must say where an error is in a 9 MB
 * file of lines of many lengths. The leading blanks move where the
 * window is cut.
 */
static void expect_position_after_moves(size_t shift)
{
	const size_t lines = 480000;
	size_t cap = lines * 24 + 64, len = 0, line = 1;
	char *text = malloc(cap), where[64];
	struct sg_jstream *js = NULL;
	int rc;

	assert_non_null(text);
	len +=
	    (size_t)snprintf(text + len, cap - len, "%*s[\n", (int)shift, "");
	line++;
	for (size_t i = 0; i < lines; i++, line++)
		len +=
		    (size_t)snprintf(text + len, cap - len, "%*s\"a\\n%zu\",\n",
				     (int)(i % 9), "", i);
	/* The bad token: after three spaces on its line. */
	len += (size_t)snprintf(text + len, cap - len, "   x\n]\n");
	assert_int_equal(sg_jstream_open(&js, write_temp(text, len), 0), 0);
	free(text);
	rc = sg_js_begin_array(js);
	while (rc >= 0 && (rc = sg_js_next_item(js)) == 1)
		rc = sg_js_skip(js);
	sg_jstream_free(js);
	assert_int_equal(rc, SG_EINPUT);
	snprintf(where, sizeof(where), ":%zu:4: ", line);
	if (!strstr(sg_error_message(), where))
		fail_msg("shift %zu: expected '%s' in: %s", shift, where,
			 sg_error_message());
}

static void test_fastpath__positions_after_the_window_moves(void **state)
{
	(void)state;
	for (size_t shift = 0; shift < 8; shift++)
		expect_position_after_moves(shift * 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fastpath__escaped_and_plain_keys_collide),
	    cmocka_unit_test(test_fastpath__reads_keys_and_strings),
	    cmocka_unit_test(test_fastpath__numbers),
	    cmocka_unit_test(test_fastpath__strings_and_keys_at_the_edge),
	    cmocka_unit_test(test_fastpath__positions_after_the_window_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
