/*
 * The document reader (jsondoc.h) and the compact writer (jsonwrite.h):
 * values as jansson reads them, the members a caller keeps, strictness
 * (duplicates in small and large objects, UTF-8, surrogates, NUL keys,
 * numbers, depth shared with the stream, truncation), error positions,
 * values cut by the window's edge, and text as json_dumps writes it.
 * Then the fast paths of the SARIF ingest, each against its plain
 * meaning: white space skipped a word at a time (every indentation
 * width, tabs, the end of the input), integers checked for overflow only
 * past 18 digits, duplicate keys pairwise in small objects and sorted in
 * large ones, member lookup by first byte, strings escaped eight bytes at
 * a time, and interning that hashes eight bytes a step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secgate/decimal.h"
#include "secgate/error.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonwrite.h"
#include "test_util.h"

#define JANSSON_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* text as one document; rc of the load (and finish); *dump its text. */
static int load(const char *text, sg_jdoc_keep_fn keep, char **dump)
{
	size_t len = strlen(text);
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *v;
	int rc = sg_jstream_open_buffer(&js, "t.json", text, len);

	if (dump)
		*dump = NULL;
	if (rc < 0)
		return rc;
	assert_int_equal(sg_jdoc_new(&doc), 0);
	rc = sg_js_load_doc(js, doc, keep, NULL, &v);
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

/* Read the same as jansson: accepted by both, and the same text out. */
static void same_as_jansson(const char *text)
{
	json_error_t err;
	json_t *j = json_loadb(text, strlen(text), JANSSON_FLAGS, &err);
	char *ours, *theirs;

	assert_non_null(j);
	theirs = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	assert_int_equal(load(text, NULL, &ours), 0);
	assert_string_equal(ours, theirs);
	free(ours);
	free(theirs);
	json_decref(j);
}

/* Refused by both, and our message says why. */
static void refused(const char *text, const char *why)
{
	json_error_t err;
	json_t *j = json_loadb(text, strlen(text), JANSSON_FLAGS, &err);

	assert_null(j);
	assert_int_equal(load(text, NULL, NULL), SG_EINPUT);
	if (!strstr(sg_error_message(), why))
		fail_msg("'%s': '%s' lacks '%s'", text, sg_error_message(),
			 why);
	assert_non_null(strstr(sg_error_message(), "t.json:"));
}

static void test_jsondoc__reads_values_as_jansson_does(void **state)
{
	(void)state;
	same_as_jansson("{\"a\": [1, -2, 3.5, true, false, null, \"s\"], "
			"\"b\": {\"c\": {}}, \"d\": []}");
	same_as_jansson("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\\u0001\\u001f\"");
	same_as_jansson("\"\\u00e9\\u20ac\\ud83d\\ude00 caf\xc3\xa9 \x7f\"");
	same_as_jansson("[\"nul\\u0000inside\"]");
	same_as_jansson("[0, -0, -0.0, 9223372036854775807, "
			"-9223372036854775808]");
	same_as_jansson("[1e20, 1E-5, 0.1, 100.0, 1.5e300, 2.5e-320, 1e-400, "
			"123456789012345678901234567890.0, 1e+2]");
	same_as_jansson("  42  ");
	same_as_jansson("{\"k\": \"v\", \"\\u006b2\": 1}");
}

static void test_jsondoc__looks_members_up_by_key(void **state)
{
	struct sg_jstream *js;
	struct sg_jdoc *doc;
	const struct sg_jval *v, *a;
	const char *text = "{\"s\": \"x\\u0000y\", \"a\": [10, {\"k\": 2}], "
			   "\"n\": null}";

	(void)state;
	assert_int_equal(sg_jstream_open_buffer(&js, "t.json", text,
						strlen(text)),
			 0);
	assert_int_equal(sg_jdoc_new(&doc), 0);
	assert_int_equal(sg_js_load_doc(js, doc, NULL, NULL, &v), 0);
	assert_int_equal(sg_jv_size(v), 3);
	assert_int_equal(sg_jv_get(v, "s")->n, 3);
	assert_memory_equal(sg_jv_string(sg_jv_get(v, "s")), "x\0y", 4);
	a = sg_jv_get(v, "a");
	assert_int_equal(sg_jv_size(a), 2);
	assert_int_equal(sg_jv_at(a, 0)->u.integer, 10);
	assert_int_equal(sg_jv_get(sg_jv_at(a, 1), "k")->u.integer, 2);
	assert_null(sg_jv_at(a, 2));
	assert_true(sg_jv_is_null(sg_jv_get(v, "n")));
	assert_null(sg_jv_get(v, "missing"));
	assert_null(sg_jv_get(a, "s"));   /* not an object */
	assert_null(sg_jv_get(NULL, "s"));
	assert_null(sg_jv_string(a));
	assert_int_equal(sg_jv_size(sg_jv_get(v, "s")), 0);
	/* Offsets point into the input, for errors. */
	assert_int_equal(sg_jdoc_offset(doc, sg_jv_get(v, "n")),
			 (uint64_t)(strstr(text, "null") - text));
	sg_jdoc_free(doc);
	sg_jstream_free(js);
}

static bool keep_a(const char *key, size_t len, void *arg)
{
	(void)arg;
	return len == 1 && key[0] == 'a';
}

static void test_jsondoc__checks_members_it_does_not_keep(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(
		load("{\"b\": [1, {\"x\": \"y\"}], \"a\": 1, \"c\": 2}",
		     keep_a, &out),
		0);
	assert_string_equal(out, "{\"a\":1}");
	free(out);
	/* What is not kept is as strict as what is. */
	assert_int_equal(load("{\"a\": 1, \"b\": {\"k\": 1, \"k\": 2}}",
			      keep_a, NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "duplicate key"));
	assert_int_equal(load("{\"b\": \"\xff\", \"a\": 1}", keep_a, NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "UTF-8"));
	assert_int_equal(load("{\"b\": \"\\ud800\", \"a\": 1}", keep_a,
			      NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "surrogate"));
	assert_int_equal(load("{\"b\": [1 2], \"a\": 1}", keep_a, NULL),
			 SG_EINPUT);
	/* A skipped key and a kept one are the same key. */
	assert_int_equal(load("{\"a\": 1, \"\\u0061\": 2}", keep_a, NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "duplicate key"));
}

static void test_jsondoc__refuses_what_jansson_refuses(void **state)
{
	(void)state;
	refused("{\"a\": 1, \"a\": 2}", "duplicate key");
	/* The key is never quoted: it may be a secret. */
	assert_null(strstr(sg_error_message(), "'a'"));
	refused("{\"k\": 1, \"\\u006b\": 2}", "duplicate key");
	refused("[1,]", "trailing comma");
	refused("{\"a\": 1,}", "trailing comma");
	refused("[1 2]", "expected ','");
	refused("{\"a\" 1}", "expected ':'");
	refused("{1: 2}", "expected a string key");
	refused("[tru]", "invalid token");
	refused("[nul", "truncated");
	refused("[01]", "expected ','");
	refused("[1.]", "invalid token");
	refused("[1e]", "invalid token");
	refused("[-]", "invalid token");
	refused("[+1]", "invalid token");
	refused("[.5]", "invalid token");
	refused("[9223372036854775808]", "too big integer");
	refused("[-9223372036854775809]", "too big negative integer");
	refused("[1e400]", "real number overflow");
	refused("[-1e400]", "real number overflow");
	refused("[\"tab\there\"]", "control character");
	refused("[\"\xc0\xaf\"]", "invalid UTF-8");
	refused("[\"\xed\xa0\x80\"]", "invalid UTF-8");
	refused("[\"\xf4\x90\x80\x80\"]", "invalid UTF-8");
	refused("[\"\\x\"]", "invalid escape");
	refused("[\"\\u12g4\"]", "invalid \\u escape");
	refused("[\"\\udc00\"]", "lone surrogate");
	refused("[\"\\ud800\\u0041\"]", "lone surrogate");
	refused("[\"\\ud800x\"]", "lone surrogate");
	refused("[\"\\ud800\"]", "lone surrogate");
	refused("{\"k\\u0000\": 1}", "NUL byte");
	refused("[1, 2", "truncated");
	refused("{\"a\": \"unterminated", "truncated");
	refused("[\"\\ud800", "truncated");
	refused("[\x01]", "invalid token");
}

/* Objects past the pairwise check are sorted: a late duplicate is found. */
static void test_jsondoc__finds_duplicates_in_large_objects(void **state)
{
	char text[4096];
	size_t n = 0;

	(void)state;
	n += (size_t)sprintf(text + n, "{");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(text + n, "%s\"k%d\": %d", i ? ",\n" : "",
				     i, i);
	n += (size_t)sprintf(text + n, "}");
	same_as_jansson(text);
	/* The same with k7 again on line 101. */
	n -= 1;
	n += (size_t)sprintf(text + n, ",\n\"k7\": 0}");
	assert_int_equal(load(text, NULL, NULL), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "t.json:101:"));
	assert_non_null(strstr(sg_error_message(), "duplicate key"));
}

