/*
 * Tests for splicing a finding's sarif_extras into the SARIF report
 * (src/report/sarif_extras.c) and for the shared JSON writer
 * (src/report/json_out.c): each output is compared byte for byte with
 * what jansson writes the old way (json_loads the extras, rewrite each
 * artifactLocation, json_dumps JSON_COMPACT) over tricky extras.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "ingest.h"
#include "json_out.h"
#include "report_sarif.h"
#include "sarif_extras.h"
#include "test_util.h"

/* ---- the reference: the old way, through jansson ---- */

/* The artifactLocation the test's rewrite gives a path. */
static json_t *ref_artifact(const char *path)
{
	json_t *o = json_object();

	json_object_set_new(o, "uri", json_string(path));
	json_object_set_new(o, "uriBaseId", json_string("%SRCROOT%"));
	return o;
}

/* What the SARIF writer's extra_uri did to one location. */
static void ref_extra_uri(json_t *loc)
{
	json_t *phys = json_object_get(loc, "physicalLocation");
	const char *path = json_string_value(json_object_get(
	    json_object_get(phys, "artifactLocation"), "uri"));

	if (!phys)
		return;
	if (!path)
		json_object_del(loc, "physicalLocation");
	else
		json_object_set_new(phys, "artifactLocation",
				    ref_artifact(path));
}

static void ref_list(json_t *list)
{
	json_t *loc;
	size_t i;

	json_array_foreach(list, i, loc)
		ref_extra_uri(loc);
}

/* The extras loaded and rewritten as the writer did before (new). */
static json_t *ref_rewritten(const char *extras)
{
	json_t *o = json_loads(extras, 0, NULL), *cf, *tf, *tfl;
	size_t i, j, k;

	assert_non_null(o);
	ref_list(json_object_get(o, "locations"));
	ref_list(json_object_get(o, "relatedLocations"));
	json_array_foreach(json_object_get(o, "codeFlows"), i, cf) {
		json_array_foreach(json_object_get(cf, "threadFlows"), j, tf) {
			json_array_foreach(json_object_get(tf, "locations"), k,
					   tfl) {
				ref_extra_uri(json_object_get(tfl, "location"));
			}
		}
	}
	return o;
}

static char *dump_compact(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(s);
	return s;
}

/* ---- the splice, with the same rewrite ---- */

static void test_artifact(struct sg_json_out *out, const char *path,
			  void *arg)
{
	size_t *calls = arg;

	(*calls)++;
	sg_json_out_puts(out, "{\"uri\":");
	sg_json_out_string(out, path, SG_JSON_OUT_UTF8);
	sg_json_out_puts(out, ",\"uriBaseId\":\"%SRCROOT%\"}");
}

/* The value spliced, as a new string. */
static char *spliced(const struct sg_sarif_extras_value *v)
{
	struct sg_json_out out = {0};
	size_t calls = 0;
	char *s;

	sg_sarif_extras_copy(&out, v->text, v->len, test_artifact, &calls);
	assert_false(out.failed);
	s = strndup(out.data ? out.data : "", out.len);
	sg_json_out_release(&out);
	return s;
}

/*
 * The extras as the adapter writes them: json_dumps(JSON_COMPACT) of the
 * cleaned object, built here from JSON text (new).
 */
static char *adapter_extras(const char *json)
{
	json_error_t err;
	json_t *o = json_loads(json, 0, &err);
	char *s;

	if (!o)
		fprintf(stderr, "test input: %s at %d\n", err.text,
			err.position);
	assert_non_null(o);
	s = dump_compact(o);
	json_decref(o);
	return s;
}

