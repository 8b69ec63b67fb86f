/*
 * The Trivy JSON adapter: detection, the three report shapes (SchemaVersion
 * 2, the v0.19 object, the pre-0.20 array/null), every finding kind, VEX,
 * secret redaction, errors, and the real reports in ../shared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "secgate/adapter.h"
#include "secgate/error.h"
#include "test_util.h"

/* ---- helpers ---- */

static int detect_text(const char *text)
{
	struct sg_sniff sniff;

	sg_sniff_document(&sniff, text, strlen(text));
	return sg_adapter_trivy.detect(&sniff);
}

/* Ingest a fixture that must parse; fails the test with the error if not. */
static void ingest_ok(struct sg_findings *set, struct sg_input *in,
		      const char *path, const char *tool)
{
	int rc;

	assert_non_null(path);
	rc = ingest_one(set, in, path, tool);
	if (rc != 0)
		fail_msg("%s: %s", path, in->error ? in->error : "?");
}

/* Ingest text that must fail; returns the message (static copy). */
static const char *ingest_error(const char *text, const char *tool)
{
	static char msg[1024];
	struct sg_findings set;
	struct sg_input in;
	const char *path = write_temp(text, strlen(text));
	int rc;

	assert_non_null(path);
	rc = ingest_one(&set, &in, path, tool);
	assert_int_equal(rc, SG_EINPUT);
	assert_int_equal(set.count, 0);
	snprintf(msg, sizeof(msg), "%s", in.error ? in.error : "");
	sg_input_release(&in);
	sg_findings_release(&set);
	remove(path);
	return msg;
}

static size_t ingest_count(const char *text, const char *tool)
{
	struct sg_findings set;
	struct sg_input in;
	const char *path = write_temp(text, strlen(text));
	size_t n;

	assert_non_null(path);
	ingest_ok(&set, &in, path, tool);
	n = set.count;
	sg_input_release(&in);
	sg_findings_release(&set);
	remove(path);
	return n;
}

static const struct sg_finding *find_kind_rule(const struct sg_findings *set,
					       enum sg_kind kind,
					       const char *rule)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].kind == kind &&
		    strcmp(set->items[i].rule_id, rule) == 0)
			return &set->items[i];
	return NULL;
}

static size_t count_kind(const struct sg_findings *set, enum sg_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < set->count; i++)
		n += set->items[i].kind == kind;
	return n;
}

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* True when needle occurs in any string a finding holds. */
static int set_mentions(const struct sg_findings *set, const char *needle)
{
	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];
		const char *fields[] = {
		    f->tool,
		    f->tool_version,
		    f->rule_id,
		    f->title,
		    f->message,
		    sg_finding_cold(f)->tool_severity,
		    f->location.path,
		    f->location.commit,
		    sg_finding_cold(f)->package.ecosystem,
		    sg_finding_cold(f)->package.name,
		    sg_finding_cold(f)->package.version,
		    sg_finding_cold(f)->package.purl,
		    sg_finding_cold(f)->help_uri,
		    f->fingerprint,
		    sg_finding_cold(f)->producer_suppression,
		};

		for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]); j++)
			if (has(fields[j], needle))
				return 1;
		for (size_t j = 0; j < sg_finding_cold(f)->n_ids; j++)
			if (has(sg_finding_cold(f)->ids[j], needle))
				return 1;
		for (size_t j = 0;
		     j < sg_finding_cold(f)->package.n_fixed_versions; j++)
			if (has(sg_finding_cold(f)->package.fixed_versions[j],
				needle))
				return 1;
	}
	return 0;
}

/* shared_fixture_path() or a visible skip. */
static const char *real(const char *name)
{
	static char buf[4096];
	char rel[256];
	const char *p;

	snprintf(rel, sizeof(rel), "trivy/%s", name);
	p = shared_fixture_path(rel);
	if (!p) {
		printf("SKIPPED: ../shared absent (%s)\n", rel);
		return NULL;
	}
	snprintf(buf, sizeof(buf), "%s", p);
	return buf;
}

/* ---- detection ---- */

