/*
 * The SARIF adapter's extras (finding.h: sarif_extras), which the SARIF
 * writer splices as they are: a hostile log (non-objects where objects
 * belong, negative and real numbers, over-long and \x01 strings, escapes,
 * empty thread flows, lists over their caps, a result over EXTRAS_MAX)
 * must give, byte for byte, the text in
 * fixtures/sarif-extras/hostile.expected. That file was written by the
 * jansson implementation (json_dumps of the cleaned object) this one
 * replaced; SG_UPDATE_GOLDEN=1 rewrites it. Also: an error about a
 * result's member points at that member's value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "test_util.h"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = malloc((size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	}
	if (text)
		text[n] = '\0';
	fclose(f);
	return text;
}

static void test_sarif_extras__match_the_jansson_text(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	char expected_path[4096];
	char *got = NULL, *want;
	size_t len = 0;
	FILE *out;
	const char *update = getenv("SG_UPDATE_GOLDEN");

	(void)state;
	sg_findings_init(&set);
	set.keep_sarif_extras = true;
	assert_int_equal(sg_ingest_file(&set, &input,
					fixture_path("sarif-extras/hostile.sarif"),
					NULL, "/repo", 0),
			 0);
	out = open_memstream(&got, &len);
	assert_non_null(out);
	fprintf(out, "extras cut: %zu\n", input.meta.extras_cut);
	for (size_t i = 0; i < set.count; i++)
		fprintf(out, "%s\t%s\n", set.items[i].rule_id,
			sg_finding_sarif_extras(&set.items[i])
			    ? sg_finding_sarif_extras(&set.items[i])
			    : "(none)");
	fclose(out);
	snprintf(expected_path, sizeof(expected_path), "%s",
		 fixture_path("sarif-extras/hostile.expected"));
	if (update && strcmp(update, "1") == 0) {
		out = fopen(expected_path, "wb");
		assert_non_null(out);
		fwrite(got, 1, len, out);
		fclose(out);
	}
	want = read_all(expected_path);
	assert_non_null(want);
	assert_string_equal(got, want);
	free(want);
	free(got);
	sg_input_release(&input);
	sg_findings_release(&set);
}

/* The line and column of the member a result's error is about. */
static void test_sarif_result__errors_point_at_the_member(void **state)
{
	static const struct {
		const char *member, *at, *what;
	} cases[] = {
		{"\"kind\": \"failed\"", ":6:12: ", "'kind' must be one of"},
		{"\"ruleId\": 7", ":6:14: ", "'ruleId' must be a string"},
		{"\"ruleIndex\": -2", ":6:17: ", "'ruleIndex' must be"},
		{"\"fingerprints\": []", ":6:20: ", "'fingerprints' must be"},
		{"\"locations\": {}", ":6:17: ", "'locations' must be an array"},
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sg_findings set;
		struct sg_input input;

		snprintf(text, sizeof(text),
			 "{\"version\": \"2.1.0\", \"runs\": [{\n"
			 " \"tool\": {\"driver\": {\"name\": \"t\"}},\n"
			 " \"results\": [\n"
			 "  {\"ruleId\": \"a\", \"message\": {\"text\": \"m\"}},\n"
			 "  {\"message\": {\"text\": \"m\"},\n"
			 "   %s,\n"
			 "   \"level\": \"error\"}]}]}\n",
			 cases[i].member);
		assert_int_equal(ingest_text(&set, &input, text, NULL),
				 SG_EINPUT);
		assert_non_null(input.error);
		if (!strstr(input.error, cases[i].at) ||
		    !strstr(input.error, cases[i].what) ||
		    !strstr(input.error, "runs[0].results[1]: "))
			fail_msg("%s: '%s'", cases[i].member, input.error);
		sg_input_release(&input);
		sg_findings_release(&set);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sarif_extras__match_the_jansson_text),
		cmocka_unit_test(test_sarif_result__errors_point_at_the_member),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
