/*
 * The SARIF 2.1.0 adapter: detection, rule resolution (driver, extensions,
 * indices, ids), severities (security-severity, levels), kinds, locations
 * and uriBaseId chains, suppressions, fingerprints, errors; and every real
 * SARIF log under ../shared/fixtures/real (CodeQL, Semgrep, Trivy, ...).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "registry.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "test_util.h"

/* ---- helpers ---- */

static int detect_text(const char *text)
{
	struct sg_sniff sniff;

	sg_sniff_document(&sniff, text, strlen(text));
	return sg_adapter_sarif.detect(&sniff);
}

static void ingest_good(struct sg_findings *set, struct sg_input *input,
			const char *name, const char *tool)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sarif/good/%s", name);
	if (ingest_one(set, input, fixture_path(rel), tool) != 0)
		fail_msg("%s: %s", name, input->error);
}

/* The path of a real file (copied), or skip the test when it is absent. */
static const char *real_path(const char *relative, char *buf, size_t size)
{
	const char *path = shared_fixture_path(relative);

	if (!path) {
		print_message("SKIPPED: ../shared absent (%s)\n", relative);
		skip();
	}
	snprintf(buf, size, "%s", path);
	return buf;
}

static void ingest_real(struct sg_findings *set, struct sg_input *input,
			const char *relative, const char *tool)
{
	char buf[4096];

	real_path(relative, buf, sizeof(buf));
	if (ingest_one(set, input, buf, tool) != 0)
		fail_msg("%s: %s", relative, input->error);
}

static void expect_error(int rc, struct sg_findings *set,
			 const struct sg_input *input, const char *name,
			 const char *expected)
{
	if (rc != SG_EINPUT)
		fail_msg("%s: expected an input error containing \"%s\", got "
			 "%d (%s)",
			 name, expected, rc, input->error ? input->error : "");
	assert_non_null(input->error);
	if (!strstr(input->error, expected))
		fail_msg("%s: error \"%s\" lacks \"%s\"", name, input->error,
			 expected);
	/* All or nothing: nothing of a failed report stays. */
	assert_int_equal(set->count, 0);
}

/* The finding whose message is `message` (each fixture makes them unique). */
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

/* Every string a finding holds, for the leak checks. */
static size_t finding_strings(const struct sg_finding *f, const char **out,
			      size_t max)
{
	size_t n = 0;
#define ADD(s)                                                                 \
	do {                                                                   \
		if ((s) && n < max)                                            \
			out[n++] = (s);                                        \
	} while (0)
	ADD(f->tool);
	ADD(f->tool_version);
	ADD(f->rule_id);
	ADD(f->title);
	ADD(f->message);
	ADD(sg_finding_cold(f)->tool_severity);
	ADD(f->location.path);
	ADD(f->location.commit);
	ADD(sg_finding_cold(f)->package.ecosystem);
	ADD(sg_finding_cold(f)->package.name);
	ADD(sg_finding_cold(f)->package.version);
	ADD(sg_finding_cold(f)->package.purl);
	ADD(sg_finding_cold(f)->help_uri);
	ADD(f->fingerprint);
	ADD(sg_finding_cold(f)->producer_suppression);
	ADD(f->reason);
	for (size_t i = 0; i < sg_finding_cold(f)->n_ids; i++)
		ADD(sg_finding_cold(f)->ids[i]);
	for (size_t i = 0; i < sg_finding_cold(f)->package.n_fixed_versions;
	     i++)
		ADD(sg_finding_cold(f)->package.fixed_versions[i]);
	for (size_t i = 0; i < sg_finding_n_sources(f); i++)
		ADD(sg_finding_sources(f)[i]);
#undef ADD
	return n;
}

static void assert_nowhere(const struct sg_findings *set, const char *secret)
{
	const char *strings[64];

	for (size_t i = 0; i < set->count; i++) {
		size_t n = finding_strings(&set->items[i], strings, 64);

		for (size_t k = 0; k < n; k++)
			if (strstr(strings[k], secret))
				fail_msg("finding %zu holds a secret", i);
	}
}

/* ---- detection ---- */

static void test_sarif__detect_scores(void **state)
{
	(void)state;
	assert_int_equal(detect_text("{\"version\": \"2.1.0\", \"runs\": []}"),
			 90);
	assert_int_equal(detect_text("{\"runs\": [], \"version\": \"2.1.0\"}"),
			 90);
	assert_int_equal(detect_text("{\"$schema\": \"https://json.schemasto"
				     "re.org/sarif-2.1.0.json\"}"),
			 90);
	/* "$schema" of something else (CycloneDX) is weak evidence. */
	assert_true(detect_text("{\"$schema\": \"http://cyclonedx.org/schema/"
				"bom-1.5.schema.json\"}") < 40);
	assert_int_equal(detect_text("{\"version\": \"2.1.0\"}"), 40);
	assert_int_equal(detect_text("{\"SchemaVersion\": 2}"), 0);
	assert_int_equal(detect_text("[{\"RuleID\": \"x\"}]"), 0);
	assert_int_equal(detect_text("[]"), 0);
}

/* ---- own fixtures ---- */