static void test_trivy__detect_scores(void **state)
{
	(void)state;
	assert_int_equal(detect_text("{\"SchemaVersion\": 2, \"Results\": []}"),
			 90);
	assert_int_equal(detect_text("{\"ArtifactName\": \"x\"}"), 90);
	assert_int_equal(detect_text("{\"ImageID\": \"s\", \"Results\": []}"),
			 90);
	assert_int_equal(detect_text("{\"ClusterName\": \"c\"}"), 90);
	assert_int_equal(detect_text("[{\"Target\": \"a\", "
				     "\"Vulnerabilities\": []}]"),
			 80);
	assert_int_equal(detect_text("[{\"Target\": \"a\", \"Class\": "
				     "\"secret\"}]"),
			 80);
	/* Not Trivy findings: CycloneDX, SARIF, gitleaks, pip-audit. */
	assert_int_equal(detect_text("{\"bomFormat\": \"CycloneDX\", "
				     "\"ArtifactName\": \"x\"}"),
			 0);
	assert_int_equal(detect_text("{\"version\": \"2.1.0\", \"runs\": []}"),
			 0);
	assert_int_equal(detect_text("[{\"RuleID\": \"r\", \"File\": \"f\"}]"),
			 0);
	assert_int_equal(detect_text("{\"dependencies\": []}"), 0);
	assert_int_equal(detect_text("[{\"Target\": \"a\"}]"), 0);
}

/* ---- own fixtures ---- */

