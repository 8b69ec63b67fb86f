/*
 * The word-at-a-time runs of src/util/word_scan.h against the byte
 * loops they replace: every byte value at every position of texts up to
 * three words long (so each lands in a word, across a word's end, and in
 * the tail), then random texts; and the JSON string writer that starts
 * its runs with them, against jansson, with escapes at every place of a
 * word.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "word_scan.h"
#include "json_out.h"
#include "test_util.h"

static bool printable(unsigned char c)
{
	return c >= 0x20 && c < 0x7F;
}

static size_t slow_printable_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && printable((unsigned char)s[i]))
		i++;
	return i;
}

/* What a JSON string holds as it is: 0x20 to 0x7F but '"' and '\\'. */
static size_t slow_json_plain_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] >= 0x20 &&
	       (unsigned char)s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

static void expect_runs(const char *s, size_t n)
{
	assert_int_equal(sg_printable_run(s, n),
			 slow_printable_run(s, n));
	assert_int_equal(sg_json_plain_run(s, n),
			 slow_json_plain_run(s, n));
}

static void test_ascii_scan__every_byte_everywhere(void **state)
{
	char text[25];

	(void)state;
	for (size_t n = 0; n < sizeof(text); n++) {
		for (size_t at = 0; at < n; at++) {
			for (int c = 0; c < 256; c++) {
				/* Plain text around it: '0' '1' ... */
				for (size_t i = 0; i < n; i++)
					text[i] = (char)('0' + i % 10);
				text[at] = (char)c;
				expect_runs(text, n);
				/* And a second odd byte after it. */
				if (at + 1 < n) {
					text[at + 1] = (char)(255 - c);
					expect_runs(text, n);
				}
			}
		}
		memset(text, 'a', n);
		expect_runs(text, n);
	}
}

static void test_ascii_scan__random(void **state)
{
	uint32_t x = 123456789u;
	char text[64];

	(void)state;
	for (int round = 0; round < 200000; round++) {
		size_t n = (size_t)round % sizeof(text);

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			/* Mostly printable, sometimes any byte. */
			text[i] = (char)(x % 16 ? 0x20 + (x >> 8) % 0x5F
						: (x >> 8) & 0xFF);
		}
		expect_runs(text, n);
	}
}

/* sg_json_out_string as jansson writes the same string, in both modes. */
static void expect_json_as_jansson(const char *s)
{
	for (int ascii = 0; ascii < 2; ascii++) {
		json_t *v = json_string(s);
		char *want;
		struct sg_json_out out = {0};

		assert_non_null(v);
		want = json_dumps(v, JSON_ENCODE_ANY |
					 (ascii ? JSON_ENSURE_ASCII : 0));
		assert_non_null(want);
		sg_json_out_string(&out, s,
				   ascii ? SG_JSON_OUT_ASCII : SG_JSON_OUT_UTF8);
		assert_false(out.failed);
		if (out.len != strlen(want) ||
		    memcmp(out.data, want, out.len) != 0)
			fail_msg("%s: ours %.*s, jansson %s", s, (int)out.len,
				 out.data, want);
		sg_json_out_release(&out);
		free(want);
		json_decref(v);
	}
}

static void test_ascii_scan__json_strings_as_jansson(void **state)
{
	static const char *const pieces[] = {
	    "a", "Z", " ", "/", "\"", "\\", "\b", "\f", "\n", "\r",
	    "\t", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xE2\x80\xA8",
	    "\xF0\x9F\x94\x91", "\xEF\xBF\xBD", "<", "~"};
	uint32_t x = 521288629u;
	char text[200];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		size_t n = 0, want = (size_t)round % 48;

		while (n < want) {
			const char *p;

			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			/* Mostly plain: long runs, escapes between. */
			p = x % 4 ? &"abcdefgh"[x % 8]
				  : pieces[(x >> 8) % (sizeof(pieces) /
						       sizeof(pieces[0]))];
			memcpy(text + n, p, strlen(p));
			n += strlen(p);
		}
		text[n] = '\0';
		expect_json_as_jansson(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii_scan__every_byte_everywhere),
	    cmocka_unit_test(test_ascii_scan__random),
	    cmocka_unit_test(test_ascii_scan__json_strings_as_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