/* Each member spliced equals the reference's member dumped. */
static void assert_splice_matches_reference(const char *extras)
{
	static const char *const members[] = {"locations", "relatedLocations",
					      "codeFlows", "logicalLocations"};
	struct sg_sarif_extras x;
	const struct sg_sarif_extras_value *views[4];
	json_t *ref = ref_rewritten(extras);

	assert_int_equal(sg_sarif_extras_split(&x, extras), 0);
	views[0] = &x.locations;
	views[1] = &x.related;
	views[2] = &x.code_flows;
	views[3] = &x.logicals;
	for (size_t i = 0; i < 4; i++) {
		json_t *want = json_object_get(ref, members[i]);
		char *got, *expect;

		if (!want) {
			assert_null(views[i]->text);
			continue;
		}
		assert_non_null(views[i]->text);
		expect = dump_compact(want);
		if (i == 3) /* logicalLocations are copied, not rewritten */
			got = strndup(views[i]->text, views[i]->len);
		else
			got = spliced(views[i]);
		if (strcmp(got, expect) != 0)
			fprintf(stderr, "%s:\n got  %s\n want %s\n",
				members[i], got, expect);
		assert_string_equal(got, expect);
		free(got);
		free(expect);
	}
	json_decref(ref);
}

/* Extras that a string-blind scan, or a careless splice, gets wrong. */
static const char *const tricky[] = {
    /* escapes and a key's text inside messages */
    "{\"locations\":[{\"id\":1,\"message\":{\"text\":"
    "\"q \\\" bs \\\\ sl / \\\"artifactLocation\\\":{\\\"uri\\\":\\\"x\\\"}"
    " \\\"physicalLocation\\\":{\\\"artifactLocation\\\":{\\\"uri\\\":null}}"
    " end \\\\\"},\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
    "\"src/a.c\"},\"region\":{\"startLine\":3,\"endLine\":4}}}]}",
    /* non-ASCII and control characters in messages and paths */
    "{\"relatedLocations\":[{\"id\":2,\"message\":{\"text\":"
    "\"\\u00e9 \\u6f22\\u5b57 \\ud83d\\ude00 \\u0001\\u001f\\u007f\\t\\n\"},"
    "\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
    "\"d\\u00e9r/\\u0001 \\\"q\\\" \\\\b.c\"}}}]}",
    /* a physicalLocation without a uri: first, last and only member */
    "{\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
    "{\"uri\":null},\"region\":{\"startLine\":1}}},"
    "{\"id\":3,\"message\":{\"text\":\"m\"},\"physicalLocation\":"
    "{\"artifactLocation\":{\"uri\":null}}},"
    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":null}},"
    "\"id\":4},"
    "{\"id\":5,\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
    "\"b.c\"}}}]}",
    /* nested code flows, kinds, empty arrays */
    "{\"locations\":[],\"relatedLocations\":[],\"codeFlows\":["
    "{\"message\":{\"text\":\"flow }]\"},\"threadFlows\":["
    "{\"id\":\"t1\",\"locations\":[{\"location\":{\"physicalLocation\":"
    "{\"artifactLocation\":{\"uri\":\"a/x.py\"},\"region\":"
    "{\"startLine\":1,\"startColumn\":2}}},\"nestingLevel\":0,"
    "\"executionOrder\":1,\"kinds\":[]},{\"location\":{\"message\":"
    "{\"text\":\"[\\\"{\"},\"physicalLocation\":{\"artifactLocation\":"
    "{\"uri\":null}}},\"kinds\":[\"call\",\"return\"]}]},"
    "{\"locations\":[{\"location\":{\"physicalLocation\":"
    "{\"artifactLocation\":{\"uri\":\"b/y.py\"}}}}]}]}],"
    "\"logicalLocations\":[{\"name\":\"f\",\"kind\":\"function\"}]}",
    /* logical locations only; an empty object */
    "{\"logicalLocations\":[{\"fullyQualifiedName\":\"a::b\"}]}",
    "{}",
};

static void test_sarif_extras__splice_matches_jansson(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tricky) / sizeof(tricky[0]); i++) {
		char *extras = adapter_extras(tricky[i]);

		assert_splice_matches_reference(extras);
		free(extras);
	}
}

