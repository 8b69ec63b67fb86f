/*
 * The gate's decision per finding: thresholds and their overrides (rule >
 * kind > tool), severity overrides, unknown severities, path filters,
 * suppressions (every match key, version ranges, expiry at the end of the
 * day in UTC), producer suppressions, new_only, the diff, and the verdict;
 * then the reason given for each, compared in full.
 */
#include <string.h>

#include "config.h"
#include "policy.h"
#include "test_util.h"

#define DAY 86400

static struct sg_findings set;
static struct sg_config config;
static struct sg_policy policy;

static struct sg_finding *add(const char *tool, enum sg_kind kind,
			      const char *rule, enum sg_severity sev,
			      const char *path)
{
	struct sg_finding *f = sg_findings_append(&set);

	f->tool = tool;
	f->kind = kind;
	f->rule_id = rule;
	f->severity = sev;
	f->location.path = path;
	f->fingerprint = "sg1:0123456789abcdef0123456789abcdef";
	return f;
}

static int setup(void **state)
{
	(void)state;
	sg_findings_init(&set);
	sg_config_init(&config);
	sg_policy_default(&policy);
	policy.now = 1893456000; /* 2030-01-01T00:00:00Z */
	policy.config = &config;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sg_findings_release(&set);
	return 0;
}

static bool blocks(size_t i)
{
	assert_int_equal(sg_policy_apply(&set, &policy), 0);
	return set.items[i].blocking;
}

static void test_policy__threshold_and_unknown_severity(void **state)
{
	(void)state;
	add("t", SG_KIND_CODE, "a", SG_SEV_HIGH, "a.c");
	add("t", SG_KIND_CODE, "b", SG_SEV_MEDIUM, "a.c");
	add("pip-audit", SG_KIND_VULNERABILITY, "c", SG_SEV_UNKNOWN, NULL);
	assert_true(blocks(0));
	assert_false(blocks(1));
	assert_true(blocks(2)); /* unknown counts as high by default */
	assert_non_null(strstr(set.items[2].reason, "unknown severity counted as high"));
	policy.unknown_as = SG_SEV_LOW;
	assert_false(blocks(2));
	policy.never_fail = true;
	assert_false(blocks(0));
	assert_non_null(strstr(set.items[0].reason, "threshold none"));
}

static void test_policy__overrides_rule_beats_kind_beats_tool(void **state)
{
	struct sg_override o[3] = {
		{.tool = "gitleaks", .fail_on = {.set = true, .severity = SG_SEV_CRITICAL}, .line = 1},
		{.has_kind = true, .kind = SG_KIND_SECRET, .fail_on = {.set = true, .severity = SG_SEV_LOW}, .line = 2},
		{.rule = "r1", .fail_on = {.set = true, .none = true}, .line = 3},
	};

	(void)state;
	config.overrides = o;
	config.n_overrides = 3;
	add("gitleaks", SG_KIND_SECRET, "r1", SG_SEV_HIGH, "a");
	add("gitleaks", SG_KIND_SECRET, "r2", SG_SEV_LOW, "a");
	add("gitleaks", SG_KIND_CODE, "r3", SG_SEV_HIGH, "a");
	assert_false(blocks(0)); /* rule: none */
	assert_non_null(strstr(set.items[0].reason, "override at line 3"));
	assert_true(blocks(1));  /* kind: low */
	assert_false(blocks(2)); /* tool: critical */
	config.n_overrides = 0;
}

static void test_policy__severity_override(void **state)
{
	struct sg_override o = {.rule = "DS026", .has_severity = true,
				.severity = SG_SEV_CRITICAL, .line = 4};

	(void)state;
	config.overrides = &o;
	config.n_overrides = 1;
	add("trivy", SG_KIND_MISCONFIGURATION, "DS026", SG_SEV_LOW, "Dockerfile");
	assert_true(blocks(0));
	assert_non_null(strstr(set.items[0].reason, "critical"));
	config.n_overrides = 0;
}

