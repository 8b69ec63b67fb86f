/*
 * .secgate.yml (src/config/): strict validation with exact
 * file:line:column errors, every enum, booleans, dates and durations,
 * profiles, discovery, `config show` and the example configuration.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "secgate/error.h"
#include "test_util.h"

static struct sg_config cfg;
static char last_path[256];

static int setup(void **state)
{
	(void)state;
	sg_config_init(&cfg);
	sg_error_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sg_config_release(&cfg);
	return 0;
}

/* Load YAML text through a temporary file (removed again). */
static int load_text(const char *yaml, const char *profile)
{
	const char *p = write_temp(yaml, strlen(yaml));
	int rc;

	assert_non_null(p);
	snprintf(last_path, sizeof(last_path), "%s", p);
	rc = sg_config_load(&cfg, last_path, profile);
	unlink(last_path);
	return rc;
}

static void load_ok(const char *yaml, const char *profile)
{
	if (load_text(yaml, profile) != 0)
		fail_msg("unexpected error: %s", sg_error_message());
}

/*
 * The load fails (exit 2) and the message starts with
 * "<file>:<want>", e.g. want = "2:1: duplicate key 'fail_on'".
 */
static void expect_error(const char *yaml, const char *want)
{
	char prefix[1024];
	int rc = load_text(yaml, NULL);

	snprintf(prefix, sizeof(prefix), "%s:%s", last_path, want);
	if (rc != SG_EUSAGE ||
	    strncmp(sg_error_message(), prefix, strlen(prefix)) != 0)
		fail_msg("yaml:\n%s\nrc %d, got:  %s\nwant: %s", yaml, rc,
			 sg_error_message(), prefix);
}

struct error_case {
	const char *yaml;
	const char *want; /* "line:column: message prefix" */
};

static void expect_errors(const struct error_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_error(cases[i].yaml, cases[i].want);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- defaults and the basic shape ---- */

static void test_config__defaults_without_a_file(void **state)
{
	(void)state;
	assert_int_equal(sg_config_load(&cfg, NULL, NULL), 0);
	assert_null(cfg.path);
	assert_null(cfg.profile);
	assert_false(cfg.fail_on.none);
	assert_false(cfg.fail_on.set);
	assert_int_equal(cfg.fail_on.severity, SG_SEV_HIGH);
	assert_int_equal(cfg.unknown_severity, SG_SEV_HIGH);
	assert_false(cfg.new_only);
	assert_string_equal(cfg.baseline, ".secgate-baseline.json");
	assert_false(cfg.honor_producer_suppressions);
	assert_false(cfg.strict);
	assert_int_equal(cfg.expiry_warning_days, 14);
	assert_int_equal(cfg.baseline_max_age_days, 0);
	assert_int_equal(cfg.n_include + cfg.n_exclude + cfg.n_overrides +
				 cfg.n_suppressions + cfg.n_tools,
			 0);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_DEFAULT);
	assert_int_equal(cfg.strict_origin, SG_ORIGIN_DEFAULT);
}

static void test_config__empty_files_are_the_defaults(void **state)
{
	static const char *const empties[] = {
		"", "# only a comment\n", "---\n", "---\n...\n", "~\n",
	};

	(void)state;
	for (size_t i = 0; i < N(empties); i++) {
		load_ok(empties[i], NULL);
		assert_int_equal(cfg.fail_on.severity, SG_SEV_HIGH);
		assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_DEFAULT);
		assert_non_null(cfg.path);
	}
}

static void test_config__top_level_scalars_are_read_with_origin_file(
	void **state)
{
	(void)state;
	load_ok("fail_on: medium\n"
		"unknown_severity: low\n"
		"new_only: true\n"
		"baseline: ci/baseline.json\n"
		"honor_producer_suppressions: true\n"
		"strict: true\n"
		"expiry_warning_days: 30\n"
		"baseline_max_age_days: 365\n",
		NULL);
	assert_true(cfg.fail_on.set);
	assert_int_equal(cfg.fail_on.severity, SG_SEV_MEDIUM);
	assert_int_equal(cfg.unknown_severity, SG_SEV_LOW);
	assert_true(cfg.new_only);
	assert_string_equal(cfg.baseline, "ci/baseline.json");
	assert_true(cfg.honor_producer_suppressions);
	assert_true(cfg.strict);
	assert_int_equal(cfg.expiry_warning_days, 30);
	assert_int_equal(cfg.baseline_max_age_days, 365);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.unknown_severity_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.new_only_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.baseline_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.honor_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.strict_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.expiry_warning_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.baseline_max_age_origin, SG_ORIGIN_FILE);
}

static void test_config__every_threshold_and_severity(void **state)
{
	static const struct {
		const char *text;
		enum sg_severity sev;
	} sevs[] = {
		{"critical", SG_SEV_CRITICAL}, {"high", SG_SEV_HIGH},
		{"medium", SG_SEV_MEDIUM},     {"low", SG_SEV_LOW},
		{"info", SG_SEV_INFO},
	};
	char yaml[128];

	(void)state;
	for (size_t i = 0; i < N(sevs); i++) {
		snprintf(yaml, sizeof(yaml),
			 "fail_on: %s\nunknown_severity: \"%s\"\n",
			 sevs[i].text, sevs[i].text);
		load_ok(yaml, NULL);
		assert_false(cfg.fail_on.none);
		assert_int_equal(cfg.fail_on.severity, sevs[i].sev);
		assert_int_equal(cfg.unknown_severity, sevs[i].sev);
	}
	load_ok("fail_on: none\n", NULL);
	assert_true(cfg.fail_on.none);

	static const struct error_case bad[] = {
		{"fail_on: unknown\n",
		 "1:10: fail_on: must be one of critical, high, medium, low, "
		 "info, none, not 'unknown'"},
		{"fail_on: HIGH\n", "1:10: fail_on: must be one of"},
		{"fail_on: moderate\n", "1:10: fail_on: must be one of"},
		{"fail_on: 7\n", "1:10: fail_on: must be one of"},
		{"fail_on:\n", "1:9: fail_on: must be one of critical, high, "
			       "medium, low, info, none, not empty"},
		{"unknown_severity: unknown\n",
		 "1:19: unknown_severity: must be one of critical, high, "
		 "medium, low, info, not 'unknown'"},
		{"unknown_severity: none\n",
		 "1:19: unknown_severity: must be one of critical, high, "
		 "medium, low, info, not 'none'"},
	};
	expect_errors(bad, N(bad));
}

static void test_config__booleans_are_true_or_false_only(void **state)
{
	static const char *const words[] = {
		"yes", "no", "on", "off", "1", "0", "True", "FALSE", "y", "n",
	};
	char yaml[128], want[128];

	(void)state;
	load_ok("new_only: true\nstrict: false\n", NULL);
	assert_true(cfg.new_only);
	assert_false(cfg.strict);
	for (size_t i = 0; i < N(words); i++) {
		snprintf(yaml, sizeof(yaml), "new_only: %s\n", words[i]);
		snprintf(want, sizeof(want),
			 "1:11: new_only: must be true or false, not '%s'",
			 words[i]);
		expect_error(yaml, want);
		snprintf(yaml, sizeof(yaml),
			 "tools:\n  gitleaks:\n    enabled: %s\n", words[i]);
		snprintf(want, sizeof(want),
			 "3:14: tools.gitleaks.enabled: must be true or false, "
			 "not '%s'",
			 words[i]);
		expect_error(yaml, want);
	}
	expect_error("strict: \"true\"\n",
		     "1:9: strict: must be true or false, not a quoted string");
	expect_error("honor_producer_suppressions: [true]\n",
		     "1:30: honor_producer_suppressions: must be true or "
		     "false, not a list");
}