static void test_trivy__mixed_kinds(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/mixed-kinds.json"),
		  NULL);
	/* 2 vulns, 2 failed misconfs (FAIL, no Status), 1 secret, 2 licenses */
	assert_int_equal(set.count, 7);
	assert_string_equal(in.meta.tool, "trivy");
	assert_string_equal(in.meta.format, "trivy-json-v2");
	assert_string_equal(in.meta.tool_version, "0.58.1");
	assert_int_equal(count_kind(&set, SG_KIND_VULNERABILITY), 2);
	assert_int_equal(count_kind(&set, SG_KIND_MISCONFIGURATION), 2);
	assert_int_equal(count_kind(&set, SG_KIND_SECRET), 1);
	assert_int_equal(count_kind(&set, SG_KIND_LICENSE), 2);

	f = find_kind_rule(&set, SG_KIND_VULNERABILITY, "CVE-2019-10906");
	assert_non_null(f);
	assert_string_equal(f->tool, "trivy");
	assert_string_equal(f->tool_version, "0.58.1");
	assert_string_equal(f->title,
			    "python-jinja2: str.format_map allows sandbox "
			    "escape");
	assert_true(has(f->message, "sandbox escape"));
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "HIGH");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "pypi");
	assert_string_equal(sg_finding_cold(f)->package.name, "Jinja2");
	assert_string_equal(sg_finding_cold(f)->package.version, "2.10");
	assert_string_equal(sg_finding_cold(f)->package.purl,
			    "pkg:pypi/jinja2@2.10");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 2);
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[0],
			    "2.10.1");
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[1],
			    "2.11.0");
	/* Primary first; GHSA from VendorIDs; PYSEC skipped; no duplicate. */
	assert_int_equal(sg_finding_cold(f)->n_ids, 2);
	assert_string_equal(sg_finding_cold(f)->ids[0], "CVE-2019-10906");
	assert_string_equal(sg_finding_cold(f)->ids[1], "GHSA-462w-v97r-4m45");
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://avd.aquasec.com/nvd/cve-2019-10906");
	assert_string_equal(f->location.path, "app/requirements.txt");
	assert_null(sg_finding_cold(f)->producer_suppression);
	assert_non_null(f->fingerprint);

	/* No PURL: ecosystem from Type; no Title: the id; UNKNOWN severity. */
	f = find_kind_rule(&set, SG_KIND_VULNERABILITY, "GHSA-h5c8-rqwp-cp95");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "pypi");
	assert_string_equal(f->title, "GHSA-h5c8-rqwp-cp95");
	assert_int_equal(f->severity, SG_SEV_UNKNOWN);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "UNKNOWN");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 0);

	f = find_kind_rule(&set, SG_KIND_MISCONFIGURATION, "DS002");
	assert_non_null(f);
	assert_string_equal(f->location.path, "Dockerfile");
	assert_int_equal(f->location.start_line, 3);
	assert_int_equal(f->location.end_line, 3);
	assert_string_equal(f->message, "Specify at least 1 USER command in "
					"Dockerfile with non-root user as "
					"argument");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://avd.aquasec.com/misconfig/ds002");
	/* PASS and EXCEPTION are not findings. */
	assert_null(find_by_rule(&set, "DS001"));
	assert_null(find_by_rule(&set, "DS005"));
	/* Old Trivy: no Status fails; no ID: AVDID; no Message: Description */
	f = find_kind_rule(&set, SG_KIND_MISCONFIGURATION, "AVD-DS-0026");
	assert_non_null(f);
	assert_true(has(f->message, "HEALTHCHECK"));

	f = find_kind_rule(&set, SG_KIND_SECRET, "aws-secret-access-key");
	assert_non_null(f);
	assert_string_equal(f->title, "AWS Secret Access Key");
	assert_string_equal(f->message,
			    "AWS Secret Access Key in config/settings.env");
	assert_string_equal(f->location.path, "config/settings.env");
	assert_int_equal(f->location.start_line, 2);
	assert_int_equal(f->severity, SG_SEV_CRITICAL);

	f = find_kind_rule(&set, SG_KIND_LICENSE, "GPL-2.0");
	assert_non_null(f);
	assert_string_equal(f->title, "License GPL-2.0 (restricted)");
	assert_string_equal(sg_finding_cold(f)->package.name, "busybox");
	assert_null(f->location.path); /* "OS Packages" is not a file */
	assert_null(sg_finding_cold(f)->help_uri); /* empty Link */
	assert_int_equal(f->severity, SG_SEV_HIGH);
	f = find_kind_rule(&set, SG_KIND_LICENSE, "MIT");
	assert_non_null(f);
	assert_string_equal(f->location.path, "vendor/lib/LICENSE");
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://spdx.org/licenses/MIT.html");
	assert_int_equal(f->severity, SG_SEV_LOW);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__secret_match_never_kept(void **state)
{
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/mixed-kinds.json"),
		  NULL);
	assert_false(set_mentions(&set, "FIXTUREsecretVALUE"));
	assert_false(set_mentions(&set, "AWS_SECRET="));
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__results_before_schema_version(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/results-first.json"),
		  NULL);
	assert_int_equal(set.count, 3);
	assert_string_equal(in.meta.format, "trivy-json-v2");
	assert_string_equal(in.meta.tool_version, "0.50.0");
	/* Target, Class and Type came after the arrays. */
	f = find_kind_rule(&set, SG_KIND_VULNERABILITY, "CVE-2021-23337");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "npm");
	assert_string_equal(f->location.path, "web/package-lock.json");
	assert_string_equal(f->tool_version, "0.50.0");
	f = find_kind_rule(&set, SG_KIND_SECRET, "github-pat");
	assert_non_null(f);
	assert_string_equal(f->message,
			    "GitHub Personal Access Token in "
			    "web/package-lock.json");
	assert_string_equal(f->location.path, "web/package-lock.json");
	/* An image's OS packages: no file, the distribution as ecosystem. */
	f = find_kind_rule(&set, SG_KIND_VULNERABILITY, "CVE-2023-4911");
	assert_non_null(f);
	assert_null(f->location.path);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "debian");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__vex_and_ignored_findings(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/vex-suppressed.json"),
		  NULL);
	assert_int_equal(set.count, 3);
	f = find_by_rule(&set, "CVE-2023-39325");
	assert_non_null(f);
	assert_null(sg_finding_cold(f)->producer_suppression);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "go");
	f = find_by_rule(&set, "CVE-2023-44487");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->producer_suppression,
			    "vex:not_affected");
	assert_string_equal(f->title, "HTTP/2 rapid reset");
	assert_string_equal(sg_finding_cold(f)->package.name,
			    "golang.org/x/net");
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(f->location.path, "go.mod");
	f = find_by_rule(&set, "CVE-2023-3978");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->producer_suppression,
			    "trivyignore");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem,
			    "go"); /* from Type */
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__legacy_array_and_null(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/legacy-array.json"),
		  NULL);
	assert_int_equal(set.count, 2);
	assert_string_equal(in.meta.format, "trivy-json-legacy");
	assert_null(in.meta.tool_version);
	f = find_by_rule(&set, "CVE-2019-14697");
	assert_non_null(f);
	assert_null(f->location.path); /* image target, no Class yet */
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "alpine");
	f = find_by_rule(&set, "CVE-2020-8164");
	assert_non_null(f);
	assert_string_equal(f->location.path, "Gemfile.lock");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "rubygems");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 2);
	sg_input_release(&in);
	sg_findings_release(&set);

	/* Pre-0.20 Trivy wrote a clean scan as null or []. */
	assert_int_equal(ingest_count("null", "trivy"), 0);
	assert_int_equal(ingest_count("[]", "trivy"), 0);
	assert_int_equal(ingest_count("{\"SchemaVersion\": 2, \"Results\": "
				      "null}",
				      NULL),
			 0);
	assert_int_equal(ingest_count("{\"SchemaVersion\": 2, "
				      "\"ArtifactName\": \"a\"}",
				      NULL),
			 0);
}

