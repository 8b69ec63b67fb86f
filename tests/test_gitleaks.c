/*
 * The gitleaks JSON adapter: detection, the v8 and v4-v7 fields, type
 * errors, fingerprints of secrets, and that no secret value (Secret,
 * Match, Context, line, offender) reaches any field of any finding.
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
	return sg_adapter_gitleaks.detect(&sniff);
}

/* Ingest fixtures/gitleaks/good/<name>, which must succeed. */
static void ingest_good(struct sg_findings *set, struct sg_input *input,
			const char *name)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "gitleaks/good/%s", name);
	if (ingest_one(set, input, fixture_path(rel), NULL) != 0)
		fail_msg("%s: %s", name, input->error);
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

/* Every string a finding holds, for the leak checks. */
static void finding_strings(const struct sg_finding *f, const char **out,
			    size_t *n, size_t max)
{
	*n = 0;
#define ADD(s)                                                                 \
	do {                                                                   \
		if ((s) && *n < max)                                           \
			out[(*n)++] = (s);                                     \
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
	for (size_t i = 0; i < sg_finding_cold(f)->package.n_fixed_versions;
	     i++)
		ADD(sg_finding_cold(f)->package.fixed_versions[i]);
	for (size_t i = 0; i < sg_finding_cold(f)->n_ids; i++)
		ADD(sg_finding_cold(f)->ids[i]);
	ADD(sg_finding_cold(f)->help_uri);
	ADD(f->fingerprint);
	for (size_t i = 0; i < sg_finding_n_sources(f); i++)
		ADD(sg_finding_sources(f)[i]);
	ADD(sg_finding_cold(f)->producer_suppression);
	ADD(f->reason);
#undef ADD
	assert_true(*n < max);
}

/* Fails when needle is inside any string of any finding of the set. */
static void assert_not_leaked(const struct sg_findings *set,
			      const char *needle)
{
	for (size_t i = 0; i < set->count; i++) {
		const char *strings[64];
		size_t n;

		finding_strings(&set->items[i], strings, &n, 64);
		for (size_t j = 0; j < n; j++)
			if (strstr(strings[j], needle))
				fail_msg("finding %zu leaks a secret value "
					 "(string field %zu)",
					 i, j);
	}
}

static const char *const secret_keys[] = {
	"Secret", "Match", "Context", "Line", "line", "offender", NULL,
};

/*
 * Every secret-bearing value of a gitleaks JSON file longer than 5 bytes
 * and not already redacted; NULL-terminated, malloc'd copies.
 */
static char **collect_secrets(const char *path, size_t *count)
{
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr), *item;
	char **out;
	size_t i, n = 0;

	assert_non_null(doc);
	out = calloc(json_array_size(doc) * 6 + 1, sizeof(*out));
	assert_non_null(out);
	json_array_foreach (doc, i, item) {
		for (size_t k = 0; secret_keys[k]; k++) {
			json_t *v = json_object_get(item, secret_keys[k]);
			const char *s = json_string_value(v);
			size_t len = json_string_length(v);

			if (!s || len <= 5 || sg_secret_is_redacted(s, len))
				continue;
			out[n++] = strdup(s);
		}
	}
	json_decref(doc);
	*count = n;
	return out;
}

static void free_strings(char **v)
{
	for (size_t i = 0; v[i]; i++)
		free(v[i]);
	free(v);
}

static const struct sg_finding *find_at(const struct sg_findings *set,
					const char *path, uint32_t line)
{
	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];

		if (f->location.path && strcmp(f->location.path, path) == 0 &&
		    f->location.start_line == line)
			return f;
	}
	fail_msg("no finding at %s:%u", path, line);
	return NULL;
}

/* ---- detection ---- */