static void test_config__unknown_keys_list_the_allowed_ones(void **state)
{
	static const struct error_case cases[] = {
		{"fail-on: high\n",
		 "1:1: unknown key 'fail-on' (allowed: fail_on, "
		 "unknown_severity, new_only, baseline, "
		 "honor_producer_suppressions, strict, expiry_warning_days, "
		 "baseline_max_age_days, paths, overrides, suppressions, "
		 "profiles, tools, enrich); did you mean 'fail_on'?"},
		{"strict: true\nversion: 2\n",
		 "2:1: unknown key 'version' (allowed: fail_on,"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expiry: "
		 "2026-01-01\n",
		 "4:5: suppressions[0]: unknown key 'expiry' (allowed: "
		 "fingerprint, rule, vulnerability, package, path, tool, "
		 "reason, owner, expires)"},
		{"suppressions:\n  - package: {name: a, version: \"1\"}\n"
		 "    reason: y\n",
		 "2:24: suppressions[0].package: unknown key 'version' "
		 "(allowed: name, versions)"},
		{"tools:\n  gitleaks:\n    mode: dir\n    target: .\n",
		 "4:5: tools.gitleaks: unknown key 'target' (allowed: enabled, "
		 "required, timeout, args, path, mode)"},
		{"tools:\n  pip-audit: {requirement: [r.txt]}\n",
		 "2:15: tools.pip-audit: unknown key 'requirement' (allowed: "
		 "enabled, required, timeout, args, path, requirements)"},
		{"tools:\n  custom:\n    - name: x\n      command: [x]\n"
		 "      shell: true\n",
		 "5:7: tools.custom[0]: unknown key 'shell' (allowed: enabled, "
		 "required, timeout, args, path, name, command, format, "
		 "output, success_exit_codes)"},
		{"tools:\n  Trivy: {}\n",
		 "2:3: tools: unknown key 'Trivy' (allowed: gitleaks, trivy, "
		 "pip-audit, codeql, env, headers, custom); did you mean 'trivy'?"},
		{"profiles:\n  release:\n    tools: {}\n",
		 "3:5: profiles.release: unknown key 'tools' (allowed: "
		 "fail_on, unknown_severity, new_only, baseline, "
		 "honor_producer_suppressions, strict, expiry_warning_days, "
		 "baseline_max_age_days, paths, overrides)"},
		{"profiles:\n  ci:\n    profiles: {}\n",
		 "3:5: profiles.ci: unknown key 'profiles'"},
		{"overrides:\n  - tool: x\n    threshold: low\n",
		 "3:5: overrides[0]: unknown key 'threshold' (allowed: tool, "
		 "kind, rule, fail_on, severity)"},
		{"paths:\n  ignore: [a]\n",
		 "2:3: paths: unknown key 'ignore' (allowed: include, "
		 "exclude)"},
		{"<<: {fail_on: low}\n", "1:1: unknown key '<<'"},
	};

	(void)state;
	expect_errors(cases, N(cases));
}

static void test_config__duplicate_keys_are_rejected(void **state)
{
	static const struct error_case cases[] = {
		{"fail_on: high\nstrict: true\nfail_on: low\n",
		 "3:1: duplicate key 'fail_on' (first at line 1)"},
		{"{fail_on: high, fail_on: low}\n",
		 "1:17: duplicate key 'fail_on' (first at line 1)"},
		{"tools:\n  gitleaks:\n    timeout: 5m\n    timeout: 10m\n",
		 "4:5: tools.gitleaks: duplicate key 'timeout' (first at line "
		 "3)"},
		{"tools:\n  trivy: {}\n  trivy: {}\n",
		 "3:3: tools: duplicate key 'trivy' (first at line 2)"},
		{"suppressions:\n  - rule: a\n    reason: x\n    rule: b\n",
		 "4:5: suppressions[0]: duplicate key 'rule' (first at line "
		 "2)"},
		{"suppressions:\n  - package: {name: a, name: b}\n    reason: "
		 "x\n",
		 "2:24: suppressions[0].package: duplicate key 'name'"},
		{"profiles:\n  ci: {}\n  ci: {}\n",
		 "3:3: profiles: duplicate profile 'ci'"},
		{"profiles:\n  ci:\n    strict: true\n    strict: false\n",
		 "4:5: profiles.ci: duplicate key 'strict' (first at line 3)"},
		{"paths:\n  include: [a]\n  include: [b]\n",
		 "3:3: paths: duplicate key 'include' (first at line 2)"},
		{"overrides:\n  - {tool: a, tool: b, fail_on: low}\n",
		 "2:15: overrides[0]: duplicate key 'tool'"},
	};

	(void)state;
	expect_errors(cases, N(cases));
}

static void test_config__wrong_types_are_rejected(void **state)
{
	static const struct error_case cases[] = {
		{"- fail_on: high\n",
		 "1:1: the configuration must be a mapping of settings, not a "
		 "list"},
		{"hello\n",
		 "1:1: the configuration must be a mapping of settings, not "
		 "'hello'"},
		{"paths:\n  include: \"src/**\"\n",
		 "2:12: paths.include: must be a list, not 'src/**'"},
		{"paths: [src]\n", "1:8: paths: must be a mapping, not a list"},
		{"paths:\n  include: [[a]]\n",
		 "2:13: paths.include[0]: must be a string, not a list"},
		{"fail_on: [high]\n", "1:10: fail_on: must be one of critical"},
		{"baseline: {a: b}\n",
		 "1:11: baseline: must be a string, not a mapping"},
		{"baseline: true\n",
		 "1:11: baseline: must be a string, not a boolean (quote it)"},
		{"baseline: \"\"\n", "1:11: baseline: must not be empty"},
		{"expiry_warning_days: \"14\"\n",
		 "1:22: expiry_warning_days: must be a whole number of days "
		 "from 0 to 36500, not '14'"},
		{"expiry_warning_days: -1\n",
		 "1:22: expiry_warning_days: must be a whole number"},
		{"baseline_max_age_days: 36501\n",
		 "1:24: baseline_max_age_days: must be a whole number"},
		{"baseline_max_age_days: 1.5\n",
		 "1:24: baseline_max_age_days: must be a whole number"},
		{"overrides: {tool: x, fail_on: low}\n",
		 "1:12: overrides: must be a list, not a mapping"},
		{"overrides: [gitleaks]\n",
		 "1:13: overrides[0]: must be a mapping, not 'gitleaks'"},
		{"suppressions:\n  - CVE-2024-1\n",
		 "2:5: suppressions[0]: must be a mapping, not 'CVE-2024-1'"},
		{"tools: [gitleaks]\n",
		 "1:8: tools: must be a mapping, not a list"},
		{"tools:\n  gitleaks: true\n",
		 "2:13: tools.gitleaks: must be a mapping, not 'true'"},
		{"tools:\n  gitleaks: {args: --no-banner}\n",
		 "2:20: tools.gitleaks.args: must be a list, not "
		 "'--no-banner'"},
		{"tools:\n  custom: {name: x}\n",
		 "2:11: tools.custom: must be a list, not a mapping"},
		{"profiles: [release]\n",
		 "1:11: profiles: must be a mapping, not a list"},
		{"profiles:\n  ci: [a]\n",
		 "2:7: profiles.ci: must be a mapping, not a list"},
		{"? [a, b]\n: c\n", "1:3: keys must be strings, not a list"},
		{"fail_on: \"hi\\0gh\"\n",
		 "1:10: fail_on: must not contain a NUL character"},
	};

	(void)state;
	expect_errors(cases, N(cases));
}

static void test_config__yaml_structure_errors(void **state)
{
	static const struct error_case cases[] = {
		{"fail_on: high\n---\nfail_on: low\n",
		 "2:1: a second YAML document: the configuration is one "
		 "document"},
		{"fail_on: high\n--- \n",
		 "2:1: a second YAML document"},
		{"baseline: !!str base.json\n",
		 "1:11: YAML tags ('!...') are not supported"},
		{"paths: !paths {}\n",
		 "1:8: YAML tags ('!...') are not supported"},
		{"fail_on: *nothing\n",
		 "1:10: alias '*nothing' does not name an anchor defined "
		 "before it"},
		{"paths: &p {include: *p}\n",
		 "1:21: alias '*p' does not name an anchor defined before it"},
		{"fail_on: [high\n",
		 "2:1: did not find expected ',' or ']' while parsing a flow "
		 "sequence"},
		{"fail_on: high\n  strict: true\n",
		 "2:9: mapping values are not allowed in this context"},
		{"fail_on:\thigh\n\tstrict: true\n",
		 "2:1: found a tab character that violates indentation"},
		{"fail_on: \"high\n",
		 "2:1: found unexpected end of stream while scanning a quoted "
		 "scalar"},
		{"baseline: \"\x01\"\n", "1:12: control characters are not "
					 "allowed"},
		{"baseline: \"\xff\"\n", "1:12: invalid leading UTF-8 octet"},
	};

	(void)state;
	expect_errors(cases, N(cases));
}