/* The rewrite is called once per physicalLocation with a uri string. */
static void test_sarif_extras__rewrites_only_real_keys(void **state)
{
	char *extras = adapter_extras(tricky[0]);
	struct sg_sarif_extras x;
	struct sg_json_out out = {0};
	size_t calls = 0;

	(void)state;
	assert_int_equal(sg_sarif_extras_split(&x, extras), 0);
	sg_sarif_extras_copy(&out, x.locations.text, x.locations.len,
			     test_artifact, &calls);
	assert_false(out.failed);
	assert_int_equal(calls, 1);
	/* The message's look-alike text is still there, untouched. */
	sg_json_out_putc(&out, '\0');
	assert_non_null(strstr(out.data, "\\\"artifactLocation\\\":{"
					 "\\\"uri\\\":\\\"x\\\"}"));
	sg_json_out_release(&out);
	free(extras);
}

static void test_sarif_extras__related_ids(void **state)
{
	char *extras = adapter_extras(
	    "{\"locations\":[{\"id\":9}],\"relatedLocations\":[{\"id\":0},"
	    "{\"message\":{\"text\":\"\\\"id\\\":5 {\\\"id\\\":6}\"}},"
	    "{\"id\":12345678901,\"message\":{\"text\":\"m\"}},"
	    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":null}},"
	    "\"id\":7}]}");
	struct sg_sarif_extras x;
	struct sg_sarif_extras none;

	(void)state;
	memset(&none, 0, sizeof(none));
	assert_int_equal(sg_sarif_extras_split(&x, extras), 0);
	assert_true(sg_sarif_extras_has_related_id(&x, 0));
	assert_true(sg_sarif_extras_has_related_id(&x, 7));
	assert_true(sg_sarif_extras_has_related_id(&x, 12345678901LL));
	/* Not a related location's id: a message's text, another list. */
	assert_false(sg_sarif_extras_has_related_id(&x, 5));
	assert_false(sg_sarif_extras_has_related_id(&x, 6));
	assert_false(sg_sarif_extras_has_related_id(&x, 9));
	assert_false(sg_sarif_extras_has_related_id(&x, 1));
	assert_false(sg_sarif_extras_has_related_id(&none, 0));
	free(extras);
}

/* Malformed extras (a bug upstream) fail; they never read as none. */
static void test_sarif_extras__malformed_fails(void **state)
{
	static const char *const bad[] = {
	    "",
	    "[]",
	    "{\"locations\":[{\"id\":1}]",
	    "{\"locations\":[{\"id\":1}]}x",
	    "{\"locations\"}",
	    "{\"locations\":\"cut",
	    "{\"a\":1,}",
	};
	static const char *const cut_values[] = {
	    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a",
	    "{\"physicalLocation\":{\"artifactLocation\":",
	    "{\"message\":{\"text\":\"open",
	};
	struct sg_sarif_extras x;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sg_sarif_extras_split(&x, bad[i]), -1);
	for (size_t i = 0; i < sizeof(cut_values) / sizeof(cut_values[0]);
	     i++) {
		struct sg_json_out out = {0};
		size_t calls = 0;

		sg_sarif_extras_copy(&out, cut_values[i], strlen(cut_values[i]),
				     test_artifact, &calls);
		assert_true(out.failed);
		sg_json_out_release(&out);
	}
}

/* ---- through the SARIF writer, with its own artifactLocations ---- */

/* What artifact_location makes of the test's paths. */
static json_t *writer_artifact(const char *path)
{
	static const struct {
		const char *path, *json;
	} known[] = {
	    {"src/a b.c", "{\"uri\":\"src/a%20b.c\",\"uriBaseId\":\"%SRCROOT%\"}"},
	    {"/opt/x.js", "{\"uri\":\"file:///opt/x.js\"}"},
	    {"d\xc3\xa9r/\"q\".c",
	     "{\"uri\":\"d%C3%A9r/%22q%22.c\",\"uriBaseId\":\"%SRCROOT%\"}"},
	    {"https://example.com/lib.js",
	     "{\"uri\":\"https://example.com/lib.js\"}"},
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(path, known[i].path) == 0)
			return json_loads(known[i].json, 0, NULL);
	fail_msg("no expected artifactLocation for %s", path);
	return NULL;
}

