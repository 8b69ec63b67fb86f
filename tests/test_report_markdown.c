/*
 * The Markdown summary: the verdict heading, the tables, folding, the
 * escaping of hostile report text, the byte cap, determinism, a golden
 * rendering (fixtures/markdown/, SG_UPDATE_GOLDEN=1 rewrites it) and
 * stream errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "config.h"
#include "report_markdown.h"
#include "secgate/error.h"
#include "test_util.h"

/* ---- building a run result by hand ---- */

struct fixture {
	struct sg_findings set;
	struct sg_input inputs[2];
	struct sg_policy policy;
	struct sg_baseline baseline;
	struct sg_baseline_entry entries[2];
	struct sg_config config;
	struct sg_suppression sups[3];
	struct sg_run_result r;
};

static struct fixture *fixture_new(void)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	sg_findings_init(&fx->set);
	sg_policy_default(&fx->policy);
	fx->inputs[0].path = "reports/trivy.json";
	fx->inputs[0].meta.tool = "trivy";
	fx->r.set = &fx->set;
	fx->r.inputs = fx->inputs;
	fx->r.n_inputs = 1;
	fx->r.policy = &fx->policy;
	fx->r.now = 1735689600; /* 2025-01-01 */
	return fx;
}

static void fixture_free(struct fixture *fx)
{
	sg_findings_release(&fx->set);
	free(fx);
}

static struct sg_finding *add(struct fixture *fx, enum sg_severity sev,
			      bool blocking, const char *rule, const char *path,
			      uint32_t line, const char *title)
{
	struct sg_finding *f = sg_findings_append(&fx->set);

	assert_non_null(f);
	f->tool = "trivy";
	f->kind = SG_KIND_VULNERABILITY;
	f->severity = sev;
	f->blocking = blocking;
	f->rule_id = rule ? sg_findings_strdup(&fx->set, rule) : NULL;
	f->location.path = path ? sg_findings_strdup(&fx->set, path) : NULL;
	f->location.start_line = line;
	f->title = title ? sg_findings_strdup(&fx->set, title) : NULL;
	f->fingerprint = "sg1:0000";
	return f;
}

/* The summary as the pipeline fills it. */
static void finish(struct fixture *fx)
{
	struct sg_summary *s = &fx->r.summary;

	sg_summary_compute(&fx->set, NULL, NULL, s);
	fx->r.verdict = s->blocking ? SG_VERDICT_FAIL : SG_VERDICT_PASS;
	for (size_t i = 0; i < fx->r.n_inputs; i++)
		if (fx->inputs[i].status < 0)
			fx->r.verdict = SG_VERDICT_ERROR;
}

