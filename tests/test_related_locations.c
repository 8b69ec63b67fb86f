/*
 * sg_related_locations (src/report/related_locations.c) reads the
 * related locations out of a finding's extras with the text scanner of
 * sarif_extras.c. The reference here is how it read them before, with
 * the document reader (jsondoc.h): over extras written by jansson as the
 * adapter writes them, including hostile ones (escaped and non-ASCII
 * strings, lines that are no positive 32-bit integer, members missing or
 * of the wrong type, the key inside a string, more than max), both must
 * report the same locations in the same order and the same count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "related_locations.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonstream.h"
#include "strbuf.h"
#include "test_util.h"

/* ---- the reference: the document reader, as the code read it ---- */

static size_t ref_related(const struct sg_finding *f, size_t max,
			  sg_related_fn fn, void *arg)
{
	const char *key, *end;
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *list = NULL;
	size_t n = 0;

	if (!sg_finding_sarif_extras(f) || f->kind == SG_KIND_SECRET)
		return 0;
	key = sg_finding_sarif_extras(f);
	while ((key = strstr(key, "\"relatedLocations\":")) &&
	       key[-1] != '{' && key[-1] != ',')
		key++;
	if (!key)
		return 0;
	key += strlen("\"relatedLocations\":");
	end = key + strlen(key);
	if (sg_jstream_open_buffer(&js, "sarif_extras", key,
				   (size_t)(end - key)) < 0 ||
	    sg_jdoc_new(&doc) < 0 ||
	    sg_js_load_doc(js, doc, NULL, NULL, &list) < 0)
		list = NULL;
	n = sg_jv_is(list, SG_JARRAY) ? sg_jv_size(list) : 0;
	for (size_t i = 0; i < n && i < max; i++) {
		const struct sg_jval *loc = sg_jv_at(list, i);
		const struct sg_jval *phys = sg_jv_get(loc, "physicalLocation");
		const struct sg_jval *line =
		    sg_jv_get(sg_jv_get(phys, "region"), "startLine");
		int64_t l = sg_jv_is(line, SG_JINTEGER) ? line->u.integer : 0;

		fn(arg,
		   sg_jv_string(sg_jv_get(sg_jv_get(phys, "artifactLocation"),
					  "uri")),
		   l > 0 && l <= UINT32_MAX ? (uint32_t)l : 0,
		   sg_jv_string(sg_jv_get(sg_jv_get(loc, "message"), "text")));
	}
	sg_jdoc_free(doc);
	sg_jstream_free(js);
	return n;
}

/* Each call as a line: "path|line|message" (NULL as "<null>"). */
static void record(void *arg, const char *path, uint32_t line,
		   const char *message)
{
	struct sg_strbuf *b = arg;

	sg_strbuf_addf(b, "%s|%u|%s\n", path ? path : "<null>",
		       (unsigned)line, message ? message : "<null>");
}

/* Both readers over extras, for several max values: the same calls. */
static void expect_same(const char *extras, enum sg_kind kind)
{
	struct sg_findings set;
	struct sg_finding *f;

	sg_findings_init(&set);
	f = sg_findings_append(&set);
	assert_non_null(f);
	assert_int_equal(
	    sg_finding_set_sarif_extras(&set, f, extras, strlen(extras)), 0);
	f->kind = kind;
	for (size_t max = 0; max <= 12; max += 3) {
		struct sg_strbuf ours = {0}, theirs = {0};
		size_t n_ours = sg_related_locations(f, max, record, &ours);
		size_t n_theirs = ref_related(f, max, record, &theirs);

		if (n_ours != n_theirs ||
		    strcmp(ours.data ? ours.data : "",
			   theirs.data ? theirs.data : "")) {
			fprintf(stderr,
				"extras: %s\nmax %zu\nours (%zu):\n%s\n"
				"the document reader (%zu):\n%s\n",
				extras, max, n_ours,
				ours.data ? ours.data : "", n_theirs,
				theirs.data ? theirs.data : "");
			fail_msg("related locations differ");
		}
		sg_strbuf_release(&ours);
		sg_strbuf_release(&theirs);
	}
	sg_findings_release(&set);
}

static void expect_same_json(json_t *extras)
{
	char *text = json_dumps(extras, JSON_COMPACT);

	assert_non_null(text);
	expect_same(text, SG_KIND_CODE);
	free(text);
	json_decref(extras);
}