static void test_policy__paths_include_and_exclude(void **state)
{
	const char *include[] = {"src/**"};
	const char *exclude[] = {"**/testdata/**", "*.min.js"};

	(void)state;
	config.include = include;
	config.n_include = 1;
	config.exclude = exclude;
	config.n_exclude = 2;
	add("t", SG_KIND_CODE, "a", SG_SEV_HIGH, "src/app.c");
	add("t", SG_KIND_CODE, "a", SG_SEV_HIGH, "src/x/testdata/y.c");
	add("t", SG_KIND_CODE, "a", SG_SEV_HIGH, "src/ui/app.min.js");
	add("t", SG_KIND_CODE, "a", SG_SEV_HIGH, "docs/a.c");
	add("pip-audit", SG_KIND_VULNERABILITY, "a", SG_SEV_HIGH, NULL);
	assert_true(blocks(0));
	assert_false(blocks(1));
	assert_true(set.items[1].excluded);
	assert_false(blocks(2));
	assert_false(blocks(3)); /* not included */
	assert_true(blocks(4));  /* no path: never silently dropped */
	config.n_include = config.n_exclude = 0;
}

static void test_policy__suppression_keys(void **state)
{
	struct sg_suppression s[] = {
		{.vulnerability = "cve-2024-0001", .reason = "r0", .line = 1},
		{.package = "Foo_Bar", .package_versions = ">=1.0,<2.0", .reason = "r1", .line = 2},
		{.rule = "R", .path = "vendor/**", .reason = "r2", .line = 3},
		{.fingerprint = "sg1:ffffffffffffffffffffffffffffffff", .reason = "r3", .line = 4},
	};
	const char *ids[] = {"GHSA-xxxx-yyyy-zzzz", "CVE-2024-0001"};
	struct sg_finding *f;

	(void)state;
	config.suppressions = s;
	config.n_suppressions = 4;
	f = add("pip-audit", SG_KIND_VULNERABILITY, "GHSA-xxxx-yyyy-zzzz", SG_SEV_HIGH, NULL);
	sg_finding_cold_mut(&set, f)->ids = ids;
	sg_finding_cold_mut(&set, f)->n_ids = 2;
	f = add("pip-audit", SG_KIND_VULNERABILITY, "PYSEC-1", SG_SEV_HIGH, NULL);
	sg_finding_cold_mut(&set, f)->package.ecosystem = "pypi";
	sg_finding_cold_mut(&set, f)->package.name = "foo-bar";
	sg_finding_cold_mut(&set, f)->package.version = "1.10.2";
	f = add("pip-audit", SG_KIND_VULNERABILITY, "PYSEC-2", SG_SEV_HIGH, NULL);
	sg_finding_cold_mut(&set, f)->package.ecosystem = "pypi";
	sg_finding_cold_mut(&set, f)->package.name = "foo.bar";
	sg_finding_cold_mut(&set, f)->package.version = "2.0";
	add("t", SG_KIND_CODE, "R", SG_SEV_HIGH, "vendor/lib/x.c");
	add("t", SG_KIND_CODE, "R", SG_SEV_HIGH, "src/x.c");
	assert_false(blocks(0)); /* any alias, any case */
	assert_ptr_equal(sg_finding_cold(&set.items[0])->suppressed_by, &s[0]);
	assert_false(blocks(1)); /* PEP 503 name, 1.10.2 in [1.0, 2.0) */
	assert_true(blocks(2));  /* 2.0 is outside */
	assert_false(blocks(3)); /* rule and path both match */
	assert_true(blocks(4));  /* rule matches, path does not */
	assert_int_equal(s[3].matched, 0); /* stale */
	struct sg_summary sum;
	sg_summary_compute(&set, NULL, &policy, &sum);
	assert_int_equal(sum.stale_suppressions, 1);
	assert_int_equal(sum.suppressed, 3);
	/* Strict: a stale suppression fails the gate without a blocking finding. */
	sum.blocking = 0;
	policy.strict = true;
	assert_int_equal(sg_policy_verdict(&policy, &sum, 0), SG_VERDICT_FAIL);
	policy.strict = false;
	assert_int_equal(sg_policy_verdict(&policy, &sum, 0), SG_VERDICT_PASS);
	assert_int_equal(sg_policy_verdict(&policy, &sum, 1), SG_VERDICT_ERROR);
	config.n_suppressions = 0;
}