/* Render to a new NUL-terminated string (free it). */
static char *render(const struct fixture *fx, size_t max_bytes, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = sg_report_markdown_write(f, &fx->r, max_bytes);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *render_ok(const struct fixture *fx, size_t max_bytes)
{
	int rc;
	char *out = render(fx, max_bytes, &rc);

	if (rc != 0)
		fail_msg("render: %s", sg_error_message());
	return out;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static size_t count_str(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Pipes that GFM treats as cell separators: not preceded by '\'. */
static size_t unescaped_pipes(const char *line, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
			n++;
	return n;
}

/*
 * Every table in s: each row has as many separators as its header, so no
 * cell content split a row. Returns the number of rows checked.
 */
static size_t check_tables(const char *s)
{
	size_t rows = 0, want = 0;

	for (const char *line = s; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len && line[0] == '|') {
			size_t pipes = unescaped_pipes(line, len);

			if (!want)
				want = pipes;
			if (pipes != want)
				fail_msg("row with %zu separators, header has "
					 "%zu: %.*s",
					 pipes, want, (int)len, line);
			assert_int_equal(line[len - 1], '|');
			rows++;
		} else {
			want = 0;
		}
		line += len + (nl != NULL);
	}
	return rows;
}

/* Lines of the table that follows the line starting with `marker`. */
static size_t table_rows_after(const char *s, const char *marker)
{
	const char *p = strstr(s, marker);
	size_t rows = 0;

	assert_non_null(p);
	/* Skip to the header row, then the delimiter row. */
	p = strstr(p, "\n|");
	assert_non_null(p);
	p = strchr(p + 1, '\n');
	p = strchr(p + 1, '\n');
	for (p++; *p == '|'; p = strchr(p, '\n') + 1)
		rows++;
	return rows;
}

/* ---- tests ---- */

static void test_report_markdown__verdict_heading(void **state)
{
	struct fixture *fx = fixture_new();
	char *out;

	(void)state;
	finish(fx);
	out = render_ok(fx, 0);
	assert_true(starts_with(out, "## ✅ secgate: passed\n\n"));
	assert_non_null(strstr(out, "No findings."));
	free(out);

	add(fx, SG_SEV_HIGH, true, "CVE-1", "a.txt", 3, "t");
	finish(fx);
	out = render_ok(fx, 0);
	assert_true(starts_with(out, "## ❌ secgate: failed (1 blocking "
				     "finding)\n\n"));
	assert_non_null(strstr(out, "**1 blocking** of 1 finding · 1 new · "
				    "0 unchanged · threshold **high**\n"));
	free(out);

	fx->inputs[1].path = "bad.json";
	fx->inputs[1].status = SG_EINPUT;
	fx->inputs[1].error = strdup("bad.json:1:1: truncated");
	fx->r.n_inputs = 2;
	finish(fx);
	out = render_ok(fx, 0);
	assert_true(starts_with(out,
				"## ⚠️ secgate: error (1 of 2 inputs could "
				"not be read)\n\n"));
	assert_non_null(strstr(out, "### Inputs that could not be read (1)"));
	assert_non_null(
	    strstr(out, "| bad.json | — | bad.json:1:1: truncated |"));
	free(out);
	free(fx->inputs[1].error);
	fixture_free(fx);
}

static void test_report_markdown__tables(void **state)
{
	struct fixture *fx = fixture_new();
	struct sg_suppression sup = {.reason = "accepted"};
	char *out;

	(void)state;
	add(fx, SG_SEV_CRITICAL, true, "CVE-1", "a.txt", 3, "one");
	add(fx, SG_SEV_HIGH, true, "CVE-2", "b.txt", 0, "two");
	add(fx, SG_SEV_MEDIUM, false, "CVE-3", "c.txt", 1, "three");
	sg_finding_cold_mut(
	    &fx->set, add(fx, SG_SEV_HIGH, false, "CVE-4", NULL, 0, "four"))
	    ->suppressed_by = &sup;
	add(fx, SG_SEV_LOW, false, "CVE-5", "e.txt", 9, "five")->state =
	    SG_STATE_UNCHANGED;
	finish(fx);
	out = render_ok(fx, 0);
	check_tables(out);
	assert_int_equal(table_rows_after(out, "### Blocking findings (2)"), 2);
	assert_int_equal(table_rows_after(out, "<details><summary>3 other "
					       "findings</summary>"),
			 3);
	assert_int_equal(count_str(out, "<details>"), 1);
	assert_int_equal(count_str(out, "</details>"), 1);
	/* Blocking rows: most severe first, location path:line. */
	assert_non_null(
	    strstr(out, "| critical | trivy | CVE-1 | a.txt:3 | — | one |\n"
			"| high | trivy | CVE-2 | b.txt | — | two |\n"));
	assert_non_null(strstr(out,
			       "| high | new, suppressed | trivy | CVE-4 | — "
			       "| — | four |"));
	assert_non_null(strstr(out, "| low | unchanged | trivy | CVE-5 |"));
	/* Severity × state counts. */
	assert_non_null(strstr(out, "| high | 2 | 1 | 2 | 0 | 1 |\n"));
	assert_non_null(strstr(out, "| **total** | **5** | **2** | **4** | "
				    "**1** | **1** |\n"));
	free(out);
	fixture_free(fx);
}

static void test_report_markdown__package_column(void **state)
{
	struct fixture *fx = fixture_new();
	static const char *fixed[] = {"2.0.1", "1.9.9"};
	struct sg_finding *f;
	char *out;

	(void)state;
	f = add(fx, SG_SEV_HIGH, true, "GHSA-x", "requirements.txt", 0, "t");
	sg_finding_cold_mut(&fx->set, f)->package.name = "django";
	sg_finding_cold_mut(&fx->set, f)->package.version = "1.2";
	sg_finding_cold_mut(&fx->set, f)->package.fixed_versions = fixed;
	sg_finding_cold_mut(&fx->set, f)->package.n_fixed_versions = 2;
	f = add(fx, SG_SEV_HIGH, true, "CVE-9", NULL, 0, "u");
	sg_finding_cold_mut(&fx->set, f)->package.name = "openssl";
	finish(fx);
	out = render_ok(fx, 0);
	assert_non_null(strstr(out, "| django 1.2 → 2.0.1, 1.9.9 |"));
	assert_non_null(strstr(out, "| openssl → no fix |"));
	free(out);
	fixture_free(fx);
}

static const char *const hostile =
    "a | b [link](http://evil) <img src=x> **bold** \n# heading\r\n"
    "\x1b[31mred ##[warning]x `code` ~~s~~ _i_ ![i](y) &amp; \\| @team $x$";

static void test_report_markdown__escaping(void **state)
{
	struct fixture *fx = fixture_new();
	struct sg_finding *f;
	char *out;

	(void)state;
	f = add(fx, SG_SEV_CRITICAL, true, hostile, hostile, 7, hostile);
	f->tool = hostile;
	f = add(fx, SG_SEV_LOW, false, hostile, hostile, 0, hostile);
	sg_finding_cold_mut(&fx->set, f)->package.name = hostile;
	sg_finding_cold_mut(&fx->set, f)->package.version = hostile;
	fx->inputs[1].path = hostile;
	fx->inputs[1].status = SG_EINPUT;
	fx->inputs[1].error = strdup(hostile);
	fx->r.n_inputs = 2;
	finish(fx);
	out = render_ok(fx, 0);

	/* 3 tables with headers and delimiters: 1 + 1 + 1 rows, + counts. */
	assert_true(check_tables(out) >= 9);
	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "]("));
	assert_null(strstr(out, "\x1b"));
	assert_null(strstr(out, "##["));
	assert_null(strstr(out, "**bold**"));
	assert_null(strstr(out, "@team"));
	assert_null(strstr(out, "$x$"));
	/* Only our own HTML tags. */
	assert_int_equal(count_str(out, "<"), count_str(out, "<details>") +
						  count_str(out, "</details>") +
						  count_str(out, "<summary>") +
						  count_str(out, "</summary>"));
	/* The line breaks in the value did not end the row. */
	for (const char *p = strstr(out, "\n#"); p; p = strstr(p + 1, "\n#"))
		assert_true(strncmp(p, "\n## ", 4) == 0 ||
			    strncmp(p, "\n### ", 5) == 0);
	assert_non_null(strstr(out,
			       "a \\| b \\[link\\]\\(http://evil\\) "
			       "&lt;img src=x&gt; \\*\\*bold\\*\\*  "
			       "\\# heading  ?\\[31mred \\#?\\[warning\\]x "
			       "\\`code\\` \\~\\~s\\~\\~ \\_i\\_ "
			       "\\!\\[i\\]\\(y\\) &amp;amp; \\\\\\| "
			       "@\xE2\x80\x8Bteam \\$x\\$"));
	free(out);
	free(fx->inputs[1].error);
	fixture_free(fx);
}

