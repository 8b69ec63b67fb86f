/*
 * The pip-audit JSON adapter: detection, the object and legacy list forms,
 * vulnerability fields, skipped dependencies, type errors with their JSON
 * path, and the fingerprint shared with other tools' reports of a CVE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "registry.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "test_util.h"

/* ---- helpers ---- */

static int detect_text(const char *text)
{
	struct sg_sniff sniff;

	sg_sniff_document(&sniff, text, strlen(text));
	return sg_adapter_pip_audit.detect(&sniff);
}

static const char *skip_shared(const char *relative)
{
	const char *path = shared_fixture_path(relative);

	if (!path) {
		print_message("SKIPPED: ../shared absent (%s)\n", relative);
		skip();
	}
	return path;
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

static void assert_ids(const struct sg_finding *f, const char *const *want,
		       size_t n)
{
	assert_int_equal(sg_finding_cold(f)->n_ids, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(sg_finding_cold(f)->ids[i], want[i]);
}

/* ---- detection ---- */

static void test_pip_audit__detect_scores(void **state)
{
	(void)state;
	assert_int_equal(detect_text("{\"dependencies\": []}"), 90);
	assert_int_equal(detect_text("{\"fixes\": [], \"dependencies\": "
				     "[{\"name\": \"a\"}]}"),
			 90);
	assert_int_equal(detect_text("[{\"name\": \"a\", \"version\": \"1\", "
				     "\"vulns\": []}]"),
			 85);
	assert_int_equal(detect_text("[{\"name\": \"a\", \"skip_reason\": "
				     "\"x\"}]"),
			 85);
	assert_int_equal(detect_text("[{\"name\": \"a\"}]"), 0);
	assert_int_equal(detect_text("{\"name\": \"a\", \"vulns\": []}"), 0);
	assert_int_equal(detect_text("[{\"RuleID\": \"r\"}]"), 0);
	assert_int_equal(detect_text("{\"SchemaVersion\": 2}"), 0);
	assert_int_equal(detect_text("[]"), 0);
}

/* ---- the object form ---- */

static void test_pip_audit__object_form_fields(void **state)
{
	static const char *const ids[] = {
		"GHSA-fake-2222-3333", "CVE-2099-0001", "PYSEC-2099-7"};
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	assert_int_equal(ingest_one(&set, &in,
				    fixture_path("pip-audit/good/"
						 "object-aliases-skipped.json"),
				    NULL),
			 0);
	assert_int_equal(set.count, 3);
	assert_string_equal(in.meta.tool, "pip-audit");
	assert_string_equal(in.meta.format, "pip-audit-json");
	assert_null(in.meta.tool_version);

	f = find_by_rule(&set, "GHSA-fake-2222-3333");
	assert_non_null(f);
	assert_string_equal(f->tool, "pip-audit");
	assert_int_equal(f->kind, SG_KIND_VULNERABILITY);
	/* The id first, then aliases without the repeats. */
	assert_ids(f, ids, 3);
	assert_string_equal(f->title, "GHSA-fake-2222-3333: Foo_Bar 1.2.3");
	assert_string_equal(f->message, "Foo_Bar before 1.2.4 lets a crafted "
					"header smuggle requests.");
	assert_int_equal(f->severity, SG_SEV_UNKNOWN);
	assert_null(sg_finding_cold(f)->tool_severity);
	assert_string_equal(sg_finding_cold(f)->package.ecosystem, "pypi");
	assert_string_equal(sg_finding_cold(f)->package.name, "Foo_Bar");
	assert_string_equal(sg_finding_cold(f)->package.version, "1.2.3");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 2);
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[0],
			    "1.2.4");
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[1],
			    "2.0.1");
	assert_string_equal(sg_finding_cold(f)->help_uri,
			    "https://osv.dev/vulnerability/"
			    "GHSA-fake-2222-3333");
	/* pip-audit does not say which manifest. */
	assert_null(f->location.path);
	assert_int_equal(f->location.start_line, 0);
	assert_null(f->location.commit);
	assert_non_null(f->fingerprint);
	assert_memory_equal(f->fingerprint, "sg2:", 4);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__no_description_no_fixes(void **state)
{
	static const char *const one[] = {"PYSEC-2099-8"};
	static const char *const two[] = {"GHSA-9hjg-9r4m-mvj7",
					  "CVE-2024-47081"};
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	assert_int_equal(ingest_one(&set, &in,
				    fixture_path("pip-audit/good/"
						 "object-aliases-skipped.json"),
				    NULL),
			 0);
	f = find_by_rule(&set, "PYSEC-2099-8");
	assert_non_null(f);
	assert_ids(f, one, 1);
	assert_null(f->message);
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 0);
	/* "description": null is no description. */
	f = find_by_rule(&set, "GHSA-9hjg-9r4m-mvj7");
	assert_non_null(f);
	assert_ids(f, two, 2);
	assert_null(f->message);
	assert_string_equal(f->title, "GHSA-9hjg-9r4m-mvj7: requests 2.31.0");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__skipped_dependencies(void **state)
{
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	assert_int_equal(ingest_one(&set, &in,
				    fixture_path("pip-audit/good/"
						 "object-aliases-skipped.json"),
				    NULL),
			 0);
	assert_int_equal(in.meta.n_skipped, 2);
	assert_string_equal(in.meta.skipped[0], "internal-tool");
	assert_string_equal(in.meta.skipped[1], "editable-pkg");
	/* The first reason given. */
	assert_string_equal(in.meta.skipped_reason,
			    "Dependency not found on PyPI and could not be "
			    "audited: internal-tool (0.1.0)");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__many_skipped_grow(void **state)
{
	char doc[16384];
	size_t len;
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	len = (size_t)snprintf(doc, sizeof(doc), "{\"dependencies\": [");
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(doc + len, sizeof(doc) - len,
					"%s{\"name\": \"pkg%d\", "
					"\"skip_reason\": \"reason %d\"}",
					i ? ", " : "", i, i);
	snprintf(doc + len, sizeof(doc) - len, "]}");
	assert_int_equal(ingest_text(&set, &in, doc, NULL), 0);
	assert_int_equal(set.count, 0);
	assert_int_equal(in.meta.n_skipped, 100);
	assert_string_equal(in.meta.skipped[0], "pkg0");
	assert_string_equal(in.meta.skipped[16], "pkg16");
	assert_string_equal(in.meta.skipped[99], "pkg99");
	assert_string_equal(in.meta.skipped_reason, "reason 0");
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- the legacy list ---- */

static void test_pip_audit__legacy_list(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	assert_int_equal(ingest_one(&set, &in,
				    fixture_path("pip-audit/good/"
						 "legacy-list.json"),
				    NULL),
			 0);
	assert_int_equal(set.count, 3);
	assert_string_equal(in.meta.format, "pip-audit-json-legacy");
	assert_int_equal(in.meta.n_skipped, 1);
	assert_string_equal(in.meta.skipped[0], "azure-devops");
	f = find_by_rule(&set, "PYSEC-2019-220");
	assert_non_null(f);
	assert_string_equal(f->title, "PYSEC-2019-220: jinja2 2.10");
	assert_string_equal(sg_finding_cold(f)->package.name, "jinja2");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 2);
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[0],
			    "2.8.1");
	assert_int_equal(sg_finding_cold(f)->n_ids, 1);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__forced_tool_null_and_empty(void **state)
{
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	assert_int_equal(ingest_text(&set, &in, "null", "pip-audit"), 0);
	assert_int_equal(set.count, 0);
	assert_int_equal(in.meta.n_skipped, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_text(&set, &in, "[]", "pip-audit"), 0);
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.format, "pip-audit-json-legacy");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__osv_url_escapes_odd_ids(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *doc = "{\"dependencies\": [{\"name\": \"a\", \"version\": "
			  "\"1\", \"vulns\": [{\"id\": \"X/1 ?#\"}]}]}";

	(void)state;
	assert_int_equal(ingest_text(&set, &in, doc, NULL), 0);
	assert_string_equal(sg_finding_cold(&set.items[0])->help_uri,
			    "https://osv.dev/vulnerability/X%2F1%20%3F%23");
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- errors ---- */

static const char *const bad_cases[] = {
	"vulns-object",	    "id-missing",	   "fix-versions-number",
	"legacy-alias-number", "no-vulns-no-skip", "dependencies-object",
	"truncated",	    "name-number",	   NULL,
};

static void test_pip_audit__bad_fixtures_fail_with_path(void **state)
{
	(void)state;
	for (size_t i = 0; bad_cases[i]; i++) {
		struct sg_findings set;
		struct sg_input in;
		char rel[128], *want;

		snprintf(rel, sizeof(rel), "pip-audit/bad/%s.error",
			 bad_cases[i]);
		want = read_text(fixture_path(rel));
		snprintf(rel, sizeof(rel), "pip-audit/bad/%s.json",
			 bad_cases[i]);
		assert_int_equal(ingest_one(&set, &in, fixture_path(rel), NULL),
				 SG_EINPUT);
		assert_int_equal(set.count, 0);
		assert_int_equal(in.n_findings, 0);
		if (!strstr(in.error, want))
			fail_msg("%s: error '%s' lacks '%s'", bad_cases[i],
				 in.error, want);
		assert_non_null(strstr(in.error, bad_cases[i]));
		free(want);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_pip_audit__type_errors(void **state)
{
	static const struct {
		const char *doc, *want;
	} cases[] = {
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": 1, "
		 "\"vulns\": []}]}",
		 "dependencies[0]: 'version' must be a string"},
		{"{\"dependencies\": [{\"version\": \"1\", \"vulns\": []}]}",
		 "dependencies[0]: 'name' must be a non-empty string"},
		{"{\"dependencies\": [{\"name\": \"a\", \"skip_reason\": 3}]}",
		 "dependencies[0]: 'skip_reason' must be a string"},
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", "
		 "\"vulns\": [{\"id\": \"X\", \"description\": []}]}]}",
		 "dependencies[0].vulns[0]: 'description' must be a string"},
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", "
		 "\"vulns\": [{\"id\": \"X\", \"fix_versions\": \"1.1\"}]}]}",
		 "dependencies[0].vulns[0]: 'fix_versions' must be an array of "
		 "strings"},
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", "
		 "\"vulns\": [{\"id\": \"\"}]}]}",
		 "dependencies[0].vulns[0]: 'id' must be a string"},
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", "
		 "\"vulns\": [\"X\"]}]}",
		 "dependencies[0].vulns[0]: expected a vulnerability object"},
		{"{\"dependencies\": [{\"name\": \"a\", \"version\": \"1\", "
		 "\"vulns\": []}, 7]}",
		 "dependencies[1]: expected a dependency object"},
		{"{\"dependencies\": null}",
		 "dependencies: expected an array of dependencies"},
		{"{\"fixes\": [], \"dependencies\": [], \"x\": 1, "
		 "\"dependencies\": []}",
		 "duplicate"},
		{"{\"fixes\": []}", "not a pip-audit report"},
		{"[{\"name\": \"a\", \"vulns\": []}, {\"name\": \"b\", "
		 "\"vulns\": [{\"id\": 5}]}]",
		 "[1].vulns[0]: 'id' must be a string"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sg_findings set;
		struct sg_input in;

		assert_int_equal(ingest_text(&set, &in, cases[i].doc,
					     "pip-audit"),
				 SG_EINPUT);
		assert_int_equal(set.count, 0);
		if (!strstr(in.error, cases[i].want))
			fail_msg("case %zu: error '%s' lacks '%s'", i, in.error,
				 cases[i].want);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

/* Called directly, as the registry would not pick it for this object. */
static void test_pip_audit__object_without_dependencies(void **state)
{
	const char *text = "{\"fixes\": [], \"x\": {\"dependencies\": []}}";
	struct sg_jstream *js = NULL;
	struct sg_findings set;
	struct sg_input_meta meta = {0};
	struct sg_parse_ctx ctx = {0};

	(void)state;
	sg_findings_init(&set);
	assert_int_equal(sg_jstream_open_buffer(&js, "t.json", text,
						strlen(text)),
			 0);
	ctx.js = js;
	ctx.out = &set;
	ctx.meta = &meta;
	assert_int_equal(sg_adapter_pip_audit.parse(&ctx), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(),
			       "expected a 'dependencies' array"));
	assert_int_equal(set.count, 0);
	sg_jstream_free(js);
	sg_findings_release(&set);
}

/* All or nothing: an error after good findings leaves none behind. */
static void test_pip_audit__error_keeps_no_findings(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *doc = "{\"dependencies\": [{\"name\": \"a\", \"version\": "
			  "\"1\", \"vulns\": [{\"id\": \"PYSEC-1\"}, {\"id\": "
			  "\"PYSEC-2\"}]}, {\"name\": \"b\", \"vulns\": 1}]}";

	(void)state;
	assert_int_equal(ingest_text(&set, &in, doc, NULL), SG_EINPUT);
	assert_int_equal(set.count, 0);
	assert_non_null(strstr(in.error, "dependencies[1]: 'vulns' must be an "
					 "array"));
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- fingerprints ---- */

/*
 * pip-audit's GHSA with alias CVE-X for "Foo_Bar" and another tool's
 * CVE-X for "foo-bar" (pypi) are one finding: the fingerprint folds the
 * aliases to one canonical id and PEP 503-normalizes the name.
 */
static void test_pip_audit__fingerprint_cross_tool(void **state)
{
	struct sg_findings set, other;
	struct sg_input in;
	const struct sg_finding *f;
	struct sg_finding *g;
	const char **ids;

	(void)state;
	assert_int_equal(ingest_one(&set, &in,
				    fixture_path("pip-audit/good/"
						 "object-aliases-skipped.json"),
				    NULL),
			 0);
	f = find_by_rule(&set, "GHSA-fake-2222-3333");
	assert_non_null(f);

	sg_findings_init(&other);
	g = sg_findings_append(&other);
	assert_non_null(g);
	ids = sg_findings_strv(&other, 1);
	ids[0] = "CVE-2099-0001";
	g->tool = "trivy";
	g->kind = SG_KIND_VULNERABILITY;
	g->rule_id = "CVE-2099-0001";
	sg_finding_cold_mut(&set, g)->ids = ids;
	sg_finding_cold_mut(&set, g)->n_ids = 1;
	g->severity = SG_SEV_HIGH;
	g->location.path = "requirements.txt";
	sg_finding_cold_mut(&set, g)->package.ecosystem = "pypi";
	sg_finding_cold_mut(&set, g)->package.name = "foo-bar";
	sg_finding_cold_mut(&set, g)->package.version = "1.2.3";
	assert_int_equal(sg_fingerprint_compute(&other, g, NULL), 0);
	assert_string_equal(f->fingerprint, g->fingerprint);

	/* Another package with the same CVE is another finding. */
	sg_finding_cold_mut(&set, g)->package.name = "foo-baz";
	assert_int_equal(sg_fingerprint_compute(&other, g, NULL), 0);
	assert_string_not_equal(f->fingerprint, g->fingerprint);
	sg_findings_release(&other);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* The same report read twice, or with its dependencies reordered. */
static void test_pip_audit__fingerprint_stable(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *a = "{\"dependencies\": [{\"name\": \"x\", \"version\": "
			"\"1\", \"vulns\": [{\"id\": \"PYSEC-1\"}]}, {\"name\":"
			" \"y\", \"version\": \"2\", \"vulns\": [{\"id\": "
			"\"PYSEC-1\"}]}]}";
	const char *b = "[{\"name\": \"Y\", \"version\": \"2.1\", \"vulns\": "
			"[{\"id\": \"PYSEC-1\", \"fix_versions\": [\"3\"]}]}, "
			"{\"name\": \"x\", \"version\": \"1\", \"vulns\": "
			"[{\"id\": \"PYSEC-1\"}]}]";
	char fx[64], fy[64];

	(void)state;
	assert_int_equal(ingest_text(&set, &in, a, NULL), 0);
	assert_int_equal(set.count, 2);
	snprintf(fx, sizeof(fx), "%s", set.items[0].fingerprint);
	snprintf(fy, sizeof(fy), "%s", set.items[1].fingerprint);
	assert_string_not_equal(fx, fy);
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_text(&set, &in, b, NULL), 0);
	assert_string_equal(set.items[0].fingerprint, fy);
	assert_string_equal(set.items[1].fingerprint, fx);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- real reports (../shared/fixtures/real/pip-audit) ---- */

/*
 * Counted with
 *   jq '(if type=="object" then .dependencies else . end)
 *       | [.[] | (.vulns // []) | length] | add // 0' FILE
 * and skipped with [.[] | select(.skip_reason)] | length.
 */
static const struct {
	const char *file, *format;
	size_t count, skipped;
} real[] = {
	{"2bykilt-181deps-11vulns-aliases.json", "pip-audit-json", 11, 0},
	{"dict-empty-dependencies-no-fixes.json", "pip-audit-json", 0, 0},
	{"dict-many-vulns-no-fixes-key.json", "pip-audit-json", 7, 1},
	{"fastapi-fork-144deps-10vulns-no-aliases.json", "pip-audit-json", 10,
	 0},
	{"flext-core-467deps-28skipped.json", "pip-audit-json", 1, 28},
	{"legacy-list-many-vulns.json", "pip-audit-json-legacy", 7, 1},
	{"legacy-list-zero-vulns-skip.json", "pip-audit-json-legacy", 0, 1},
	{"real-estate-230deps-22vulns-large.json", "pip-audit-json", 22, 0},
	{"repo-utils-clean-137deps.json", "pip-audit-json", 0, 0},
	{"tnfr-81deps-1vuln.json", "pip-audit-json", 1, 0},
};

static void test_pip_audit__real_counts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		char rel[256];
		const char *path;
		struct sg_findings set;
		struct sg_input in;

		snprintf(rel, sizeof(rel), "pip-audit/%s", real[i].file);
		path = skip_shared(rel);
		if (ingest_one(&set, &in, path, NULL) != 0)
			fail_msg("%s: %s", real[i].file, in.error);
		if (set.count != real[i].count ||
		    in.meta.n_skipped != real[i].skipped)
			fail_msg("%s: %zu findings, %zu skipped; expected %zu, "
				 "%zu",
				 real[i].file, set.count, in.meta.n_skipped,
				 real[i].count, real[i].skipped);
		assert_string_equal(in.meta.format, real[i].format);
		for (size_t k = 0; k < set.count; k++) {
			const struct sg_finding *f = &set.items[k];

			assert_int_equal(f->kind, SG_KIND_VULNERABILITY);
			assert_int_equal(f->severity, SG_SEV_UNKNOWN);
			assert_string_equal(
			    sg_finding_cold(f)->package.ecosystem, "pypi");
			assert_non_null(sg_finding_cold(f)->package.name);
			assert_non_null(sg_finding_cold(f)->package.version);
			assert_string_equal(sg_finding_cold(f)->ids[0],
					    f->rule_id);
			assert_null(f->location.path);
		}
		for (size_t k = 0; k < in.meta.n_skipped; k++)
			assert_non_null(in.meta.skipped[k]);
		if (real[i].skipped)
			assert_non_null(in.meta.skipped_reason);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_pip_audit__real_aliases_and_fixes(void **state)
{
	static const char *const ids[] = {"GHSA-2c2j-9gv5-cj73",
					  "CVE-2025-54121"};
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;
	const char *path;

	(void)state;
	path = skip_shared("pip-audit/2bykilt-181deps-11vulns-aliases.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	/* jq: every vuln there has one CVE alias. */
	for (size_t k = 0; k < set.count; k++) {
		assert_int_equal(sg_finding_cold(&set.items[k])->n_ids, 2);
		assert_memory_equal(sg_finding_cold(&set.items[k])->ids[1],
				    "CVE-", 4);
	}
	f = find_by_rule(&set, "GHSA-2c2j-9gv5-cj73");
	assert_non_null(f);
	assert_ids(f, ids, 2);
	assert_string_equal(sg_finding_cold(f)->package.name, "starlette");
	assert_string_equal(sg_finding_cold(f)->package.version, "0.46.1");
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 1);
	assert_string_equal(sg_finding_cold(f)->package.fixed_versions[0],
			    "0.47.2");
	assert_non_null(f->message);
	/* "fix_versions": [] */
	f = find_by_rule(&set, "GHSA-5cpq-9538-jm2j");
	assert_non_null(f);
	assert_int_equal(sg_finding_cold(f)->package.n_fixed_versions, 0);
	assert_string_equal(sg_finding_cold(f)->package.name, "gradio");
	sg_input_release(&in);
	sg_findings_release(&set);

	path = skip_shared("pip-audit/flext-core-467deps-28skipped.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	assert_string_equal(in.meta.skipped[0], "algar-oud-mig");
	assert_string_equal(in.meta.skipped_reason,
			    "Dependency not found on PyPI and could not be "
			    "audited: algar-oud-mig (0.7.0)");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_pip_audit__real_legacy_empty(void **state)
{
	const char *path = skip_shared("pip-audit/legacy-list-empty.json");
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	/* Without --tool "[]" is nobody's; with it, pip-audit's. */
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	assert_int_equal(set.count, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_one(&set, &in, path, "pip-audit"), 0);
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.tool, "pip-audit");
	sg_input_release(&in);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pip_audit__detect_scores),
		cmocka_unit_test(test_pip_audit__object_form_fields),
		cmocka_unit_test(test_pip_audit__no_description_no_fixes),
		cmocka_unit_test(test_pip_audit__skipped_dependencies),
		cmocka_unit_test(test_pip_audit__many_skipped_grow),
		cmocka_unit_test(test_pip_audit__legacy_list),
		cmocka_unit_test(test_pip_audit__forced_tool_null_and_empty),
		cmocka_unit_test(test_pip_audit__osv_url_escapes_odd_ids),
		cmocka_unit_test(test_pip_audit__bad_fixtures_fail_with_path),
		cmocka_unit_test(test_pip_audit__type_errors),
		cmocka_unit_test(test_pip_audit__object_without_dependencies),
		cmocka_unit_test(test_pip_audit__error_keeps_no_findings),
		cmocka_unit_test(test_pip_audit__fingerprint_cross_tool),
		cmocka_unit_test(test_pip_audit__fingerprint_stable),
		cmocka_unit_test(test_pip_audit__real_counts),
		cmocka_unit_test(test_pip_audit__real_aliases_and_fixes),
		cmocka_unit_test(test_pip_audit__real_legacy_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
