/*
 * The word-at-a-time runs of src/report/ascii_scan.h against the byte
 * loops they replace: every byte value at every position of texts up to
 * three words long (so each lands in a word, across a word's end, and in
 * the tail), then random texts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ascii_scan.h"
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

static size_t slow_json_plain_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && printable((unsigned char)s[i]) && s[i] != '"' &&
	       s[i] != '\\')
		i++;
	return i;
}

static void expect_runs(const char *s, size_t n)
{
	assert_int_equal(sg_ascii_printable_run(s, n),
			 slow_printable_run(s, n));
	assert_int_equal(sg_ascii_json_plain_run(s, n),
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ascii_scan__every_byte_everywhere),
	    cmocka_unit_test(test_ascii_scan__random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