static void test_config__nesting_depth_is_capped(void **state)
{
	char yaml[256];
	size_t o = 0;

	(void)state;
	o += (size_t)snprintf(yaml, sizeof(yaml), "x: ");
	for (int i = 0; i < 40; i++)
		yaml[o++] = '[';
	for (int i = 0; i < 40; i++)
		yaml[o++] = ']';
	yaml[o++] = '\n';
	yaml[o] = '\0';
	/* The 33rd collection: the mapping is the first. */
	expect_error(yaml, "1:35: nested more than 32 levels deep");
}

static void test_config__anchors_and_aliases_are_capped_at_16(void **state)
{
	char yaml[2048], want[128];
	size_t o;

	(void)state;
	/* One anchor and 15 aliases: 16, allowed, and the lists are shared. */
	o = (size_t)snprintf(yaml, sizeof(yaml),
			     "paths: {exclude: &x [\"gen/**\"]}\nprofiles:\n");
	for (int i = 1; i <= 15; i++)
		o += (size_t)snprintf(yaml + o, sizeof(yaml) - o,
				      "  p%d: {paths: {exclude: *x}}\n", i);
	load_ok(yaml, "p15");
	assert_int_equal(cfg.n_exclude, 1);
	assert_string_equal(cfg.exclude[0], "gen/**");
	assert_int_equal(cfg.exclude_origin, SG_ORIGIN_PROFILE);
	/* The 17th reference is refused where it is written. */
	snprintf(yaml + o, sizeof(yaml) - o, "  p16: {paths: {exclude: *x}}\n");
	snprintf(want, sizeof(want),
		 "18:26: more than 16 anchors and aliases in one file (a cap "
		 "against alias bombs)");
	expect_error(yaml, want);
	/* A classic alias bomb stops at the cap long before it grows. */
	expect_error("a: &a [x, x]\n"
		     "b: &b [*a, *a, *a, *a]\n"
		     "c: &c [*b, *b, *b, *b]\n"
		     "d: &d [*c, *c, *c, *c]\n"
		     "e: &e [*d, *d, *d, *d]\n",
		     "5:4: more than 16 anchors and aliases");
}

static void test_config__documents_over_1_mib_are_refused(void **state)
{
	size_t n = 1024 * 1024;
	char *big = malloc(n + 2);
	char want[512];
	int rc;

	(void)state;
	assert_non_null(big);
	/* Exactly 1 MiB of comments is still a (empty) configuration. */
	for (size_t i = 0; i < n; i += 64) {
		memset(big + i, '#', 63);
		big[i + 63] = '\n';
	}
	big[n] = '\0';
	load_ok(big, NULL);
	big[n] = '#';
	big[n + 1] = '\0';
	rc = load_text(big, NULL);
	free(big);
	assert_int_equal(rc, SG_EUSAGE);
	snprintf(want, sizeof(want), "%s: larger than 1 MiB", last_path);
	assert_non_null(strstr(sg_error_message(), want));
}

static void test_config__missing_file_is_a_usage_error(void **state)
{
	(void)state;
	assert_int_equal(
		sg_config_load(&cfg, "/nonexistent/.secgate.yml", NULL),
		SG_EUSAGE);
	assert_non_null(strstr(sg_error_message(),
			       "/nonexistent/.secgate.yml: cannot open"));
}

static void test_config__a_failed_load_leaves_the_config_untouched(
	void **state)
{
	(void)state;
	load_ok("fail_on: low\npaths: {exclude: [\"a/**\"]}\n", NULL);
	expect_error("fail_on: medium\nstrict: maybe\n", "2:9: strict:");
	assert_int_equal(cfg.fail_on.severity, SG_SEV_LOW);
	assert_false(cfg.strict);
	assert_int_equal(cfg.n_exclude, 1);
	assert_string_equal(cfg.exclude[0], "a/**");
}

/* ---- dates and durations ---- */

static void test_config__expiry_dates_are_strict_calendar_dates(void **state)
{
	static const char *const bad[] = {
		"2025-02-29", "1900-02-29", "2025-02-30", "2025-04-31",
		"2025-13-01", "2025-00-10", "2025-01-00", "2025-1-5",
		"2025-01-05x", " 2025-01-05", "2025/01/05", "25-01-05",
		"0000-01-01", "",           "2025-01-5",  "2025-01-32",
	};
	int64_t end;

	(void)state;
	for (size_t i = 0; i < N(bad); i++)
		if (sg_parse_expiry(bad[i], &end) == 0)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(sg_parse_expiry(NULL, &end), -1);
	/* The end of the day is the first second of the next, in UTC. */
	assert_int_equal(sg_parse_expiry("2024-02-29", &end), 0);
	assert_int_equal(end, 1709251200); /* 2024-03-01T00:00:00Z */
	assert_int_equal(sg_parse_expiry("2000-02-29", &end), 0);
	assert_int_equal(end, 951868800);  /* 2000-03-01T00:00:00Z */
	assert_int_equal(sg_parse_expiry("2025-12-31", &end), 0);
	assert_int_equal(end, 1767225600); /* 2026-01-01T00:00:00Z */
	assert_int_equal(sg_parse_expiry("1970-01-01", &end), 0);
	assert_int_equal(end, 86400);
}

static void test_config__expiry_dates_in_the_file(void **state)
{
	static const struct error_case cases[] = {
		{"suppressions:\n  - rule: x\n    reason: y\n    expires: "
		 "2025-02-29\n",
		 "4:14: suppressions[0].expires: must be a calendar date "
		 "written YYYY-MM-DD, not '2025-02-29'"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expires: "
		 "2025-02-30\n",
		 "4:14: suppressions[0].expires: must be a calendar date"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expires: "
		 "2025-13-01\n",
		 "4:14: suppressions[0].expires: must be a calendar date"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expires: "
		 "2025-1-5\n",
		 "4:14: suppressions[0].expires: must be a calendar date "
		 "written YYYY-MM-DD, not '2025-1-5'"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expires: "
		 "\"2025-01-05x\"\n",
		 "4:14: suppressions[0].expires: must be a calendar date"},
		{"suppressions:\n  - rule: x\n    reason: y\n    expires:\n",
		 "4:13: suppressions[0].expires: must be a date (YYYY-MM-DD), "
		 "not empty"},
		{"suppressions:\n  - rule: x\n    reason: y\n  - rule: z\n"
		 "    reason: y\n    expires: 2025-02-29T00:00:00Z\n",
		 "6:14: suppressions[1].expires: must be a calendar date"},
	};

	(void)state;
	expect_errors(cases, N(cases));
	load_ok("suppressions:\n  - rule: x\n    reason: y\n"
		"    expires: 2024-02-29\n  - rule: z\n    reason: y\n"
		"    expires: \"2025-12-31\"\n",
		NULL);
	assert_int_equal(cfg.n_suppressions, 2);
	assert_true(cfg.suppressions[0].has_expiry);
	assert_int_equal(cfg.suppressions[0].expires_end, 1709251200);
	assert_string_equal(cfg.suppressions[0].expires_text, "2024-02-29");
	assert_int_equal(cfg.suppressions[1].expires_end, 1767225600);
}

