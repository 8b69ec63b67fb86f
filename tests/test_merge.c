/*
 * De-duplication without input order: the same inputs in either order give
 * the same findings, copies and fingerprints; results sharing a context
 * identity are numbered in line order (see dedupe.h).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dedupe.h"
#include "report.h"
#include "secgate/fingerprint.h"
#include "test_util.h"

static const char gitleaks_doc[] =
	"[{\"RuleID\": \"aws-access-token\", \"Description\": \"AWS\", "
	"\"File\": \"deploy/app.env\", \"StartLine\": 4, \"EndLine\": 4, "
	"\"Secret\": \"AKIAFAKEFAKEFAKE0001\", \"Match\": \"x\"},"
	"{\"RuleID\": \"generic-api-key\", \"Description\": \"Generic\", "
	"\"File\": \"deploy/app.env\", \"StartLine\": 4, \"EndLine\": 4, "
	"\"Secret\": \"otherfakesecretvalue123\", \"Match\": \"y\"}]";

static const char trivy_doc[] =
	"{\"SchemaVersion\": 2, \"ArtifactName\": \".\", \"Results\": ["
	"{\"Target\": \"deploy/app.env\", \"Class\": \"secret\", \"Secrets\": ["
	"{\"RuleID\": \"aws-access-key-id\", \"Category\": \"AWS\", "
	"\"Severity\": \"CRITICAL\", \"Title\": \"AWS Access Key ID\", "
	"\"StartLine\": 4, \"EndLine\": 4, \"Match\": \"KEY=****\"}]}]}";

static void add(struct sg_findings *set, const char *text, uint32_t index)
{
	struct sg_input in;

	assert_int_equal(sg_ingest_buffer(set, &in, "t", text, strlen(text),
					  NULL, "/repo", index),
			 0);
	sg_input_release(&in);
}

/* Every finding as the JSON report writes it, one per line (new string). */
static char *render(struct sg_findings *set)
{
	size_t len = 0;
	char *out = calloc(1, 1);

	sg_findings_sort(set);
	for (size_t i = 0; i < set->count && out; i++) {
		json_t *o = sg_json_finding(&set->items[i]);
		char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		size_t n = strlen(s);
		char *grown = realloc(out, len + n + 2);

		assert_non_null(grown);
		out = grown;
		memcpy(out + len, s, n);
		len += n;
		out[len++] = '\n';
		out[len] = '\0';
		free(s);
		json_decref(o);
	}
	return out;
}

static char *merged(const char *first, const char *second)
{
	struct sg_findings set;
	char *out;

	sg_findings_init(&set);
	add(&set, first, 0);
	add(&set, second, 1);
	assert_int_equal(sg_dedupe(&set), 0);
	out = render(&set);
	sg_findings_release(&set);
	return out;
}

static void test_merge__secret_place_merge_ignores_input_order(void **state)
{
	char *a = merged(gitleaks_doc, trivy_doc);
	char *b = merged(trivy_doc, gitleaks_doc);

	(void)state;
	assert_string_equal(a, b);
	/* Trivy's secret joined one gitleaks finding: two copies. */
	assert_non_null(strstr(a, "\"tool\":\"trivy\""));
	assert_non_null(strstr(a, "\"sources\":[\"gitleaks\",\"trivy\"]"));
	free(a);
	free(b);
}

static void test_merge__cve_merge_ignores_input_order(void **state)
{
	static const char *const fixtures[] = {
		"identity/merge/pip-audit.json",
		"identity/merge/trivy-app.json",
		"identity/merge/trivy-docs.json",
	};
	static const char *const reversed[] = {
		"identity/merge/trivy-docs.json",
		"identity/merge/trivy-app.json",
		"identity/merge/pip-audit.json",
	};
	struct sg_findings set;
	char *a, *b;

	(void)state;
	ingest_fixtures(&set, fixtures, 3);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 1);
	assert_int_equal(sg_finding_cold(&set.items[0])->n_copies, 3);
	/*
	 * The copies keep their places and versions, in canonical order:
	 * those with a place first; the first represents the finding.
	 */
	assert_string_equal(
	    sg_finding_cold(&set.items[0])->copies[0].location.path,
	    "app/requirements.txt");
	assert_string_equal(
	    sg_finding_cold(&sg_finding_cold(&set.items[0])->copies[1])
		->package.version,
	    "2.0.1");
	assert_string_equal(sg_finding_cold(&set.items[0])->copies[2].tool,
			    "pip-audit");
	assert_null(sg_finding_cold(&set.items[0])->copies[2].location.path);
	assert_string_equal(set.items[0].tool, "trivy");
	assert_string_equal(set.items[0].location.path, "app/requirements.txt");
	assert_string_equal(sg_finding_sources(&set.items[0])[1], "pip-audit");
	a = render(&set);
	sg_findings_release(&set);

	ingest_fixtures(&set, reversed, 3);
	assert_int_equal(sg_dedupe(&set), 0);
	b = render(&set);
	sg_findings_release(&set);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

