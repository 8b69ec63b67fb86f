/*
 * The hot/cold split of struct sg_finding (finding.h): what a finding
 * without a cold part reads, that writes allocate it once, that a struct
 * copy stops sharing it after sg_finding_cold_unshare, the sources a
 * finding reports without a list, and the size a million findings cost.
 */
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "ingest.h"
#include "secgate/error.h"
#include "secgate/finding.h"
#include "test_util.h"

static void test_finding_cold__none_reads_empty(void **state)
{
	struct sg_finding f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_null(f.cold);
	assert_non_null(sg_finding_cold(&f));
	assert_null(sg_finding_cold(&f)->package.name);
	assert_null(sg_finding_cold(&f)->help_uri);
	assert_int_equal(sg_finding_cold(&f)->n_ids, 0);
	assert_int_equal(sg_finding_cold(&f)->n_copies, 0);
	assert_null(sg_finding_sources(&f));
	assert_int_equal(sg_finding_n_sources(&f), 0);
}

static void test_finding_cold__written_once(void **state)
{
	struct sg_findings set;
	struct sg_finding *f;
	struct sg_finding_cold *c;

	(void)state;
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	assert_non_null(f);
	c = sg_finding_cold_mut(&set, f);
	assert_non_null(c);
	assert_ptr_equal(f->cold, c);
	c->package.name = "flask";
	/* A second write reaches the same part, not a new one. */
	assert_ptr_equal(sg_finding_cold_mut(&set, f), c);
	sg_finding_cold_mut(&set, f)->help_uri = "https://example.test/x";
	assert_string_equal(sg_finding_cold(f)->package.name, "flask");
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://example.test/x");
	assert_int_equal(sg_findings_check(&set), 0);
	sg_findings_release(&set);
}

static void test_finding_cold__unshare_after_copy(void **state)
{
	struct sg_findings set;
	struct sg_finding *f, copy;

	(void)state;
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	sg_finding_cold_mut(&set, f)->package.version = "1.0";
	copy = *f;
	assert_ptr_equal(copy.cold, f->cold);
	assert_int_equal(sg_finding_cold_unshare(&set, &copy), 0);
	assert_ptr_not_equal(copy.cold, f->cold);
	/* The copy starts with the original's values... */
	assert_string_equal(sg_finding_cold(&copy)->package.version, "1.0");
	/* ...and writing it leaves the original as it was. */
	sg_finding_cold_mut(&set, &copy)->package.version = "2.0";
	assert_string_equal(sg_finding_cold(f)->package.version, "1.0");
	assert_string_equal(sg_finding_cold(&copy)->package.version, "2.0");
	/* A finding without a cold part stays without one. */
	memset(&copy, 0, sizeof(copy));
	assert_int_equal(sg_finding_cold_unshare(&set, &copy), 0);
	assert_null(copy.cold);
	sg_findings_release(&set);
}

static void test_finding_cold__sources(void **state)
{
	struct sg_findings set;
	struct sg_finding *f;
	const char **list;

	(void)state;
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	f->tool = "gitleaks";
	/* Read once (ingest): its own tool, without a list. */
	f->sources_own_tool = true;
	assert_int_equal(sg_finding_n_sources(f), 1);
	assert_string_equal(sg_finding_sources(f)[0], "gitleaks");
	assert_null(f->cold);
	/* A merge's list wins. */
	list = sg_findings_strv(&set, 2);
	list[0] = "trivy";
	list[1] = "gitleaks";
	sg_finding_cold_mut(&set, f)->sources = list;
	sg_finding_cold_mut(&set, f)->n_sources = 2;
	assert_int_equal(sg_finding_n_sources(f), 2);
	assert_string_equal(sg_finding_sources(f)[0], "trivy");
	assert_string_equal(sg_finding_sources(f)[1], "gitleaks");
	sg_findings_release(&set);
}

/*
 * A merge copies its first copy into the merged finding: the merged one
 * gets a cold part of its own, so that what the gate writes into it (the
 * blocking copy's installed version, a suppression) leaves the copy, as
 * read, alone.
 */
static void test_finding_cold__merge_does_not_share(void **state)
{
	static const char *const fixtures[] = {
		"identity/merge/pip-audit.json",
		"identity/merge/trivy-app.json",
	};
	struct sg_findings set;
	struct sg_finding *m, *first;
	const char *version;

	(void)state;
	ingest_fixtures(&set, fixtures, 2);
	assert_int_equal(sg_dedupe(&set), 0);
	assert_int_equal(set.count, 1);
	m = &set.items[0];
	assert_int_equal(sg_finding_cold(m)->n_copies, 2);
	first = &sg_finding_cold(m)->copies[0];
	assert_ptr_not_equal(m->cold, first->cold);
	version = sg_finding_cold(first)->package.version;
	assert_non_null(version);
	sg_finding_cold_mut(&set, m)->package.version = "9.9.9";
	assert_string_equal(sg_finding_cold(first)->package.version, version);
	/* The merged finding lists both tools; each copy its own. */
	assert_int_equal(sg_finding_n_sources(m), 2);
	assert_int_equal(sg_finding_n_sources(first), 1);
	assert_string_equal(sg_finding_sources(first)[0], first->tool);
	sg_findings_release(&set);
}

/*
 * Out of memory, a cold write goes to the set's sink instead of crashing;
 * the set then refuses appends and fails its check, so that the run ends
 * with an error (sg_pipeline_gate), never with a field silently lost.
 */
static void test_finding_cold__out_of_memory_fails_the_set(void **state)
{
	struct sg_findings set;
	struct sg_finding *f;

	(void)state;
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	assert_non_null(f);
	assert_int_equal(sg_findings_check(&set), 0);
	set.cold_failed = true; /* what sg_finding_cold_mut sets on failure */
	assert_null(sg_findings_append(&set));
	assert_int_equal(sg_findings_check(&set), SG_ENOMEM);
	sg_findings_release(&set);
}

/*
 * Issue 16's budget is 200 bytes per finding kept, strings included: a
 * secret (gitleaks) has no cold part, so the hot struct must stay small.
 * It was 272 bytes before the split, 112 after.
 */
static void test_finding_cold__hot_struct_size(void **state)
{
	(void)state;
	assert_true(sizeof(struct sg_finding) <= 112);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding_cold__none_reads_empty),
		cmocka_unit_test(test_finding_cold__written_once),
		cmocka_unit_test(test_finding_cold__unshare_after_copy),
		cmocka_unit_test(test_finding_cold__sources),
		cmocka_unit_test(test_finding_cold__merge_does_not_share),
		cmocka_unit_test(test_finding_cold__out_of_memory_fails_the_set),
		cmocka_unit_test(test_finding_cold__hot_struct_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