static void test_jsondoc__error_positions_name_line_and_column(void **state)
{
	(void)state;
	assert_int_equal(load("{\n  \"a\": [\n    1,\n    tru\n  ]\n}", NULL,
			      NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "t.json:4:5: invalid token"));
	assert_int_equal(load("{\"b\": 1,\n \"b\": 2}", NULL, NULL),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "t.json:2:2: duplicate"));
}

/* The cap counts the stream's open levels and the document's alike. */
static void test_jsondoc__depth_is_shared_with_the_stream(void **state)
{
	size_t n = 2 * SG_JS_MAX_DEPTH + 16;
	char *text = malloc(n);
	struct sg_jstream *js;
	struct sg_jdoc *doc;
	const struct sg_jval *v;

	(void)state;
	assert_int_equal(sg_jdoc_new(&doc), 0);
	for (int outer = 1; outer <= 2; outer++) {
		/* outer stream levels, then the rest in the document */
		for (int total = SG_JS_MAX_DEPTH; total <= SG_JS_MAX_DEPTH + 1;
		     total++) {
			memset(text, '[', (size_t)total);
			memset(text + total, ']', (size_t)total);
			assert_int_equal(sg_jstream_open_buffer(
						 &js, "t.json", text,
						 2 * (size_t)total),
					 0);
			for (int i = 0; i < outer; i++) {
				assert_int_equal(sg_js_begin_array(js), 0);
				assert_int_equal(sg_js_next_item(js), 1);
			}
			int rc = sg_js_load_doc(js, doc, NULL, NULL, &v);

			if (total == SG_JS_MAX_DEPTH) {
				assert_int_equal(rc, 0);
			} else {
				assert_int_equal(rc, SG_EINPUT);
				assert_non_null(strstr(sg_error_message(),
						       "nesting deeper than"));
			}
			sg_jstream_free(js);
		}
	}
	sg_jdoc_free(doc);
	free(text);
}