#define SARIF_HEAD                                                            \
	"{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": "        \
	"{\"name\": \"T\"}}, \"results\": ["
#define RESULT(line, col)                                                     \
	"{\"ruleId\": \"R\", \"message\": {\"text\": \"same\"}, "             \
	"\"locations\": [{\"physicalLocation\": {\"artifactLocation\": "      \
	"{\"uri\": \"a.c\"}, \"region\": {\"startLine\": " #line              \
	", \"startColumn\": " #col "}}}]}"

/* line -> fingerprint after de-duplication, for lines[] in a.c. */
static void fingerprints_by_line(const char *doc, const uint32_t *lines,
				 size_t n, char out[][40])
{
	struct sg_findings set;

	sg_findings_init(&set);
	add(&set, doc, 0);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, n);
	for (size_t i = 0; i < n; i++) {
		out[i][0] = '\0';
		for (size_t j = 0; j < set.count; j++)
			if (set.items[j].location.start_line == lines[i])
				snprintf(out[i], 40, "%s",
					 set.items[j].fingerprint);
		assert_true(out[i][0] != '\0');
	}
	sg_findings_release(&set);
}

static void test_merge__occurrences_in_line_order(void **state)
{
	const uint32_t lines[] = {3, 7, 10};
	const uint32_t lone_line[] = {50};
	char a[3][40], b[3][40], lone[1][40];

	(void)state;
	/* Results listed out of line order, then the other way round. */
	fingerprints_by_line(SARIF_HEAD RESULT(10, 1) "," RESULT(3, 1)
			     "," RESULT(7, 1) "]}]}",
			     lines, 3, a);
	fingerprints_by_line(SARIF_HEAD RESULT(7, 1) "," RESULT(10, 1)
			     "," RESULT(3, 1) "]}]}",
			     lines, 3, b);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(a[i], b[i]);
	assert_string_not_equal(a[0], a[1]);
	assert_string_not_equal(a[1], a[2]);
	assert_string_not_equal(a[0], a[2]);
	/* The first occurrence is the plain fingerprint, wherever it is. */
	fingerprints_by_line(SARIF_HEAD RESULT(50, 1) "]}]}", lone_line, 1,
			     lone);
	assert_string_equal(a[0], lone[0]);
}

static void test_merge__overlapping_inputs_agree(void **state)
{
	struct sg_findings set;

	(void)state;
	/* One scan saw lines 3 and 7, another (of part of the tree) line 7. */
	sg_findings_init(&set);
	add(&set, SARIF_HEAD RESULT(3, 1) "," RESULT(7, 1) "]}]}", 0);
	add(&set, SARIF_HEAD RESULT(7, 1) "]}]}", 1);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 2);
	for (size_t i = 0; i < set.count; i++)
		assert_int_equal(sg_finding_cold(&set.items[i])->n_copies,
				 set.items[i].location.start_line == 7 ? 2 : 0);
	sg_findings_release(&set);
}

static void test_merge__exact_duplicates_merge_columns_do_not(void **state)
{
	struct sg_findings set;
	const char *doc = SARIF_HEAD RESULT(3, 27) "," RESULT(3, 37)
		"," RESULT(3, 27) "]}]}";

	(void)state;
	sg_findings_init(&set);
	add(&set, doc, 0);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 2);
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];

		assert_int_equal(sg_finding_cold(f)->n_copies,
				 f->location.start_column == 27 ? 2 : 0);
		/* The sg1 value of the message recipe hashed the line. */
		assert_non_null(sg_finding_cold(f)->fingerprint_v1);
		assert_true(sg_fingerprint_matches(
		    f, sg_finding_cold(f)->fingerprint_v1));
	}
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge__secret_place_merge_ignores_input_order),
	    cmocka_unit_test(test_merge__cve_merge_ignores_input_order),
	    cmocka_unit_test(test_merge__occurrences_in_line_order),
	    cmocka_unit_test(test_merge__overlapping_inputs_agree),
	    cmocka_unit_test(test_merge__exact_duplicates_merge_columns_do_not),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
