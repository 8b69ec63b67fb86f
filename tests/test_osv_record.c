/*
 * Rating OSV records: the GitHub label first, else the highest CVSS v3.x
 * score, else unknown. The records are real (fixtures/osv/PROVENANCE.md).
 */
#include <string.h>

#include <jansson.h>

#include "osv_record.h"
#include "test_util.h"

static json_t *load(const char *name)
{
	char rel[256];
	json_error_t err;
	json_t *record;

	snprintf(rel, sizeof(rel), "osv/records/%s.json", name);
	record = json_load_file(fixture_path(rel), 0, &err);
	if (!record)
		fail_msg("%s: %s", rel, err.text);
	return record;
}

static void rate(json_t *record, struct sg_osv_rating *out)
{
	assert_int_equal(sg_osv_rate(record, out), 0);
	json_decref(record);
}

static void test_osv_record__github_label_first(void **state)
{
	struct sg_osv_rating r;

	(void)state;
	rate(load("GHSA-8q59-q68h-6hv4"), &r);
	assert_int_equal(r.severity, SG_SEV_CRITICAL);
	assert_string_equal(r.source, "OSV GHSA-8q59-q68h-6hv4 "
				      "(database_specific critical)");
	/* MODERATE is medium, although its vector alone (5.4) agrees. */
	rate(load("GHSA-h5c8-rqwp-cp95"), &r);
	assert_int_equal(r.severity, SG_SEV_MEDIUM);
	assert_string_equal(r.source, "OSV GHSA-h5c8-rqwp-cp95 "
				      "(database_specific medium)");
	rate(load("GHSA-m2qf-hxjv-5gpq"), &r);
	assert_int_equal(r.severity, SG_SEV_HIGH);
}

static void test_osv_record__cvss_without_label(void **state)
{
	struct sg_osv_rating r;
	json_t *record = load("GHSA-m2qf-hxjv-5gpq");

	(void)state;
	/* The record without its label: the vector decides (7.5: high). */
	json_object_del(record, "database_specific");
	rate(record, &r);
	assert_int_equal(r.severity, SG_SEV_HIGH);
	assert_string_equal(r.source,
			    "OSV GHSA-m2qf-hxjv-5gpq, "
			    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N = 7.5");

	/* A label that is not one of GitHub's is ignored, not guessed. */
	record = load("GHSA-8q59-q68h-6hv4");
	json_object_set_new(json_object_get(record, "database_specific"),
			    "severity", json_string("SEVERE"));
	rate(record, &r);
	assert_int_equal(r.severity, SG_SEV_CRITICAL);
	assert_string_equal(r.source,
			    "OSV GHSA-8q59-q68h-6hv4, "
			    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H = 9.8");
}

static void test_osv_record__highest_vector_wins(void **state)
{
	struct sg_osv_rating r;
	json_t *record = load("GHSA-h5c8-rqwp-cp95");
	json_t *severity = json_object_get(record, "severity");

	(void)state;
	json_object_del(record, "database_specific");
	json_array_insert_new(
		severity, 0,
		json_pack("{s:s,s:s}", "type", "CVSS_V3", "score",
			  "CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"));
	json_array_append_new(
		severity, json_pack("{s:s,s:s}", "type", "CVSS_V3", "score",
				    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H"));
	rate(record, &r);
	assert_int_equal(r.severity, SG_SEV_MEDIUM);
	assert_non_null(strstr(r.source, "= 5.4"));
}

static void test_osv_record__no_severity_stays_unknown(void **state)
{
	struct sg_osv_rating r;

	(void)state;
	rate(load("PYSEC-2021-142"), &r);
	assert_int_equal(r.severity, SG_SEV_UNKNOWN);
	assert_string_equal(r.source, "");
}

static void test_osv_record__malformed_records(void **state)
{
	struct sg_osv_rating r;
	json_t *bad;

	(void)state;
	bad = json_pack("[s]", "GHSA-8q59-q68h-6hv4");
	assert_int_equal(sg_osv_rate(bad, &r), -1);
	json_decref(bad);
	bad = json_pack("{s:s}", "id", "../../etc/passwd");
	assert_int_equal(sg_osv_rate(bad, &r), -1);
	json_decref(bad);
	bad = json_pack("{s:i}", "id", 7);
	assert_int_equal(sg_osv_rate(bad, &r), -1);
	json_decref(bad);
}

static void test_osv_record__ids_that_can_be_file_names(void **state)
{
	(void)state;
	assert_int_equal(sg_osv_id_valid("GHSA-8q59-q68h-6hv4"), 1);
	assert_int_equal(sg_osv_id_valid("PYSEC-2021-142"), 1);
	assert_int_equal(sg_osv_id_valid("RUSTSEC-2021-0001"), 1);
	assert_int_equal(sg_osv_id_valid(""), 0);
	assert_int_equal(sg_osv_id_valid(".."), 0);
	assert_int_equal(sg_osv_id_valid("a/b"), 0);
	assert_int_equal(sg_osv_id_valid("GHSA x"), 0);
	assert_int_equal(sg_osv_id_valid(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osv_record__github_label_first),
		cmocka_unit_test(test_osv_record__cvss_without_label),
		cmocka_unit_test(test_osv_record__highest_vector_wins),
		cmocka_unit_test(test_osv_record__no_severity_stays_unknown),
		cmocka_unit_test(test_osv_record__malformed_records),
		cmocka_unit_test(test_osv_record__ids_that_can_be_file_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
