/*
 * What the SARIF adapter keeps of real producers' results: locations given
 * by artifact index only, titles when a rule's name repeats its id (or
 * there is no rule), and the SARIF SDK's own example log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "test_util.h"

static const struct sg_finding *by_message(const struct sg_findings *set,
					   const char *message)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].message &&
		    strcmp(set->items[i].message, message) == 0)
			return &set->items[i];
	fail_msg("no finding with message \"%s\"", message);
	return NULL;
}

static void ingest_ok(struct sg_findings *set, struct sg_input *in,
		      const char *text)
{
	if (ingest_text(set, in, text, NULL) != 0)
		fail_msg("ingest failed: %s", in->error);
}

/* ---- artifactLocation.index ---- */

static void test_artifact_index__resolves_with_its_own_base(void **state)
{
	/* The artifacts come after the results, as member order allows. */
	static const char doc[] =
	    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	    "\"t\"}},\"originalUriBaseIds\":{\"SRC\":{\"uri\":\"lib/\"}},"
	    "\"results\":["
	    "{\"ruleId\":\"R\",\"message\":{\"text\":\"by index\"},"
	    "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"index\":1},\"region\":{\"startLine\":4}}}]},"
	    "{\"ruleId\":\"R\",\"message\":{\"text\":\"uri wins\"},"
	    "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"uri\":\"other.c\",\"index\":0},\"region\":{\"startLine\":2}}}"
	    "]},"
	    "{\"ruleId\":\"R\",\"message\":{\"text\":\"no base\"},"
	    "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"index\":0}}}]}],"
	    "\"artifacts\":[{\"location\":{\"uri\":\"a%20b/x.c\"},"
	    "\"contents\":{\"text\":\"int main;\"}},"
	    "{\"location\":{\"uri\":\"y.c\",\"uriBaseId\":\"SRC\"}}]}]}";
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_ok(&set, &in, doc);
	f = by_message(&set, "by index");
	assert_non_null(f->location.path);
	assert_string_equal(f->location.path, "lib/y.c");
	assert_int_equal(f->location.start_line, 4);
	f = by_message(&set, "uri wins");
	assert_string_equal(f->location.path, "other.c");
	f = by_message(&set, "no base");
	assert_non_null(f->location.path);
	assert_string_equal(f->location.path, "a b/x.c");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_artifact_index__out_of_range_is_an_error(void **state)
{
	static const char doc[] =
	    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	    "\"t\"}},\"artifacts\":[{\"location\":{\"uri\":\"x.c\"}}],"
	    "\"results\":[{\"ruleId\":\"R\",\"message\":{\"text\":\"m\"},"
	    "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
	    "{\"index\":3}}}]}]}]}";
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	assert_int_equal(ingest_text(&set, &in, doc, NULL), SG_EINPUT);
	assert_non_null(strstr(in.error, "artifactLocation.index 3 out of "
					 "range (1 artifacts)"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_artifact_index__sarif_sdk_baseline_has_paths(void **state)
{
	const char *path = shared_fixture_path(
	    "sarif-other/sarif-sdk-baseline-states.sarif");
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	if (!path) {
		print_message("SKIPPED: ../shared absent\n");
		skip();
	}
	if (ingest_one(&set, &in, path, NULL) != 0)
		fail_msg("%s", in.error);
	assert_true(set.count > 0);
	for (size_t i = 0; i < set.count; i++) {
		assert_non_null(set.items[i].location.path);
		assert_string_equal(
		    set.items[i].location.path,
		    "FunctionalTestOutput.BaselineOption/ToBeValidated.sarif");
	}
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- titles ---- */

static void test_title__name_equal_to_id_is_not_a_title(void **state)
{
	/* clang's shape: name == id, a fullDescription only. */
	static const char doc[] =
	    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	    "\"clang\",\"rules\":["
	    "{\"id\":\"core.NullDereference\",\"name\":\"core.NullDereference\","
	    "\"fullDescription\":{\"text\":\"Check for dereferences of null "
	    "pointers\"}},"
	    "{\"id\":\"js/x\",\"name\":\"js/x\",\"shortDescription\":{\"text\":"
	    "\"Short words\"},\"fullDescription\":{\"text\":\"Long words\"}},"
	    "{\"id\":\"aws-key\",\"name\":\"AWS Access Key\",\"shortDescription\""
	    ":{\"text\":\"(A3T[A-Z0-9]|AKIA)[A-Z0-9]{16}\"}},"
	    "{\"id\":\"CVE-1\",\"name\":\"OsPackageVulnerability\","
	    "\"shortDescription\":{\"text\":\"openssl: a flaw\"}},"
	    "{\"id\":\"rules.dict\",\"name\":\"rules.dict\",\"shortDescription\""
	    ":{\"text\":\"Semgrep Finding: rules.dict\"},\"fullDescription\":{"
	    "\"text\":\"Use .get()\"}},"
	    "{\"id\":\"android_logging\",\"name\":\"AndroidLogging\"}]}},"
	    "\"results\":["
	    "{\"ruleId\":\"core.NullDereference\",\"message\":{\"text\":\"m1\"}},"
	    "{\"ruleId\":\"js/x\",\"message\":{\"text\":\"m2\"}},"
	    "{\"ruleId\":\"aws-key\",\"message\":{\"text\":\"m3\"}},"
	    "{\"ruleId\":\"CVE-1\",\"message\":{\"text\":\"m4\"}},"
	    "{\"ruleId\":\"rules.dict\",\"message\":{\"text\":\"m5\"}},"
	    "{\"ruleId\":\"android_logging\",\"message\":{\"text\":"
	    "\"The App logs information.\\nSecond line.\"}}]}]}";
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	ingest_ok(&set, &in, doc);
	assert_string_equal(by_message(&set, "m1")->title,
			    "Check for dereferences of null pointers");
	assert_string_equal(by_message(&set, "m2")->title, "Short words");
	/* A readable name beats a description (gitleaks: a regex). */
	assert_string_equal(by_message(&set, "m3")->title, "AWS Access Key");
	/* An identifier-like name is a category, not a title (Trivy). */
	assert_string_equal(by_message(&set, "m4")->title, "openssl: a flaw");
	/* A description that only repeats the id (Semgrep) is skipped. */
	assert_string_equal(by_message(&set, "m5")->title, "Use .get()");
	/* No description at all: the message's first line (mobsfscan). */
	assert_string_equal(
	    by_message(&set, "The App logs information.\nSecond line.")->title,
	    "The App logs information.");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_title__no_rules_uses_the_message(void **state)
{
	static const char doc[] =
	    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	    "\"checkov\"}},\"results\":["
	    "{\"ruleId\":\"CKV_1\",\"message\":{\"text\":\"Ensure the field "
	    "is set\"}},"
	    "{\"ruleId\":\"CKV_2\"}]}]}";
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	ingest_ok(&set, &in, doc);
	assert_string_equal(find_by_rule(&set, "CKV_1")->title,
			    "Ensure the field is set");
	/* Nothing better: the id stands. */
	assert_string_equal(find_by_rule(&set, "CKV_2")->title, "CKV_2");
	sg_input_release(&in);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_artifact_index__resolves_with_its_own_base),
	    cmocka_unit_test(test_artifact_index__out_of_range_is_an_error),
	    cmocka_unit_test(test_artifact_index__sarif_sdk_baseline_has_paths),
	    cmocka_unit_test(test_title__name_equal_to_id_is_not_a_title),
	    cmocka_unit_test(test_title__no_rules_uses_the_message),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