static void test_config__expiry_ignores_the_local_time_zone(void **state)
{
	const char *yaml = "suppressions:\n  - rule: x\n    reason: y\n"
			   "    expires: 2025-06-15\n";
	char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	int64_t east, west;

	(void)state;
	setenv("TZ", "UTC-14", 1); /* POSIX sign: 14 hours east of UTC */
	tzset();
	assert_int_equal(sg_parse_expiry("2025-06-15", &east), 0);
	load_ok(yaml, NULL);
	assert_int_equal(cfg.suppressions[0].expires_end, east);
	setenv("TZ", "UTC+11", 1);
	tzset();
	assert_int_equal(sg_parse_expiry("2025-06-15", &west), 0);
	load_ok(yaml, NULL);
	assert_int_equal(cfg.suppressions[0].expires_end, west);
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	assert_int_equal(east, west);
	assert_int_equal(east, 1750032000); /* 2025-06-16T00:00:00Z */
}

static void test_config__durations(void **state)
{
	static const struct {
		const char *text;
		unsigned seconds;
	} good[] = {
		{"0", 0},     {"90", 90}, {"90s", 90}, {"5m", 300},
		{"1h", 3600}, {"0s", 0},  {"007", 7},  {"4294967295", UINT_MAX},
	};
	static const char *const bad[] = {
		"", "s", "5 m", "-5", "+5", "5d", "1h30m", "1.5m", "5M",
		"4294967296", "71582789m", "99999999999999999999", " 5", "5s ",
	};
	unsigned s;

	(void)state;
	for (size_t i = 0; i < N(good); i++) {
		assert_int_equal(sg_parse_duration(good[i].text, &s), 0);
		assert_int_equal(s, good[i].seconds);
	}
	for (size_t i = 0; i < N(bad); i++)
		if (sg_parse_duration(bad[i], &s) == 0)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(sg_parse_duration(NULL, &s), -1);
	load_ok("tools:\n  gitleaks: {timeout: 90}\n  trivy: {timeout: 5m}\n"
		"  codeql: {timeout: \"1h\"}\n",
		NULL);
	assert_int_equal(sg_config_tool(&cfg, "gitleaks")->timeout_seconds, 90);
	assert_int_equal(sg_config_tool(&cfg, "trivy")->timeout_seconds, 300);
	assert_int_equal(sg_config_tool(&cfg, "codeql")->timeout_seconds, 3600);
	expect_error("tools:\n  trivy: {timeout: 1d}\n",
		     "2:20: tools.trivy.timeout: must be seconds or a duration "
		     "such as 90s, 5m or 1h, not '1d'");
	expect_error("tools:\n  trivy:\n    timeout: [5m]\n",
		     "3:14: tools.trivy.timeout: must be seconds");
}

/* ---- overrides, paths, suppressions ---- */

static void test_config__overrides(void **state)
{
	static const char *const kinds[] = {"secret", "vulnerability",
					    "misconfiguration", "code",
					    "license"};
	char yaml[256];

	(void)state;
	for (size_t i = 0; i < N(kinds); i++) {
		snprintf(yaml, sizeof(yaml),
			 "overrides:\n  - kind: %s\n    fail_on: none\n",
			 kinds[i]);
		load_ok(yaml, NULL);
		assert_int_equal(cfg.n_overrides, 1);
		assert_true(cfg.overrides[0].has_kind);
		assert_int_equal(cfg.overrides[0].kind, (enum sg_kind)i);
		assert_string_equal(sg_kind_name(cfg.overrides[0].kind),
				    kinds[i]);
		assert_true(cfg.overrides[0].fail_on.set);
		assert_true(cfg.overrides[0].fail_on.none);
	}
	load_ok("overrides:\n"
		"  - tool: gitleaks\n    fail_on: low\n"
		"  - rule: py/unused-import\n    severity: info\n"
		"  - {tool: trivy, kind: vulnerability, rule: CVE-1, "
		"fail_on: critical, severity: high}\n",
		NULL);
	assert_int_equal(cfg.n_overrides, 3);
	assert_string_equal(cfg.overrides[0].tool, "gitleaks");
	assert_null(cfg.overrides[0].rule);
	assert_false(cfg.overrides[0].has_kind);
	assert_false(cfg.overrides[0].has_severity);
	assert_int_equal(cfg.overrides[0].fail_on.severity, SG_SEV_LOW);
	assert_int_equal(cfg.overrides[0].line, 2);
	assert_int_equal(cfg.overrides[0].column, 5);
	assert_string_equal(cfg.overrides[1].rule, "py/unused-import");
	assert_false(cfg.overrides[1].fail_on.set);
	assert_true(cfg.overrides[1].has_severity);
	assert_int_equal(cfg.overrides[1].severity, SG_SEV_INFO);
	assert_int_equal(cfg.overrides[2].line, 6);
	assert_int_equal(cfg.overrides[2].column, 5);
	assert_int_equal(cfg.overrides[2].kind, SG_KIND_VULNERABILITY);

	static const struct error_case bad[] = {
		{"overrides:\n  - kind: secrets\n    fail_on: low\n",
		 "2:11: overrides[0].kind: must be one of secret, "
		 "vulnerability, misconfiguration, code, license, not "
		 "'secrets'"},
		{"overrides:\n  - fail_on: low\n",
		 "2:5: overrides[0]: needs at least one of tool, kind, rule"},
		{"overrides:\n  - tool: gitleaks\n",
		 "2:5: overrides[0]: needs at least one of fail_on, severity"},
		{"overrides:\n  - rule: x\n    severity: none\n",
		 "3:15: overrides[0].severity: must be one of critical, high, "
		 "medium, low, info, not 'none'"},
		{"overrides:\n  - tool: \"\"\n    fail_on: low\n",
		 "2:11: overrides[0].tool: must not be empty"},
	};
	expect_errors(bad, N(bad));
}

static void test_config__paths(void **state)
{
	(void)state;
	load_ok("paths:\n  include: [\"src/**\", \"*.py\"]\n"
		"  exclude: [\"tests/**\", \"**/testdata/**\"]\n",
		NULL);
	assert_int_equal(cfg.n_include, 2);
	assert_string_equal(cfg.include[1], "*.py");
	assert_int_equal(cfg.n_exclude, 2);
	assert_string_equal(cfg.exclude[1], "**/testdata/**");
	assert_int_equal(cfg.include_origin, SG_ORIGIN_FILE);
	expect_error("paths:\n  exclude: [\"a\", \"src/[abc\"]\n",
		     "2:18: paths.exclude[1]: not a valid path pattern: "
		     "unclosed '['");
	expect_error("paths:\n  exclude: [\"a//b\"]\n",
		     "2:13: paths.exclude[0]: not a valid path pattern: an "
		     "empty path segment");
	expect_error("paths:\n  exclude: [\"\"]\n",
		     "2:13: paths.exclude[0]: must not be empty");
}