static void writer_extra_uri(json_t *loc)
{
	json_t *phys = json_object_get(loc, "physicalLocation");
	const char *path = json_string_value(json_object_get(
	    json_object_get(phys, "artifactLocation"), "uri"));

	if (!phys)
		return;
	if (!path)
		json_object_del(loc, "physicalLocation");
	else
		json_object_set_new(phys, "artifactLocation",
				    writer_artifact(path));
}

/* The log of one finding with these extras (new). */
static char *log_with_extras(const char *extras, enum sg_kind kind,
			     const char *message)
{
	struct sg_findings set;
	struct sg_policy policy;
	struct sg_run_result r = {0};
	/* A SARIF input: its message links are checked. */
	struct sg_input in = {.path = "codeql.sarif"};
	struct sg_finding *f;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	in.meta.tool = "codeql";
	in.meta.sarif_tools =
	    json_loads("[{\"driver\":{\"name\":\"CodeQL\"}}]", 0, NULL);
	assert_non_null(in.meta.sarif_tools);
	sg_policy_default(&policy);
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	assert_non_null(f);
	f->tool = "codeql";
	f->rule_id = "js/xss";
	f->title = "XSS";
	f->message = message;
	f->severity = SG_SEV_HIGH;
	f->kind = kind;
	f->location.path = "web/app.js";
	f->location.start_line = f->location.end_line = 7;
	f->fingerprint = "sg1:0123";
	f->reason = "test";
	assert_int_equal(
	    sg_finding_set_sarif_extras(&set, f, extras, strlen(extras)), 0);
	r.set = &set;
	r.policy = &policy;
	r.inputs = &in;
	r.n_inputs = 1;
	assert_int_equal(sg_report_sarif_write_with(out, &r, NULL, NULL), 0);
	fclose(out);
	sg_findings_release(&set);
	json_decref(in.meta.sarif_tools);
	return buf;
}

/* "key":value of the reference, as it must appear in the log. */
static char *member_text(const char *key, const json_t *v)
{
	char *value = dump_compact(v), *s;
	size_t n = strlen(key) + strlen(value) + 8;

	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "\"%s\":%s", key, value);
	free(value);
	return s;
}

