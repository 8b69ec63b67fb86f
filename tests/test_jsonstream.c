/*
 * The streaming reader: structure walking, loading across window edges,
 * strictness (duplicates, UTF-8, trailing data, truncation, depth) and
 * error positions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secgate/error.h"
#include "secgate/jsonstream.h"
#include "test_util.h"

static struct sg_jstream *open_text(const char *text)
{
	struct sg_jstream *js = NULL;
	int rc = sg_jstream_open_buffer(&js, "t.json", text, strlen(text));

	assert_int_equal(rc, 0);
	return js;
}

static int open_error(const char *text)
{
	struct sg_jstream *js = NULL;
	int rc = sg_jstream_open_buffer(&js, "t.json", text, strlen(text));

	assert_null(js);
	return rc;
}

/* Walk {"a":[...], "b":{...}} and count what comes out. */
static int walk(const char *text, size_t *items)
{
	struct sg_jstream *js = open_text(text);
	char key[SG_JS_KEY_MAX];
	int rc;

	*items = 0;
	rc = sg_js_begin_object(js);
	while (rc >= 0 && (rc = sg_js_next_key(js, key)) == 1) {
		if (strcmp(key, "a") == 0) {
			rc = sg_js_begin_array(js);
			while (rc >= 0 && (rc = sg_js_next_item(js)) == 1) {
				json_t *v;
				rc = sg_js_load(js, &v);
				if (rc == 0) {
					(*items)++;
					json_decref(v);
				}
			}
		} else {
			rc = sg_js_skip(js);
		}
	}
	if (rc >= 0)
		rc = sg_js_finish(js);
	sg_jstream_free(js);
	return rc;
}

static void test_jsonstream__walks_objects_and_arrays(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(walk("{\"x\": {\"y\": [1, \"s\\n\", null]}, \"a\": "
			      "[{\"k\": 1}, 2, \"three\", [4]], \"z\": true}",
			      &n),
			 0);
	assert_int_equal(n, 4);
	assert_int_equal(walk("{\"a\": []}", &n), 0);
	assert_int_equal(n, 0);
}

static void test_jsonstream__rejects_bad_json(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(walk("{\"a\": [1,]}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"a\": [1] \"b\": 2}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"a\": [1], \"a\": [2]}", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "duplicate key"));
	/* The key is never quoted: it may be a secret. */
	assert_null(strstr(sg_error_message(), "'a'"));
	assert_int_equal(walk("{\"a\": [{\"k\": 1, \"k\": 2}]}", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "duplicate"));
	assert_int_equal(walk("{\"b\": {\"k\": 1, \"k\": 2}}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"a\": [1]} x", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "after the end"));
	assert_int_equal(walk("{\"a\": [1, 2", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "truncated"));
	assert_int_equal(walk("{\"b\": \"\xff\"}", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "UTF-8"));
	assert_int_equal(walk("{\"a\": [\"\xc0\xaf\"]}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"b\": \"tab\there\"}", &n), SG_EINPUT);
	/* Skipped strings are as strict as loaded ones about surrogates. */
	assert_int_equal(walk("{\"b\": \"\\ud800\"}", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "surrogate"));
	assert_int_equal(walk("{\"b\": \"\\udc00 x\"}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"b\": \"\\ud800\\u0041\"}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"b\": \"\\ud83d\\ude00\"}", &n), 0);
	assert_int_equal(walk("{\"a\": [1e99999999999]}", &n), SG_EINPUT);
	assert_int_equal(walk("{\"a\": [99999999999999999999999]}", &n),
			 SG_EINPUT);
}

static void test_jsonstream__error_positions_name_line_and_column(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(walk("{\n  \"a\": [\n    1,\n    tru\n  ]\n}", &n),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "t.json:4:"));
	/* jansson's "near '<token>'" is dropped: it could echo a secret. */
	assert_null(strstr(sg_error_message(), "near"));
	assert_int_equal(walk("{\"b\": 1,\n \"b\": 2}", &n), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "t.json:2:"));
}