static void test_config__suppressions(void **state)
{
	const struct sg_suppression *s;

	(void)state;
	load_ok("suppressions:\n"
		"  - rule: CVE-2024-6345\n"
		"    package: {name: setuptools, versions: \"<70.0.0\"}\n"
		"    vulnerability: GHSA-cx63-2mw6-8hw5\n"
		"    path: \"vendor/**\"\n"
		"    fingerprint: \"sg1:0123456789ABCDEF0123456789abcdef\"\n"
		"    reason: \"not reachable: we never call package_index\"\n"
		"    owner: \"@platform-team\"\n"
		"    expires: 2026-12-31\n"
		"  - package: left-pad\n"
		"    reason: vendored\n"
		"  - package:\n      name: requests\n      versions: 2.0\n"
		"    reason: pinned\n",
		NULL);
	assert_int_equal(cfg.n_suppressions, 3);
	s = &cfg.suppressions[0];
	assert_string_equal(s->rule, "CVE-2024-6345");
	assert_string_equal(s->package, "setuptools");
	assert_string_equal(s->package_versions, "<70.0.0");
	assert_string_equal(s->vulnerability, "GHSA-cx63-2mw6-8hw5");
	assert_string_equal(s->path, "vendor/**");
	/* Folded to the lowercase that secgate writes. */
	assert_string_equal(s->fingerprint,
			    "sg1:0123456789abcdef0123456789abcdef");
	assert_string_equal(s->reason,
			    "not reachable: we never call package_index");
	assert_string_equal(s->owner, "@platform-team");
	assert_true(s->has_expiry);
	assert_string_equal(s->expires_text, "2026-12-31");
	assert_int_equal(s->line, 2);
	assert_int_equal(s->column, 5);
	assert_int_equal(s->matched, 0);
	s = &cfg.suppressions[1];
	assert_string_equal(s->package, "left-pad");
	assert_null(s->package_versions);
	assert_null(s->owner);
	assert_false(s->has_expiry);
	assert_string_equal(cfg.suppressions[2].package_versions, "2.0");

	static const struct error_case bad[] = {
		{"suppressions:\n  - rule: x\n",
		 "2:5: suppressions[0]: 'reason' is required"},
		{"suppressions:\n  - rule: x\n    reason: \"  \"\n",
		 "3:13: suppressions[0].reason: must say why"},
		{"suppressions:\n  - reason: because\n    owner: me\n",
		 "2:5: suppressions[0]: needs at least one of fingerprint, "
		 "rule, vulnerability, package, path"},
		{"suppressions:\n  - fingerprint: sg1:0123\n    reason: x\n",
		 "2:18: suppressions[0].fingerprint: must be a secgate "
		 "fingerprint: 'sg2:' (or 'sg1:') and 32 hex digits"},
		{"suppressions:\n  - fingerprint: "
		 "sg3:0123456789abcdef0123456789abcdef\n    reason: x\n",
		 "2:18: suppressions[0].fingerprint: must be a secgate"},
		{"suppressions:\n  - fingerprint: "
		 "sg1:0123456789abcdef0123456789abcdeg\n    reason: x\n",
		 "2:18: suppressions[0].fingerprint: must be a secgate"},
		{"suppressions:\n  - package: {versions: \"<1\"}\n    reason: "
		 "x\n",
		 "2:14: suppressions[0].package: 'name' is required"},
		{"suppressions:\n  - package: {name: a, versions: \"~=1.0\"}\n"
		 "    reason: x\n",
		 "2:34: suppressions[0].package.versions: must be versions or "
		 "comparisons separated by commas"},
		{"suppressions:\n  - package: {name: a, versions: "
		 "\">=1,,<2\"}\n"
		 "    reason: x\n",
		 "2:34: suppressions[0].package.versions: must be versions"},
		{"suppressions:\n  - package: [a]\n    reason: x\n",
		 "2:14: suppressions[0].package: must be a string, not a list"},
		{"suppressions:\n  - path: \"[x\"\n    reason: x\n",
		 "2:11: suppressions[0].path: not a valid path pattern"},
		{"suppressions:\n  - rule: x\n    reason: x\n  - rule: y\n",
		 "4:5: suppressions[1]: 'reason' is required"},
	};
	expect_errors(bad, N(bad));
	static const char *const versions[] = {
		"<2.0,>=1.2", "1.4.2", "==1.4.2, !=1.4.3", ">1", "<=2.0.0rc1",
		"1.0+local", "2:1.2-3", "*",
	};
	char yaml[256];

	for (size_t i = 0; i < N(versions); i++) {
		snprintf(yaml, sizeof(yaml),
			 "suppressions:\n  - package: {name: a, versions: "
			 "\"%s\"}\n    reason: x\n",
			 versions[i]);
		if (strchr(versions[i], ':')) {
			/* Debian epochs are not in the grammar. */
			expect_error(yaml, "2:34: suppressions[0].package."
					   "versions: must be versions");
			continue;
		}
		load_ok(yaml, NULL);
	}
}

/* ---- tools ---- */

static void test_config__tool_sections_and_defaults(void **state)
{
	const struct sg_tool_config *t;

	(void)state;
	load_ok("tools:\n  gitleaks:\n  trivy: {}\n  pip-audit: {enabled: "
		"false}\n",
		NULL);
	assert_int_equal(cfg.n_tools, 3);
	t = sg_config_tool(&cfg, "gitleaks");
	assert_non_null(t);
	assert_true(t->enabled); /* the section exists */
	assert_true(t->required);
	assert_int_equal(t->timeout_seconds, 0);
	assert_null(t->mode);
	assert_null(t->path);
	assert_int_equal(t->n_args, 0);
	assert_false(t->is_custom);
	assert_int_equal(t->line, 2);
	assert_int_equal(t->column, 3);
	assert_true(sg_config_tool(&cfg, "trivy")->enabled);
	assert_false(sg_config_tool(&cfg, "pip-audit")->enabled);
	assert_null(sg_config_tool(&cfg, "codeql")); /* no section: off */

	load_ok("tools:\n"
		"  gitleaks: {enabled: true, required: false, timeout: 5m, "
		"args: [\"--no-banner\", \"\"], path: /usr/bin/gitleaks, "
		"mode: git}\n"
		"  trivy: {mode: fs, target: \".\", scanners: [vuln, "
		"misconfig, secret, license]}\n"
		"  pip-audit: {requirements: [requirements.txt, dev.txt]}\n"
		"  codeql: {sarif: \"codeql/*.sarif\"}\n",
		NULL);
	t = sg_config_tool(&cfg, "gitleaks");
	assert_false(t->required);
	assert_int_equal(t->timeout_seconds, 300);
	assert_int_equal(t->n_args, 2);
	assert_string_equal(t->args[0], "--no-banner");
	assert_string_equal(t->args[1], "");
	assert_string_equal(t->path, "/usr/bin/gitleaks");
	assert_string_equal(t->mode, "git");
	t = sg_config_tool(&cfg, "trivy");
	assert_string_equal(t->target, ".");
	assert_int_equal(t->n_scanners, 4);
	assert_string_equal(t->scanners[3], "license");
	t = sg_config_tool(&cfg, "pip-audit");
	assert_int_equal(t->n_requirements, 2);
	assert_string_equal(t->requirements[1], "dev.txt");
	t = sg_config_tool(&cfg, "codeql");
	assert_string_equal(t->sarif, "codeql/*.sarif");
	assert_string_equal(t->mode, "sarif");
	load_ok("tools:\n  codeql: {database: db}\n", NULL);
	assert_string_equal(sg_config_tool(&cfg, "codeql")->mode, "analyze");
}

static void test_config__every_tool_mode(void **state)
{
	static const struct {
		const char *tool, *mode, *extra;
	} modes[] = {
		{"gitleaks", "dir", ""},
		{"gitleaks", "git", ""},
		{"trivy", "fs", ""},
		{"trivy", "image", ", target: a:1"},
		{"trivy", "config", ""},
		{"trivy", "repo", ""},
		{"codeql", "sarif", ""},
		{"codeql", "analyze", ", database: d"},
	};
	char yaml[256];

	(void)state;
	for (size_t i = 0; i < N(modes); i++) {
		snprintf(yaml, sizeof(yaml), "tools:\n  %s: {mode: %s%s}\n",
			 modes[i].tool, modes[i].mode, modes[i].extra);
		load_ok(yaml, NULL);
		assert_string_equal(sg_config_tool(&cfg, modes[i].tool)->mode,
				    modes[i].mode);
	}
	static const struct error_case bad[] = {
		{"tools:\n  gitleaks: {mode: detect}\n",
		 "2:20: tools.gitleaks.mode: must be one of dir, git, not "
		 "'detect'"},
		{"tools:\n  trivy: {mode: rootfs}\n",
		 "2:17: tools.trivy.mode: must be one of fs, image, config, "
		 "repo, not 'rootfs'"},
		{"tools:\n  codeql: {mode: run}\n",
		 "2:18: tools.codeql.mode: must be one of sarif, analyze"},
		{"tools:\n  pip-audit: {mode: x}\n",
		 "2:15: tools.pip-audit: unknown key 'mode'"},
		{"tools:\n  trivy: {mode: image}\n",
		 "2:10: tools.trivy: mode 'image' needs 'target'"},
		{"tools:\n  codeql: {mode: analyze}\n",
		 "2:11: tools.codeql: mode 'analyze' needs 'database'"},
		{"tools:\n  trivy: {scanners: [vuln, sbom]}\n",
		 "2:28: tools.trivy.scanners[1]: must be one of vuln, "
		 "misconfig, secret, license, not 'sbom'"},
		{"tools:\n  trivy: {scanners: [vuln, vuln]}\n",
		 "2:21: tools.trivy.scanners: lists 'vuln' twice"},
	};
	expect_errors(bad, N(bad));
}

