/*
 * Fingerprints: stable where they must be (paths, line shifts, alias
 * spelling), distinct where findings differ, and never the secret.
 */
#include <string.h>

#include "secgate/fingerprint.h"
#include "test_util.h"

static struct sg_findings set;

static int setup(void **state)
{
	(void)state;
	sg_findings_init(&set);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sg_findings_release(&set);
	return 0;
}

static const char *secret_fp(const char *rule, const char *path,
			     const char *secret, uint32_t line)
{
	struct sg_finding f = {.kind = SG_KIND_SECRET, .rule_id = rule};

	f.location.path = path;
	f.location.start_line = line;
	assert_int_equal(sg_fingerprint_compute(
				 &set, &f,
				 sg_secret_identity(&set, secret, strlen(secret),
						    line)),
			 0);
	return f.fingerprint;
}

static const char *vuln_fp(const char *eco, const char *name,
			   const char **ids, size_t n)
{
	struct sg_finding f = {.kind = SG_KIND_VULNERABILITY, .tool = "x"};

	sg_finding_cold_mut(&set, &f)->package.ecosystem = eco;
	sg_finding_cold_mut(&set, &f)->package.name = name;
	sg_finding_cold_mut(&set, &f)->ids = ids;
	sg_finding_cold_mut(&set, &f)->n_ids = n;
	f.rule_id = ids[0];
	assert_int_equal(sg_fingerprint_compute(&set, &f, NULL), 0);
	return f.fingerprint;
}

static void test_fingerprint__versioned_prefix_and_length(void **state)
{
	const char *fp = secret_fp("r", "a.env", "AKIAFAKE1234567890", 3);

	(void)state;
	assert_int_equal(strncmp(fp, "sg2:", 4), 0);
	assert_int_equal(strlen(fp), 4 + 32);
}

static void test_fingerprint__secret_ignores_line_but_not_file_or_secret(void **state)
{
	(void)state;
	assert_string_equal(secret_fp("r", "a.env", "AKIAFAKE1234567890", 3),
			    secret_fp("r", "a.env", "AKIAFAKE1234567890", 40));
	assert_string_not_equal(secret_fp("r", "a.env", "AKIAFAKE1234567890", 3),
				secret_fp("r", "b.env", "AKIAFAKE1234567890", 3));
	assert_string_not_equal(secret_fp("r", "a.env", "AKIAFAKE1234567890", 3),
				secret_fp("r", "a.env", "AKIAFAKE1234567891", 3));
	assert_string_not_equal(secret_fp("r", "a.env", "AKIAFAKE1234567890", 3),
				secret_fp("s", "a.env", "AKIAFAKE1234567890", 3));
}

static void test_fingerprint__identity_never_holds_the_secret(void **state)
{
	const char *id = sg_secret_identity(&set, "AKIAFAKE1234567890", 18, 1);

	(void)state;
	assert_null(strstr(id, "AKIAFAKE"));
	assert_int_equal(strncmp(id, "secret-sha256:", 14), 0);
}

static void test_fingerprint__redacted_secrets_fall_back_to_the_line(void **state)
{
	(void)state;
	assert_true(sg_secret_is_redacted("REDACTED", 8));
	assert_true(sg_secret_is_redacted("********", 8));
	assert_true(sg_secret_is_redacted("", 0));
	assert_false(sg_secret_is_redacted("AKIAFAKE1234567890", 18));
	/* Two redacted secrets in one file are two findings. */
	assert_string_not_equal(secret_fp("r", "a.env", "REDACTED", 3),
				secret_fp("r", "a.env", "REDACTED", 9));
}

static void test_fingerprint__vulnerability_folds_aliases_and_names(void **state)
{
	const char *ghsa[] = {"GHSA-aaaa-bbbb-cccc", "CVE-2024-1234"};
	const char *cve[] = {"CVE-2024-1234"};
	const char *other[] = {"CVE-2024-9999"};

	(void)state;
	assert_string_equal(vuln_fp("pypi", "Foo_Bar", ghsa, 2),
			    vuln_fp("pypi", "foo-bar", cve, 1));
	assert_string_equal(vuln_fp("pypi", "foo.bar", cve, 1),
			    vuln_fp("pypi", "FOO--bar", cve, 1));
	assert_string_not_equal(vuln_fp("pypi", "foo-bar", cve, 1),
				vuln_fp("npm", "foo-bar", cve, 1));
	assert_string_not_equal(vuln_fp("pypi", "foo-bar", cve, 1),
				vuln_fp("pypi", "foo-bar", other, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprint__versioned_prefix_and_length),
		cmocka_unit_test(test_fingerprint__secret_ignores_line_but_not_file_or_secret),
		cmocka_unit_test(test_fingerprint__identity_never_holds_the_secret),
		cmocka_unit_test(test_fingerprint__redacted_secrets_fall_back_to_the_line),
		cmocka_unit_test(test_fingerprint__vulnerability_folds_aliases_and_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