static void test_sarif__results_before_tool(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &input, "results-before-tool.sarif", NULL);
	assert_int_equal(set.count, 2);
	assert_string_equal(input.meta.format, "sarif-2.1.0");
	assert_string_equal(input.meta.tool, "demo-analyzer");
	assert_string_equal(input.meta.tool_version, "3.1.4");

	/* ruleIndex 1 resolved once the tool (after the results) was read. */
	f = find_by_rule(&set, "demo/sql-injection");
	assert_non_null(f);
	assert_string_equal(f->title, "SQL injection");
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://example.com/rules/sql-injection");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "error");
	assert_int_equal(f->kind, SG_KIND_CODE);
	assert_string_equal(f->tool, "demo-analyzer");
	assert_string_equal(f->location.path, "app/db.py");
	assert_int_equal(f->location.start_line, 12);
	assert_int_equal(f->location.end_line, 12);
	assert_int_equal(f->location.start_column, 5);
	assert_int_equal(f->location.end_column, 40);
	assert_non_null(f->fingerprint);
	assert_int_equal(strncmp(f->fingerprint, "sg2:", 4), 0);

	/* No index: resolved by id. */
	f = find_by_rule(&set, "demo/unused-import");
	assert_non_null(f);
	assert_string_equal(f->title, "Unused import");
	assert_int_equal(f->severity, SG_SEV_LOW);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "note");
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__extensions_and_security_severity(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &input, "extensions-toolcomponent.sarif", NULL);
	assert_int_equal(set.count, 3);

	/* toolComponent 1, index 0: the rule's security-severity "7.5". */
	f = by_message(&set, "This path depends on a user-provided value.");
	assert_string_equal(f->rule_id, "py/path-injection");
	assert_string_equal(f->title,
			    "Uncontrolled data used in path expression");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "7.5");
	assert_string_equal(f->tool, "codeql");
	assert_string_equal(f->tool_version, "2.19.3");

	/* The result's own security-severity wins over the rule's 5.0. */
	f = by_message(&set, "MD5 is weak.");
	assert_int_equal(f->severity, SG_SEV_CRITICAL);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "9.1");

	/* Found by id among the extensions; a numeric score 5.0. */
	f = by_message(&set, "SHA-1 is weak.");
	assert_string_equal(f->title, "Weak cryptographic algorithm");
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "5");
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__levels_and_kinds(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &input, "levels-and-kinds.sarif", NULL);
	/* 8 results, of which "pass" and "notApplicable" are no findings. */
	assert_int_equal(set.count, 6);
	assert_int_equal(input.n_findings, 6);

	f = by_message(&set, "explicit warning wins over the rule's error");
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "warning");
	f = by_message(&set, "no level: the rule's default error");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "error");
	/* An identifier-like name is no title: the message says more. */
	assert_string_equal(f->title, "no level: the rule's default error");
	f = by_message(&set, "no level anywhere: warning");
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "warning");
	f = by_message(&set, "explicit note");
	assert_int_equal(f->severity, SG_SEV_LOW);
	/* SARIF 3.27.10: another kind than "fail" without a level is none. */
	f = by_message(&set, "informational without a level: none");
	assert_int_equal(f->severity, SG_SEV_INFO);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "none");
	f = by_message(&set, "explicit none");
	assert_int_equal(f->severity, SG_SEV_INFO);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__suppressions(void **state)
{
	struct sg_findings set;
	struct sg_input input;

	(void)state;
	ingest_good(&set, &input, "suppressions.sarif", NULL);
	assert_int_equal(set.count, 10);
	assert_string_equal(
	    sg_finding_cold(by_message(&set, "external, no status"))
		->producer_suppression,
	    "external");
	assert_string_equal(
	    sg_finding_cold(by_message(&set, "in source, accepted"))
		->producer_suppression,
	    "inSource");
	assert_null(sg_finding_cold(by_message(&set, "rejected"))
			->producer_suppression);
	assert_null(sg_finding_cold(by_message(&set, "under review"))
			->producer_suppression);
	/* One suppression that is not accepted keeps the result open. */
	assert_null(sg_finding_cold(by_message(&set, "rejected, then accepted"))
			->producer_suppression);
	assert_null(sg_finding_cold(by_message(&set, "empty array"))
			->producer_suppression);
	/* Every suppression must be accepted (a missing status is). */
	assert_null(sg_finding_cold(by_message(&set, "accepted, then rejected"))
			->producer_suppression);
	assert_null(
	    sg_finding_cold(by_message(&set, "accepted, then under review"))
		->producer_suppression);
	assert_string_equal(sg_finding_cold(by_message(&set, "two accepted"))
				->producer_suppression,
			    "external");
	assert_null(sg_finding_cold(by_message(&set, "unknown status"))
			->producer_suppression);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__uri_base_chain(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;

	(void)state;
	/* ingest_one's repository root is /repo. */
	ingest_good(&set, &input, "uri-base-chain.sarif", NULL);
	assert_int_equal(set.count, 8);
	assert_string_equal(
	    by_message(&set, "chain SRC -> REPO")->location.path,
	    "src/lib/a.c");
	assert_string_equal(
	    by_message(&set, "base is the repository")->location.path, "b.c");
	assert_string_equal(by_message(&set, "unknown base")->location.path,
			    "c.c");
	assert_string_equal(by_message(&set, "https base")->location.path,
			    "d.c");
	assert_string_equal(by_message(&set, "cycle")->location.path, "e.c");
	/* Trivy's "file:///" root: the uri stays repository-relative. */
	assert_string_equal(
	    by_message(&set, "base outside the repository")->location.path,
	    "f g.c");
	assert_string_equal(
	    by_message(&set, "absolute file uri")->location.path, "h/i.c");
	f = by_message(&set, "index only");
	assert_string_equal(f->location.path, "src/z.c");
	assert_int_equal(f->location.start_line, 3);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__messages(void **state)
{
	struct sg_findings set;
	struct sg_input input;

	(void)state;
	ingest_good(&set, &input, "message-nul-and-template.sarif", NULL);
	assert_int_equal(set.count, 3);
	/* "\u0000" is dropped, not a terminator. */
	(void)by_message(&set, "beforeafter");
	/* messageStrings with arguments; "{{" is a brace; {7} has no argument.
	 */
	(void)by_message(&set, "Variable 'ptr' is used before line 12; "
			       "{literal} {7}");
	/* The driver's globalMessageStrings. */
	(void)by_message(&set, "Shared text for everyone.");
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__gitleaks_snippet_is_hashed(void **state)
{
	static const char secret[] =
	    "sk_live_51HxDemoNotARealKey0123456789abcdef";
	struct sg_findings set, ref;
	struct sg_input input;
	struct sg_finding *f, *r;

	(void)state;
	ingest_good(&set, &input, "gitleaks-secret.sarif", NULL);
	assert_int_equal(set.count, 1);
	f = &set.items[0];
	assert_int_equal(f->kind, SG_KIND_SECRET);
	assert_string_equal(f->tool, "gitleaks");
	assert_string_equal(f->tool_version, "v8.18.0");
	/* The spec: gitleaks findings are high (no level in its SARIF). */
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(f->title, "Generic API Key");
	assert_nowhere(&set, secret);
	assert_nowhere(&set, "sk_live_");

	/* Identity: rule, path and the digest of the snippet (the secret). */
	sg_findings_init(&ref);
	r = sg_findings_append(&ref);
	assert_non_null(r);
	r->kind = SG_KIND_SECRET;
	r->rule_id = "generic-api-key";
	r->location.path = "config.py";
	assert_int_equal(
	    sg_fingerprint_compute(
		&ref, r, sg_secret_identity(&ref, secret, strlen(secret), 4)),
	    0);
	assert_string_equal(f->fingerprint, r->fingerprint);
	sg_findings_release(&ref);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__two_runs_and_forced_tool(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &input, "two-runs.sarif", NULL);
	assert_int_equal(set.count, 2);
	/* The input is named after the first run; findings after their own. */
	assert_string_equal(input.meta.tool, "trivy");
	assert_string_equal(input.meta.tool_version, "0.50.0");
	f = find_by_rule(&set, "CVE-2023-0286");
	assert_non_null(f);
	assert_string_equal(f->tool, "trivy");
	assert_int_equal(f->kind, SG_KIND_VULNERABILITY);
	assert_int_equal(sg_finding_cold(f)->n_ids, 1);
	assert_string_equal(sg_finding_cold(f)->ids[0], "CVE-2023-0286");
	/* security-severity wins over the explicit level "error". */
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "7.4");
	assert_string_equal(f->location.path, "library/app");
	f = find_by_rule(&set, "python.flask.debug");
	assert_non_null(f);
	assert_string_equal(f->tool, "semgrep-oss");
	assert_string_equal(f->tool_version, "1.69.0");
	assert_int_equal(f->severity, SG_SEV_MEDIUM);
	assert_string_equal(sg_finding_cold(f)->tool_severity, "MEDIUM");
	sg_findings_release(&set);
	sg_input_release(&input);

	ingest_good(&set, &input, "two-runs.sarif", "codeql");
	assert_string_equal(input.meta.tool, "codeql");
	for (size_t i = 0; i < set.count; i++)
		assert_string_equal(set.items[i].tool, "codeql");
	sg_findings_release(&set);
	sg_input_release(&input);
}

#define FP_DOC \
    "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": " \
    "{\"name\": \"T\", \"rules\": [{\"id\": \"R\"}]}}, \"results\": [" \
    "{\"ruleId\": \"R\", \"message\": {\"text\": \"one\"}, \"locations\": " \
    "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"a.c\"}, " \
    "\"region\": {\"startLine\": %d}}}], \"partialFingerprints\": " \
    "{%s}}," \
    "{\"ruleId\": \"R\", \"message\": {\"text\": \"two\"}, \"locations\": " \
    "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"a.c\"}, " \
    "\"region\": {\"startLine\": %d}}}]}" \
    "]}]}"

static void fingerprints_of(const char *pf, int line1, int line2,
			    char out[2][64])
{
	struct sg_findings set;
	struct sg_input input;
	char doc[2048];

	snprintf(doc, sizeof(doc), FP_DOC, line1, pf, line2);
	if (ingest_text(&set, &input, doc, NULL) != 0)
		fail_msg("%s", input.error);
	assert_int_equal(set.count, 2);
	snprintf(out[0], 64, "%s", by_message(&set, "one")->fingerprint);
	snprintf(out[1], 64, "%s", by_message(&set, "two")->fingerprint);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__fingerprints(void **state)
{
	char a[2][64], b[2][64], c[2][64], d[2][64];

	(void)state;
	fingerprints_of("\"h\": \"1\", \"c\": \"2\", \"n\": 3", 10, 20, a);
	/* Key order and line shifts do not matter with partialFingerprints. */
	fingerprints_of("\"c\": \"2\", \"h\": \"1\"", 14, 20, b);
	assert_string_equal(a[0], b[0]);
	/* Another value is another finding. */
	fingerprints_of("\"c\": \"2\", \"h\": \"9\"", 10, 20, c);
	assert_string_not_equal(a[0], c[0]);
	/*
	 * Without producer fingerprints: the message, with no line (the gate
	 * numbers results that share it), so a line shift does not move it.
	 */
	assert_string_equal(a[1], b[1]);
	fingerprints_of("\"c\": \"2\", \"h\": \"1\"", 10, 21, d);
	assert_string_equal(a[1], d[1]);
	assert_string_not_equal(a[0], a[1]);
}

static void test_sarif__order_of_results(void **state)
{
	static const char *const docs[2] = {
	    "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": "
	    "{\"name\": \"T\"}}, \"results\": ["
	    "{\"ruleId\": \"A\", \"message\": {\"text\": \"x\"}, "
	    "\"fingerprints\": {\"k\": \"1\"}},"
	    "{\"ruleId\": \"B\", \"message\": {\"text\": \"y\"}, "
	    "\"fingerprints\": {\"k\": \"2\", \"obj\": {\"v\": 1}}}]}]}",
	    "{\"version\": \"2.1.0\", \"runs\": [{\"results\": ["
	    "{\"ruleId\": \"B\", \"message\": {\"text\": \"y\"}, "
	    "\"fingerprints\": {\"k\": \"2\"}},"
	    "{\"ruleId\": \"A\", \"message\": {\"text\": \"x\"}, "
	    "\"fingerprints\": {\"k\": \"1\"}}], \"tool\": {\"driver\": "
	    "{\"name\": \"T\"}}}]}",
	};
	char fp[2][2][64];

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct sg_findings set;
		struct sg_input input;

		if (ingest_text(&set, &input, docs[k], NULL) != 0)
			fail_msg("%s", input.error);
		snprintf(fp[k][0], 64, "%s",
			 find_by_rule(&set, "A")->fingerprint);
		snprintf(fp[k][1], 64, "%s",
			 find_by_rule(&set, "B")->fingerprint);
		sg_findings_release(&set);
		sg_input_release(&input);
	}
	/* Non-string fingerprint values (Black Duck) are ignored. */
	assert_string_equal(fp[0][0], fp[1][0]);
	assert_string_equal(fp[0][1], fp[1][1]);
}

static void test_sarif__bad_fixtures(void **state)
{
	char dir[4096], path[4096 + 300], expected[512];
	struct dirent *e;
	DIR *d;
	int n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", fixture_path("sarif/bad"));
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		struct sg_findings set;
		struct sg_input input;
		FILE *fp;
		int rc;

		if (len < 7 || strcmp(e->d_name + len - 6, ".sarif") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%.*s.error", dir,
			 (int)(len - 6), e->d_name);
		fp = fopen(path, "r");
		if (!fp)
			fail_msg("%s has no .error file", e->d_name);
		if (!fgets(expected, sizeof(expected), fp))
			expected[0] = '\0';
		fclose(fp);
		expected[strcspn(expected, "\n")] = '\0';
		assert_true(expected[0] != '\0');
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rc = ingest_one(&set, &input, path, NULL);
		expect_error(rc, &set, &input, e->d_name, expected);
		/* The message names the file. */
		assert_non_null(strstr(input.error, e->d_name));
		sg_findings_release(&set);
		sg_input_release(&input);
		n++;
	}
	closedir(d);
	assert_true(n >= 20);
}

static void test_sarif__errors_quote_no_content(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	int rc;

	(void)state;
	/* A long version is cut to 20 printable characters. */
	rc = ingest_text(&set, &input,
			 "{\"version\": \"2.1.0-\\u0007beta-0123456789abcdef"
			 "ghijklmnop\", \"runs\": []}",
			 NULL);
	expect_error(rc, &set, &input, "long version",
		     "unsupported SARIF version '2.1.0-?beta-01234567...'");
	sg_findings_release(&set);
	sg_input_release(&input);

	/* An invalid level is not quoted (report content). */
	rc = ingest_text(&set, &input,
			 "{\"version\": \"2.1.0\", \"runs\": [{\"results\": "
			 "[{\"level\": \"TOPSECRET\"}]}]}",
			 NULL);
	expect_error(rc, &set, &input, "level", "'level' must be one of");
	assert_null(strstr(input.error, "TOPSECRET"));
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__empty_runs_and_results(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	int rc;

	(void)state;
	/* No run: no tool ran, so nothing was scanned (issue 11). */
	rc = ingest_text(&set, &input, "{\"version\": \"2.1.0\", \"runs\": []}",
			 NULL);
	expect_error(rc, &set, &input, "runs: []", "'runs' is empty");
	sg_findings_release(&set);
	sg_input_release(&input);

	/* A run without a tool is read; its findings are "unknown"'s. */
	if (ingest_text(&set, &input,
			"{\"version\": \"2.1.0\", \"runs\": [{\"results\": "
			"[{\"ruleId\": \"X\", \"ruleIndex\": 4}]}]}",
			NULL) != 0)
		fail_msg("%s", input.error);
	assert_int_equal(set.count, 1);
	assert_string_equal(set.items[0].tool, "unknown");
	assert_string_equal(set.items[0].rule_id, "X");
	assert_string_equal(set.items[0].title, "X");
	assert_int_equal(set.items[0].severity, SG_SEV_MEDIUM);
	assert_null(set.items[0].message);
	sg_findings_release(&set);
	sg_input_release(&input);
}

/* ---- real reports ---- */

struct real_count {
	const char *path;
	size_t count;
};

/*
 * Counted independently with jq: results whose kind is not "pass" or
 * "notApplicable", summed over runs:
 *   jq '[.runs[] | .results[] | select(.kind != "pass" and
 *        .kind != "notApplicable")] | length' FILE
 */
static const struct real_count real_counts[] = {
    {"codeql/codeql-action-empty-results.sarif", 0},
    {"codeql/codeql-action-fingerprinting-expected.sarif", 2},
    {"codeql/codeql-action-fingerprinting-input.sarif", 2},
    {"codeql/codeql-action-fingerprinting2-cpp-expected.sarif", 1},
    {"codeql/codeql-action-fingerprinting2-cpp-input.sarif", 1},
    {"codeql/codeql-action-invalid-uri.sarif", 1},
    {"codeql/codeql-action-valid-2runs.sarif", 3},
    {"codeql/cpp-2.23.5-driver-rules-secsev.sarif", 1},
    {"codeql/java-2.11.0-altoroj-688KB.sarif", 10},
    {"codeql/java-2.2.5-detailed.sarif", 15},
    {"codeql/javascript-2.12.1-zero-results-31-extensions.sarif", 0},
    {"codeql/javascript-2.2.5-driver-rules.sarif", 10},
    {"codeql/javascript-2.2.5-extensions-dangling-ruleindex.sarif", 10},
    {"codeql/python-2.11.0-metricresults.sarif", 1},
    {"codeql/python-2.19.3-rules-in-extensions.sarif", 2},
    {"codeql/python-2.5.4-72-results-576KB.sarif", 72},
    {"sarif-other/anchore-scan-action-0.7.3-all-suppressed-1MB.sarif", 429},
    {"sarif-other/bandit-1.8.6-7-results.sarif", 7},
    {"sarif-other/blackduck-nested-fingerprints.sarif", 5},
    {"sarif-other/checkov-openapi-run-without-tool.sarif", 12},
    {"sarif-other/dependency-check-6.1.2-no-rules.sarif", 13},
    {"sarif-other/eslint-absolute-file-uris.sarif", 1},
    {"sarif-other/flawfinder-2.0.20-many.sarif", 4},
    {"sarif-other/flawfinder-2.0.20-no-results.sarif", 0},
    {"sarif-other/grype-0.34.7-security-severity.sarif", 22},
    {"sarif-other/mobsfscan-0.0.8.sarif.json", 9},
    /* 31 results, one of them baselineState "absent": fixed, not a finding. */
    {"sarif-other/sarif-sdk-baseline-states.sarif", 30},
    {"sarif-other/sarif-sdk-cwe-ghas-sample-https-srcroot.sarif", 7},
    {"sarif-other/sarif-sdk-suppression-status.sarif", 4},
    {"sarif-other/semgrep-0.17.0-owasp-benchmark-1.7MB.sarif", 1768},
    {"sarif-other/semgrep-oss-1.69.0-77-results.sarif.json", 77},
    {"sarif-other/semgrep-snapshot-autofix-fixes.sarif", 2},
    {"sarif-other/semgrep-snapshot-dataflow-codeflows.sarif", 1},
    {"sarif-other/semgrep-snapshot-errors-notifications.sarif", 0},
    {"sarif-other/semgrep-snapshot-nosemgrep-insource-suppression.sarif", 2},
    {"sarif-other/shiftleft-scan-bash-baselinestate.sarif", 27},
    {"sarif-other/spec-appendix-k-comprehensive.sarif", 1},
    {"sarif-other/suppressions-kinds-absent-empty.sarif", 5},
    {"sarif-other/two-runs-empty.sarif", 0},
    {"gitleaks/v7.4-sarif-no-ruleid.sarif", 8},
    {"gitleaks/v8-real-sarif-213-rules-zero-results.sarif", 0},
    {"gitleaks/v8-sarif-simple.sarif", 1},
    {"gitleaks/v8.17-sarif-full-rules.sarif", 1},
    {"trivy/sarif-fs-v0.15-large-originaluribaseids.sarif", 124},
    {"trivy/sarif-image-alpine310-v0.15-template.sarif", 8},
    {"trivy/sarif-image-alpine310.sarif", 4},
    {"trivy/sarif-v0.49.1-real.sarif", 21},
    {"trivy/sarif-v0.9.2-earliest.sarif", 1},
};

static void test_sarif__real_counts(void **state)
{
	(void)state;
	if (!shared_fixture_path("codeql")) {
		print_message("SKIPPED: ../shared absent\n");
		skip();
	}
	for (size_t i = 0; i < sizeof(real_counts) / sizeof(real_counts[0]);
	     i++) {
		struct sg_findings set;
		struct sg_input input;

		ingest_real(&set, &input, real_counts[i].path, NULL);
		if (set.count != real_counts[i].count)
			fail_msg("%s: %zu findings, expected %zu",
				 real_counts[i].path, set.count,
				 real_counts[i].count);
		assert_string_equal(input.meta.format, "sarif-2.1.0");
		for (size_t k = 0; k < set.count; k++) {
			assert_non_null(set.items[k].tool);
			assert_non_null(set.items[k].fingerprint);
		}
		sg_findings_release(&set);
		sg_input_release(&input);
	}
}

struct real_error {
	const char *path;
	const char *error;
};

static const struct real_error real_errors[] = {
    {"sarif-other/sarif-v1.0.0-comprehensive.sarif",
     "unsupported SARIF version '1.0.0' (secgate reads SARIF 2.1.0)"},
    {"sarif-other/sarif-2.0.0-prerelease-comprehensive.sarif",
     "unsupported SARIF version '2.0.0'"},
    {"gitleaks/v8.0.0-sarif-invalid-version.sarif",
     "unsupported SARIF version 'v8.0.0'"},
    {"codeql/codeql-action-invalid-results-42.sarif",
     "runs[0]: 'results' must be an array"},
    {"sarif-other/zero-byte-empty-file.sarif", "empty"},
    {"sarif-other/eslint-run-missing-results.sarif",
     "runs[0]: no 'results' (the tool did not report results"},
    {"codeql/codeql-action-tool-names-5runs.sarif", "runs[0]: no 'results'"},
    {"codeql/minimal-no-version-no-tool.sarif",
     "unsupported SARIF version: the log has no 'version'"},
    /* The validator's negative input: it also says the scan failed. */
    {"sarif-other/sarif-sdk-sarif1009-index-inconsistent.sarif",
     "runs[0]: the tool reported a failed scan (executionSuccessful: "
     "false)"},
    /* SpotBugs 4.4.0 with missing classes: "ERROR,MISSING CLASS". */
    {"sarif-other/spotbugs-4.4.0-originaluribaseids-extensions.sarif",
     "runs[0]: the tool reported a failed scan"},
};

static void test_sarif__real_errors(void **state)
{
	char buf[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(real_errors) / sizeof(real_errors[0]);
	     i++) {
		struct sg_findings set;
		struct sg_input input;
		int rc;

		real_path(real_errors[i].path, buf, sizeof(buf));
		/* Named as SARIF so that detection is not what fails. */
		rc = ingest_one(&set, &input, buf, "sarif");
		expect_error(rc, &set, &input, real_errors[i].path,
			     real_errors[i].error);
		sg_findings_release(&set);
		sg_input_release(&input);
	}
}

/* Read a whole real file (tests may; the adapter streams). */
static char *slurp(const char *relative, size_t *len)
{
	char buf[4096];
	FILE *fp;
	char *data;
	long n;

	real_path(relative, buf, sizeof(buf));
	fp = fopen(buf, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
	data[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return data;
}

static void test_sarif__real_sarif1009_indices(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	size_t len;
	char *data = slurp("sarif-other/sarif-sdk-sarif1009-index-inconsistent"
			   ".sarif",
			   &len);
	char *p = strstr(data, "\"executionSuccessful\": false");
	int rc;

	(void)state;
	/* Were the scan successful, its indices would still be refused. */
	assert_non_null(p);
	memcpy(strstr(p, "false"), "true ", 5);
	rc = ingest_text(&set, &input, data, NULL);
	expect_error(rc, &set, &input, "sarif1009",
		     "runs[0].results[0]: ruleIndex 3 out of range (1 rules)");
	sg_findings_release(&set);
	sg_input_release(&input);
	free(data);
}

static void test_sarif__real_codeql_extensions(void **state)
{
	struct sg_findings set;
	struct sg_input input;

	(void)state;
	ingest_real(&set, &input,
		    "codeql/python-2.19.3-rules-in-extensions.sarif", NULL);
	assert_string_equal(input.meta.tool, "codeql");
	assert_string_equal(input.meta.tool_version, "2.19.3");
	assert_int_equal(set.count, 2);
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];

		/* rule {index 34, toolComponent 0}: extensions[0].rules[34]. */
		assert_string_equal(f->rule_id, "py/sql-injection");
		assert_string_equal(f->title, "SQL query built from "
					      "user-controlled sources");
		assert_int_equal(f->severity, SG_SEV_HIGH);
		assert_string_equal(sg_finding_cold(f)->tool_severity, "8.8");
		assert_string_equal(f->location.path, "server/routes.py");
		assert_int_equal(f->kind, SG_KIND_CODE);
	}
	assert_string_not_equal(set.items[0].fingerprint,
				set.items[1].fingerprint);
	sg_findings_release(&set);
	sg_input_release(&input);

	ingest_real(&set, &input, "codeql/cpp-2.23.5-driver-rules-secsev.sarif",
		    NULL);
	assert_int_equal(set.count, 1);
	assert_string_equal(set.items[0].rule_id, "cpp/non-https-url");
	/* security-severity "8.1": high, though the rule's level is warning. */
	assert_int_equal(set.items[0].severity, SG_SEV_HIGH);
	assert_string_equal(sg_finding_cold(&set.items[0])->tool_severity,
			    "8.1");
	assert_string_equal(set.items[0].title, "Failure to use HTTPS URLs");
	sg_findings_release(&set);
	sg_input_release(&input);

	/* ruleIndex into an empty driver: the id finds extensions[0]. */
	ingest_real(
	    &set, &input,
	    "codeql/javascript-2.2.5-extensions-dangling-ruleindex.sarif",
	    NULL);
	for (size_t i = 0; i < set.count; i++)
		assert_string_not_equal(set.items[i].title,
					set.items[i].rule_id);
	sg_findings_release(&set);
	sg_input_release(&input);

	/* Two runs, two tools; the input is named after the first. */
	ingest_real(&set, &input, "codeql/codeql-action-valid-2runs.sarif",
		    NULL);
	assert_string_equal(input.meta.tool, "lgtm.com");
	assert_string_equal(set.items[0].tool, "lgtm.com");
	assert_string_equal(set.items[set.count - 1].tool, "codeql");
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__real_suppressions(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	size_t suppressed = 0;

	(void)state;
	/* Starts with a UTF-8 byte-order mark. */
	ingest_real(&set, &input,
		    "sarif-other/sarif-sdk-suppression-status.sarif", NULL);
	assert_int_equal(set.count, 4);
	for (size_t i = 0; i < set.count; i++)
		if (sg_finding_cold(&set.items[i])->producer_suppression) {
			assert_string_equal(sg_finding_cold(&set.items[i])
						->producer_suppression,
					    "external");
			suppressed++;
		}
	assert_int_equal(suppressed, 3);
	assert_null(sg_finding_cold(find_by_rule(&set, "TST0004"))
			->producer_suppression);
	sg_findings_release(&set);
	sg_input_release(&input);

	ingest_real(&set, &input,
		    "sarif-other/anchore-scan-action-0.7.3-all-suppressed-1MB"
		    ".sarif",
		    NULL);
	assert_int_equal(set.count, 429);
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];
		char cve[32];

		assert_string_equal(sg_finding_cold(f)->producer_suppression,
				    "external");
		/* Every result says ruleIndex 0: the rule comes by its id. */
		assert_int_equal(f->kind, SG_KIND_VULNERABILITY);
		assert_int_equal(sg_finding_cold(f)->n_ids, 1);
		snprintf(cve, sizeof(cve), "%s ", sg_finding_cold(f)->ids[0]);
		assert_int_equal(strncmp(f->title, cve, strlen(cve)), 0);
	}
	sg_findings_release(&set);
	sg_input_release(&input);

	ingest_real(&set, &input,
		    "sarif-other/suppressions-kinds-absent-empty.sarif", NULL);
	assert_string_equal(sg_finding_cold(find_by_rule(&set, "TST0003"))
				->producer_suppression,
			    "inSource");
	assert_null(sg_finding_cold(find_by_rule(&set, "TST0005"))
			->producer_suppression);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__real_semgrep_labels(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	size_t medium = 0;

	(void)state;
	ingest_real(&set, &input,
		    "sarif-other/semgrep-oss-1.69.0-77-results.sarif.json",
		    NULL);
	assert_int_equal(set.count, 77);
	assert_string_equal(input.meta.tool, "semgrep-oss");
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];

		assert_non_null(sg_finding_cold(f)->tool_severity);
		if (strcmp(sg_finding_cold(f)->tool_severity, "MEDIUM") == 0) {
			assert_int_equal(f->severity, SG_SEV_MEDIUM);
			medium++;
		}
	}
	assert_true(medium > 0);
	sg_findings_release(&set);
	sg_input_release(&input);
}

/* location.physicalLocation.region.snippet.text, or NULL. */
static const char *snippet_of(const json_t *loc)
{
	const json_t *v = json_object_get(loc, "physicalLocation");

	v = json_object_get(json_object_get(v, "region"), "snippet");
	return json_string_value(json_object_get(v, "text"));
}

/* Every region.snippet.text and result property of a gitleaks SARIF file. */
static void assert_no_snippet_leaks(const char *relative)
{
	struct sg_findings set;
	struct sg_input input;
	json_error_t err;
	char buf[4096];
	json_t *doc, *run, *res, *loc;
	size_t i, k, l, checked = 0;

	ingest_real(&set, &input, relative, NULL);
	real_path(relative, buf, sizeof(buf));
	doc = json_load_file(buf, 0, &err);
	assert_non_null(doc);
	json_array_foreach(json_object_get(doc, "runs"), i, run) {
		json_array_foreach(json_object_get(run, "results"), k, res) {
			const char *offender = json_string_value(
			    json_object_get(json_object_get(res, "properties"),
					    "offender"));

			if (offender)
				assert_nowhere(&set, offender);
			json_array_foreach(json_object_get(res, "locations"), l,
					   loc) {
				const char *snippet = snippet_of(loc);

				if (snippet) {
					assert_nowhere(&set, snippet);
					checked++;
				}
			}
		}
	}
	assert_true(checked > 0);
	for (i = 0; i < set.count; i++) {
		assert_int_equal(set.items[i].kind, SG_KIND_SECRET);
		assert_string_equal(set.items[i].tool, "gitleaks");
		assert_int_equal(set.items[i].severity, SG_SEV_HIGH);
	}
	json_decref(doc);
	sg_findings_release(&set);
	sg_input_release(&input);
}

static void test_sarif__real_gitleaks_secrets(void **state)
{
	(void)state;
	assert_no_snippet_leaks("gitleaks/v8-sarif-simple.sarif");
	assert_no_snippet_leaks("gitleaks/v8.17-sarif-full-rules.sarif");
	/* v7.4: no ruleId at all; rule_id stays NULL. */
	assert_no_snippet_leaks("gitleaks/v7.4-sarif-no-ruleid.sarif");
}

static void test_sarif__real_paths_and_tools(void **state)
{
	struct sg_findings set;
	struct sg_input input;

	(void)state;
	ingest_real(&set, &input, "sarif-other/eslint-absolute-file-uris.sarif",
		    NULL);
	assert_string_equal(set.items[0].location.path,
			    "C:/dev/sarif/sarif-tutorials/samples/Introduction/"
			    "simple-example.js");
	assert_string_equal(set.items[0].tool, "eslint");
	sg_findings_release(&set);
	sg_input_release(&input);

	/* ROOTPATH "file:///": the uris stay repository-relative. */
	ingest_real(&set, &input, "trivy/sarif-v0.49.1-real.sarif", NULL);
	assert_string_equal(input.meta.tool, "trivy");
	assert_string_equal(input.meta.tool_version, "0.49.1");
	for (size_t i = 0; i < set.count; i++) {
		assert_non_null(set.items[i].location.path);
		assert_true(set.items[i].location.path[0] != '/');
		assert_int_equal(set.items[i].kind, SG_KIND_VULNERABILITY);
	}
	sg_findings_release(&set);
	sg_input_release(&input);

	/* A run without a tool object. */
	ingest_real(&set, &input,
		    "sarif-other/checkov-openapi-run-without-tool.sarif", NULL);
	assert_string_equal(input.meta.tool, "unknown");
	for (size_t i = 0; i < set.count; i++) {
		assert_string_equal(set.items[i].tool, "unknown");
		assert_int_equal(set.items[i].severity, SG_SEV_HIGH);
	}
	sg_findings_release(&set);
	sg_input_release(&input);

	/* message.id and arguments through the rule's messageStrings. */
	ingest_real(&set, &input,
		    "sarif-other/spec-appendix-k-comprehensive.sarif", NULL);
	assert_string_equal(set.items[0].message,
			    "Variable \"ptr\" was used without being "
			    "initialized. It was declared [here](0).");
	/* PROJECTROOT is file://build.example.com/work/: not this repository.
	 */
	assert_string_equal(set.items[0].location.path, "collections/list.h");
	assert_string_equal(
	    sg_finding_cold(&set.items[0])->producer_suppression, "external");
	sg_findings_release(&set);
	sg_input_release(&input);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sarif__detect_scores),
	    cmocka_unit_test(test_sarif__results_before_tool),
	    cmocka_unit_test(test_sarif__extensions_and_security_severity),
	    cmocka_unit_test(test_sarif__levels_and_kinds),
	    cmocka_unit_test(test_sarif__suppressions),
	    cmocka_unit_test(test_sarif__uri_base_chain),
	    cmocka_unit_test(test_sarif__messages),
	    cmocka_unit_test(test_sarif__gitleaks_snippet_is_hashed),
	    cmocka_unit_test(test_sarif__two_runs_and_forced_tool),
	    cmocka_unit_test(test_sarif__fingerprints),
	    cmocka_unit_test(test_sarif__order_of_results),
	    cmocka_unit_test(test_sarif__bad_fixtures),
	    cmocka_unit_test(test_sarif__errors_quote_no_content),
	    cmocka_unit_test(test_sarif__empty_runs_and_results),
	    cmocka_unit_test(test_sarif__real_counts),
	    cmocka_unit_test(test_sarif__real_errors),
	    cmocka_unit_test(test_sarif__real_sarif1009_indices),
	    cmocka_unit_test(test_sarif__real_codeql_extensions),
	    cmocka_unit_test(test_sarif__real_suppressions),
	    cmocka_unit_test(test_sarif__real_semgrep_labels),
	    cmocka_unit_test(test_sarif__real_gitleaks_secrets),
	    cmocka_unit_test(test_sarif__real_paths_and_tools),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