static void test_config__custom_tools(void **state)
{
	static const char *const formats[] = {"sarif", "gitleaks", "trivy",
					      "pip-audit"};
	const struct sg_tool_config *t;
	char yaml[256];

	(void)state;
	load_ok("tools:\n  custom:\n"
		"    - name: flawfinder\n"
		"      command: [flawfinder, --sarif, src]\n"
		"    - name: semgrep\n"
		"      command: [semgrep, scan]\n"
		"      format: sarif\n"
		"      output: out/semgrep.sarif\n"
		"      success_exit_codes: [0, 1, 255]\n"
		"      timeout: 90s\n"
		"      required: false\n"
		"      enabled: false\n",
		NULL);
	assert_int_equal(cfg.n_tools, 2);
	t = sg_config_tool(&cfg, "flawfinder");
	assert_non_null(t);
	assert_true(t->is_custom);
	assert_true(t->enabled);
	assert_true(t->required);
	assert_int_equal(t->n_command, 3);
	assert_string_equal(t->command[2], "src");
	assert_string_equal(t->format, "sarif"); /* the default */
	assert_int_equal(t->output, SG_OUTPUT_STDOUT);
	assert_null(t->output_path);
	assert_int_equal(t->n_success_exit_codes, 0); /* default: [0] */
	assert_int_equal(t->line, 3);
	assert_int_equal(t->column, 7);
	t = sg_config_tool(&cfg, "semgrep");
	assert_false(t->enabled);
	assert_false(t->required);
	assert_int_equal(t->output, SG_OUTPUT_FILE);
	assert_string_equal(t->output_path, "out/semgrep.sarif");
	assert_int_equal(t->n_success_exit_codes, 3);
	assert_int_equal(t->success_exit_codes[2], 255);
	assert_int_equal(t->timeout_seconds, 90);
	for (size_t i = 0; i < N(formats); i++) {
		snprintf(yaml, sizeof(yaml),
			 "tools:\n  custom:\n    - {name: x, command: [x], "
			 "format: %s, output: stdout}\n",
			 formats[i]);
		load_ok(yaml, NULL);
		assert_string_equal(cfg.tools[0].format, formats[i]);
		assert_int_equal(cfg.tools[0].output, SG_OUTPUT_STDOUT);
	}

	static const struct error_case bad[] = {
		{"tools:\n  custom:\n    - command: [x]\n",
		 "3:7: tools.custom[0]: 'name' is required"},
		{"tools:\n  custom:\n    - name: x\n",
		 "3:7: tools.custom[0]: 'command' is required"},
		{"tools:\n  custom:\n    - {name: x, command: []}\n",
		 "3:26: tools.custom[0].command: must be a non-empty list"},
		{"tools:\n  custom:\n    - {name: x, command: \"x --y\"}\n",
		 "3:26: tools.custom[0].command: must be a list, not 'x --y'"},
		{"tools:\n  custom:\n    - {name: trivy, command: [t]}\n",
		 "3:14: tools.custom[0].name: 'trivy' is a built-in tool"},
		{"tools:\n  custom:\n    - {name: \"my tool\", command: [t]}\n",
		 "3:14: tools.custom[0].name: must be up to 64 letters"},
		{"tools:\n  custom:\n    - {name: a, command: [a]}\n"
		 "    - {name: a, command: [b]}\n",
		 "4:7: tools.custom[1]: duplicate custom tool name 'a'"},
		{"tools:\n  custom:\n    - {name: a, command: [a], format: "
		 "json}\n",
		 "3:39: tools.custom[0].format: must be one of sarif, "
		 "gitleaks, trivy, pip-audit, not 'json'"},
		{"tools:\n  custom:\n    - {name: a, command: [a], "
		 "success_exit_codes: [0, 256]}\n",
		 "3:55: tools.custom[0].success_exit_codes[1]: must be an exit "
		 "code from 0 to 255, not '256'"},
		{"tools:\n  custom:\n    - {name: a, command: [a], "
		 "success_exit_codes: [-1]}\n",
		 "3:52: tools.custom[0].success_exit_codes[0]: must be an exit "
		 "code"},
		{"tools:\n  custom:\n    - {name: a, command: [a], "
		 "success_exit_codes: []}\n",
		 "3:51: tools.custom[0].success_exit_codes: must be a "
		 "non-empty list of exit codes, not an empty list"},
		{"tools:\n  custom:\n    - {name: a, command: [a], mode: "
		 "dir}\n",
		 "3:31: tools.custom[0]: unknown key 'mode'"},
		{"tools:\n  custom:\n    -\n",
		 "3:6: tools.custom[0]: must be a mapping, not empty"},
	};
	expect_errors(bad, N(bad));
}

/* ---- profiles ---- */

static void test_config__release_profile_is_built_in(void **state)
{
	(void)state;
	assert_int_equal(sg_config_load(&cfg, NULL, "release"), 0);
	assert_string_equal(cfg.profile, "release");
	assert_int_equal(cfg.fail_on.severity, SG_SEV_LOW);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_PROFILE);
	assert_true(cfg.strict);
	assert_int_equal(cfg.strict_origin, SG_ORIGIN_PROFILE);
	assert_false(cfg.new_only);
	assert_int_equal(cfg.new_only_origin, SG_ORIGIN_PROFILE);
	assert_int_equal(cfg.unknown_severity_origin, SG_ORIGIN_DEFAULT);

	/* With a file that does not define it: every tool becomes required. */
	load_ok("new_only: true\nfail_on: critical\n"
		"tools:\n  gitleaks: {required: false}\n"
		"  custom:\n    - {name: x, command: [x], required: false}\n",
		"release");
	assert_false(cfg.new_only);
	assert_int_equal(cfg.fail_on.severity, SG_SEV_LOW);
	assert_true(cfg.tools[0].required);
	assert_true(cfg.tools[1].required);
}

static void test_config__file_adjusts_the_release_profile(void **state)
{
	const char *yaml = "fail_on: high\n"
			   "profiles:\n"
			   "  release:\n"
			   "    fail_on: medium\n"
			   "    strict: false\n"
			   "    expiry_warning_days: 30\n";

	(void)state;
	load_ok(yaml, "release");
	assert_int_equal(cfg.fail_on.severity, SG_SEV_MEDIUM);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_PROFILE);
	assert_false(cfg.strict);
	assert_false(cfg.new_only); /* still the built-in's */
	assert_int_equal(cfg.expiry_warning_days, 30);
	/* Without the profile, the file alone. */
	load_ok(yaml, NULL);
	assert_int_equal(cfg.fail_on.severity, SG_SEV_HIGH);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.expiry_warning_days, 14);
}

