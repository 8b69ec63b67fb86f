/*
 * The fast paths of the SARIF ingest, each against its plain meaning:
 * white space skipped a word at a time (every indentation width, tabs,
 * the end of the input), integers checked for overflow only past 18
 * digits, duplicate keys pairwise in small objects and sorted in large
 * ones, member lookup by first byte, strings escaped eight bytes at a
 * time, and interning that hashes eight bytes a step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonwrite.h"
#include "test_util.h"

#define JANSSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* text as one document: rc; *dump (when given) its compact text. */
static int load(const char *text, char **dump)
{
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *v;
	int rc = sg_jstream_open_buffer(&js, "t.json", text, strlen(text));

	if (dump)
		*dump = NULL;
	if (rc < 0)
		return rc;
	assert_int_equal(sg_jdoc_new(&doc), 0);
	rc = sg_js_load_doc(js, doc, NULL, NULL, &v);
	if (rc == 0)
		rc = sg_js_finish(js);
	if (rc == 0 && dump) {
		struct sg_jbuf b;

		sg_jbuf_init(&b);
		sg_jbuf_value(&b, v);
		assert_false(b.failed);
		*dump = b.data;
	}
	sg_jdoc_free(doc);
	sg_jstream_free(js);
	return rc;
}

static void same_as_jansson(const char *text)
{
	json_error_t err;
	json_t *j = json_loadb(text, strlen(text), JANSSON_FLAGS, &err);
	char *ours, *theirs;

	if (!j)
		fail_msg("jansson refuses '%s': %s", text, err.text);
	theirs = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_int_equal(load(text, &ours), 0);
	assert_string_equal(ours, theirs);
	free(ours);
	free(theirs);
	json_decref(j);
}

/* Refused, with this text in the message (position included). */
static void refused_with(const char *text, const char *want)
{
	json_error_t err;
	json_t *j = json_loadb(text, strlen(text), JANSSON_FLAGS, &err);

	assert_null(j);
	assert_int_equal(load(text, NULL), SG_EINPUT);
	if (!strstr(sg_error_message(), want))
		fail_msg("'%s': '%s' lacks '%s'", text, sg_error_message(),
			 want);
}

/*
 * Every indentation from 0 to 40 spaces (the word-at-a-time count and
 * its byte tail), with tabs and CRs mixed in, read as jansson reads it;
 * a bad token after k spaces is reported at column k + 1.
 */
static void test_jsondoc_fastpaths__white_space_of_every_width(void **state)
{
	char text[512], want[64];

	(void)state;
	for (int k = 0; k <= 40; k++) {
		snprintf(text, sizeof(text),
			 "{\n%*s\"a\" : 1,\n%*s\"b\" :\t[ 1 ,\r\n%*s2 ]\n%*s}",
			 k, "", k, "", k, "", k, "");
		same_as_jansson(text);
		snprintf(text, sizeof(text), "[\n%*s1,\n%*sx]", k, "", k, "");
		snprintf(want, sizeof(want), "t.json:3:%d: invalid token",
			 k + 1);
		refused_with(text, want);
		/* White space up to the end of the input, past the value. */
		snprintf(text, sizeof(text), "[1]\n%*s", k, "");
		same_as_jansson(text);
		/* A tab inside the indentation stops the word count. */
		snprintf(text, sizeof(text), "[\n%*s\t  1]", k, "");
		same_as_jansson(text);
	}
	/* Indentation cut by the end of the input: truncated. */
	refused_with("[\n            ", "t.json:1:1: unexpected end of input");
}

/* Only numbers past 18 digits can overflow int64: the edge, exactly. */
static void test_jsondoc_fastpaths__integers_at_the_int64_edge(void **state)
{
	(void)state;
	same_as_jansson("[999999999999999999, -999999999999999999]");
	same_as_jansson("[1000000000000000000, -1000000000000000000]");
	same_as_jansson("[9223372036854775807, -9223372036854775808]");
	same_as_jansson("[9223372036854775799, 0, -0, 7]");
	refused_with("[9223372036854775808]", "t.json:1:2: too big integer");
	refused_with("[9300000000000000000]", "too big integer");
	refused_with("[-9223372036854775809]",
		     "t.json:1:2: too big negative integer");
	refused_with("[99999999999999999999]", "too big integer");
	refused_with("[12345678901234567890123]", "too big integer");
	/* Short integers take a quicker path: its edges, read alike. */
	same_as_jansson("[0, 7, 10, 123456789012345678, 1234567890123456789]");
	same_as_jansson("[0.5, 1e5, 2E-3, 10.0, 0e1, -0, -7, 3]");
	same_as_jansson("{\"a\":1,\"b\":22}");
	same_as_jansson("5");
	same_as_jansson("12345678901234567");
	refused_with("[01]", "expected ',' or ']'");
	refused_with("[1.]", "invalid token");
	refused_with("[12x]", "expected ',' or ']'");
	refused_with("[123", "unexpected end of input");
}

