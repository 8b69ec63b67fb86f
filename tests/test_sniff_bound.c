/*
 * The sniff reads a bounded prefix (1 MiB): keys within it are found
 * after values of any shape, keys beyond it are not, whatever length the
 * caller passes (a file's first read returns more than a pipe's), and
 * skipping values still honours escapes and nesting.
 */
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "test_util.h"

#define MIB ((size_t)1 << 20)

static struct sg_sniff sniff;

/* {"pad": "<pad_len x>", "SchemaVersion": 2, ...} as a buffer. */
static char *padded_document(size_t pad_len, size_t *len)
{
	static const char head[] = "{\"pad\": \"";
	static const char tail[] = "\", \"SchemaVersion\": 2, \"Results\": []}";
	char *doc = malloc(sizeof(head) + pad_len + sizeof(tail));

	assert_non_null(doc);
	memcpy(doc, head, sizeof(head) - 1);
	memset(doc + sizeof(head) - 1, 'x', pad_len);
	memcpy(doc + sizeof(head) - 1 + pad_len, tail, sizeof(tail));
	*len = sizeof(head) - 1 + pad_len + sizeof(tail) - 1;
	return doc;
}

static void test_sniff_bound__keys_within_the_bound(void **state)
{
	size_t len;
	char *doc = padded_document(MIB - 4096, &len);

	(void)state;
	sg_sniff_document(&sniff, doc, len);
	assert_true(sg_sniff_has_key(&sniff, "pad"));
	assert_true(sg_sniff_has_key(&sniff, "SchemaVersion"));
	assert_true(sg_sniff_has_key(&sniff, "Results"));
	free(doc);
}

static void test_sniff_bound__keys_beyond_the_bound(void **state)
{
	size_t len;
	char *doc = padded_document(MIB + 4096, &len);

	(void)state;
	/* All of it passed in: only the first MiB counts. */
	sg_sniff_document(&sniff, doc, len);
	assert_int_equal(sniff.top, '{');
	assert_int_equal(sniff.n_keys, 1);
	assert_true(sg_sniff_has_key(&sniff, "pad"));
	assert_false(sg_sniff_has_key(&sniff, "SchemaVersion"));
	assert_true(sniff.len <= MIB);
	free(doc);
}

/* The same document sniffed from 1 MiB or from 4: the same keys. */
static void test_sniff_bound__same_answer_for_any_window(void **state)
{
	size_t len, n_keys;
	char *doc = padded_document(2 * MIB, &len);

	(void)state;
	sg_sniff_document(&sniff, doc, MIB);
	n_keys = sniff.n_keys;
	sg_sniff_document(&sniff, doc, len);
	assert_int_equal(sniff.n_keys, n_keys);
	free(doc);
}

/* Skipping a value: quotes and brackets inside strings do not count. */
static void test_sniff_bound__skips_strings_and_nesting(void **state)
{
	static const char text[] =
	    "{\"a\": {\"x\": \"q\\\"}]{[\", \"y\": [1, \"\\\\\", {\"z\": "
	    "\"]\"}]}, \"b\": \"\\\"\", \"runs\": [], \"c\": 1}";

	(void)state;
	sg_sniff_document(&sniff, text, strlen(text));
	assert_int_equal(sniff.n_keys, 4);
	assert_true(sg_sniff_has_key(&sniff, "a"));
	assert_true(sg_sniff_has_key(&sniff, "b"));
	assert_true(sg_sniff_has_key(&sniff, "runs"));
	assert_true(sg_sniff_has_key(&sniff, "c"));
	assert_false(sg_sniff_has_key(&sniff, "x"));
	assert_false(sg_sniff_has_key(&sniff, "z"));
	/* Cut inside an escape of a skipped value: the keys so far. */
	sg_sniff_document(&sniff, text, 16);
	assert_int_equal(sniff.n_keys, 1);
	assert_true(sg_sniff_has_key(&sniff, "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff_bound__keys_within_the_bound),
	    cmocka_unit_test(test_sniff_bound__keys_beyond_the_bound),
	    cmocka_unit_test(test_sniff_bound__same_answer_for_any_window),
	    cmocka_unit_test(test_sniff_bound__skips_strings_and_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