static void test_config__named_profiles_overlay_the_file(void **state)
{
	const char *yaml = "fail_on: high\n"
			   "paths:\n  include: [\"src/**\"]\n"
			   "  exclude: [\"tests/**\"]\n"
			   "overrides:\n  - {tool: gitleaks, fail_on: low}\n"
			   "profiles:\n"
			   "  ci:\n"
			   "    new_only: true\n"
			   "    paths:\n"
			   "      exclude: [\"tests/**\", \"docs/**\"]\n"
			   "    overrides:\n      - {tool: gitleaks, fail_on: "
			   "none}\n"
			   "  nightly: {fail_on: info}\n";

	(void)state;
	load_ok(yaml, "ci");
	assert_true(cfg.new_only);
	assert_int_equal(cfg.new_only_origin, SG_ORIGIN_PROFILE);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.n_include, 1); /* not in the profile: kept */
	assert_int_equal(cfg.include_origin, SG_ORIGIN_FILE);
	assert_int_equal(cfg.n_exclude, 2); /* replaced */
	assert_string_equal(cfg.exclude[1], "docs/**");
	assert_int_equal(cfg.exclude_origin, SG_ORIGIN_PROFILE);
	assert_int_equal(cfg.n_overrides, 2); /* added after the file's */
	assert_false(cfg.overrides[0].fail_on.none);
	assert_true(cfg.overrides[1].fail_on.none);
	assert_int_equal(cfg.overrides[1].line, 13);
	load_ok(yaml, "nightly");
	assert_int_equal(cfg.fail_on.severity, SG_SEV_INFO);
	assert_int_equal(cfg.n_overrides, 1);

	assert_int_equal(load_text(yaml, "weekly"), SG_EUSAGE);
	assert_string_equal(sg_error_message(),
			    "unknown profile 'weekly' (defined: release, ci, "
			    "nightly)");
	assert_int_equal(sg_config_load(&cfg, NULL, "ci"), SG_EUSAGE);
	assert_string_equal(sg_error_message(),
			    "unknown profile 'ci' (defined: release)");
	/* Profiles are validated even when not chosen. */
	expect_error("profiles:\n  ci: {fail_on: hgih}\n",
		     "2:17: profiles.ci.fail_on: must be one of");
}

/* ---- environment, flags and show ---- */

static char *show(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	sg_config_show(&cfg, f);
	fclose(f);
	return text;
}

static void assert_contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' not in:\n%s", want, text);
}

static void test_config__set_and_env_apply_with_their_origins(void **state)
{
	(void)state;
	load_ok("fail_on: medium\nstrict: true\n", NULL);
	assert_int_equal(sg_config_set(&cfg, "fail_on", "none", SG_ORIGIN_FLAG),
			 0);
	assert_true(cfg.fail_on.none);
	assert_int_equal(cfg.fail_on_origin, SG_ORIGIN_FLAG);
	assert_int_equal(sg_config_set(&cfg, "baseline", "b.json",
				       SG_ORIGIN_FLAG),
			 0);
	assert_string_equal(cfg.baseline, "b.json");

	assert_int_equal(sg_config_set(&cfg, "new_only", "yes", SG_ORIGIN_FLAG),
			 SG_EUSAGE);
	assert_string_equal(sg_error_message(),
			    "must be true or false, not 'yes'");
	assert_int_equal(sg_config_set(&cfg, "fail_on", "High", SG_ORIGIN_FLAG),
			 SG_EUSAGE);
	assert_int_equal(sg_config_set(&cfg, "paths", "x", SG_ORIGIN_FLAG),
			 SG_EUSAGE);
	assert_string_equal(sg_error_message(), "unknown setting 'paths'");
	assert_int_equal(sg_config_set(&cfg, "expiry_warning_days", "x7",
				       SG_ORIGIN_FLAG),
			 SG_EUSAGE);

	setenv("SECGATE_STRICT", "false", 1);
	setenv("SECGATE_EXPIRY_WARNING_DAYS", "7", 1);
	setenv("SECGATE_NEW_ONLY", "", 1); /* empty: not set */
	assert_int_equal(sg_config_apply_env(&cfg), 0);
	assert_false(cfg.strict);
	assert_int_equal(cfg.strict_origin, SG_ORIGIN_ENV);
	assert_int_equal(cfg.expiry_warning_days, 7);
	assert_int_equal(cfg.new_only_origin, SG_ORIGIN_DEFAULT);
	setenv("SECGATE_UNKNOWN_SEVERITY", "unknown", 1);
	assert_int_equal(sg_config_apply_env(&cfg), SG_EUSAGE);
	assert_string_equal(sg_error_message(),
			    "SECGATE_UNKNOWN_SEVERITY: must be one of "
			    "critical, high, medium, low, info, not 'unknown'");
	unsetenv("SECGATE_STRICT");
	unsetenv("SECGATE_EXPIRY_WARNING_DAYS");
	unsetenv("SECGATE_NEW_ONLY");
	unsetenv("SECGATE_UNKNOWN_SEVERITY");
}

/* Drop comments and "# from:" notes: what is left is the configuration. */
static void strip_notes(char *text)
{
	char *out = text;

	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *note = strstr(line, "  # from:");

		if (note && note < line + len)
			len = (size_t)(note - line);
		if (line[0] != '#') {
			memmove(out, line, len);
			out += len;
			*out++ = '\n';
		}
		line += end ? (size_t)(end - line) + 1 : strlen(line);
	}
	*out = '\0';
}

static void test_config__show_notes_origins_and_loads_back(void **state)
{
	char *text, *again;
	const char *p;

	(void)state;
	load_ok("expiry_warning_days: 30\n"
		"paths: {exclude: [\"tests/**\", \"we\\\"i\\\\*rd\"]}\n"
		"overrides: [{kind: license, fail_on: none}, {rule: r, "
		"severity: info}]\n"
		"suppressions:\n  - {rule: x, reason: \"line\\nbreak\", "
		"package: {name: a, versions: \"<2\"}, expires: 2026-01-31}\n"
		"tools:\n  trivy: {mode: fs, args: [\"--quiet\"]}\n"
		"  custom:\n    - {name: ff, command: [ff, src], output: "
		"ff.sarif, success_exit_codes: [0, 3]}\n",
		"release");
	setenv("SECGATE_NEW_ONLY", "true", 1);
	assert_int_equal(sg_config_apply_env(&cfg), 0);
	unsetenv("SECGATE_NEW_ONLY");
	assert_int_equal(sg_config_set(&cfg, "baseline", "b.json",
				       SG_ORIGIN_FLAG),
			 0);
	text = show();
	assert_contains(text, "fail_on: low  # from: profile release\n");
	assert_contains(text, "unknown_severity: high  # from: default\n");
	assert_contains(text, "new_only: true  # from: env\n");
	assert_contains(text, "baseline: \"b.json\"  # from: flag\n");
	assert_contains(text, "strict: true  # from: profile release\n");
	assert_contains(text, "expiry_warning_days: 30  # from: file\n");
	assert_contains(text, "exclude: [\"tests/**\", \"we\\\"i\\\\*rd\"]  "
			      "# from: file\n");
	assert_contains(text, "include: []  # from: default\n");
	assert_contains(text, "reason: \"line\\x0abreak\"\n");
	assert_contains(text, "expires: 2026-01-31\n");
	assert_contains(text, "# profile: release\n");

	/* What it prints is a configuration that means the same. */
	p = write_temp(text, strlen(text));
	assert_non_null(p);
	snprintf(last_path, sizeof(last_path), "%s", p);
	sg_config_release(&cfg);
	sg_config_init(&cfg);
	if (sg_config_load(&cfg, last_path, NULL) != 0)
		fail_msg("show output does not load: %s\n%s",
			 sg_error_message(), text);
	unlink(last_path);
	again = show();
	strip_notes(text);
	strip_notes(again);
	assert_string_equal(again, text);
	free(text);
	free(again);

	/* Without a file. */
	sg_config_release(&cfg);
	sg_config_init(&cfg);
	text = show();
	assert_contains(text, "# file: (none: defaults)\n");
	assert_contains(text, "fail_on: high  # from: default\n");
	assert_contains(text, "tools: {}\n");
	free(text);
}

/* ---- discovery ---- */