/* An object of n members "k0".."k<n-1>", one per line, with "k<dup>"
 * again as member at (counted from 1); the duplicate's line is at + 1. */
static char *object_with_duplicate(int n, int at, int dup)
{
	size_t size = (size_t)n * 24 + 64, len = 0;
	char *text = malloc(size);

	assert_non_null(text);
	len += (size_t)snprintf(text + len, size - len, "{");
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(text + len, size - len, "\n  \"k%d\": %d%s",
					i == at ? dup : i, i,
					i < n ? "," : "");
	snprintf(text + len, size - len, "\n}");
	return text;
}

static void test_jsondoc_fastpaths__duplicate_keys_small_and_large(
	void **state)
{
	static const struct {
		int n, at, dup;
	} cases[] = {
		{5, 3, 1},    /* small object: pairwise */
		{5, 5, 4},
		{16, 16, 2},  /* the last member checked pairwise */
		{17, 17, 2},  /* the first member found by sorting */
		{40, 20, 3},  /* large object: sorted */
		{40, 40, 39},
		{200, 150, 7},
	};
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = object_with_duplicate(cases[i].n, cases[i].at,
						   cases[i].dup);

		/* Member at is on line at + 1, its key at column 3. */
		snprintf(want, sizeof(want),
			 "t.json:%d:3: duplicate key", cases[i].at + 1);
		refused_with(text, want);
		free(text);
		/* The same object without the duplicate is read. */
		text = object_with_duplicate(cases[i].n, 0, 0);
		same_as_jansson(text);
		free(text);
	}
}

/*
 * Strings read eight bytes at a time, the first byte that needs a look
 * found inside its word: one such byte at every position of strings up
 * to 40 bytes, as a value and as a key, read or refused as jansson does.
 */
static void test_jsondoc_fastpaths__strings_read_at_every_offset(void **state)
{
	static const struct {
		const char *text;
		const char *error; /* NULL: read */
	} specials[] = {
		{"\\\"", NULL},     {"\\\\", NULL},   {"\\n", NULL},
		{"\\u00e9", NULL}, {"\xc3\xa9", NULL}, {"\x7f", NULL},
		{"\xf0\x9f\x98\x80", NULL},
		{"\x1f", "control character"},
		{"\x01", "control character"},
		{"\xff", "invalid UTF-8"},
		{"\"", "expected"}, /* the string ends early */
	};
	char text[128];

	(void)state;
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
		for (int len = 0; len <= 40; len++) {
			for (int at = 0; at < len; at++) {
				snprintf(text, sizeof(text), "[\"%.*s%s%.*s\"]",
					 at, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
					 specials[k].text, len - at - 1,
					 "0123456789012345678901234567890123456789");
				if (specials[k].error)
					refused_with(text, specials[k].error);
				else
					same_as_jansson(text);
				snprintf(text, sizeof(text), "{\"%.*s%s%.*s\": 1}",
					 at, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
					 specials[k].text, len - at - 1,
					 "0123456789012345678901234567890123456789");
				if (specials[k].error)
					refused_with(text, specials[k].error);
				else
					same_as_jansson(text);
			}
		}
	}
}