/* Values straddling the 4 MiB window edge, and one larger than it. */
static void test_jsondoc__loads_across_window_edges(void **state)
{
	const size_t count = 60000, big = (size_t)9 << 20;
	size_t cap = count * 200 + big + 64, len = 0;
	char *text = malloc(cap);
	struct sg_jstream *js;
	struct sg_jdoc *doc;
	const struct sg_jval *v;
	size_t seen = 0;

	(void)state;
	len += (size_t)sprintf(text + len, "[");
	for (size_t i = 0; i < count; i++)
		len += (size_t)sprintf(text + len,
				       "%s{\"id\": %zu, \"s\": \"x\\\\y\\u00e9"
				       "%0*d\", \"n\": %zu.5}",
				       i ? ",\n" : "", i, (int)(i % 97), 0, i);
	len += (size_t)sprintf(text + len, ",\n{\"id\": %zu, \"s\": \"", count);
	memset(text + len, 'z', big);
	len += big;
	len += (size_t)sprintf(text + len, "\", \"n\": 0.5}]");
	const char *path = write_temp(text, len);
	assert_non_null(path);
	assert_int_equal(sg_jstream_open(&js, path, 0), 0);
	assert_int_equal(sg_jdoc_new(&doc), 0);
	assert_int_equal(sg_js_begin_array(js), 0);
	while (sg_js_next_item(js) == 1) {
		assert_int_equal(sg_js_load_doc(js, doc, NULL, NULL, &v), 0);
		assert_int_equal(sg_jv_get(v, "id")->u.integer, (int64_t)seen);
		assert_true(sg_jv_get(v, "n")->u.real ==
			    (seen == count ? 0.5 : (double)seen + 0.5));
		assert_int_equal(sg_jv_get(v, "s")->n,
				 seen == count ? big
					       : 5 + (seen % 97 ? seen % 97 : 1));
		seen++;
	}
	assert_int_equal(seen, count + 1);
	assert_int_equal(sg_js_finish(js), 0);
	sg_jdoc_free(doc);
	sg_jstream_free(js);
	unlink(path);
	free(text);
}