static void test_related_locations__hand_written(void **state)
{
	(void)state;
	expect_same("{}", SG_KIND_CODE);
	expect_same("{\"relatedLocations\":[]}", SG_KIND_CODE);
	expect_same("{\"relatedLocations\":[{\"id\":1,\"physicalLocation\":{"
		    "\"artifactLocation\":{\"uri\":\"src/a.c\"},\"region\":{"
		    "\"startLine\":12}},\"message\":{\"text\":\"here\"}}]}",
		    SG_KIND_CODE);
	/* A secret's places are never listed. */
	expect_same("{\"relatedLocations\":[{\"physicalLocation\":{"
		    "\"artifactLocation\":{\"uri\":\"k.env\"}}}]}",
		    SG_KIND_SECRET);
	/* The key inside a string first (escaped quotes), then the real. */
	expect_same("{\"codeFlows\":[{\"message\":{\"text\":\"see "
		    "\\\"relatedLocations\\\":[1]\"}}],\"relatedLocations\":"
		    "[{\"message\":{\"text\":\"real\"}}]}",
		    SG_KIND_CODE);
	/* Only inside a string: none. */
	expect_same("{\"codeFlows\":[{\"message\":{\"text\":\"x "
		    "\\\"relatedLocations\\\":[{}]\"}}]}",
		    SG_KIND_CODE);
	/* Not an array; elements that are no objects. */
	expect_same("{\"relatedLocations\":{\"a\":1}}", SG_KIND_CODE);
	expect_same("{\"relatedLocations\":[1,\"x\",null,[],{}]}",
		    SG_KIND_CODE);
	/*
	 * Lines: zero, negative, too large, fractions, exponents, text.
	 * (Beyond 64 bits cannot reach the extras: ingest rejects the
	 * report, "too big integer".)
	 */
	expect_same("{\"relatedLocations\":["
		    "{\"physicalLocation\":{\"region\":{\"startLine\":0}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":-5}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":"
		    "4294967295}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":"
		    "4294967296}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":3.0}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":1e3}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":\"7\"}}},"
		    "{\"physicalLocation\":{\"region\":{\"startLine\":true}}}"
		    "]}",
		    SG_KIND_CODE);
	/* Escapes and non-ASCII in paths and messages. */
	expect_same("{\"relatedLocations\":[{\"physicalLocation\":{"
		    "\"artifactLocation\":{\"uri\":\"a \\\"b\\\"\\\\c\\/d "
		    "\\u00e9\\ud83d\\udd11\"}},\"message\":{\"text\":"
		    "\"line\\nnext\\ttab caf\xC3\xA9\"}}]}",
		    SG_KIND_CODE);
	/* Members of the wrong type. */
	expect_same("{\"relatedLocations\":[{\"physicalLocation\":\"x\","
		    "\"message\":\"text\"},{\"physicalLocation\":{"
		    "\"artifactLocation\":{\"uri\":5}},\"message\":{\"text\":"
		    "[\"a\"]}}]}",
		    SG_KIND_CODE);
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 17, *x ^= *x << 5;
	return *x;
}

/* A string of hostile pieces (valid UTF-8: jansson's output is). */
static json_t *random_string(uint32_t *x)
{
	static const char *const pieces[] = {
	    "a", "/", "\"", "\\", "\n", "\t", "\x01", "caf\xC3\xA9",
	    "\xF0\x9F\x94\x91", "relatedLocations", "\":[", "]}", " ", ","};
	char text[128] = "";
	size_t n = next(x) % 12;

	for (size_t i = 0; i < n; i++)
		strcat(text, pieces[next(x) % (sizeof(pieces) /
					       sizeof(pieces[0]))]);
	return json_string(text);
}

static json_t *random_line(uint32_t *x)
{
	switch (next(x) % 8) {
	case 0: return json_integer(0);
	case 1: return json_integer(-(json_int_t)(next(x) % 100));
	case 2: return json_integer((json_int_t)UINT32_MAX + (next(x) % 3));
	case 3: return json_real(4.0);
	case 4: return json_string("9");
	default: return json_integer(1 + next(x) % 100000);
	}
}

/* Random related locations, each member present or not. */
static json_t *random_location(uint32_t *x)
{
	json_t *loc, *phys;

	if (next(x) % 8 == 0)
		return json_integer(next(x) % 10);
	loc = json_object();
	phys = json_object();
	if (next(x) % 2)
		json_object_set_new(loc, "id", json_integer(next(x) % 50));
	if (next(x) % 6) {
		if (next(x) % 5) {
			json_t *a = json_object();

			json_object_set_new(a, "uri", next(x) % 7
						  ? random_string(x)
						  : json_null());
			json_object_set_new(phys, "artifactLocation", a);
		}
		if (next(x) % 4) {
			json_t *r = json_object();

			json_object_set_new(r, "startLine", random_line(x));
			if (next(x) % 2)
				json_object_set_new(r, "startColumn",
						    json_integer(4));
			json_object_set_new(phys, "region", r);
		}
		json_object_set_new(loc, "physicalLocation", phys);
	} else {
		json_decref(phys);
	}
	if (next(x) % 3) {
		json_t *m = json_object();

		json_object_set_new(m, "text", random_string(x));
		json_object_set_new(loc, "message", m);
	}
	return loc;
}

static void test_related_locations__generated(void **state)
{
	uint32_t x = 88172645u;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		json_t *extras = json_object(), *list = json_array();
		size_t n = next(&x) % 16;

		/* Code flows first sometimes: the adapter's member order. */
		if (next(&x) % 2) {
			json_t *flows = json_array();

			json_array_append_new(flows, random_location(&x));
			json_object_set_new(extras, "codeFlows", flows);
		}
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, random_location(&x));
		json_object_set_new(extras, "relatedLocations", list);
		if (next(&x) % 2)
			json_object_set_new(extras, "logicalLocations",
					    json_array());
		expect_same_json(extras);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_related_locations__hand_written),
	    cmocka_unit_test(test_related_locations__generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