static void test_jsonstream__refuses_empty_utf16_and_accepts_bom(void **state)
{
	struct sg_jstream *js = NULL;
	size_t n;

	(void)state;
	assert_int_equal(open_error(""), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "empty"));
	assert_int_equal(open_error(" \n\t \r\n"), SG_EINPUT);
	assert_int_equal(sg_jstream_open_buffer(&js, "u16", "\xff\xfe{\0}\0", 6),
			 SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "UTF-16"));
	assert_int_equal(sg_jstream_open_buffer(&js, "u16", "{\0\"\0a\0", 6),
			 SG_EINPUT);
	assert_int_equal(walk("\xef\xbb\xbf{\"a\": [1]}", &n), 0);
	assert_int_equal(n, 1);
}

static void test_jsonstream__limits_depth(void **state)
{
	char *deep = malloc(4096);
	struct sg_jstream *js;

	(void)state;
	strcpy(deep, "{\"b\": ");
	for (int i = 0; i < 1000; i++)
		strcat(deep, "[");
	js = open_text(deep);
	char key[SG_JS_KEY_MAX];
	assert_int_equal(sg_js_begin_object(js), 0);
	assert_int_equal(sg_js_next_key(js, key), 1);
	assert_int_equal(sg_js_skip(js), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "nesting"));
	sg_jstream_free(js);
	free(deep);
}

/* Values straddling the 4 MiB window edge are loaded whole, from a file. */
static void test_jsonstream__loads_across_window_edges(void **state)
{
	const size_t count = 60000;
	size_t cap = count * 200 + 64, len = 0;
	char *doc = malloc(cap);
	struct sg_jstream *js;
	char key[SG_JS_KEY_MAX];
	size_t seen = 0;

	(void)state;
	len += (size_t)sprintf(doc + len, "{\"a\": [");
	for (size_t i = 0; i < count; i++)
		len += (size_t)sprintf(doc + len,
				       "%s{\"id\": %zu, \"s\": \"x\\\\y\\u00e9"
				       "%0*d\", \"n\": %zu.5}",
				       i ? ",\n" : "", i, (int)(i % 97), 0, i);
	len += (size_t)sprintf(doc + len, "]}");
	const char *path = write_temp(doc, len);
	assert_non_null(path);
	assert_int_equal(sg_jstream_open(&js, path, 0), 0);
	assert_int_equal(sg_js_begin_object(js), 0);
	assert_int_equal(sg_js_next_key(js, key), 1);
	assert_int_equal(sg_js_begin_array(js), 0);
	while (sg_js_next_item(js) == 1) {
		json_t *v;
		assert_int_equal(sg_js_load(js, &v), 0);
		assert_int_equal(json_integer_value(json_object_get(v, "id")),
				 (json_int_t)seen);
		assert_true(json_real_value(json_object_get(v, "n")) ==
			    (double)seen + 0.5);
		seen++;
		json_decref(v);
	}
	assert_int_equal(seen, count);
	assert_int_equal(sg_js_next_key(js, key), 0);
	assert_int_equal(sg_js_finish(js), 0);
	sg_jstream_free(js);
	unlink(path);
	free(doc);
}

static void test_jsonstream__refuses_directories_fifos_and_big_files(void **state)
{
	struct sg_jstream *js = NULL;
	char fifo[] = "/tmp/secgate-fifo-XXXXXX";

	(void)state;
	assert_int_equal(sg_jstream_open(&js, "/tmp", 0), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "directory"));
	assert_non_null(mkdtemp(fifo));
	rmdir(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(sg_jstream_open(&js, fifo, 0), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "not a regular file"));
	unlink(fifo);
	const char *path = write_temp("[1, 2, 3]", 9);
	assert_int_equal(sg_jstream_open(&js, path, 4), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "input limit"));
	assert_int_equal(sg_jstream_open(&js, "/nonexistent/x.json", 0),
			 SG_EINPUT);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonstream__walks_objects_and_arrays),
		cmocka_unit_test(test_jsonstream__rejects_bad_json),
		cmocka_unit_test(test_jsonstream__error_positions_name_line_and_column),
		cmocka_unit_test(test_jsonstream__refuses_empty_utf16_and_accepts_bom),
		cmocka_unit_test(test_jsonstream__limits_depth),
		cmocka_unit_test(test_jsonstream__loads_across_window_edges),
		cmocka_unit_test(test_jsonstream__refuses_directories_fifos_and_big_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