static void test_jsondoc__writes_what_json_dumps_writes(void **state)
{
	static const char *const strings[] = {
		"plain", "", "q\"b\\s/", "\b\f\n\r\t\x01\x1f\x7f",
		"caf\xc3\xa9 \xf0\x9f\x98\x80",
	};
	static const double reals[] = {0.0,   -0.0,	 1.0,	100.0,	0.1,
				       1e20,  1e-5,	 1e300, 2.5e-320, -3.75,
				       1e16,  123456.75, 1e17};
	struct sg_jbuf b;

	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		json_t *s = json_string(strings[i]);
		char *want = json_dumps(s, JSON_ENCODE_ANY);

		sg_jbuf_init(&b);
		sg_jbuf_string(&b, strings[i], strlen(strings[i]));
		assert_string_equal(b.data, want);
		sg_jbuf_release(&b);
		free(want);
		json_decref(s);
	}
	{
		static const int64_t ints[] = {0, 7, -1, 10, 1234567890,
					       INT64_MAX, INT64_MIN};

		sg_jbuf_init(&b);
		for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
			sg_jbuf_integer(&b, ints[i]);
			sg_jbuf_add(&b, ",", 1);
		}
		assert_string_equal(b.data, "0,7,-1,10,1234567890,"
					    "9223372036854775807,"
					    "-9223372036854775808,");
		sg_jbuf_release(&b);
	}
	{
		/* The unsigned writer behind it, at its widest. */
		char text[SG_DECIMAL_MAX + 1];

		*sg_put_decimal(text, UINT64_MAX) = '\0';
		assert_string_equal(text, "18446744073709551615");
		*sg_put_decimal(text, 0) = '\0';
		assert_string_equal(text, "0");
	}
	sg_jbuf_init(&b);
	sg_jbuf_string(&b, "a\0b", 3);
	assert_string_equal(b.data, "\"a\\u0000b\"");
	sg_jbuf_release(&b);
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		json_t *r = json_real(reals[i]);
		char *want = json_dumps(r, JSON_ENCODE_ANY);

		sg_jbuf_init(&b);
		sg_jbuf_real(&b, reals[i]);
		assert_string_equal(b.data, want);
		sg_jbuf_release(&b);
		free(want);
		json_decref(r);
	}
}

/*
 * {"pad": "<pad bytes>", "v": <value>} read from a file, every member
 * skipped, with the value early in the first window (where 0), across
 * its end (1: sg_js_skip goes token by token) or after it (2). Each
 * place must judge it alike.
 */
