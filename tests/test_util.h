/*
 * Shared helpers for the cmocka tests: cmocka's required includes, reading
 * fixtures, and ingesting a report into a fresh findings set.
 */
#ifndef SECGATE_TEST_UTIL_H
#define SECGATE_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/*
 * A test that cannot check (a missing ../shared, a missing tool) must not
 * read as "Passed": skip() counts the skip, and a program in which nothing
 * failed but something was skipped exits 77, which ctest reports as
 * skipped (SKIP_RETURN_CODE 77 in tests/CMakeLists.txt). CI fails on any
 * skipped test. Both macros wrap cmocka's own.
 */
extern unsigned sg_tests_skipped;
int sg_tests_result(int failures);
#undef skip
#define skip()                                                                 \
	do {                                                                   \
		sg_tests_skipped++;                                            \
		_skip(__FILE__, __LINE__);                                     \
	} while (0)
#undef cmocka_run_group_tests
#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)      \
	sg_tests_result(_cmocka_run_group_tests(                               \
		#group_tests, group_tests,                                     \
		sizeof(group_tests) / sizeof((group_tests)[0]), group_setup,   \
		group_teardown))

#include "ingest.h"
#include "secgate/finding.h"

/* Absolute path of a file under fixtures/ (static buffer). */
const char *fixture_path(const char *relative);

/* Absolute path under ../shared/fixtures/real/, or NULL when ../shared is absent. */
const char *shared_fixture_path(const char *relative);

/*
 * Ingest one file into *set (initialized here). Returns the ingest code;
 * *input is filled (release with sg_input_release).
 */
int ingest_one(struct sg_findings *set, struct sg_input *input,
	       const char *path, const char *forced_tool);

/*
 * Ingest fixtures/<relative[i]> into *set (initialized here) in order,
 * each as input i; asserts that each one reads.
 */
void ingest_fixtures(struct sg_findings *set, const char *const *relative,
		     size_t n);

/* ingest_one over text written to a temporary file (removed after). */
int ingest_text(struct sg_findings *set, struct sg_input *input,
		const char *text, const char *tool);

/* Find a finding by rule id (first match) or NULL. */
const struct sg_finding *find_by_rule(const struct sg_findings *set,
				      const char *rule_id);

/*
 * SG_UPDATE_GOLDEN=1 (exactly) asks the golden tests to rewrite their
 * expected files; any other value, "0" included, compares.
 */
bool sg_update_golden(void);

/* Write data to a new temporary file; returns its path (static buffer). */
const char *write_temp(const char *data, size_t len);

#endif