static void test_policy__expiry_is_the_end_of_the_day_in_utc(void **state)
{
	struct sg_suppression s = {.rule = "R", .reason = "temporary", .line = 9};

	(void)state;
	assert_int_equal(sg_parse_expiry("2030-01-01", &s.expires_end), 0);
	s.has_expiry = true;
	strcpy(s.expires_text, "2030-01-01");
	config.suppressions = &s;
	config.n_suppressions = 1;
	add("t", SG_KIND_CODE, "R", SG_SEV_HIGH, "a.c");
	policy.now = 1893456000 + DAY - 1; /* 2030-01-01T23:59:59Z */
	assert_false(blocks(0));
	policy.now = 1893456000 + DAY; /* 2030-01-02T00:00:00Z */
	assert_true(blocks(0));
	assert_true(set.items[0].suppression_expired);
	assert_null(sg_finding_cold(&set.items[0])->suppressed_by);
	assert_non_null(strstr(set.items[0].reason, "expired on 2030-01-01"));
	/* Expiring within the warning window is counted. */
	struct sg_summary sum;
	policy.now = 1893456000 - 3 * DAY;
	policy.expiry_warning_days = 14;
	assert_int_equal(sg_policy_apply(&set, &policy), 0);
	sg_summary_compute(&set, NULL, &policy, &sum);
	assert_int_equal(sum.expiring_suppressions, 1);
	config.n_suppressions = 0;
}

static void test_policy__producer_suppressions_only_when_honoured(void **state)
{
	struct sg_finding *f;

	(void)state;
	f = add("anchore", SG_KIND_VULNERABILITY, "CVE-1", SG_SEV_HIGH, "x");
	sg_finding_cold_mut(&set, f)->producer_suppression = "external";
	assert_true(blocks(0));
	assert_non_null(strstr(set.items[0].reason, "not honoured"));
	policy.honor_producer_suppressions = true;
	assert_false(blocks(0));
	policy.honor_producer_suppressions = false;
}

static void test_policy__new_only_and_diff(void **state)
{
	struct sg_finding *f;

	(void)state;
	f = add("t", SG_KIND_CODE, "R", SG_SEV_HIGH, "a.c");
	f->state = SG_STATE_UNCHANGED;
	assert_true(blocks(0));
	policy.new_only = true;
	assert_false(blocks(0));
	assert_non_null(strstr(set.items[0].reason, "new_only"));
	policy.new_only = false;
	set.items[0].outside_diff = true;
	policy.diff_base = "origin/main";
	assert_false(blocks(0));
	assert_non_null(strstr(set.items[0].reason, "outside the change against origin/main"));
	policy.diff_base = NULL;
}

/*
 * ---- the reason, compared in full ----
 * The text is assembled piece by piece without printf (policy.c), so
 * every piece, their order and the cut at the buffer's end are checked.
 */

/* The reason tests' finding: code, in src/a.c. */
static struct sg_finding *add_code(enum sg_severity sev, const char *rule)
{
	return add("t", SG_KIND_CODE, rule, sev, "src/a.c");
}

static const char *reason(size_t i)
{
	assert_int_equal(sg_policy_apply(&set, &policy), 0);
	assert_non_null(set.items[i].reason);
	return set.items[i].reason;
}

static void test_policy_reason__thresholds_and_overrides(void **state)
{
	struct sg_override o[2] = {
		{.rule = "R", .has_severity = true,
		 .severity = SG_SEV_CRITICAL, .line = 4},
		{.rule = "N", .fail_on = {.set = true, .none = true},
		 .line = 12},
	};

	(void)state;
	add_code(SG_SEV_HIGH, "A");
	add_code(SG_SEV_UNKNOWN, "B");
	add_code(SG_SEV_LOW, "R");
	add_code(SG_SEV_MEDIUM, "N");
	assert_string_equal(reason(0), "high >= threshold high (fail_on); "
				       "not suppressed; new");
	assert_string_equal(reason(1),
			    "unknown severity counted as high >= threshold "
			    "high (fail_on); not suppressed; new");
	config.overrides = o;
	config.n_overrides = 2;
	assert_string_equal(reason(2),
			    "critical (override at line 4; was low) >= "
			    "threshold high (fail_on); not suppressed; new");
	assert_string_equal(reason(3),
			    "medium; threshold none (override at line 12): "
			    "never blocks; not suppressed; new");
	set.items[0].severity = SG_SEV_MEDIUM;
	assert_string_equal(reason(0), "medium < threshold high (fail_on); "
				       "not suppressed; new");
	config.n_overrides = 0;
}

