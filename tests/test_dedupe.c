/*
 * Cross-tool de-duplication: Trivy and pip-audit on one CVE (any alias),
 * gitleaks and Trivy on one secret, and what must stay apart.
 */
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dedupe.h"
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
	"\"StartLine\": 4, \"EndLine\": 4, \"Match\": \"KEY=****\"},"
	"{\"RuleID\": \"github-pat\", \"Category\": \"GitHub\", "
	"\"Severity\": \"CRITICAL\", \"Title\": \"GitHub PAT\", "
	"\"StartLine\": 9, \"EndLine\": 9, \"Match\": \"T=****\"}]}]}";

static void ingest_buffer_at(struct sg_findings *set, const char *text, uint32_t i)
{
	struct sg_input in;

	assert_int_equal(sg_ingest_buffer(set, &in, "t", text, strlen(text),
					  NULL, "/repo", i),
			 0);
	sg_input_release(&in);
}

static void test_dedupe__trivy_and_pip_audit_share_a_cve(void **state)
{
	static const char *const fixtures[] = {"demo/pip-audit.json",
						"demo/trivy.json"};
	struct sg_findings set;
	const struct sg_finding *flask = NULL;

	(void)state;
	ingest_fixtures(&set, fixtures, 2);
	assert_int_equal(set.count, 6);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 5);
	for (size_t i = 0; i < set.count; i++)
		if (sg_finding_cold(&set.items[i])->package.name &&
		    !strcasecmp(sg_finding_cold(&set.items[i])->package.name,
				"flask"))
			flask = &set.items[i];
	assert_non_null(flask);
	assert_int_equal(sg_finding_n_sources(flask), 2);
	/* Trivy's copy has a place: it represents the finding, in any order. */
	assert_string_equal(sg_finding_sources(flask)[0], "trivy");
	assert_string_equal(sg_finding_sources(flask)[1], "pip-audit");
	/* pip-audit has no severity; Trivy's HIGH wins. */
	assert_int_equal(flask->severity, SG_SEV_HIGH);
	/* Both tools' ids are kept. */
	bool ghsa = false, cve = false;
	for (size_t i = 0; i < sg_finding_cold(flask)->n_ids; i++) {
		ghsa |= !strcmp(sg_finding_cold(flask)->ids[i],
				"GHSA-m2qf-hxjv-5gpq");
		cve |=
		    !strcmp(sg_finding_cold(flask)->ids[i], "CVE-2023-30861");
	}
	assert_true(ghsa && cve);
	sg_findings_release(&set);
}

static void test_dedupe__gitleaks_and_trivy_share_a_secret(void **state)
{
	struct sg_findings set;

	(void)state;
	sg_findings_init(&set);
	ingest_buffer_at(&set, gitleaks_doc, 0);
	ingest_buffer_at(&set, trivy_doc, 1);
	assert_int_equal(set.count, 4);
	assert_int_equal(sg_dedupe(&set), 0);
	/* Line 4: two gitleaks findings stay two, Trivy's joins the first. */
	assert_int_equal(set.count, 3);
	size_t merged = 0;
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];
		if (sg_finding_n_sources(f) == 2) {
			merged++;
			assert_string_equal(f->tool, "gitleaks");
			assert_int_equal(f->severity, SG_SEV_CRITICAL);
			assert_int_equal(f->location.start_line, 4);
		}
	}
	assert_int_equal(merged, 1);
	sg_findings_release(&set);
}

static void test_dedupe__same_report_twice_is_one(void **state)
{
	struct sg_findings set;

	(void)state;
	sg_findings_init(&set);
	ingest_buffer_at(&set, trivy_doc, 0);
	ingest_buffer_at(&set, trivy_doc, 1);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 2);
	/* The same tool twice is still one source. */
	assert_int_equal(sg_finding_n_sources(&set.items[0]), 1);
	sg_findings_release(&set);
}

static void test_dedupe__report_order_is_total(void **state)
{
	struct sg_findings a, b;

	(void)state;
	sg_findings_init(&a);
	sg_findings_init(&b);
	ingest_buffer_at(&a, gitleaks_doc, 0);
	ingest_buffer_at(&a, trivy_doc, 1);
	ingest_buffer_at(&b, trivy_doc, 0);
	ingest_buffer_at(&b, gitleaks_doc, 1);
	sg_findings_sort(&a);
	sg_findings_sort(&b);
	assert_int_equal(a.count, b.count);
	for (size_t i = 0; i < a.count; i++)
		assert_string_equal(a.items[i].fingerprint, b.items[i].fingerprint);
	assert_true(a.items[0].severity >= a.items[a.count - 1].severity);
	sg_findings_release(&a);
	sg_findings_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dedupe__trivy_and_pip_audit_share_a_cve),
		cmocka_unit_test(test_dedupe__gitleaks_and_trivy_share_a_secret),
		cmocka_unit_test(test_dedupe__same_report_twice_is_one),
		cmocka_unit_test(test_dedupe__report_order_is_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