static void touch(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("fail_on: high\n", f);
	fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* *out names the same file as dir/name. */
static void assert_found(const char *out, const char *dir, const char *name)
{
	char want[1024];
	char *a, *b;

	assert_non_null(out);
	snprintf(want, sizeof(want), "%s/%s", dir, name);
	a = realpath(out, NULL);
	b = realpath(want, NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

static void test_config__discovery_precedence(void **state)
{
	char root[] = "/tmp/secgate-config-XXXXXX";
	char sub[1100], other[1100], cwd[4096];
	char *saved_env = getenv("SECGATE_CONFIG")
				  ? strdup(getenv("SECGATE_CONFIG"))
				  : NULL;
	char *out = NULL;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_non_null(mkdtemp(root));
	unsetenv("SECGATE_CONFIG");
	snprintf(sub, sizeof(sub), "%s/svc", root);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(other, sizeof(other), "%s/other.yml", root);
	touch(root, "other.yml");

	/* Nothing: no configuration, and no error. */
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_null(out);
	/* .secgate.yaml alone. */
	touch(root, ".secgate.yaml");
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, root, ".secgate.yaml");
	free(out);
	/* Both: ambiguous. */
	touch(root, ".secgate.yml");
	assert_int_equal(sg_config_find(&out, NULL, root), SG_EUSAGE);
	assert_null(out);
	assert_non_null(strstr(sg_error_message(), "ambiguous"));
	assert_non_null(strstr(sg_error_message(), ".secgate.yml"));
	assert_non_null(strstr(sg_error_message(), ".secgate.yaml"));
	/* .secgate.yml alone. */
	remove_file(root, ".secgate.yaml");
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, root, ".secgate.yml");
	free(out);
	/* SECGATE_CONFIG beats the repository's file... */
	setenv("SECGATE_CONFIG", other, 1);
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_string_equal(out, other);
	free(out);
	/* ...and --config beats SECGATE_CONFIG. */
	snprintf(sub + strlen(sub), sizeof(sub) - strlen(sub),
		 "/../.secgate.yml");
	assert_int_equal(sg_config_find(&out, sub, root), 0);
	assert_string_equal(out, sub);
	free(out);
	snprintf(sub, sizeof(sub), "%s/svc", root);
	/* Named files must exist. */
	assert_int_equal(sg_config_find(&out, "/nonexistent.yml", root),
			 SG_EUSAGE);
	assert_non_null(strstr(sg_error_message(), "/nonexistent.yml"));
	assert_non_null(strstr(sg_error_message(), "--config"));
	setenv("SECGATE_CONFIG", "/nonexistent-env.yml", 1);
	assert_int_equal(sg_config_find(&out, NULL, root), SG_EUSAGE);
	assert_non_null(strstr(sg_error_message(), "SECGATE_CONFIG"));
	assert_int_equal(sg_config_find(&out, root, root), SG_EUSAGE);
	assert_non_null(strstr(sg_error_message(), "is a directory"));
	setenv("SECGATE_CONFIG", "", 1); /* empty: not set */
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, root, ".secgate.yml");
	free(out);
	unsetenv("SECGATE_CONFIG");

	/* From a subdirectory: its own file first, then the root's. */
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, root, ".secgate.yml");
	free(out);
	touch(sub, ".secgate.yaml");
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, sub, ".secgate.yaml");
	free(out);
	assert_int_equal(chdir(cwd), 0);
	/* Outside the repository: only the root is looked at. */
	assert_int_equal(sg_config_find(&out, NULL, root), 0);
	assert_found(out, root, ".secgate.yml");
	free(out);
	assert_int_equal(sg_config_find(&out, NULL, NULL), 0);
	assert_null(out);

	remove_file(sub, ".secgate.yaml");
	rmdir(sub);
	remove_file(root, ".secgate.yml");
	remove_file(root, "other.yml");
	rmdir(root);
	if (saved_env)
		setenv("SECGATE_CONFIG", saved_env, 1);
	free(saved_env);
}

/* ---- fixtures ---- */

static void test_config__example_configuration_loads(void **state)
{
	const char *path = fixture_path("secgate.example.yml");
	const struct sg_tool_config *t;

	(void)state;
	if (sg_config_load(&cfg, path, NULL) != 0)
		fail_msg("%s", sg_error_message());
	assert_int_equal(cfg.n_include, 3);
	assert_int_equal(cfg.n_exclude, 3);
	assert_int_equal(cfg.n_overrides, 3);
	assert_int_equal(cfg.n_suppressions, 4);
	assert_int_equal(cfg.n_tools, 6);
	assert_false(sg_config_tool(&cfg, "pip-audit")->required);
	t = sg_config_tool(&cfg, "semgrep");
	assert_non_null(t);
	assert_int_equal(t->output, SG_OUTPUT_FILE);
	assert_string_equal(sg_config_tool(&cfg, "codeql")->mode, "sarif");
	assert_string_equal(cfg.suppressions[0].package, "setuptools");
	assert_string_equal(cfg.suppressions[0].expires_text, "2026-12-31");

	assert_int_equal(sg_config_load(&cfg, path, "release"), 0);
	assert_int_equal(cfg.fail_on.severity, SG_SEV_LOW);
	assert_true(cfg.strict);
	assert_int_equal(cfg.expiry_warning_days, 30);
	assert_int_equal(cfg.baseline_max_age_days, 180);
	for (size_t i = 0; i < cfg.n_tools; i++)
		assert_true(cfg.tools[i].required);
	assert_int_equal(sg_config_load(&cfg, path, "ci"), 0);
	assert_true(cfg.new_only);
	assert_int_equal(cfg.n_exclude, 4);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void test_config__fixture_files(void **state)
{
	char dir[1024];
	DIR *d;
	struct dirent *e;
	size_t good = 0, bad = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", fixture_path("config/good"));
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[2048];

		if (!has_suffix(e->d_name, ".yml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (sg_config_load(&cfg, path, NULL) != 0)
			fail_msg("%s: %s", e->d_name, sg_error_message());
		good++;
	}
	closedir(d);

	snprintf(dir, sizeof(dir), "%s", fixture_path("config/bad"));
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[2048], errpath[2048], want[1024], prefix[3200];
		FILE *f;
		size_t n;

		if (!has_suffix(e->d_name, ".yml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(errpath, sizeof(errpath), "%.*s.error",
			 (int)(strlen(path) - 4), path);
		f = fopen(errpath, "r");
		if (!f)
			fail_msg("%s: no .error file", e->d_name);
		n = fread(want, 1, sizeof(want) - 1, f);
		fclose(f);
		while (n && want[n - 1] == '\n')
			n--;
		want[n] = '\0';
		if (sg_config_load(&cfg, path, NULL) != SG_EUSAGE)
			fail_msg("%s: loaded", e->d_name);
		snprintf(prefix, sizeof(prefix), "%s:%s", path, want);
		if (strncmp(sg_error_message(), prefix, strlen(prefix)))
			fail_msg("%s:\n got  %s\n want %s", e->d_name,
				 sg_error_message(), prefix);
		bad++;
	}
	closedir(d);
	assert_true(good >= 5);
	assert_true(bad >= 15);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_config__defaults_without_a_file),
		T(test_config__empty_files_are_the_defaults),
		T(test_config__top_level_scalars_are_read_with_origin_file),
		T(test_config__every_threshold_and_severity),
		T(test_config__booleans_are_true_or_false_only),
		T(test_config__unknown_keys_list_the_allowed_ones),
		T(test_config__duplicate_keys_are_rejected),
		T(test_config__wrong_types_are_rejected),
		T(test_config__yaml_structure_errors),
		T(test_config__nesting_depth_is_capped),
		T(test_config__anchors_and_aliases_are_capped_at_16),
		T(test_config__documents_over_1_mib_are_refused),
		T(test_config__missing_file_is_a_usage_error),
		T(test_config__a_failed_load_leaves_the_config_untouched),
		T(test_config__expiry_dates_are_strict_calendar_dates),
		T(test_config__expiry_dates_in_the_file),
		T(test_config__expiry_ignores_the_local_time_zone),
		T(test_config__durations),
		T(test_config__overrides),
		T(test_config__paths),
		T(test_config__suppressions),
		T(test_config__tool_sections_and_defaults),
		T(test_config__every_tool_mode),
		T(test_config__custom_tools),
		T(test_config__release_profile_is_built_in),
		T(test_config__file_adjusts_the_release_profile),
		T(test_config__named_profiles_overlay_the_file),
		T(test_config__set_and_env_apply_with_their_origins),
		T(test_config__show_notes_origins_and_loads_back),
		T(test_config__discovery_precedence),
		T(test_config__example_configuration_loads),
		T(test_config__fixture_files),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