static void test_policy_reason__suppressions_paths_baseline_and_diff(
	void **state)
{
	struct sg_suppression s[2] = {
		{.rule = "S", .reason = "reviewed", .owner = "@team",
		 .line = 7},
		{.rule = "E", .reason = "old", .line = 1234567},
	};
	const char *exclude[] = {"vendor/**"};
	struct sg_finding *f;

	(void)state;
	assert_int_equal(sg_parse_expiry("2031-02-03", &s[0].expires_end), 0);
	s[0].has_expiry = true;
	strcpy(s[0].expires_text, "2031-02-03");
	assert_int_equal(sg_parse_expiry("2020-01-01", &s[1].expires_end), 0);
	s[1].has_expiry = true;
	strcpy(s[1].expires_text, "2020-01-01");
	config.suppressions = s;
	config.n_suppressions = 2;
	config.exclude = exclude;
	config.n_exclude = 1;
	add_code(SG_SEV_HIGH, "S");
	add_code(SG_SEV_HIGH, "E");
	f = add_code(SG_SEV_HIGH, "P");
	sg_finding_cold_mut(&set, f)->producer_suppression = "external";
	f = add_code(SG_SEV_HIGH, "V");
	f->location.path = "vendor/x.c";
	f->state = SG_STATE_UNCHANGED;
	f->outside_diff = true;
	assert_string_equal(reason(0),
			    "high >= threshold high (fail_on); suppressed "
			    "(line 7: reviewed; owner @team; expires "
			    "2031-02-03); new");
	assert_string_equal(reason(1),
			    "high >= threshold high (fail_on); the "
			    "suppression at line 1234567 expired on "
			    "2020-01-01; new");
	assert_string_equal(reason(2),
			    "high >= threshold high (fail_on); the "
			    "producer's suppression (external) is not "
			    "honoured; new");
	policy.honor_producer_suppressions = true;
	assert_string_equal(reason(2),
			    "high >= threshold high (fail_on); suppressed by "
			    "the producer (external); new");
	assert_string_equal(reason(3),
			    "high >= threshold high (fail_on); path excluded "
			    "by paths; not suppressed; unchanged since the "
			    "baseline");
	policy.new_only = true;
	policy.diff_base = "origin/main";
	assert_string_equal(reason(3),
			    "high >= threshold high (fail_on); path excluded "
			    "by paths; not suppressed; unchanged since the "
			    "baseline (new_only: does not block); outside "
			    "the change against origin/main");
	config.n_suppressions = 0;
	config.n_exclude = 0;
}

/* A reason longer than the buffer is cut, never overrun. */
static void test_policy_reason__a_long_reason_is_cut_at_the_buffer(
	void **state)
{
	static char long_reason[3000];
	struct sg_suppression s = {.rule = "L", .reason = long_reason,
				   .line = 3};
	const char *r, *head = "high >= threshold high (fail_on); "
			       "suppressed (line 3: ";

	(void)state;
	memset(long_reason, 'x', sizeof(long_reason) - 1);
	config.suppressions = &s;
	config.n_suppressions = 1;
	add_code(SG_SEV_HIGH, "L");
	r = reason(0);
	/* 1024 bytes of buffer: 1023 of text. */
	assert_int_equal(strlen(r), 1023);
	assert_memory_equal(r, head, strlen(head));
	assert_int_equal(strspn(r + strlen(head), "x"),
			 1023 - strlen(head));
	config.n_suppressions = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_policy__threshold_and_unknown_severity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__overrides_rule_beats_kind_beats_tool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__severity_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__paths_include_and_exclude, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__suppression_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__expiry_is_the_end_of_the_day_in_utc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__producer_suppressions_only_when_honoured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy__new_only_and_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_reason__thresholds_and_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_reason__suppressions_paths_baseline_and_diff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_policy_reason__a_long_reason_is_cut_at_the_buffer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