static void test_gitleaks__detect_scores(void **state)
{
	(void)state;
	assert_int_equal(detect_text("[{\"RuleID\": \"x\", \"File\": \"a\"}]"),
			 90);
	assert_int_equal(detect_text("[{\"Description\": \"d\", \"Secret\": "
				     "\"s\", \"File\": \"a\"}]"),
			 90);
	assert_int_equal(detect_text("[{\"Fingerprint\": \"f\", \"StartLine\": "
				     "1}]"),
			 90);
	assert_int_equal(detect_text("[{\"line\": \"l\", \"offender\": "
				     "\"o\"}]"),
			 85);
	assert_int_equal(detect_text("[{\"leakURL\": \"\"}]"), 85);
	assert_int_equal(detect_text("[{\"lineNumber\": 3}]"), 85);
	assert_int_equal(detect_text("[{\"rule\": \"r\", \"commitMessage\": "
				     "\"m\"}]"),
			 85);
	/* Not gitleaks: objects, other lists, a lone "rule" or "File". */
	assert_int_equal(detect_text("{\"RuleID\": \"x\"}"), 0);
	assert_int_equal(detect_text("[{\"name\": \"a\", \"vulns\": []}]"), 0);
	assert_int_equal(detect_text("[{\"rule\": \"r\"}]"), 0);
	assert_int_equal(detect_text("[{\"File\": \"a\"}]"), 0);
	assert_int_equal(detect_text("[]"), 0);
	assert_int_equal(detect_text("null"), 0);
	assert_int_equal(detect_text("RuleID,Commit,File,Secret\n"), 0);
}

/* ---- v8 ---- */