static void test_trivy__forced_tool_name(void **state)
{
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	ingest_ok(&set, &in, fixture_path("trivy/good/legacy-array.json"),
		  "trivy");
	assert_int_equal(set.count, 2);
	assert_string_equal(set.items[0].tool, "trivy");
	assert_string_equal(in.meta.tool, "trivy");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__fingerprints_stable_and_distinct(void **state)
{
	static const char fmt[] =
		"{\"SchemaVersion\": 2, \"Results\": ["
		"{\"Target\": \"%s\", \"Class\": \"config\", "
		"\"Misconfigurations\": [{\"ID\": \"DS002\", \"Status\": "
		"\"FAIL\", \"Message\": \"%s\", \"CauseMetadata\": "
		"{\"Resource\": \"r\", \"StartLine\": %d, \"EndLine\": %d}}]},"
		"{\"Target\": \"%s\", \"Class\": \"secret\", \"Secrets\": "
		"[{\"RuleID\": \"generic\", \"StartLine\": %d, \"Match\": "
		"\"%s\"}]}]}";
	char text[1024], fp[4][2][64];
	struct {
		const char *file, *msg;
		int line;
		const char *match;
	} cases[4] = {
		{"Dockerfile", "m", 3, "key=abcdefghijklmnopqrstuvwxyz012345"},
		{"Dockerfile", "m", 9, "key=abcdefghijklmnopqrstuvwxyz012345"},
		{"Dockerfile", "other", 3,
		 "key=zbcdefghijklmnopqrstuvwxyz012345"},
		{"b/Dockerfile", "m", 3,
		 "key=abcdefghijklmnopqrstuvwxyz012345"},
	};

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct sg_findings set;
		struct sg_input in;
		const char *path;

		snprintf(text, sizeof(text), fmt, cases[i].file, cases[i].msg,
			 cases[i].line, cases[i].line, cases[i].file,
			 cases[i].line, cases[i].match);
		path = write_temp(text, strlen(text));
		ingest_ok(&set, &in, path, NULL);
		assert_int_equal(set.count, 2);
		snprintf(fp[i][0], sizeof(fp[i][0]), "%s",
			 set.items[0].fingerprint);
		snprintf(fp[i][1], sizeof(fp[i][1]), "%s",
			 set.items[1].fingerprint);
		assert_true(strncmp(fp[i][0], "sg2:", 4) == 0);
		sg_input_release(&in);
		sg_findings_release(&set);
		remove(path);
	}
	/* A line shift changes neither the misconfiguration nor the secret. */
	assert_string_equal(fp[0][0], fp[1][0]);
	assert_string_equal(fp[0][1], fp[1][1]);
	/* Another message, another secret, another file: distinct. */
	assert_string_not_equal(fp[0][0], fp[2][0]);
	assert_string_not_equal(fp[0][1], fp[2][1]);
	assert_string_not_equal(fp[0][0], fp[3][0]);
	assert_string_not_equal(fp[0][1], fp[3][1]);
}

static void test_trivy__same_cve_one_identity(void **state)
{
	/* A Debian CVE with a PURL (v2) and without (legacy) is one finding. */
	static const char v2[] =
		"{\"SchemaVersion\": 2, \"Results\": [{\"Target\": \"img "
		"(debian 12.4)\", \"Class\": \"os-pkgs\", \"Type\": \"debian\","
		" \"Vulnerabilities\": [{\"VulnerabilityID\": "
		"\"CVE-2023-4911\", \"PkgName\": \"libc6\", "
		"\"PkgIdentifier\": {\"PURL\": "
		"\"pkg:deb/debian/libc6@2.36-9?arch=amd64\"}}]}]}";
	static const char legacy[] =
		"[{\"Target\": \"other (debian 12.4)\", \"Type\": \"debian\", "
		"\"Vulnerabilities\": [{\"VulnerabilityID\": \"CVE-2023-4911\","
		" \"PkgName\": \"libc6\"}]}]";
	char fp[2][64];
	const char *texts[2] = {v2, legacy};

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct sg_findings set;
		struct sg_input in;
		const char *path = write_temp(texts[i], strlen(texts[i]));

		ingest_ok(&set, &in, path, NULL);
		assert_int_equal(set.count, 1);
		assert_string_equal(
		    sg_finding_cold(&set.items[0])->package.ecosystem,
		    "debian");
		snprintf(fp[i], sizeof(fp[i]), "%s", set.items[0].fingerprint);
		sg_input_release(&in);
		sg_findings_release(&set);
		remove(path);
	}
	assert_string_equal(fp[0], fp[1]);
}

