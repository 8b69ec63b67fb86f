/*
 * The text spool (secgate/spool.h) and a finding's sarif_extras kept in
 * it: texts come back as written, in any order, the last one without a
 * second read; a text that cannot be read back is NULL and fails
 * sg_findings_check (the reports check it before they commit).
 */
#include <string.h>

#include "secgate/error.h"
#include "secgate/finding.h"
#include "secgate/spool.h"
#include "test_util.h"

static void test_spool__round_trip(void **state)
{
	struct sg_spool *spool = NULL;
	struct sg_spooled a, b, empty, none = {0};
	const char *t;

	(void)state;
	assert_int_equal(sg_spool_put(&spool, "{\"a\":1}", 7, &a), 0);
	assert_non_null(spool);
	assert_int_equal(sg_spool_put(&spool, "{\"b\":[2,3]}xyz", 11, &b), 0);
	assert_int_equal(sg_spool_put(&spool, "", 0, &empty), 0);
	assert_null(sg_spool_get(&none));
	t = sg_spool_get(&b);
	assert_string_equal(t, "{\"b\":[2,3]}");
	/* The same text again: the same buffer, still valid. */
	assert_ptr_equal(sg_spool_get(&b), t);
	assert_string_equal(sg_spool_get(&a), "{\"a\":1}");
	assert_string_equal(sg_spool_get(&empty), "");
	assert_string_equal(sg_spool_get(&b), "{\"b\":[2,3]}");
	assert_int_equal(sg_spool_check(spool), 0);
	sg_spool_free(spool);
}

static void test_spool__read_failure_is_remembered(void **state)
{
	struct sg_spool *spool = NULL;
	struct sg_spooled a, past;

	(void)state;
	assert_int_equal(sg_spool_put(&spool, "12345", 5, &a), 0);
	/* A place the file does not hold: pread comes back short. */
	past = a;
	past.offset = 1000;
	assert_null(sg_spool_get(&past));
	assert_int_equal(sg_spool_check(spool), SG_EIO);
	assert_non_null(strstr(sg_error_message(), "cannot read back"));
	/* The others still read, but the failure stays for the reports. */
	assert_string_equal(sg_spool_get(&a), "12345");
	assert_int_equal(sg_spool_check(spool), SG_EIO);
	sg_spool_free(spool);
}

static void test_spool__finding_extras(void **state)
{
	struct sg_findings set;
	struct sg_finding *f, *g;
	const char *x = "{\"codeFlows\":[]}";

	(void)state;
	sg_findings_init(&set);
	f = sg_findings_append(&set);
	assert_null(sg_finding_sarif_extras(f));
	assert_int_equal(sg_finding_set_sarif_extras(&set, f, x, strlen(x)),
			 0);
	g = sg_findings_append(&set);
	f = &set.items[0]; /* the append may have moved the array */
	assert_null(sg_finding_sarif_extras(g));
	assert_string_equal(sg_finding_sarif_extras(f), x);
	assert_int_equal(sg_findings_check(&set), 0);
	/* A copy of the finding reads the same text. */
	struct sg_finding copy = *f;
	assert_string_equal(sg_finding_sarif_extras(&copy), x);
	/* Unreadable: NULL, and the set fails its check. */
	sg_finding_cold_mut(&set, g)->sarif_extras =
	    sg_finding_cold(f)->sarif_extras;
	sg_finding_cold_mut(&set, g)->sarif_extras.offset = 4096;
	assert_null(sg_finding_sarif_extras(g));
	assert_true(sg_findings_check(&set) < 0);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spool__round_trip),
		cmocka_unit_test(test_spool__read_failure_is_remembered),
		cmocka_unit_test(test_spool__finding_extras),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