static void test_gitleaks__v8_fields(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &in, "v8-several.json");
	assert_int_equal(set.count, 4);
	assert_string_equal(in.meta.format, "gitleaks-json-v8");
	assert_string_equal(in.meta.tool, "gitleaks");
	assert_null(in.meta.tool_version);

	f = find_at(&set, "config/settings.py", 12);
	assert_string_equal(f->tool, "gitleaks");
	assert_int_equal(f->kind, SG_KIND_SECRET);
	assert_string_equal(f->rule_id, "aws-access-token");
	assert_string_equal(f->title,
			    "Identified a pattern that may indicate AWS "
			    "credentials, risking unauthorized cloud resource "
			    "access and data breaches on AWS platforms.");
	/* The message drops the description's final period. */
	assert_string_equal(f->message,
			    "Identified a pattern that may indicate AWS "
			    "credentials, risking unauthorized cloud resource "
			    "access and data breaches on AWS platforms in "
			    "config/settings.py");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_null(sg_finding_cold(f)->tool_severity);
	assert_int_equal(f->location.end_line, 12);
	assert_int_equal(f->location.start_column, 17);
	assert_int_equal(f->location.end_column, 36);
	assert_string_equal(f->location.commit,
			    "3f2c9a1e5b7d4c8f9a0b1c2d3e4f5a6b7c8d9e0f");
	/* Link is a blob URL of the file, not help about the rule. */
	assert_null(sg_finding_cold(f)->help_uri);
	assert_null(sg_finding_cold(f)->package.name);
	assert_int_equal(sg_finding_cold(f)->n_ids, 0);
	assert_null(sg_finding_cold(f)->producer_suppression);
	assert_non_null(f->fingerprint);
	assert_memory_equal(f->fingerprint, "sg2:", 4);
	assert_int_equal(strlen(f->fingerprint), 4 + 32);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__v8_no_description(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &in, "v8-several.json");
	/* "./deploy/ci.yml" normalized; SymlinkFile is not the location. */
	f = find_at(&set, "deploy/ci.yml", 3);
	assert_string_equal(f->rule_id, "github-pat");
	assert_string_equal(f->title, "github-pat");
	assert_string_equal(f->message, "github-pat in deploy/ci.yml");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__v8_no_commit(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &in, "v8-several.json");
	assert_null(find_at(&set, "deploy/ci.yml", 3)->location.commit);
	/* Backslashes become '/'; an all-zero commit is no commit. */
	f = find_at(&set, "src/client/api.js", 40);
	assert_null(f->location.commit);
	assert_int_equal(f->location.end_line, 41);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__v8_absolute_path_made_relative(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	/* ingest_one passes "/repo" as the repository root. */
	ingest_good(&set, &in, "v8-several.json");
	f = find_at(&set, "tests/fixtures/creds.env", 7);
	assert_string_equal(f->message,
			    "Identified a pattern that may indicate AWS "
			    "credentials, risking unauthorized cloud resource "
			    "access and data breaches on AWS platforms in "
			    "tests/fixtures/creds.env");
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__v8_context_is_hashed(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *with_secret =
		"[{\"RuleID\": \"r\", \"File\": \"a.py\", \"StartLine\": 1, "
		"\"Secret\": \"AKIAFAKEFAKEFAKE1234\"}]";
	const char *only_context =
		"[{\"RuleID\": \"r\", \"File\": \"a.py\", \"StartLine\": 1, "
		"\"Context\": \"key = AKIAFAKEFAKEFAKE1234\"}]";
	char fp[64];

	(void)state;
	assert_int_equal(ingest_text(&set, &in, with_secret, NULL), 0);
	snprintf(fp, sizeof(fp), "%s", set.items[0].fingerprint);
	sg_input_release(&in);
	sg_findings_release(&set);
	/* v8.0.0 wrote Context; without Secret it is hashed, not stored. */
	assert_int_equal(ingest_text(&set, &in, only_context, NULL), 0);
	assert_int_equal(set.count, 1);
	assert_string_not_equal(set.items[0].fingerprint, fp);
	assert_not_leaked(&set, "AKIAFAKEFAKEFAKE1234");
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- v7 and v4-v6 ---- */

static void test_gitleaks__v7_fields(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &in, "v7.json");
	assert_int_equal(set.count, 2);
	assert_string_equal(in.meta.format, "gitleaks-json-v7");
	f = find_at(&set, ".env", 4);
	assert_string_equal(f->tool, "gitleaks");
	assert_int_equal(f->kind, SG_KIND_SECRET);
	assert_string_equal(f->rule_id, "Slack");
	assert_string_equal(f->title, "Slack");
	assert_string_equal(f->message, "Slack in .env");
	assert_int_equal(f->severity, SG_SEV_HIGH);
	assert_null(sg_finding_cold(f)->tool_severity);
	/* v7 reports one line per finding. */
	assert_int_equal(f->location.end_line, 4);
	assert_int_equal(f->location.start_column, 0);
	assert_string_equal(f->location.commit,
			    "9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d");
	assert_null(sg_finding_cold(f)->help_uri);
	/* --no-git writes commit "". */
	f = find_at(&set, "secrets.py", 9);
	assert_string_equal(f->rule_id, "AWS Access Key");
	assert_null(f->location.commit);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__v6_without_line_number(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;

	(void)state;
	ingest_good(&set, &in, "v6-no-line-number.json");
	assert_int_equal(set.count, 1);
	assert_string_equal(in.meta.format, "gitleaks-json-v7");
	f = &set.items[0];
	assert_string_equal(f->rule_id, "Github");
	assert_string_equal(f->location.path, ".bashrc");
	assert_int_equal(f->location.start_line, 0);
	assert_int_equal(f->location.end_line, 0);
	assert_string_equal(f->location.commit,
			    "d54ce70d0cf883054ed256db46406a5df551f000");
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- --tool, null and [] ---- */

static void test_gitleaks__forced_null_and_empty(void **state)
{
	struct sg_findings set;
	struct sg_input in;

	(void)state;
	assert_int_equal(ingest_text(&set, &in, "null\n", "gitleaks"), 0);
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.tool, "gitleaks");
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_text(&set, &in, " [ ]\n", "gitleaks"), 0);
	assert_int_equal(set.count, 0);
	assert_string_equal(in.meta.format, "gitleaks-json-v8");
	sg_input_release(&in);
	sg_findings_release(&set);
	/* Not a gitleaks report, even with --tool. */
	assert_int_equal(ingest_text(&set, &in, "{\"dependencies\": []}",
				     "gitleaks"),
			 SG_EINPUT);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* The adapter stores ctx->forced_tool as the finding's tool. */
static void test_gitleaks__parse_uses_forced_tool(void **state)
{
	const char *text = "[{\"RuleID\": \"r\", \"File\": \"a\", "
			   "\"Secret\": \"AKIAFAKEFAKEFAKE1234\"}]";
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
	ctx.input_index = 7;
	ctx.forced_tool = "my-gitleaks";
	ctx.meta = &meta;
	assert_int_equal(sg_adapter_gitleaks.parse(&ctx), 0);
	assert_int_equal(sg_js_finish(js), 0);
	assert_int_equal(set.count, 1);
	assert_string_equal(set.items[0].tool, "my-gitleaks");
	assert_int_equal(set.items[0].input_index, 7);
	assert_string_equal(set.items[0].location.path, "a");
	sg_jstream_free(js);
	sg_findings_release(&set);
}

/* ---- errors ---- */

static const char *const bad_cases[] = {
	"ruleid-number",  "startline-string", "startline-negative",
	"element-string", "truncated",	      "trailing-garbage",
	"secret-array",	  "v7-no-rule",	      "file-number",
	NULL,
};

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

static void test_gitleaks__bad_fixtures_fail_with_path(void **state)
{
	(void)state;
	for (size_t i = 0; bad_cases[i]; i++) {
		struct sg_findings set;
		struct sg_input in;
		char rel[128], *want;

		snprintf(rel, sizeof(rel), "gitleaks/bad/%s.error",
			 bad_cases[i]);
		want = read_text(fixture_path(rel));
		snprintf(rel, sizeof(rel), "gitleaks/bad/%s.json",
			 bad_cases[i]);
		assert_int_equal(ingest_one(&set, &in, fixture_path(rel), NULL),
				 SG_EINPUT);
		assert_int_equal(set.count, 0);
		assert_non_null(in.error);
		if (!strstr(in.error, want))
			fail_msg("%s: error '%s' lacks '%s'", bad_cases[i],
				 in.error, want);
		/* The message names the file and never quotes a secret. */
		assert_non_null(strstr(in.error, bad_cases[i]));
		assert_null(strstr(in.error, "AKIAFAKE"));
		free(want);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_gitleaks__type_errors(void **state)
{
	static const struct {
		const char *doc, *want;
	} cases[] = {
		{"[{\"RuleID\": \"\", \"File\": \"a\"}]",
		 "[0]: 'RuleID' must be a non-empty string"},
		{"[{\"RuleID\": \"r\", \"Description\": 3, \"File\": \"a\"}]",
		 "[0]: 'Description' must be a string"},
		{"[{\"RuleID\": \"r\", \"File\": \"a\", \"EndColumn\": 1.5}]",
		 "[0]: 'EndColumn' must be a non-negative integer"},
		{"[{\"RuleID\": \"r\", \"File\": \"a\", \"EndLine\": "
		 "4294967296}]",
		 "[0]: 'EndLine' must be a non-negative integer"},
		{"[{\"RuleID\": \"r\", \"File\": \"a\", \"Commit\": false}]",
		 "[0]: 'Commit' must be a string"},
		{"[{\"RuleID\": \"r\", \"File\": \"a\", \"Match\": 12345678}]",
		 "[0]: 'Match' must be a string"},
		{"[{\"RuleID\": \"r\", \"File\": \"a\"}, 3]",
		 "[1]: expected a finding object"},
		{"[{\"rule\": \"r\", \"commitMessage\": \"\", \"lineNumber\": "
		 "\"9\"}]",
		 "[0]: 'lineNumber' must be a non-negative integer"},
		{"[{\"rule\": \"r\", \"commitMessage\": \"\", \"offender\": "
		 "{}}]",
		 "[0]: 'offender' must be a string"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sg_findings set;
		struct sg_input in;

		assert_int_equal(ingest_text(&set, &in, cases[i].doc,
					     "gitleaks"),
				 SG_EINPUT);
		assert_int_equal(set.count, 0);
		if (!strstr(in.error, cases[i].want))
			fail_msg("case %zu: error '%s' lacks '%s'", i, in.error,
				 cases[i].want);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

/* ---- secrets ---- */

static void test_gitleaks__own_fixtures_leak_nothing(void **state)
{
	static const char *const files[] = {
		"gitleaks/good/v8-several.json",
		"gitleaks/good/v7.json",
		"gitleaks/good/v6-no-line-number.json",
	};
	static const char *const never[] = {
		"AKIAFAKE", "ghp_fake", "xoxb-fake", "hunter2",
		"Jane Developer", "jane@example.com", "add env", "GITHUB_TOKEN",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct sg_findings set;
		struct sg_input in;

		assert_int_equal(ingest_one(&set, &in, fixture_path(files[i]),
					    NULL),
				 0);
		assert_true(set.count > 0);
		for (size_t k = 0; k < sizeof(never) / sizeof(never[0]); k++)
			assert_not_leaked(&set, never[k]);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_gitleaks__same_secret_other_file_differs(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *doc =
		"[{\"RuleID\": \"aws-access-token\", \"File\": \"a.py\", "
		"\"StartLine\": 3, \"Secret\": \"AKIAFAKEFAKEFAKE1234\"},"
		" {\"RuleID\": \"aws-access-token\", \"File\": \"b.py\", "
		"\"StartLine\": 3, \"Secret\": \"AKIAFAKEFAKEFAKE1234\"},"
		" {\"RuleID\": \"aws-access-token\", \"File\": \"a.py\", "
		"\"StartLine\": 3, \"Secret\": \"AKIAFAKEFAKEFAKE5678\"}]";

	(void)state;
	assert_int_equal(ingest_text(&set, &in, doc, NULL), 0);
	assert_int_equal(set.count, 3);
	assert_string_not_equal(set.items[0].fingerprint,
				set.items[1].fingerprint);
	assert_string_not_equal(set.items[0].fingerprint,
				set.items[2].fingerprint);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__line_shift_keeps_fingerprint(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *before =
		"[{\"RuleID\": \"github-pat\", \"File\": \"ci.yml\", "
		"\"StartLine\": 3, \"EndLine\": 3, \"Commit\": \"aaaa\", "
		"\"Secret\": \"ghp_fakeFAKEfakeFAKEfakeFAKEfakeFAKE0000\"}]";
	const char *after =
		"[{\"RuleID\": \"github-pat\", \"File\": \"./ci.yml\", "
		"\"StartLine\": 30, \"EndLine\": 30, \"Commit\": \"bbbb\", "
		"\"StartColumn\": 4, "
		"\"Secret\": \"ghp_fakeFAKEfakeFAKEfakeFAKEfakeFAKE0000\"}]";
	char fp[64];

	(void)state;
	assert_int_equal(ingest_text(&set, &in, before, NULL), 0);
	snprintf(fp, sizeof(fp), "%s", set.items[0].fingerprint);
	sg_input_release(&in);
	sg_findings_release(&set);
	assert_int_equal(ingest_text(&set, &in, after, NULL), 0);
	assert_string_equal(set.items[0].fingerprint, fp);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* A redacted value names no secret: the line tells the findings apart. */
static void test_gitleaks__redacted_differ_by_line(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const char *doc =
		"[{\"RuleID\": \"r\", \"File\": \"a.py\", \"StartLine\": 3, "
		"\"Secret\": \"REDACTED\"},"
		" {\"RuleID\": \"r\", \"File\": \"a.py\", \"StartLine\": 4, "
		"\"Secret\": \"REDACTED\"}]";

	(void)state;
	assert_int_equal(ingest_text(&set, &in, doc, NULL), 0);
	assert_int_equal(set.count, 2);
	assert_string_not_equal(set.items[0].fingerprint,
				set.items[1].fingerprint);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- real reports (../shared/fixtures/real/gitleaks) ---- */

/* Counts from `jq 'if . == null then 0 else length end' FILE`. */
static const struct {
	const char *file, *format;
	size_t count;
} real_json[] = {
	{"v4-6-json-no-linenumber.json", "gitleaks-json-v7", 2},
	{"v4-6-json-one-private-key.json", "gitleaks-json-v7", 1},
	{"v7-json-basic.json", "gitleaks-json-v7", 2},
	{"v7-json-no-git.json", "gitleaks-json-v7", 2},
	{"v7-json-redacted.json", "gitleaks-json-v7", 6},
	{"v7-json-unicode-emoji.json", "gitleaks-json-v7", 1},
	{"v7-json-with-config.json", "gitleaks-json-v7", 5},
	{"v7.5.0-json-real.json", "gitleaks-json-v7", 8},
	{"v8-baseline-real-masked.json", "gitleaks-json-v8", 2},
	{"v8-early-json-many.json", "gitleaks-json-v8", 4},
	{"v8-json-simple.json", "gitleaks-json-v8", 1},
	{"v8-latest-real-with-link-11-findings.json", "gitleaks-json-v8", 11},
	{"v8-real-redacted-no-link.json", "gitleaks-json-v8", 3},
	{"v8-template-jsonextra.json", "gitleaks-json-v8", 1},
	{"v8.0.0-json-context-key.json", "gitleaks-json-v8", 1},
};

static void test_gitleaks__real_counts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(real_json) / sizeof(real_json[0]); i++) {
		char rel[256];
		const char *path;
		struct sg_findings set;
		struct sg_input in;

		snprintf(rel, sizeof(rel), "gitleaks/%s", real_json[i].file);
		path = skip_shared(rel);
		if (ingest_one(&set, &in, path, NULL) != 0)
			fail_msg("%s: %s", real_json[i].file, in.error);
		if (set.count != real_json[i].count)
			fail_msg("%s: %zu findings, expected %zu",
				 real_json[i].file, set.count,
				 real_json[i].count);
		assert_string_equal(in.meta.format, real_json[i].format);
		for (size_t k = 0; k < set.count; k++) {
			assert_int_equal(set.items[k].kind, SG_KIND_SECRET);
			assert_int_equal(set.items[k].severity, SG_SEV_HIGH);
			assert_non_null(set.items[k].rule_id);
			assert_non_null(set.items[k].location.path);
			assert_null(sg_finding_cold(&set.items[k])->help_uri);
		}
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_gitleaks__real_no_secret_leaks(void **state)
{
	size_t checked = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(real_json) / sizeof(real_json[0]); i++) {
		char rel[256], **secrets;
		const char *path;
		struct sg_findings set;
		struct sg_input in;
		size_t n;

		snprintf(rel, sizeof(rel), "gitleaks/%s", real_json[i].file);
		path = skip_shared(rel);
		secrets = collect_secrets(path, &n);
		assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
		for (size_t k = 0; k < n; k++)
			assert_not_leaked(&set, secrets[k]);
		checked += n;
		free_strings(secrets);
		sg_input_release(&in);
		sg_findings_release(&set);
	}
	/* The files hold real-looking secrets: the check did look at some. */
	assert_true(checked > 50);
}

static void test_gitleaks__real_specifics(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	const struct sg_finding *f;
	const char *path;

	(void)state;
	path = skip_shared("gitleaks/"
			   "v8-latest-real-with-link-11-findings.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	f = find_at(&set, "pygoat/introduction/static/js/a7.js", 7);
	assert_string_equal(f->rule_id, "generic-api-key");
	assert_string_equal(f->location.commit,
			    "81c7e88d275ddb310e455f2e7ccb0b0af69feecf");
	assert_int_equal(f->location.start_column, 26);
	assert_int_equal(f->location.end_column, 113);
	assert_null(sg_finding_cold(f)->help_uri);
	sg_input_release(&in);
	sg_findings_release(&set);

	/* Commit "0000000000000000" is no commit. */
	path = skip_shared("gitleaks/v8-json-simple.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	assert_null(set.items[0].location.commit);
	assert_string_equal(set.items[0].title, "test-rule");
	assert_string_equal(set.items[0].message, "test-rule in auth.py");
	sg_input_release(&in);
	sg_findings_release(&set);

	/* The same secret in two commits of one file is one identity. */
	path = skip_shared("gitleaks/v7-json-basic.json");
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	assert_string_equal(set.items[0].fingerprint, set.items[1].fingerprint);
	assert_int_equal(set.items[0].location.start_line, 13);
	assert_int_equal(set.items[1].location.start_line, 9);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_gitleaks__real_empty_with_tool(void **state)
{
	static const char *const files[] = {
		"gitleaks/v7-no-findings-null.json",
		"gitleaks/v8-json-empty.json",
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const char *path = skip_shared(files[i]);
		struct sg_findings set;
		struct sg_input in;

		assert_int_equal(ingest_one(&set, &in, path, "gitleaks"), 0);
		assert_int_equal(set.count, 0);
		assert_string_equal(in.meta.tool, "gitleaks");
		sg_input_release(&in);
		sg_findings_release(&set);
	}
}

static void test_gitleaks__real_csv_and_junit_refused(void **state)
{
	static const char *const files[] = {
		"gitleaks/v8-baseline-malformed.csv",
		"gitleaks/v8-csv-simple.csv",
		"gitleaks/v8.0.0-csv-context.csv",
		"gitleaks/v8-junit-empty.xml",
		"gitleaks/v8-junit-simple.xml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		for (int forced = 0; forced < 2; forced++) {
			const char *path = skip_shared(files[i]);
			struct sg_findings set;
			struct sg_input in;

			assert_int_equal(ingest_one(&set, &in, path,
						    forced ? "gitleaks" : NULL),
					 SG_EINPUT);
			assert_int_equal(set.count, 0);
			if (!strstr(in.error, "unknown report format"))
				fail_msg("%s: %s", files[i], in.error);
			/* Never the CSV's secret column. */
			assert_null(strstr(in.error, "a secret"));
			sg_input_release(&in);
			sg_findings_release(&set);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gitleaks__detect_scores),
		cmocka_unit_test(test_gitleaks__v8_fields),
		cmocka_unit_test(test_gitleaks__v8_no_description),
		cmocka_unit_test(test_gitleaks__v8_no_commit),
		cmocka_unit_test(test_gitleaks__v8_absolute_path_made_relative),
		cmocka_unit_test(test_gitleaks__v8_context_is_hashed),
		cmocka_unit_test(test_gitleaks__v7_fields),
		cmocka_unit_test(test_gitleaks__v6_without_line_number),
		cmocka_unit_test(test_gitleaks__forced_null_and_empty),
		cmocka_unit_test(test_gitleaks__parse_uses_forced_tool),
		cmocka_unit_test(test_gitleaks__bad_fixtures_fail_with_path),
		cmocka_unit_test(test_gitleaks__type_errors),
		cmocka_unit_test(test_gitleaks__own_fixtures_leak_nothing),
		cmocka_unit_test(test_gitleaks__same_secret_other_file_differs),
		cmocka_unit_test(test_gitleaks__line_shift_keeps_fingerprint),
		cmocka_unit_test(test_gitleaks__redacted_differ_by_line),
		cmocka_unit_test(test_gitleaks__real_counts),
		cmocka_unit_test(test_gitleaks__real_no_secret_leaks),
		cmocka_unit_test(test_gitleaks__real_specifics),
		cmocka_unit_test(test_gitleaks__real_empty_with_tool),
		cmocka_unit_test(test_gitleaks__real_csv_and_junit_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
