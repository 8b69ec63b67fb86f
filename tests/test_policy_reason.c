/*
 * The reason the gate gives for each finding, compared in full: the
 * text is assembled piece by piece without printf (policy.c), so every
 * piece, their order and the cut at the buffer's end are checked here.
 */
#include <string.h>

#include "config.h"
#include "policy.h"
#include "test_util.h"

static struct sg_findings set;
static struct sg_config config;
static struct sg_policy policy;

static struct sg_finding *add(enum sg_severity sev, const char *rule)
{
	struct sg_finding *f = sg_findings_append(&set);

	f->tool = "t";
	f->kind = SG_KIND_CODE;
	f->rule_id = rule;
	f->severity = sev;
	f->location.path = "src/a.c";
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
	add(SG_SEV_HIGH, "A");
	add(SG_SEV_UNKNOWN, "B");
	add(SG_SEV_LOW, "R");
	add(SG_SEV_MEDIUM, "N");
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
	add(SG_SEV_HIGH, "S");
	add(SG_SEV_HIGH, "E");
	f = add(SG_SEV_HIGH, "P");
	sg_finding_cold_mut(&set, f)->producer_suppression = "external";
	f = add(SG_SEV_HIGH, "V");
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
	add(SG_SEV_HIGH, "L");
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
		cmocka_unit_test_setup_teardown(
			test_policy_reason__thresholds_and_overrides, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_policy_reason__suppressions_paths_baseline_and_diff,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_policy_reason__a_long_reason_is_cut_at_the_buffer,
			setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