static void test_sarif_extras__writer_splices_extras(void **state)
{
	char *extras = adapter_extras(
	    "{\"locations\":[{\"id\":1,\"physicalLocation\":"
	    "{\"artifactLocation\":{\"uri\":\"src/a b.c\"},\"region\":"
	    "{\"startLine\":2}}},{\"message\":{\"text\":\"gone\"},"
	    "\"physicalLocation\":{\"artifactLocation\":{\"uri\":null}}}],"
	    "\"relatedLocations\":[{\"id\":3,\"message\":{\"text\":"
	    "\"\\\"artifactLocation\\\":{\\\"uri\\\":\\\"/etc/passwd\\\"}\"},"
	    "\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
	    "\"/opt/x.js\"}}}],\"codeFlows\":[{\"threadFlows\":[{"
	    "\"locations\":[{\"location\":{\"physicalLocation\":"
	    "{\"artifactLocation\":{\"uri\":\"d\\u00e9r/\\\"q\\\".c\"}}}},"
	    "{\"location\":{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"uri\":\"https://example.com/lib.js\"}}},\"kinds\":[]}]}]}],"
	    "\"logicalLocations\":[{\"name\":\"f\"}]}");
	json_t *ref = json_loads(extras, 0, NULL), *loc, *cf, *tf, *tfl;
	char *log, *want, *first_loc;
	size_t i, j, k;

	(void)state;
	assert_non_null(ref);
	json_array_foreach(json_object_get(ref, "locations"), i, loc)
		writer_extra_uri(loc);
	json_array_foreach(json_object_get(ref, "relatedLocations"), i, loc)
		writer_extra_uri(loc);
	json_array_foreach(json_object_get(ref, "codeFlows"), i, cf) {
		json_array_foreach(json_object_get(cf, "threadFlows"), j, tf) {
			json_array_foreach(json_object_get(tf, "locations"), k,
					   tfl) {
				writer_extra_uri(json_object_get(tfl, "location"));
			}
		}
	}
	log = log_with_extras(extras, SG_KIND_CODE,
			      "see [here](3) and [there](4)");
	/* The link to a carried related location stays; the other goes. */
	assert_non_null(strstr(log, "\"text\":\"see [here](3) and there\""));
	want = member_text("relatedLocations",
			   json_object_get(ref, "relatedLocations"));
	assert_non_null(strstr(log, want));
	free(want);
	want = member_text("codeFlows", json_object_get(ref, "codeFlows"));
	assert_non_null(strstr(log, want));
	free(want);
	/* The primary location with the logical ones, then the others. */
	want = dump_compact(json_object_get(ref, "locations"));
	first_loc = malloc(strlen(want) + 256);
	assert_non_null(first_loc);
	snprintf(first_loc, strlen(want) + 256,
		 "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
		 "{\"uri\":\"web/app.js\",\"uriBaseId\":\"%%SRCROOT%%\"},"
		 "\"region\":{\"startLine\":7,\"endLine\":7}},"
		 "\"logicalLocations\":[{\"name\":\"f\"}]},%s",
		 want + 1);
	assert_non_null(strstr(log, first_loc));
	free(first_loc);
	free(want);
	free(log);

	/* A secret's extras stay out of the report. */
	log = log_with_extras(extras, SG_KIND_SECRET, "m");
	assert_null(strstr(log, "relatedLocations"));
	assert_null(strstr(log, "codeFlows"));
	assert_null(strstr(log, "src/a%20b.c"));
	free(log);
	json_decref(ref);
	free(extras);
}

/*
 * A NUL in a producer's message (the SARIF reader keeps it) is written
 * escaped; the old re-parse refused it and failed the whole report with
 * "out of memory".
 */
static void test_sarif_extras__writer_keeps_nul_escaped(void **state)
{
	const char *extras =
	    "{\"codeFlows\":[{\"message\":{\"text\":\"fl\\u0000ow\"},"
	    "\"threadFlows\":[{\"locations\":[{\"location\":"
	    "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
	    "\"src/a b.c\"}}}}]}]}]}";
	char *log;

	(void)state;
	log = log_with_extras(extras, SG_KIND_CODE, "m");
	assert_non_null(strstr(
	    log, "\"codeFlows\":[{\"message\":{\"text\":\"fl\\u0000ow\"},"
		 "\"threadFlows\":[{\"locations\":[{\"location\":"
		 "{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
		 "\"src/a%20b.c\",\"uriBaseId\":\"%SRCROOT%\"}}}}]}]}]"));
	free(log);
}

/* Malformed extras (a bug upstream) make the report fail, not empty. */
static void test_sarif_extras__writer_fails_on_malformed(void **state)
{
	struct sg_findings set;
	struct sg_policy policy;
	struct sg_run_result r = {0};
	struct sg_finding *f;
	const char *bad;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(out);
	sg_policy_default(&policy);
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	f->tool = "codeql";
	f->rule_id = "r";
	f->severity = SG_SEV_HIGH;
	f->kind = SG_KIND_CODE;
	f->location.path = "a.c";
	f->fingerprint = "sg1:1";
	bad = "{\"relatedLocations\":[{\"id\":1}";
	assert_int_equal(sg_finding_set_sarif_extras(&set, f, bad, strlen(bad)),
			 0);
	r.set = &set;
	r.policy = &policy;
	assert_true(sg_report_sarif_write_with(out, &r, NULL, NULL) < 0);
	fclose(out);
	free(buf);
	sg_findings_release(&set);
}