static int skip_all(int where, const char *value)
{
	const size_t window = (size_t)4 << 20, head = 19; /* {"pad": "...", "v": */
	size_t n = strlen(value);
	size_t pad = where == 0 ? 16
		     : where == 1 ? window - head - n / 2
				  : window + 64;
	size_t len = pad + n + 32;
	char *text = malloc(len);
	struct sg_jstream *js;
	char key[SG_JS_KEY_MAX];
	int rc;

	len = (size_t)sprintf(text, "{\"pad\": \"");
	memset(text + len, 'p', pad);
	len += pad;
	len += (size_t)sprintf(text + len, "\", \"v\": %s}", value);
	const char *path = write_temp(text, len);
	assert_non_null(path);
	assert_int_equal(sg_jstream_open(&js, path, 0), 0);
	rc = sg_js_begin_object(js);
	while (rc >= 0 && (rc = sg_js_next_key(js, key)) == 1)
		rc = sg_js_skip(js);
	if (rc >= 0)
		rc = sg_js_finish(js);
	sg_jstream_free(js);
	unlink(path);
	free(text);
	return rc;
}

static void test_jsonstream__skip_judges_alike_across_the_window_edge(
	void **state)
{
	const char *big = "{\"a\": [1, 2.5, true, null, {\"b\": \"\\u00e9\"}], "
			  "\"c\": {\"d\": {\"e\": [\"x\", \"y\", -3e5]}}}";
	char *deep = malloc(2 * SG_JS_MAX_DEPTH + 8);

	(void)state;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(skip_all(i, big), 0);
		assert_int_equal(skip_all(i, "{\"a\": {\"k\": 1, \"j\": 2, "
						   "\"k\": 3}}"),
				 SG_EINPUT);
		assert_non_null(strstr(sg_error_message(), "duplicate key"));
		assert_int_equal(skip_all(i, "[{\"k\\u0000\": 1}]"),
				 SG_EINPUT);
		assert_non_null(strstr(sg_error_message(), "NUL byte"));
		assert_int_equal(skip_all(i, "[\"\\ud800\"]"), SG_EINPUT);
		assert_non_null(strstr(sg_error_message(), "surrogate"));
		assert_int_equal(skip_all(i, "[1, 99999999999999999999]"),
				 SG_EINPUT);
		assert_int_equal(skip_all(i, "[1, tru]"), SG_EINPUT);
		/* The top object is one level: 511 more fit, 512 do not. */
		for (int levels = SG_JS_MAX_DEPTH - 1; levels <= SG_JS_MAX_DEPTH;
		     levels++) {
			memset(deep, '[', (size_t)levels);
			memset(deep + levels, ']', (size_t)levels);
			deep[2 * levels] = '\0';
			assert_int_equal(skip_all(i, deep),
					 levels < SG_JS_MAX_DEPTH ? 0 : SG_EINPUT);
		}
	}
	free(deep);
}

/* A NUL byte after the document is data, not the end of the input. */
static void test_jsonstream__finish_refuses_a_nul_byte_after_the_value(
	void **state)
{
	struct sg_jstream *js;
	struct sg_jdoc *doc;
	const struct sg_jval *v;

	(void)state;
	assert_int_equal(sg_jstream_open_buffer(&js, "t.json", "{} \0{}", 6),
			 0);
	assert_int_equal(sg_jdoc_new(&doc), 0);
	assert_int_equal(sg_js_load_doc(js, doc, NULL, NULL, &v), 0);
	assert_int_equal(sg_js_finish(js), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "after the end"));
	sg_jdoc_free(doc);
	sg_jstream_free(js);
}

/* ---- the fast paths of the SARIF ingest (issue 16) ---- */

/*
 * Every indentation from 0 to 40 spaces (the word-at-a-time count and
 * its byte tail), with tabs and CRs mixed in, read as jansson reads it;
 * a bad token after k spaces is reported at column k + 1.
 */
static void test_jsondoc__fast_white_space_of_every_width(void **state)
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
		refused(text, want);
		/* White space up to the end of the input, past the value. */
		snprintf(text, sizeof(text), "[1]\n%*s", k, "");
		same_as_jansson(text);
		/* A tab inside the indentation stops the word count. */
		snprintf(text, sizeof(text), "[\n%*s\t  1]", k, "");
		same_as_jansson(text);
	}
	/* Indentation cut by the end of the input: truncated. */
	refused("[\n            ", "t.json:1:1: unexpected end of input");
}

