/*
 * The Markdown writer skips sg_terminal_safe() for cells of printable
 * ASCII without ':' and '#' (report_markdown.c, terminal_inert). That is
 * only right while the sanitizer leaves such text as it is: held here
 * over every such character and generated text up to the cell's 1024
 * bytes, and the two characters left out are shown to need it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "test_util.h"

#define CELL_INPUT 1024 /* CELL_MAX_INPUT in report_markdown.c */

static void expect_unchanged(const char *text)
{
	char out[CELL_INPUT + 1];

	sg_terminal_safe(out, sizeof(out), text);
	assert_string_equal(out, text);
}

static void test_markdown_cells__inert_ascii_is_unchanged(void **state)
{
	char text[CELL_INPUT + 1];
	uint32_t x = 88172645u;

	(void)state;
	for (int c = 0x20; c <= 0x7E; c++) {
		if (c == ':' || c == '#')
			continue;
		/* Alone, first, last, doubled: the places the rules look at. */
		for (size_t len = 1; len <= 3; len++) {
			memset(text, c, len);
			text[len] = '\0';
			expect_unchanged(text);
		}
		text[0] = ' ', text[1] = (char)c, text[2] = 'a', text[3] = '\0';
		expect_unchanged(text);
	}
	for (int round = 0; round < 2000; round++) {
		size_t n = (size_t)round * 37 % (CELL_INPUT + 1);

		for (size_t i = 0; i < n; i++) {
			char c;

			do {
				x ^= x << 13, x ^= x >> 17, x ^= x << 5;
				c = (char)(0x20 + x % 95);
			} while (c == ':' || c == '#');
			text[i] = c;
		}
		text[n] = '\0';
		expect_unchanged(text);
	}
}

static void test_markdown_cells__colon_and_hash_are_rewritten(void **state)
{
	char out[64];

	(void)state;
	sg_terminal_safe(out, sizeof(out), "::warning x");
	assert_string_not_equal(out, "::warning x");
	sg_terminal_safe(out, sizeof(out), "a ##[group] b");
	assert_string_not_equal(out, "a ##[group] b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_cells__inert_ascii_is_unchanged),
	    cmocka_unit_test(
		test_markdown_cells__colon_and_hash_are_rewritten),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