static void test_report_markdown__cell_cap(void **state)
{
	struct fixture *fx = fixture_new();
	char title[3001], want[210];
	char *out;

	(void)state;
	memset(title, 'a', 3000);
	title[3000] = '\0';
	add(fx, SG_SEV_HIGH, true, "r", "p", 0, title);
	finish(fx);
	out = render_ok(fx, 0);
	memset(want, 'a', 200);
	strcpy(want + 200, "… |\n");
	assert_non_null(strstr(out, want));
	assert_null(strstr(
	    out, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	free(out);
	fixture_free(fx);
}

static struct fixture *many(size_t blocking, size_t other)
{
	struct fixture *fx = fixture_new();
	char rule[32];

	for (size_t i = 0; i < blocking + other; i++) {
		snprintf(rule, sizeof(rule), "CVE-2024-%05zu", i);
		add(fx, i < blocking ? SG_SEV_HIGH : SG_SEV_LOW, i < blocking,
		    rule, "src/some/rather/long/path/to/a/file.c",
		    (uint32_t)i + 1,
		    "A title of a typical length for a finding");
	}
	finish(fx);
	return fx;
}

static void test_report_markdown__byte_cap(void **state)
{
	static const size_t caps[] = {SG_MARKDOWN_MIN_BYTES, 4096, 8192, 65536};
	struct fixture *fx = many(300, 1700);

	(void)state;
	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		char *out = render_ok(fx, caps[c]);
		const char *tail;
		size_t rows, omitted;

		assert_true(strlen(out) <= caps[c]);
		assert_int_equal(count_str(out, "<details>"),
				 count_str(out, "</details>"));
		tail = strstr(out, "… ");
		assert_non_null(tail);
		assert_int_equal(
		    sscanf(tail, "… %zu more findings omitted", &omitted), 1);
		assert_non_null(strstr(tail, " more findings omitted (see the "
					     "JSON report)\n"));
		assert_int_equal(tail[strlen(tail) - 1], '\n');
		/* Rows shown + omitted = every finding. */
		rows = count_str(out, "| trivy | CVE-2024-");
		assert_int_equal(rows + omitted, 2000);
		check_tables(out);
		free(out);
	}
	fixture_free(fx);
}

static void test_report_markdown__byte_cap_inside_details(void **state)
{
	/* Few blocking rows: the cut falls inside the folded table. */
	struct fixture *fx = many(2, 1000);
	char *out = render_ok(fx, 20000);
	const char *close;

	(void)state;
	assert_true(strlen(out) <= 20000);
	assert_int_equal(count_str(out, "<details>"), 1);
	close = strstr(out, "\n</details>\n");
	assert_non_null(close);
	assert_non_null(strstr(close, "more findings omitted"));
	free(out);
	fixture_free(fx);
}

static void test_report_markdown__unlimited(void **state)
{
	struct fixture *fx = many(300, 1700);
	char *out = render_ok(fx, 0);

	(void)state;
	assert_int_equal(count_str(out, "| trivy | CVE-2024-"), 2000);
	assert_null(strstr(out, "omitted"));
	assert_int_equal(table_rows_after(out, "### Blocking findings (300)"),
			 300);
	assert_int_equal(table_rows_after(out, "<details><summary>1700 other "
					       "findings</summary>"),
			 1700);
	free(out);
	fixture_free(fx);
}

static void test_report_markdown__deterministic(void **state)
{
	struct fixture *fx = many(20, 30);
	char *a = render_ok(fx, 0), *b = render_ok(fx, 0);

	(void)state;
	assert_string_equal(a, b);
	free(a);
	free(b);
	fixture_free(fx);
}

/* A run with every section, used by the golden test. */
static struct fixture *full_run(void)
{
	struct fixture *fx = fixture_new();
	static const char *fixed[] = {"4.2.1"};
	struct sg_finding *f;

	f = add(fx, SG_SEV_CRITICAL, true, "aws-access-token", "deploy/env.sh",
		12, "AWS Access Key");
	f->tool = "gitleaks";
	f->kind = SG_KIND_SECRET;
	f = add(fx, SG_SEV_HIGH, true, "CVE-2024-1234", "requirements.txt", 0,
		"django: SQL injection in QuerySet.values()");
	sg_finding_cold_mut(&fx->set, f)->package.name = "django";
	sg_finding_cold_mut(&fx->set, f)->package.version = "4.2.0";
	sg_finding_cold_mut(&fx->set, f)->package.fixed_versions = fixed;
	sg_finding_cold_mut(&fx->set, f)->package.n_fixed_versions = 1;
	static const char *sources[] = {"trivy", "pip-audit"};
	sg_finding_cold_mut(&fx->set, f)->sources = sources;
	sg_finding_cold_mut(&fx->set, f)->n_sources = 2;
	f = add(fx, SG_SEV_MEDIUM, false, "py/path-injection", "app/views.py",
		88, "Uncontrolled data used in path expression");
	f->tool = "codeql";
	f->kind = SG_KIND_CODE;
	f->state = SG_STATE_UNCHANGED;
	f = add(fx, SG_SEV_LOW, false, "DS002", "Dockerfile", 1,
		"Image user should not be 'root'");
	f->kind = SG_KIND_MISCONFIGURATION;
	sg_finding_cold_mut(&fx->set, f)->suppressed_by = &fx->sups[0];

	fx->entries[0] =
	    (struct sg_baseline_entry){.fingerprint = "sg1:aaaa",
				       .tool = "trivy",
				       .kind = "vulnerability",
				       .rule_id = "CVE-2023-0001",
				       .path = "package-lock.json",
				       .title = "lodash: prototype pollution",
				       .added = "2024-06-01",
				       .seen = false};
	fx->entries[1] =
	    (struct sg_baseline_entry){.fingerprint = "sg1:bbbb",
				       .tool = "codeql",
				       .kind = "code",
				       .rule_id = "py/path-injection",
				       .path = "app/views.py",
				       .title = "Uncontrolled data",
				       .added = "2024-06-01",
				       .seen = true};
	fx->baseline.entries = fx->entries;
	fx->baseline.count = 2;
	fx->r.baseline = &fx->baseline;

	fx->sups[0] =
	    (struct sg_suppression){.rule = "DS002",
				    .reason = "runs as root by design",
				    .owner = "@platform",
				    .line = 14,
				    .matched = 1};
	fx->sups[1] = (struct sg_suppression){.vulnerability = "CVE-2022-9999",
					      .reason = "not reachable",
					      .line = 20,
					      .has_expiry = true,
					      .expires_text = "2024-12-31",
					      .expires_end = 1735689600};
	fx->sups[2] =
	    (struct sg_suppression){.path = "vendor/**",
				    .reason = "third-party code",
				    .line = 25,
				    .matched = 3,
				    .has_expiry = true,
				    .expires_text = "2025-01-10",
				    .expires_end = 1735689600 + 10 * 86400};
	fx->config.suppressions = fx->sups;
	fx->config.n_suppressions = 3;
	fx->config.expiry_warning_days = 14;
	fx->r.config = &fx->config;
	finish(fx);
	fx->r.summary.absent = 1;
	fx->r.summary.stale_suppressions = 1;
	fx->r.summary.expiring_suppressions = 1;
	return fx;
}

static void test_report_markdown__sections(void **state)
{
	struct fixture *fx = full_run();
	char *out = render_ok(fx, 0);

	(void)state;
	check_tables(out);
	assert_int_equal(table_rows_after(out, "1 baseline entry no longer "
					       "found"),
			 1);
	assert_non_null(strstr(out, "| trivy | vulnerability | CVE-2023-0001 | "
				    "package-lock.json |"));
	assert_int_equal(table_rows_after(out, "2 suppressions to review"), 2);
	assert_non_null(strstr(out, "| stale, expired | vulnerability=CVE-2022-"
				    "9999 | not reachable | — | 2024-12-31 | "
				    "20 |"));
	assert_non_null(strstr(out, "| expiring | path=vendor/\\*\\* |"));
	assert_int_equal(count_str(out, "<details>"), 3);
	assert_int_equal(count_str(out, "</details>"), 3);
	assert_non_null(strstr(out, "| trivy, pip-audit | CVE-2024-1234 |"));
	free(out);
	fixture_free(fx);
}

static void test_report_markdown__golden(void **state)
{
	const char *path = fixture_path("markdown/full.expected.md");
	struct fixture *fx = full_run();
	char *out = render_ok(fx, 0);
	FILE *f;

	(void)state;
	if (sg_update_golden()) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(out, f);
		assert_int_equal(fclose(f), 0);
	} else {
		char *want = calloc(1, 65536);
		size_t n;

		f = fopen(path, "r");
		if (!f)
			fail_msg("%s missing: run with SG_UPDATE_GOLDEN=1",
				 path);
		assert_non_null(want);
		n = fread(want, 1, 65535, f);
		fclose(f);
		want[n] = '\0';
		assert_string_equal(out, want);
		free(want);
	}
	free(out);
	fixture_free(fx);
}

static void test_report_markdown__stream_error(void **state)
{
	struct fixture *fx = many(5, 5);
	FILE *f = fopen("/dev/full", "w");
	int rc;

	(void)state;
	if (!f)
		skip();
	rc = sg_report_markdown_write(f, &fx->r, 0);
	assert_int_equal(rc, SG_EIO);
	assert_non_null(strstr(sg_error_message(), "cannot write"));
	fclose(f);
	fixture_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report_markdown__verdict_heading),
	    cmocka_unit_test(test_report_markdown__tables),
	    cmocka_unit_test(test_report_markdown__package_column),
	    cmocka_unit_test(test_report_markdown__escaping),
	    cmocka_unit_test(test_report_markdown__cell_cap),
	    cmocka_unit_test(test_report_markdown__byte_cap),
	    cmocka_unit_test(test_report_markdown__byte_cap_inside_details),
	    cmocka_unit_test(test_report_markdown__unlimited),
	    cmocka_unit_test(test_report_markdown__deterministic),
	    cmocka_unit_test(test_report_markdown__sections),
	    cmocka_unit_test(test_report_markdown__golden),
	    cmocka_unit_test(test_report_markdown__stream_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