/* Only numbers past 18 digits can overflow int64: the edge, exactly. */
static void test_jsondoc__fast_integers_at_the_int64_edge(void **state)
{
	(void)state;
	same_as_jansson("[999999999999999999, -999999999999999999]");
	same_as_jansson("[1000000000000000000, -1000000000000000000]");
	same_as_jansson("[9223372036854775807, -9223372036854775808]");
	same_as_jansson("[9223372036854775799, 0, -0, 7]");
	refused("[9223372036854775808]", "t.json:1:2: too big integer");
	refused("[9300000000000000000]", "too big integer");
	refused("[-9223372036854775809]",
		     "t.json:1:2: too big negative integer");
	refused("[99999999999999999999]", "too big integer");
	refused("[12345678901234567890123]", "too big integer");
	/* Short integers take a quicker path: its edges, read alike. */
	same_as_jansson("[0, 7, 10, 123456789012345678, 1234567890123456789]");
	same_as_jansson("[0.5, 1e5, 2E-3, 10.0, 0e1, -0, -7, 3]");
	same_as_jansson("{\"a\":1,\"b\":22}");
	same_as_jansson("5");
	same_as_jansson("12345678901234567");
	refused("[01]", "expected ',' or ']'");
	refused("[1.]", "invalid token");
	refused("[12x]", "expected ',' or ']'");
	refused("[123", "unexpected end of input");
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

static void test_jsondoc__fast_duplicate_keys_small_and_large(
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
		refused(text, want);
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
static void test_jsondoc__fast_strings_read_at_every_offset(void **state)
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
					refused(text, specials[k].error);
				else
					same_as_jansson(text);
				snprintf(text, sizeof(text), "{\"%.*s%s%.*s\": 1}",
					 at, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
					 specials[k].text, len - at - 1,
					 "0123456789012345678901234567890123456789");
				if (specials[k].error)
					refused(text, specials[k].error);
				else
					same_as_jansson(text);
			}
		}
	}
}

/* Keys that share a first byte or a length are told apart. */
static void test_jsondoc__fast_lookup_by_key(void **state)
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
static void test_jsondoc__fast_strings_written_as_jansson_does(
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
static void test_jsondoc__fast_interning_tells_strings_apart(
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
		cmocka_unit_test(test_jsondoc__reads_values_as_jansson_does),
		cmocka_unit_test(test_jsondoc__looks_members_up_by_key),
		cmocka_unit_test(test_jsondoc__checks_members_it_does_not_keep),
		cmocka_unit_test(test_jsondoc__refuses_what_jansson_refuses),
		cmocka_unit_test(test_jsondoc__finds_duplicates_in_large_objects),
		cmocka_unit_test(test_jsondoc__error_positions_name_line_and_column),
		cmocka_unit_test(test_jsondoc__depth_is_shared_with_the_stream),
		cmocka_unit_test(test_jsondoc__loads_across_window_edges),
		cmocka_unit_test(test_jsondoc__writes_what_json_dumps_writes),
		cmocka_unit_test(
			test_jsonstream__finish_refuses_a_nul_byte_after_the_value),
		cmocka_unit_test(
			test_jsonstream__skip_judges_alike_across_the_window_edge),
		cmocka_unit_test(test_jsondoc__fast_white_space_of_every_width),
		cmocka_unit_test(test_jsondoc__fast_integers_at_the_int64_edge),
		cmocka_unit_test(test_jsondoc__fast_duplicate_keys_small_and_large),
		cmocka_unit_test(test_jsondoc__fast_strings_read_at_every_offset),
		cmocka_unit_test(test_jsondoc__fast_lookup_by_key),
		cmocka_unit_test(test_jsondoc__fast_strings_written_as_jansson_does),
		cmocka_unit_test(test_jsondoc__fast_interning_tells_strings_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