/* Keys that share a first byte or a length are told apart. */
static void test_jsondoc_fastpaths__lookup_by_key(void **state)
{
	const char *text = "{\"ab\": 1, \"abc\": 2, \"ax\": 3, \"\": 4, "
			   "\"b\": 5, \"abd\": 6}";
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *v;

	(void)state;
	assert_int_equal(sg_jstream_open_buffer(&js, "t.json", text,
						strlen(text)),
			 0);
	assert_int_equal(sg_jdoc_new(&doc), 0);
	assert_int_equal(sg_js_load_doc(js, doc, NULL, NULL, &v), 0);
	assert_int_equal(sg_jv_get(v, "ab")->u.integer, 1);
	assert_int_equal(sg_jv_get(v, "abc")->u.integer, 2);
	assert_int_equal(sg_jv_get(v, "ax")->u.integer, 3);
	assert_int_equal(sg_jv_get(v, "")->u.integer, 4);
	assert_int_equal(sg_jv_get(v, "b")->u.integer, 5);
	assert_int_equal(sg_jv_get(v, "abd")->u.integer, 6);
	assert_int_equal(sg_jv_getn(v, "abd", 2)->u.integer, 1);
	assert_null(sg_jv_get(v, "a"));
	assert_null(sg_jv_get(v, "abe"));
	assert_null(sg_jv_get(v, "B"));
	assert_null(sg_jv_get(sg_jv_get(v, "b"), "b"));
	sg_jdoc_free(doc);
	sg_jstream_free(js);
}

/*
 * A string of every length up to 40 with one byte that needs escaping
 * (or a non-ASCII one) at every position: written as json_dumps does.
 */
static void test_jsondoc_fastpaths__strings_written_as_jansson_does(
	void **state)
{
	static const char *const specials[] = {"\"", "\\", "\n", "\x01",
					       "\x1f", "\x7f", "\xc3\xa9"};

	(void)state;
	for (size_t s = 0; s < sizeof(specials) / sizeof(specials[0]); s++) {
		for (size_t len = 0; len <= 40; len++) {
			for (size_t at = 0; at <= len; at++) {
				char text[64];
				json_t *j;
				char *theirs;
				struct sg_jbuf b;

				memset(text, 'a', len);
				text[len] = '\0';
				if (at < len) {
					memcpy(text + at, specials[s],
					       strlen(specials[s]));
					text[at + strlen(specials[s])] = '\0';
				}
				j = json_string(text);
				assert_non_null(j);
				theirs = json_dumps(j, JSON_COMPACT |
							       JSON_ENCODE_ANY);
				sg_jbuf_init(&b);
				sg_jbuf_string(&b, text, strlen(text));
				assert_false(b.failed);
				assert_string_equal(b.data ? b.data : "",
						    theirs);
				sg_jbuf_release(&b);
				free(theirs);
				json_decref(j);
			}
		}
	}
}

/*
 * Equal strings intern to one copy, strings that differ anywhere (a byte
 * in any word, the tail, or only the length) to different ones.
 */
static void test_jsondoc_fastpaths__interning_tells_strings_apart(
	void **state)
{
	struct sg_findings set;
	char a[48], b[48];

	(void)state;
	sg_findings_init(&set);
	for (size_t len = 0; len <= 40; len++) {
		const char *first, *again;

		memset(a, 'q', len);
		a[len] = '\0';
		first = sg_findings_intern(&set, a, len);
		assert_non_null(first);
		assert_string_equal(first, a);
		again = sg_findings_intern(&set, a, len);
		assert_ptr_equal(first, again);
		/* A prefix of a is another string. */
		if (len)
			assert_ptr_not_equal(
				sg_findings_intern(&set, a, len - 1), first);
		for (size_t at = 0; at < len; at++) {
			const char *other;

			memcpy(b, a, len + 1);
			b[at] = (char)0xC3; /* a byte with its high bit set */
			other = sg_findings_intern(&set, b, len);
			assert_ptr_not_equal(other, first);
			assert_string_equal(other, b);
			assert_ptr_equal(sg_findings_intern(&set, b, len),
					 other);
		}
	}
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_jsondoc_fastpaths__white_space_of_every_width),
		cmocka_unit_test(
			test_jsondoc_fastpaths__integers_at_the_int64_edge),
		cmocka_unit_test(
			test_jsondoc_fastpaths__duplicate_keys_small_and_large),
		cmocka_unit_test(
			test_jsondoc_fastpaths__strings_read_at_every_offset),
		cmocka_unit_test(test_jsondoc_fastpaths__lookup_by_key),
		cmocka_unit_test(
			test_jsondoc_fastpaths__strings_written_as_jansson_does),
		cmocka_unit_test(
			test_jsondoc_fastpaths__interning_tells_strings_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