/* ---- json_out: the bytes jansson writes for a string ---- */

static void assert_string_as_jansson(const char *s, size_t flags)
{
	json_t *v = json_string(s);
	char *want = json_dumps(v, flags | JSON_ENCODE_ANY);
	struct sg_json_out out = {0};

	assert_non_null(want);
	sg_json_out_string(&out, s,
			   flags & JSON_ENSURE_ASCII ? SG_JSON_OUT_ASCII
						     : SG_JSON_OUT_UTF8);
	assert_false(out.failed);
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.data, want, out.len);
	sg_json_out_release(&out);
	free(want);
	json_decref(v);
}

static void test_json_out__strings_as_jansson(void **state)
{
	static const char *const strings[] = {
	    "",
	    "plain ascii / slash",
	    "q \" bs \\ \b \f \n \r \t",
	    "\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80 \xef\xbf\xbd",
	    "\x7f del, \xe2\x80\xa8 line separator",
	};
	char controls[32];

	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		assert_string_as_jansson(strings[i], JSON_COMPACT);
		assert_string_as_jansson(strings[i], JSON_ENSURE_ASCII);
	}
	for (int c = 1; c < 32; c++)
		controls[c - 1] = (char)c;
	controls[31] = '\0';
	assert_string_as_jansson(controls, JSON_COMPACT);
	assert_string_as_jansson(controls, JSON_ENSURE_ASCII);
}

static void test_json_out__numbers_and_keys(void **state)
{
	struct sg_json_out out = {0};
	json_t *o = json_object();
	char *want;
	bool first = true;

	(void)state;
	json_object_set_new(o, "a", json_integer(0));
	json_object_set_new(o, "b", json_integer(-42));
	json_object_set_new(o, "c", json_integer(4294967295LL));
	json_object_set_new(o, "d", json_true());
	json_object_set_new(o, "e", json_null());
	json_object_set_new(o, "f", json_integer(LLONG_MIN));
	json_object_set_new(o, "g", json_integer(LLONG_MAX));
	want = json_dumps(o, JSON_COMPACT);
	sg_json_out_putc(&out, '{');
	sg_json_out_key(&out, "a", &first);
	sg_json_out_int(&out, 0);
	sg_json_out_key(&out, "b", &first);
	sg_json_out_int(&out, -42);
	sg_json_out_key(&out, "c", &first);
	sg_json_out_int(&out, 4294967295LL);
	sg_json_out_key(&out, "d", &first);
	sg_json_out_bool(&out, true);
	sg_json_out_key(&out, "e", &first);
	sg_json_out_string(&out, NULL, SG_JSON_OUT_UTF8);
	sg_json_out_key(&out, "f", &first);
	sg_json_out_int(&out, LLONG_MIN);
	sg_json_out_key(&out, "g", &first);
	sg_json_out_int(&out, LLONG_MAX);
	sg_json_out_putc(&out, '}');
	assert_int_equal(out.len, strlen(want));
	assert_memory_equal(out.data, want, out.len);
	sg_json_out_release(&out);
	free(want);
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sarif_extras__splice_matches_jansson),
	    cmocka_unit_test(test_sarif_extras__rewrites_only_real_keys),
	    cmocka_unit_test(test_sarif_extras__related_ids),
	    cmocka_unit_test(test_sarif_extras__malformed_fails),
	    cmocka_unit_test(test_sarif_extras__writer_splices_extras),
	    cmocka_unit_test(test_sarif_extras__writer_keeps_nul_escaped),
	    cmocka_unit_test(test_sarif_extras__writer_fails_on_malformed),
	    cmocka_unit_test(test_json_out__strings_as_jansson),
	    cmocka_unit_test(test_json_out__numbers_and_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