static void test_trivy__errors_name_the_path(void **state)
{
	const char *msg;

	(void)state;
	msg = ingest_error("{\"SchemaVersion\": 3, \"Results\": []}", NULL);
	assert_true(has(msg, "unsupported Trivy SchemaVersion 3 (secgate "
			     "reads 2)"));
	/* Late: findings were read first, then refused (none kept). */
	msg = ingest_error("{\"Results\": [{\"Target\": \"a\", "
			   "\"Vulnerabilities\": [{\"VulnerabilityID\": "
			   "\"CVE-1\"}]}], \"SchemaVersion\": 1}",
			   NULL);
	assert_true(has(msg, "unsupported Trivy SchemaVersion 1"));
	msg = ingest_error("{\"SchemaVersion\": 2.0}", NULL);
	assert_true(has(msg, "'SchemaVersion' must be an integer"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [3]}", NULL);
	assert_true(has(msg, "Results[0]: must be an object"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{\"Target\":"
			   " 5}]}",
			   NULL);
	assert_true(has(msg, "Results[0]: 'Target' must be a string"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{}, "
			   "{\"Vulnerabilities\": [{\"VulnerabilityID\": "
			   "\"CVE-1\", \"VendorIDs\": \"GHSA-x\"}]}]}",
			   NULL);
	assert_true(has(msg, "Results[1].Vulnerabilities[0]: 'VendorIDs' "
			     "must be an array"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{"
			   "\"Secrets\": [{\"Title\": \"t\"}]}]}",
			   NULL);
	assert_true(has(msg, "Results[0].Secrets[0]: 'RuleID' must be a "
			     "string"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{"
			   "\"Secrets\": [{\"RuleID\": \"r\", \"EndLine\": "
			   "4294967296}]}]}",
			   NULL);
	assert_true(has(msg, "'EndLine' must be a non-negative integer"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{"
			   "\"Licenses\": [{\"PkgName\": \"p\"}]}]}",
			   NULL);
	assert_true(has(msg, "Results[0].Licenses[0]: 'Name' must be a "
			     "string"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{"
			   "\"Misconfigurations\": [{\"Status\": \"FAIL\"}]}"
			   "]}",
			   NULL);
	assert_true(has(msg, "Results[0].Misconfigurations[0]: 'ID' must be "
			     "a string"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{"
			   "\"ExperimentalModifiedFindings\": [{\"Type\": "
			   "\"vulnerability\", \"Status\": \"not_affected\"}]}"
			   "]}",
			   NULL);
	assert_true(has(msg, "Results[0].ExperimentalModifiedFindings[0]: "
			     "'Finding' must be an object"));
	msg = ingest_error("{\"SchemaVersion\": 2, \"Trivy\": \"0.50\"}",
			   NULL);
	assert_true(has(msg, "'Trivy' must be an object"));
	msg = ingest_error("[{\"Target\": \"a\", \"Vulnerabilities\": [{}]}]",
			   NULL);
	assert_true(has(msg, "[0].Vulnerabilities[0]: 'VulnerabilityID' must "
			     "be a string"));
	msg = ingest_error("{\"ClusterName\": \"c\", \"Resources\": []}", NULL);
	assert_true(has(msg, "the k8s scan covered no resource"));
	msg = ingest_error("{\"ClusterName\": \"c\"}", NULL);
	assert_true(has(msg, "trivy k8s cluster reports are not supported"));
	msg = ingest_error("{\"foo\": 1}", "trivy");
	assert_true(has(msg, "not a trivy report"));
}

static void test_trivy__error_never_quotes_content(void **state)
{
	const char *msg;

	(void)state;
	msg = ingest_error("{\"SchemaVersion\": 2, \"Results\": [{\"Target\": "
			   "\"a\", \"Secrets\": [{\"RuleID\": \"r\", "
			   "\"Match\": \"pw=SuperSecretValue99\", "
			   "\"StartLine\": \"SuperSecretValue99\"}]}]}",
			   NULL);
	assert_true(has(msg, "'StartLine' must be a non-negative integer"));
	assert_false(has(msg, "SuperSecretValue99"));
}

static void test_trivy__bad_fixtures(void **state)
{
	static const struct {
		const char *file, *want;
	} cases[] = {
		{"schema-version-3.json", "unsupported Trivy SchemaVersion 3 "
					  "(secgate reads 2)"},
		{"schema-version-late.json", "unsupported Trivy SchemaVersion "
					     "3"},
		{"schema-version-string.json", "'SchemaVersion' must be an "
					       "integer"},
		{"results-not-array.json", "'Results' must be an array"},
		{"startline-negative.json", "Results[0].Secrets[0]: "
					    "'StartLine' must be a "
					    "non-negative integer"},
		{"startline-huge.json", "Results[0].Misconfigurations[0]: "
					"'CauseMetadata.StartLine' must be a "
					"non-negative integer"},
		{"missing-vulnerability-id.json",
		 "Results[0].Vulnerabilities[1]: 'VulnerabilityID' must be a "
		 "string"},
		{"truncated-mid-result.json", "truncated"},
		{"k8s-cluster.json", "not supported"},
		{"modified-unknown-type.json", "'Type' must be vulnerability"},
		{"vulnerabilities-not-array.json", "Results[0]: "
						   "'Vulnerabilities' must be "
						   "an array"},
		{"severity-not-string.json", "'Severity' must be a string"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char rel[256];
		struct sg_findings set;
		struct sg_input in;
		int rc;

		snprintf(rel, sizeof(rel), "trivy/bad/%s", cases[i].file);
		rc = ingest_one(&set, &in, fixture_path(rel), NULL);
		if (rc != SG_EINPUT || !has(in.error, cases[i].want) ||
		    !has(in.error, cases[i].file))
			fail_msg("%s: rc %d, error '%s', want '%s'",
				 cases[i].file, rc, in.error ? in.error : "",
				 cases[i].want);
		assert_int_equal(set.count, 0);
		assert_int_equal(in.n_findings, 0);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

/* ---- the real reports in ../shared/fixtures/real/trivy ---- */

/*
 * Counted independently with jq: per Result, Vulnerabilities +
 * ExperimentalModifiedFindings + Misconfigurations with Status "FAIL" or
 * no Status + Secrets + Licenses, summed over Results (or the bare array):
 *   jq '[ (if type=="array" then .[] elif type=="object" then
 *          (.Results // [])[] else empty end)
 *         | ((.Vulnerabilities//[])|length)
 *         + ((.ExperimentalModifiedFindings//[])|length)
 *         + ((.Misconfigurations//[])|map(select(.Status=="FAIL"
 *            or .Status==null))|length)
 *         + ((.Secrets//[])|length) + ((.Licenses//[])|length) ]
 *       | add // 0' FILE
 */
static const struct {
	const char *file;
	size_t count;
	const char *format;
} real_counts[] = {
	{"config-dockerfile-misconf.json", 1, "trivy-json-v2"},
	{"config-helm-large.json", 18, "trivy-json-v2"},
	{"config-terraform-remote-module.json", 3, "trivy-json-v2"},
	{"fs-composer-vendor-filesystem.json", 1, "trivy-json-v2"},
	{"fs-jar-cvssv4.json", 3, "trivy-json-v2"},
	{"fs-npm-vex-suppressed.json", 2, "trivy-json-v2"},
	{"fs-pip-filesystem-2023.json", 2, "trivy-json-v2"},
	{"fs-vuln-misconf-secret-mixed.json", 5, "trivy-json-v2"},
	{"image-all-vuln-statuses.json", 8, "trivy-json-v2"},
	{"image-alpine310-ospkgs.json", 4, "trivy-json-v2"},
	{"image-alpine39-no-results-key.json", 0, "trivy-json-v2"},
	{"image-fluentd-gems-os-and-lang.json", 2, "trivy-json-v2"},
	{"image-license-and-license-file.json", 19, "trivy-json-v2"},
	{"image-result-without-vulns-key.json", 0, "trivy-json-v2"},
	{"image-spring4shell-custom-lang-os.json", 1, "trivy-json-v2"},
	{"legacy-bare-array-large.json", 93, "trivy-json-legacy"},
	{"legacy-bare-array-minimal.json", 1, "trivy-json-legacy"},
	{"legacy-pre-schemav2-bare-array.json", 8, "trivy-json-legacy"},
	{"license-class-from-cyclonedx.json", 3, "trivy-json-v2"},
	{"repo-helm-badname-no-results.json", 0, "trivy-json-v2"},
	{"repo-pip-current.json", 2, "trivy-json-v2"},
	{"secrets-repo.json", 2, "trivy-json-v2"},
	{"transitional-object-no-schemaversion.json", 1, "trivy-json-v1"},
	{"vm-ubuntu-gp2.json", 1, "trivy-json-v2"},
};

static void test_trivy__real_reports_exact_counts(void **state)
{
	(void)state;
	if (!real(real_counts[0].file))
		skip();
	for (size_t i = 0; i < sizeof(real_counts) / sizeof(real_counts[0]);
	     i++) {
		struct sg_findings set;
		struct sg_input in;

		ingest_ok(&set, &in, real(real_counts[i].file), NULL);
		if (set.count != real_counts[i].count)
			fail_msg("%s: %zu findings, want %zu",
				 real_counts[i].file, set.count,
				 real_counts[i].count);
		assert_string_equal(in.meta.tool, "trivy");
		assert_string_equal(in.meta.format, real_counts[i].format);
		for (size_t j = 0; j < set.count; j++) {
			assert_non_null(set.items[j].rule_id);
			assert_non_null(set.items[j].title);
			assert_non_null(set.items[j].message);
			assert_true(strncmp(set.items[j].fingerprint, "sg2:",
					    4) == 0);
		}
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_trivy__real_mixed_secret_not_kept(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *path = real("fs-vuln-misconf-secret-mixed.json");
	const struct sg_finding *f;

	(void)state;
	if (!path)
		skip();
	ingest_ok(&set, &in, path, NULL);
	assert_int_equal(count_kind(&set, SG_KIND_SECRET), 2);
	assert_int_equal(count_kind(&set, SG_KIND_VULNERABILITY), 2);
	assert_int_equal(count_kind(&set, SG_KIND_MISCONFIGURATION), 1);
	/* The masked Match lines ("ENV GITHUB_PAT=*****") appear nowhere. */
	assert_false(set_mentions(&set, "GITHUB_PAT"));
	assert_false(set_mentions(&set, "*****"));
	f = find_kind_rule(&set, SG_KIND_SECRET, "github-pat");
	assert_non_null(f);
	assert_int_equal(f->severity, SG_SEV_CRITICAL);
	assert_string_equal(f->location.path, "Dockerfile");
	assert_int_equal(f->location.start_line, 24);
	sg_input_release(&in);
	sg_findings_release(&set);

	path = real("secrets-repo.json");
	ingest_ok(&set, &in, path, NULL);
	assert_int_equal(set.count, 2);
	assert_false(set_mentions(&set, "AWS_ACCESS_KEY_ID"));
	assert_false(set_mentions(&set, "ghp_"));
	assert_false(set_mentions(&set, "echo"));
	assert_string_not_equal(set.items[0].fingerprint,
				set.items[1].fingerprint);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__real_spot_checks(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;
	const char *path = real("repo-pip-current.json");

	(void)state;
	if (!path)
		skip();
	ingest_ok(&set, &in, path, NULL);
	f = find_by_rule(&set, "CVE-2019-14806");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "pypi");
	assert_string_equal(sg_finding_cold(f)->package.purl,
			    "pkg:pypi/werkzeug@0.11");
	assert_string_equal(sg_finding_cold(f)->package.name, "Werkzeug");
	assert_string_equal(f->location.path, "requirements.txt");
	assert_string_equal(in.meta.tool_version, "dev");
	sg_input_release(&in);
	sg_findings_release(&set);

	/* Every Status (affected, will_not_fix, end_of_life...) counts. */
	ingest_ok(&set, &in, real("image-all-vuln-statuses.json"), NULL);
	assert_int_equal(set.count, 8);
	/* will_not_fix */
	assert_non_null(find_by_rule(&set, "CVE-2018-12698"));
	assert_non_null(find_by_rule(&set, "CVE-2018-12934")); /* end_of_life */
	assert_non_null(find_by_rule(&set, "TEMP-0841856-B18BAF"));
	for (size_t i = 0; i < set.count; i++) {
		assert_string_equal(
		    sg_finding_cold(&set.items[i])->package.ecosystem,
		    "debian");
		assert_null(set.items[i].location.path);
	}
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("fs-npm-vex-suppressed.json"), NULL);
	f = find_by_rule(&set, "CVE-2017-16137");
	assert_non_null(f);
	assert_string_equal(sg_finding_cold(f)->producer_suppression,
			    "vex:not_affected");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "npm");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 4);
	f = find_by_rule(&set, "CVE-2017-20165");
	assert_non_null(f);
	assert_null(sg_finding_cold(f)->producer_suppression);
	sg_input_release(&in);
	sg_findings_release(&set);

	/* A jar: the PkgPath locates it; GHSA ids from VendorIDs. */
	ingest_ok(&set, &in, real("fs-jar-cvssv4.json"), NULL);
	f = find_by_rule(&set, "CVE-2025-66614");
	assert_non_null(f);
	assert_string_equal(f->location.path, "catalina.jar");
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "maven");
	assert_int_equal(sg_finding_cold(f)->n_ids, 2);
	assert_string_equal(sg_finding_cold(f)->ids[1], "GHSA-fpj8-gq4v-p354");
	assert_string_equal(f->tool_version, "0.69.1");
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("vm-ubuntu-gp2.json"), NULL);
	assert_string_equal(sg_finding_cold(&set.items[0])->package.ecosystem,
			    "ubuntu");
	sg_input_release(&in);
	sg_findings_release(&set);

	/* Two KSV-0118 failures in one file, told apart by their message. */
	ingest_ok(&set, &in, real("config-helm-large.json"), NULL);
	{
		const struct sg_finding *a = NULL, *b = NULL;

		for (size_t i = 0; i < set.count; i++) {
			if (strcmp(set.items[i].rule_id, "KSV-0118") != 0)
				continue;
			if (!a)
				a = &set.items[i];
			else
				b = &set.items[i];
		}
		assert_non_null(a);
		assert_non_null(b);
		assert_string_not_equal(a->fingerprint, b->fingerprint);
		assert_string_equal(a->location.path,
				    "testchart.tar.gz:templates/pod.yaml");
	}
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("image-license-and-license-file.json"),
		  NULL);
	assert_int_equal(count_kind(&set, SG_KIND_LICENSE), 19);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__real_legacy_and_empty(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *path = real("legacy-null-no-results.json");
	const struct sg_finding *f;

	(void)state;
	if (!path)
		skip();
	/* The literal null: zero findings when named as Trivy. */
	ingest_ok(&set, &in, path, "trivy");
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.format, "trivy-json-legacy");
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("image-alpine39-no-results-key.json"), NULL);
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.tool, "trivy");
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("legacy-bare-array-minimal.json"), NULL);
	assert_int_equal(set.count, 1);
	f = find_by_rule(&set, "CVE-2020-0001");
	assert_non_null(f);
	assert_string_equal(f->location.path, "foojson");
	sg_input_release(&in);
	sg_findings_release(&set);

	ingest_ok(&set, &in, real("legacy-bare-array-large.json"), NULL);
	assert_int_equal(set.count, 93);
	assert_string_equal(sg_finding_cold(&set.items[0])->package.ecosystem,
			    "debian");
	assert_null(set.items[0].location.path);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_trivy__real_refused(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *path = real("k8s-cluster-legacy-summary.json");

	(void)state;
	if (!path)
		skip();
	assert_int_equal(ingest_one(&set, &in, path, NULL), SG_EINPUT);
	assert_true(has(in.error, "trivy k8s cluster reports are not "
				  "supported"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);

	/* An entry without VulnerabilityID: real Trivy never wrote one. */
	path = real("legacy-bare-array-mixed-partial.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), SG_EINPUT);
	assert_true(has(in.error, "[0].Vulnerabilities[0]: 'VulnerabilityID' "
				  "must be a string"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);

	/*
	 * A CycloneDX SBOM is not a Trivy findings report: trivy does not
	 * detect it, so --tool trivy refuses it (which words depends on what
	 * the other adapters make of it), and never as zero findings.
	 */
	path = real("cyclonedx-npm.cdx.json");
	assert_int_equal(ingest_one(&set, &in, path, "trivy"), SG_EINPUT);
	assert_true(has(in.error, "cyclonedx-npm.cdx.json"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_one(&set, &in, path, NULL), SG_EINPUT);
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
	{
		struct sg_sniff sniff;
		FILE *fp = fopen(path, "rb");
		char buf[4096];
		size_t n;

		assert_non_null(fp);
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		sg_sniff_document(&sniff, buf, n);
		assert_int_equal(sg_adapter_trivy.detect(&sniff), 0);
	}

	/* JUnit XML: refused before any adapter runs, --tool or not. */
	path = real("junit-image-alpine310.xml");
	assert_int_equal(ingest_one(&set, &in, path, NULL), SG_EINPUT);
	assert_true(has(in.error, "unknown report format"));
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_one(&set, &in, path, "trivy"), SG_EINPUT);
	assert_true(has(in.error, "XML"));
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trivy__detect_scores),
		cmocka_unit_test(test_trivy__mixed_kinds),
		cmocka_unit_test(test_trivy__secret_match_never_kept),
		cmocka_unit_test(test_trivy__results_before_schema_version),
		cmocka_unit_test(test_trivy__vex_and_ignored_findings),
		cmocka_unit_test(test_trivy__legacy_array_and_null),
		cmocka_unit_test(test_trivy__forced_tool_name),
		cmocka_unit_test(test_trivy__fingerprints_stable_and_distinct),
		cmocka_unit_test(test_trivy__same_cve_one_identity),
		cmocka_unit_test(test_trivy__errors_name_the_path),
		cmocka_unit_test(test_trivy__error_never_quotes_content),
		cmocka_unit_test(test_trivy__bad_fixtures),
		cmocka_unit_test(test_trivy__real_reports_exact_counts),
		cmocka_unit_test(test_trivy__real_mixed_secret_not_kept),
		cmocka_unit_test(test_trivy__real_spot_checks),
		cmocka_unit_test(test_trivy__real_legacy_and_empty),
		cmocka_unit_test(test_trivy__real_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
