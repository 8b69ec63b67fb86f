/*
 * Tests for the SARIF report: every real report secgate reads comes out
 * as a log valid against the SARIF 2.1.0 schema (tests/sarif_schema_check.py)
 * that secgate reads back to the same findings; escaping, suppressions,
 * baseline states, GitHub's limits, write failures, determinism and
 * primaryLocationLineHash.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "baseline.h"
#include "config.h"
#include "report_sarif.h"
#include "secgate/error.h"
#include "secgate/path.h"
#include "test_util.h"

#define PYTHON "/usr/bin/python3"
#define CHECKER SECGATE_SOURCE_DIR "/tests/sarif_schema_check.py"
#define NO_RULE_ID "secgate/no-rule-id"

/* ---- helpers ---- */

static struct sg_policy test_policy(void)
{
	struct sg_policy p;

	sg_policy_default(&p);
	return p;
}

static struct sg_finding *add_finding(struct sg_findings *set, const char *tool,
				      const char *rule, enum sg_severity sev,
				      const char *path, uint32_t line)
{
	struct sg_finding *f = sg_findings_append(set);
	char fp[64];

	assert_non_null(f);
	snprintf(fp, sizeof(fp), "sg1:%032zx", set->count);
	f->tool = tool;
	f->rule_id = rule;
	f->title = rule;
	f->message = "a finding";
	f->severity = sev;
	f->kind = SG_KIND_CODE;
	f->location.path = path;
	f->location.start_line = f->location.end_line = line;
	f->fingerprint = sg_findings_strdup(set, fp);
	f->reason = "test";
	return f;
}

/* The log as a string (new, caller frees); rc is the writer's result. */
static char *write_log(const struct sg_run_result *r, const char *root,
		       const struct sg_sarif_options *opt, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = sg_report_sarif_write_with(f, r, root, opt);
	fclose(f);
	return buf;
}

static json_t *parse_log(const char *text)
{
	json_error_t err;
	json_t *log = json_loads(text, 0, &err);

	if (!log)
		fprintf(stderr, "not JSON: %s at %d:%d\n", err.text, err.line,
			err.column);
	assert_non_null(log);
	return log;
}

static json_t *run_of(json_t *log, size_t i)
{
	return json_array_get(json_object_get(log, "runs"), i);
}

static json_t *result_of(json_t *log, size_t run, size_t i)
{
	return json_array_get(json_object_get(run_of(log, run), "results"), i);
}

static const char *str_at(json_t *v, const char *a, const char *b)
{
	json_t *x = json_object_get(v, a);

	return json_string_value(b ? json_object_get(x, b) : x);
}

static const char *result_uri(json_t *res)
{
	json_t *loc = json_array_get(json_object_get(res, "locations"), 0);

	return str_at(json_object_get(loc, "physicalLocation"),
		      "artifactLocation", "uri");
}

/* Run the schema checker over the files; 77 means it cannot run. */
static int schema_check(const char *files)
{
	char cmd[8192];
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s %s", PYTHON, CHECKER, files);
	status = system(cmd);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void assert_schema_valid(const char *files)
{
	int rc = schema_check(files);

	/* 77: no schema or python3-jsonschema; 127: no python3. */
	if (rc == 77 || rc == 127) {
		fprintf(stderr, "SKIPPED: schema validation (no schema, "
				"python3 or python3-jsonschema)\n");
		return;
	}
	assert_int_equal(rc, 0);
}

/* The log text, validated: written to a temporary file for the checker. */
static void assert_log_schema_valid(const char *text)
{
	const char *path = write_temp(text, strlen(text));
	char renamed[128];

	assert_non_null(path);
	snprintf(renamed, sizeof(renamed), "%s.sarif", path);
	assert_int_equal(rename(path, renamed), 0);
	assert_schema_valid(renamed);
	unlink(renamed);
}

/* ---- (a) every real report ---- */

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "tool rule path" of every finding, sorted. */
static char **finding_keys(struct sg_findings *set, bool as_written)
{
	char **keys = calloc(set->count + 1, sizeof(*keys));

	assert_non_null(keys);
	for (size_t i = 0; i < set->count; i++) {
		const struct sg_finding *f = &set->items[i];
		const char *rule = f->rule_id ? f->rule_id : NO_RULE_ID;
		const char *path = f->location.path;
		size_t n;

		/* The log has no pathless results; absolute paths stay. */
		if (as_written && (!path || !*path))
			path = sg_uri_normalize(set, ".", "/repo");
		n = strlen(f->tool) + strlen(rule) + (path ? strlen(path) : 1) +
		    3;
		keys[i] = malloc(n);
		assert_non_null(keys[i]);
		snprintf(keys[i], n, "%s\t%s\t%s", f->tool, rule,
			 path ? path : "-");
	}
	qsort(keys, set->count, sizeof(*keys), key_cmp);
	return keys;
}

static void free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/*
 * What GitHub needs of every result: a location, a message, a ruleIndex
 * that points at the rule named by ruleId (or at its parent, for
 * hierarchical ids), and the fingerprint.
 */
static void check_results_refer_to_rules(json_t *log)
{
	json_t *run, *res;
	size_t i, j;

	json_array_foreach(json_object_get(log, "runs"), i, run) {
		json_t *rules = json_object_get(
		    json_object_get(json_object_get(run, "tool"), "driver"),
		    "rules");

		assert_true(json_is_array(rules));
		json_array_foreach(json_object_get(run, "results"), j, res) {
			const char *id = str_at(res, "ruleId", NULL);
			json_t *rule = json_array_get(
			    rules, (size_t)json_integer_value(
				       json_object_get(res, "ruleIndex")));
			const char *rid = str_at(rule, "id", NULL);

			assert_non_null(id);
			assert_non_null(rid);
			assert_int_equal(strncmp(id, rid, strlen(rid)), 0);
			assert_true(id[strlen(rid)] == '\0' ||
				    id[strlen(rid)] == '/');
			assert_true(json_array_size(json_object_get(
					res, "locations")) >= 1);
			assert_non_null(result_uri(res));
			assert_true(strlen(str_at(res, "message", "text")) > 0);
			assert_non_null(
			    str_at(res, "partialFingerprints", "secgate/v1"));
		}
	}
}

static void test_report_sarif__real_reports(void **state)
{
	static const char *const dirs[] = {"codeql", "gitleaks", "pip-audit",
					   "sarif-other", "trivy"};
	char tmpdir[] = "/tmp/secgate-sarif-XXXXXX", files[600];
	size_t written = 0, skipped = 0, findings = 0;
	/* Some real rules have descriptions too long for GitHub: cut quietly.
	 */
	struct sg_sarif_options quiet = {.warnings = fopen("/dev/null", "w")};

	(void)state;
	if (!shared_fixture_path("codeql")) {
		fprintf(stderr, "SKIPPED: ../shared absent\n");
		skip();
	}
	assert_non_null(mkdtemp(tmpdir));
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char dir[4096];
		struct dirent **names;
		int n;

		snprintf(dir, sizeof(dir), "%s", shared_fixture_path(dirs[d]));
		n = scandir(dir, &names, NULL, by_name);
		assert_true(n >= 0);
		for (int k = 0; k < n; k++) {
			struct sg_findings set, back;
			struct sg_input in = {0}, in2 = {0};
			struct sg_policy policy = test_policy();
			struct sg_run_result r = {0};
			char path[4600], out[4700];
			char **want, **got;
			struct stat st;
			FILE *f;
			char *text;
			size_t len;
			json_t *log;

			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[k]->d_name);
			free(names[k]);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			sg_findings_init(&set);
			if (sg_ingest_file(&set, &in, path, NULL, "/repo", 0) <
			    0) {
				skipped++;
				sg_input_release(&in);
				sg_findings_release(&set);
				continue;
			}
			/* The gate's verdicts, simply: high and above block. */
			for (size_t i = 0; i < set.count; i++) {
				set.items[i].blocking =
				    set.items[i].severity >= SG_SEV_HIGH;
				set.items[i].reason = "test threshold";
			}
			r.set = &set;
			r.inputs = &in;
			r.n_inputs = 1;
			r.policy = &policy;
			snprintf(out, sizeof(out), "%s/%s__%s.sarif", tmpdir,
				 dirs[d], strrchr(path, '/') + 1);
			f = fopen(out, "w");
			assert_non_null(f);
			assert_int_equal(
			    sg_report_sarif_write_with(f, &r, NULL, &quiet), 0);
			assert_int_equal(fclose(f), 0);
			written++;
			findings += set.count;

			/* Read back with secgate's own SARIF reader. */
			sg_findings_init(&back);
			if (sg_ingest_file(&back, &in2, out, NULL, "/repo",
					   0) != 0)
				fail_msg("%s: %s", out, in2.error);
			assert_int_equal(back.count, set.count);
			want = finding_keys(&set, true);
			got = finding_keys(&back, false);
			for (size_t i = 0; i < set.count; i++)
				if (strcmp(want[i], got[i]) != 0)
					fail_msg("%s: %s != %s", out, want[i],
						 got[i]);
			free_keys(want, set.count);
			free_keys(got, back.count);

			f = fopen(out, "r");
			assert_non_null(f);
			text = NULL;
			len = 0;
			assert_true(getdelim(&text, &len, '\0', f) > 0);
			fclose(f);
			log = parse_log(text);
			check_results_refer_to_rules(log);
			json_decref(log);
			free(text);

			sg_input_release(&in2);
			sg_findings_release(&back);
			sg_input_release(&in);
			sg_findings_release(&set);
		}
		free(names);
	}
	fprintf(stderr,
		"sarif: %zu real reports written (%zu findings), %zu "
		"not readable by secgate\n",
		written, findings, skipped);
	/*
	 * 122 files in the five directories (ls | wc -l), of which 19 are
	 * formats or cases secgate refuses (CSV, JUnit, CycloneDX, SARIF
	 * 1.0, malformed...): 103 at the time of writing. At least 100
	 * must come through, so a newly supported format does not break
	 * this test.
	 */
	assert_true(written >= 100);
	snprintf(files, sizeof(files), "%s/*.sarif", tmpdir);
	assert_schema_valid(files);
	snprintf(files, sizeof(files), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(files), 0);
	fclose(quiet.warnings);
}

/* Producer rules are kept: CodeQL's rules in tool.extensions come out
 * flattened into driver.rules with their metadata. */
static void test_report_sarif__keeps_producer_rules(void **state)
{
	const char *path =
	    shared_fixture_path("codeql/java-2.11.0-altoroj-688KB.sarif");
	struct sg_findings set;
	struct sg_input in = {0};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {0};
	json_t *log, *driver, *rule, *res;
	char *text;
	size_t i;
	int rc;

	(void)state;
	if (!path) {
		fprintf(stderr, "SKIPPED: ../shared absent\n");
		skip();
	}
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	r.set = &set;
	r.inputs = &in;
	r.n_inputs = 1;
	r.policy = &policy;
	text = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	assert_int_equal(json_array_size(json_object_get(log, "runs")), 1);
	driver =
	    json_object_get(json_object_get(run_of(log, 0), "tool"), "driver");
	assert_string_equal(str_at(driver, "name", NULL), "CodeQL");
	assert_string_equal(str_at(driver, "semanticVersion", NULL), "2.11.0");
	/*
	 * jq '[.runs[].results[].ruleId] | unique': 10 results over 4 rules
	 * (java/sql-injection 7 times): only the rules used are kept.
	 */
	assert_int_equal(json_array_size(json_object_get(driver, "rules")), 4);
	json_array_foreach(json_object_get(driver, "rules"), i, rule) {
		if (strcmp(str_at(rule, "id", NULL), "java/sql-injection"))
			continue;
		assert_string_equal(str_at(json_object_get(rule, "properties"),
					   "security-severity", NULL),
				    "8.8");
		assert_non_null(str_at(rule, "help", "text"));
		assert_string_equal(str_at(rule, "shortDescription", "text"),
				    "Query built from user-controlled sources");
	}
	assert_string_equal(str_at(run_of(log, 0), "automationDetails", "id"),
			    "secgate/codeql/");
	/* CodeQL's "[text](1)" links point at relatedLocations: not kept. */
	json_array_foreach(json_object_get(run_of(log, 0), "results"), i, res) {
		assert_null(strstr(str_at(res, "message", "text"), "]("));
	}
	json_decref(log);
	free(text);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- (b) injection ---- */

static void test_report_sarif__escapes_untrusted_text(void **state)
{
	static const char *const nasty[] = {
	    "quote \" backslash \\ done",
	    "ctl \x01\x02\x1b[31mred\x7f tab\tnl\n",
	    "</script><script>alert(1)</script>",
	    "\\u0000 \\x41 \\\" not escapes",
	    "bad utf8 \xff\xc3( end",
	};
	static const char *const cleaned[] = {
	    "quote \" backslash \\ done",
	    "ctl [31mred tab\tnl\n",
	    "</script><script>alert(1)</script>",
	    "\\u0000 \\x41 \\\" not escapes",
	    "bad utf8 \xef\xbf\xbd\xef\xbf\xbd( end",
	};
	struct sg_findings set;
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	size_t n = sizeof(nasty) / sizeof(nasty[0]);
	json_t *log, *rules;
	char *text;
	int rc;

	(void)state;
	sg_findings_init(&set);
	for (size_t i = 0; i < n; i++) {
		struct sg_finding *f =
		    add_finding(&set, "semgrep", nasty[i], SG_SEV_HIGH,
				"dir/a \"b\" <c>\\d%e:f?g#h", 3);

		f->message = nasty[i];
	}
	r.set = &set;
	text = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	assert_int_equal(json_array_size(json_object_get(log, "runs")), 1);
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 0), "results")), n);
	rules = json_object_get(
	    json_object_get(json_object_get(run_of(log, 0), "tool"), "driver"),
	    "rules");
	assert_int_equal(json_array_size(rules), n);
	for (size_t i = 0; i < n; i++) {
		json_t *res = result_of(log, 0, i);
		json_t *rule = json_array_get(
		    rules, (size_t)json_integer_value(
			       json_object_get(res, "ruleIndex")));

		assert_string_equal(str_at(res, "message", "text"), cleaned[i]);
		assert_string_equal(str_at(res, "ruleId", NULL), cleaned[i]);
		assert_string_equal(str_at(rule, "id", NULL), cleaned[i]);
		/* The path is a percent-encoded relative reference. */
		assert_string_equal(
		    result_uri(res),
		    "dir/a%20%22b%22%20%3Cc%3E%5Cd%25e%3Af%3Fg%23h");
	}
	/* No raw control character anywhere in the log. */
	for (const char *p = text; *p; p++)
		assert_false((unsigned char)*p < 0x20 && *p != '\n');
	assert_log_schema_valid(text);
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

/* ---- (c) suppressions and baselineState ---- */

static void test_report_sarif__suppressions_and_baseline(void **state)
{
	struct sg_suppression supp = {
	    .rule = "r1",
	    .reason = "accepted risk until the rewrite",
	    .owner = "team-a",
	    .has_expiry = true,
	    .expires_text = "2030-01-31",
	    .line = 12,
	};
	struct sg_baseline_entry entries[] = {
	    {.fingerprint = "sg1:old",
	     .tool = "semgrep",
	     .kind = "code",
	     .rule_id = "r-old",
	     .path = "src/old.py",
	     .title = "Old finding",
	     .added = "2024-05-01",
	     .seen = false},
	    {.fingerprint = "sg1:seen",
	     .tool = "semgrep",
	     .kind = "code",
	     .rule_id = "r2",
	     .path = "b.py",
	     .title = "Seen",
	     .seen = true},
	    /* Tools that did not run, or failed: nothing is known fixed. */
	    {.fingerprint = "sg1:gl",
	     .tool = "gitleaks",
	     .kind = "secret",
	     .rule_id = "aws",
	     .path = "k.txt",
	     .seen = false},
	    {.fingerprint = "sg1:tv",
	     .tool = "trivy",
	     .kind = "vulnerability",
	     .rule_id = "CVE-1",
	     .seen = false},
	};
	struct sg_baseline baseline = {.entries = entries, .count = 4};
	struct sg_input inputs[3] = {
	    {.path = "semgrep.sarif", .meta = {.tool = "semgrep"}},
	    {.path = "trivy.json",
	     .meta = {.tool = "trivy"},
	     .status = SG_EINPUT,
	     .error = (char *)"trivy.json:1:1: not a Trivy report"},
	    {.path = "pip-audit.json", .meta = {.tool = "pip-audit"}},
	};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy,
				  .inputs = inputs,
				  .n_inputs = 3,
				  .baseline = &baseline};
	struct sg_sarif_options omit = {.omit_absent = true};
	struct sg_findings set;
	struct sg_finding *f;
	json_t *log, *sup, *res;
	char *text;
	int rc;

	(void)state;
	policy.honor_producer_suppressions = true;
	sg_findings_init(&set);
	f = add_finding(&set, "semgrep", "r1", SG_SEV_HIGH, "a.py", 1);
	sg_finding_cold_mut(&set, f)->suppressed_by = &supp;
	f = add_finding(&set, "semgrep", "r2", SG_SEV_MEDIUM, "b.py", 2);
	f->state = SG_STATE_UNCHANGED;
	f = add_finding(&set, "semgrep", "r3", SG_SEV_LOW, "c.py", 3);
	sg_finding_cold_mut(&set, f)->producer_suppression = "inSource";
	f = add_finding(&set, "semgrep", "r4", SG_SEV_LOW, "vendor/d.py", 4);
	f->excluded = true;
	r.set = &set;
	text = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);

	/* semgrep (findings), secgate (the failed input), pip-audit (empty). */
	assert_int_equal(json_array_size(json_object_get(log, "runs")), 3);
	assert_string_equal(str_at(run_of(log, 0), "automationDetails", "id"),
			    "secgate/semgrep/");
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 0), "results")), 5);

	res = result_of(log, 0, 0);
	assert_string_equal(str_at(res, "baselineState", NULL), "new");
	sup = json_array_get(json_object_get(res, "suppressions"), 0);
	assert_string_equal(str_at(sup, "kind", NULL), "external");
	assert_string_equal(str_at(sup, "status", NULL), "accepted");
	assert_string_equal(str_at(sup, "justification", NULL),
			    "accepted risk until the rewrite");
	assert_string_equal(str_at(sup, "properties", "expiryUtc"),
			    "2030-01-31T23:59:59Z");
	assert_string_equal(str_at(sup, "properties", "owner"), "team-a");

	res = result_of(log, 0, 1);
	assert_string_equal(str_at(res, "baselineState", NULL), "unchanged");
	assert_null(json_object_get(res, "suppressions"));

	res = result_of(log, 0, 2);
	sup = json_array_get(json_object_get(res, "suppressions"), 0);
	assert_string_equal(str_at(sup, "kind", NULL), "inSource");
	assert_string_equal(str_at(sup, "status", NULL), "accepted");

	res = result_of(log, 0, 3);
	sup = json_array_get(json_object_get(res, "suppressions"), 0);
	assert_string_equal(str_at(sup, "justification", NULL),
			    "path excluded by the configuration");

	res = result_of(log, 0, 4);
	assert_string_equal(str_at(res, "baselineState", NULL), "absent");
	assert_string_equal(str_at(res, "ruleId", NULL), "r-old");
	assert_string_equal(str_at(res, "message", "text"), "Old finding");
	assert_string_equal(result_uri(res), "src/old.py");
	assert_string_equal(str_at(res, "partialFingerprints", "secgate/v1"),
			    "sg1:old");

	/* The failed input: executionSuccessful false, with a notification. */
	assert_string_equal(
	    str_at(json_object_get(json_object_get(run_of(log, 1), "tool"),
				   "driver"),
		   "name", NULL),
	    "secgate");
	res = json_array_get(json_object_get(run_of(log, 1), "invocations"), 0);
	assert_true(json_is_false(json_object_get(res, "executionSuccessful")));
	assert_non_null(strstr(
	    str_at(json_array_get(
		       json_object_get(res, "toolExecutionNotifications"), 0),
		   "message", "text"),
	    "could not read trivy.json"));
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 1), "results")), 0);

	/* pip-audit ran and found nothing: an empty run closes its alerts. */
	assert_string_equal(str_at(run_of(log, 2), "automationDetails", "id"),
			    "secgate/pip-audit/");
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 2), "results")), 0);
	res = json_array_get(json_object_get(run_of(log, 2), "invocations"), 0);
	assert_true(json_is_true(json_object_get(res, "executionSuccessful")));
	assert_log_schema_valid(text);
	json_decref(log);
	free(text);

	/* For GitHub: no absent results. */
	text = write_log(&r, NULL, &omit, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 0), "results")), 4);
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

/*
 * Fail closed: a tool with a failed input gets no "absent" results and no
 * empty run (either would tell GitHub its alerts are fixed); the failure
 * is reported in the run's invocation, or in secgate's own run.
 */
static void test_report_sarif__failed_input_never_reads_as_fixed(void **state)
{
	struct sg_baseline_entry entries[] = {
	    {.fingerprint = "sg1:a",
	     .tool = "semgrep",
	     .rule_id = "r-a",
	     .path = "a.py"},
	    {.fingerprint = "sg1:b", .tool = "pip-audit", .rule_id = "PYSEC-1"},
	    {.fingerprint = "sg1:c",
	     .tool = "gitleaks",
	     .rule_id = "aws",
	     .path = "k.env"},
	};
	struct sg_baseline baseline = {.entries = entries, .count = 3};
	struct sg_input inputs[] = {
	    {.path = "semgrep-1.sarif", .meta = {.tool = "semgrep"}},
	    {.path = "semgrep-2.sarif",
	     .meta = {.tool = "semgrep"},
	     .status = SG_EINPUT,
	     .error = (char *)"truncated"},
	    {.path = "pip-audit-1.json", .meta = {.tool = "pip-audit"}},
	    {.path = "pip-audit-2.json",
	     .meta = {.tool = "pip-audit"},
	     .status = SG_EINPUT,
	     .error = (char *)"truncated"},
	    {.path = "gitleaks.json", .meta = {.tool = "gitleaks"}},
	};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy,
				  .inputs = inputs,
				  .n_inputs = 5,
				  .baseline = &baseline};
	struct sg_findings set;
	json_t *log, *inv;
	char *text;
	int rc;

	(void)state;
	sg_findings_init(&set);
	add_finding(&set, "semgrep", "r1", SG_SEV_HIGH, "x.py", 1);
	r.set = &set;
	text = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	assert_int_equal(json_array_size(json_object_get(log, "runs")), 3);

	assert_string_equal(str_at(run_of(log, 0), "automationDetails", "id"),
			    "secgate/semgrep/");
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 0), "results")), 1);
	inv = json_array_get(json_object_get(run_of(log, 0), "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	assert_non_null(strstr(
	    str_at(json_array_get(
		       json_object_get(inv, "toolExecutionNotifications"), 0),
		   "message", "text"),
	    "could not read semgrep-2.sarif: truncated"));

	assert_string_equal(str_at(run_of(log, 1), "automationDetails", "id"),
			    "secgate/secgate/");
	inv = json_array_get(json_object_get(run_of(log, 1), "invocations"), 0);
	assert_non_null(strstr(
	    str_at(json_array_get(
		       json_object_get(inv, "toolExecutionNotifications"), 0),
		   "message", "text"),
	    "pip-audit-2.json"));

	/* gitleaks read completely: its baseline entry is fixed. */
	assert_string_equal(str_at(run_of(log, 2), "automationDetails", "id"),
			    "secgate/gitleaks/");
	assert_int_equal(
	    json_array_size(json_object_get(run_of(log, 2), "results")), 1);
	assert_string_equal(str_at(result_of(log, 2, 0), "baselineState", NULL),
			    "absent");
	assert_log_schema_valid(text);
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

/* A producer suppression the policy does not honour did not suppress. */
static void test_report_sarif__unhonoured_producer_suppression(void **state)
{
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	struct sg_findings set;
	json_t *log, *sup;
	char *text;
	int rc;

	(void)state;
	policy.honor_producer_suppressions = false;
	sg_findings_init(&set);
	sg_finding_cold_mut(
	    &set, add_finding(&set, "trivy", "CVE-1", SG_SEV_HIGH, "go.sum", 0))
	    ->producer_suppression = "vex:not_affected";
	r.set = &set;
	text = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	sup = json_array_get(
	    json_object_get(result_of(log, 0, 0), "suppressions"), 0);
	assert_string_equal(str_at(sup, "kind", NULL), "external");
	assert_string_equal(str_at(sup, "status", NULL), "rejected");
	assert_string_equal(str_at(sup, "justification", NULL),
			    "vex:not_affected");
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

/* ---- (d) limits ---- */

static char *read_stream(FILE *f)
{
	char *text = NULL;
	size_t len = 0;

	rewind(f);
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		return strdup("");
	}
	return text;
}

static void test_report_sarif__results_per_run_limit(void **state)
{
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	FILE *warnings = tmpfile();
	struct sg_sarif_options opt = {.warnings = warnings};
	struct sg_findings set;
	json_t *log, *results;
	char *text, *warned;
	int rc;

	(void)state;
	sg_findings_init(&set);
	for (size_t i = 0; i < 25010; i++)
		add_finding(&set, "codeql", i < 5 ? "js/first" : "js/rest",
			    i < 5 ? SG_SEV_CRITICAL : SG_SEV_LOW, "a.js",
			    (uint32_t)i + 1);
	r.set = &set;
	text = write_log(&r, NULL, &opt, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	results = json_object_get(run_of(log, 0), "results");
	assert_int_equal(json_array_size(results), 25000);
	/* The first (most severe) are kept. */
	assert_string_equal(str_at(json_array_get(results, 0), "ruleId", NULL),
			    "js/first");
	warned = read_stream(warnings);
	assert_string_equal(warned,
			    "secgate: warning: SARIF: 25,010 results for "
			    "codeql; GitHub code scanning accepts 25,000 per "
			    "run: the 10 least severe were left out\n");
	free(warned);
	fclose(warnings);
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

static void test_report_sarif__runs_per_file_limit(void **state)
{
	static char names[22][16];
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	FILE *warnings = tmpfile();
	struct sg_sarif_options opt = {.warnings = warnings};
	struct sg_findings set;
	json_t *log;
	char *text, *warned;
	int rc;

	(void)state;
	sg_findings_init(&set);
	for (int i = 0; i < 22; i++) {
		snprintf(names[i], sizeof(names[i]), "tool%02d", i);
		add_finding(&set, names[i], "r", SG_SEV_HIGH, "x", 1);
	}
	r.set = &set;
	text = write_log(&r, NULL, &opt, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	assert_int_equal(json_array_size(json_object_get(log, "runs")), 20);
	assert_string_equal(str_at(run_of(log, 19), "automationDetails", "id"),
			    "secgate/tool19/");
	warned = read_stream(warnings);
	assert_non_null(strstr(warned, "22 runs; GitHub code scanning "
				       "accepts 20 per file: the last 2 "));
	assert_null(strchr(strchr(warned, '\n') + 1, '\n'));
	free(warned);
	fclose(warnings);
	json_decref(log);
	free(text);
	sg_findings_release(&set);
}

/* A producer rule with 25 tags and a long description: cut, one warning each.
 */
static void test_report_sarif__rule_tags_and_text_limits(void **state)
{
	char sarif[8192], longtext[2100];
	struct sg_findings set;
	struct sg_input in = {0};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {0};
	FILE *warnings = tmpfile();
	struct sg_sarif_options opt = {.warnings = warnings};
	const char *path;
	json_t *log, *rule;
	char *text, *warned;
	size_t n = 0;
	int rc;

	(void)state;
	memset(longtext, 'x', 2000);
	longtext[2000] = '\0';
	n += (size_t)snprintf(sarif + n, sizeof(sarif) - n,
			      "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{"
			      "\"driver\":{\"name\":\"Semgrep OSS\",\"rules\":"
			      "[{\"id\":\"r\",\"shortDescription\":{\"text\":"
			      "\"%s\"},\"properties\":{\"tags\":[",
			      longtext);
	for (int i = 0; i < 25; i++)
		n += (size_t)snprintf(sarif + n, sizeof(sarif) - n, "%s\"t%d\"",
				      i ? "," : "", i);
	snprintf(sarif + n, sizeof(sarif) - n,
		 "]}}]}},\"results\":[{\"ruleId\":\"r\",\"message\":{"
		 "\"text\":\"m\"},\"locations\":[{\"physicalLocation\":{"
		 "\"artifactLocation\":{\"uri\":\"a.py\"}}}]}]}]}");
	path = write_temp(sarif, strlen(sarif));
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	r.set = &set;
	r.inputs = &in;
	r.n_inputs = 1;
	r.policy = &policy;
	text = write_log(&r, NULL, &opt, &rc);
	unlink(path);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	rule = json_array_get(
	    json_object_get(
		json_object_get(json_object_get(run_of(log, 0), "tool"),
				"driver"),
		"rules"),
	    0);
	assert_int_equal(json_array_size(json_object_get(
			     json_object_get(rule, "properties"), "tags")),
			 SG_SARIF_MAX_TAGS);
	assert_int_equal(strlen(str_at(rule, "shortDescription", "text")),
			 SG_SARIF_MAX_DESCRIPTION);
	assert_string_equal(
	    str_at(json_object_get(json_object_get(run_of(log, 0), "tool"),
				   "driver"),
		   "name", NULL),
	    "Semgrep OSS");
	warned = read_stream(warnings);
	assert_non_null(strstr(warned, "1 rules had more tags than the 20"));
	assert_non_null(
	    strstr(warned, "rule names or descriptions were longer"));
	free(warned);
	fclose(warnings);
	json_decref(log);
	free(text);
	sg_input_release(&in);
	sg_findings_release(&set);
}

/* ---- (e) a large log ---- */

static long max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_report_sarif__large_log_bounded_memory(void **state)
{
	static const char *const tools[] = {"t0", "t1", "t2", "t3", "t4",
					    "t5", "t6", "t7", "t8", "t9"};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	struct sg_findings set;
	FILE *out = fopen("/dev/null", "w");
	long before;

	(void)state;
	assert_non_null(out);
	sg_findings_init(&set);
	for (size_t i = 0; i < 200000; i++)
		add_finding(&set, tools[i / 20000], i % 7 ? "rule-a" : "rule-b",
			    (enum sg_severity)(i % SG_SEV_COUNT), "src/x.c",
			    (uint32_t)(i % 5000) + 1);
	r.set = &set;
	before = max_rss_kib();
	/* 10 runs of 20,000: every result is written. */
	assert_int_equal(sg_report_sarif_write(out, &r, NULL), 0);
	fclose(out);
#if !defined(__SANITIZE_ADDRESS__)
	/* Per-run bookkeeping only, never the whole log (~100 MB). */
	assert_true(max_rss_kib() - before < 32 * 1024);
#else
	(void)before;
#endif
	sg_findings_release(&set);
}

/* ---- (f) write failure ---- */

static void test_report_sarif__full_disk_is_an_error(void **state)
{
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {.policy = &policy};
	struct sg_findings set;
	FILE *out = fopen("/dev/full", "w");

	(void)state;
	if (!out) {
		fprintf(stderr, "SKIPPED: no /dev/full\n");
		skip();
	}
	sg_findings_init(&set);
	for (int i = 0; i < 100; i++)
		add_finding(&set, "semgrep", "r", SG_SEV_HIGH, "a.c", 1);
	r.set = &set;
	assert_int_equal(sg_report_sarif_write(out, &r, NULL), SG_EIO);
	assert_non_null(strstr(sg_error_message(), "cannot write the SARIF"));
	fclose(out);
	sg_findings_release(&set);
}

/* ---- (g) determinism ---- */

static void test_report_sarif__deterministic(void **state)
{
	const char *path =
	    shared_fixture_path("trivy/fs-vuln-misconf-secret-mixed.json");
	struct sg_findings set;
	struct sg_input in = {0};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {0};
	char *a, *b;
	int rc;

	(void)state;
	if (!path) {
		fprintf(stderr, "SKIPPED: ../shared absent\n");
		skip();
	}
	assert_int_equal(ingest_one(&set, &in, path, NULL), 0);
	r.set = &set;
	r.inputs = &in;
	r.n_inputs = 1;
	r.policy = &policy;
	r.repo_uri =
	    "https://x-access-token:ghs_abc123@github.com/org/repo.git";
	r.revision = "0123456789abcdef0123456789abcdef01234567";
	r.branch = "main";
	a = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	b = write_log(&r, NULL, NULL, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(a, b);
	/* The token never reaches the log. */
	assert_null(strstr(a, "ghs_abc123"));
	assert_null(strstr(a, "x-access-token"));
	free(a);
	free(b);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_report_sarif__provenance(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"https://user:token@github.com/org/repo.git?x=1#f",
	     "https://github.com/org/repo.git"},
	    {"git@github.com:org/repo.git", "ssh://github.com/org/repo.git"},
	    {"ssh://git@host:2222/r", "ssh://host:2222/r"},
	    {"not a uri", NULL},
	};
	struct sg_policy policy = test_policy();
	struct sg_findings set;

	(void)state;
	sg_findings_init(&set);
	add_finding(&set, "semgrep", "r", SG_SEV_HIGH, "a.c", 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sg_run_result r = {.policy = &policy,
					  .set = &set,
					  .repo_uri = cases[i].in,
					  .revision = "abc",
					  .branch = "main"};
		json_t *log, *vcp;
		char *text;
		int rc;

		text = write_log(&r, NULL, NULL, &rc);
		assert_int_equal(rc, 0);
		log = parse_log(text);
		vcp = json_array_get(
		    json_object_get(run_of(log, 0), "versionControlProvenance"),
		    0);
		if (!cases[i].out) {
			assert_null(vcp);
		} else {
			assert_string_equal(str_at(vcp, "repositoryUri", NULL),
					    cases[i].out);
			assert_string_equal(str_at(vcp, "revisionId", NULL),
					    "abc");
			assert_string_equal(str_at(vcp, "branch", NULL),
					    "main");
			assert_log_schema_valid(text);
		}
		json_decref(log);
		free(text);
	}
	sg_findings_release(&set);
}

/* ---- (h) primaryLocationLineHash ---- */

static void test_report_sarif__line_hash(void **state)
{
	const char *path = shared_fixture_path(
	    "codeql/codeql-action-fingerprinting-input.sarif");
	char root[4096];
	struct sg_findings set;
	struct sg_input in = {0};
	struct sg_policy policy = test_policy();
	struct sg_run_result r = {0};
	json_t *log, *res;
	char *text;
	int rc;

	(void)state;
	if (!path) {
		fprintf(stderr, "SKIPPED: ../shared absent\n");
		skip();
	}
	snprintf(root, sizeof(root), "%s",
		 fixture_path("sarif-out/codeql-action-testdata"));
	sg_findings_init(&set);
	assert_int_equal(sg_ingest_file(&set, &in, path, NULL, root, 0), 0);
	/* A secret on a hashed line gets no hash: it hashes the secret. */
	add_finding(&set, "gitleaks", "aws", SG_SEV_HIGH, "testFile2.js", 2)
	    ->kind = SG_KIND_SECRET;
	/* Outside the root, or missing: no hash, no error. */
	add_finding(&set, "semgrep", "r", SG_SEV_HIGH, "../testFile1.js", 1);
	add_finding(&set, "semgrep", "r", SG_SEV_HIGH, "missing.js", 1);
	add_finding(&set, "semgrep", "r", SG_SEV_HIGH, "testFile2.js", 2);
	r.set = &set;
	r.inputs = &in;
	r.n_inputs = 1;
	r.policy = &policy;
	text = write_log(&r, root, NULL, &rc);
	assert_int_equal(rc, 0);
	log = parse_log(text);
	/* codeql: both as codeql-action's expected SARIF has them; the
	 * second result names its file by artifact index only. */
	res = result_of(log, 0, 0);
	assert_string_equal(result_uri(res), "testFile1.js");
	assert_string_equal(
	    str_at(res, "partialFingerprints", "primaryLocationLineHash"),
	    "5e4d5a9cf1294ad9:1");
	assert_string_equal(result_uri(result_of(log, 0, 1)), "testFile2.js");
	assert_string_equal(str_at(result_of(log, 0, 1), "partialFingerprints",
				   "primaryLocationLineHash"),
			    "f7592a95a9381ac0:1");
	assert_null(str_at(result_of(log, 1, 0), "partialFingerprints",
			   "primaryLocationLineHash"));
	assert_null(str_at(result_of(log, 2, 0), "partialFingerprints",
			   "primaryLocationLineHash"));
	assert_null(str_at(result_of(log, 2, 1), "partialFingerprints",
			   "primaryLocationLineHash"));
	assert_string_equal(str_at(result_of(log, 2, 2), "partialFingerprints",
				   "primaryLocationLineHash"),
			    "f7592a95a9381ac0:1");
	json_decref(log);
	free(text);
	sg_input_release(&in);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_report_sarif__real_reports),
	    cmocka_unit_test(test_report_sarif__keeps_producer_rules),
	    cmocka_unit_test(test_report_sarif__escapes_untrusted_text),
	    cmocka_unit_test(test_report_sarif__suppressions_and_baseline),
	    cmocka_unit_test(
		test_report_sarif__failed_input_never_reads_as_fixed),
	    cmocka_unit_test(
		test_report_sarif__unhonoured_producer_suppression),
	    cmocka_unit_test(test_report_sarif__results_per_run_limit),
	    cmocka_unit_test(test_report_sarif__runs_per_file_limit),
	    cmocka_unit_test(test_report_sarif__rule_tags_and_text_limits),
	    cmocka_unit_test(test_report_sarif__large_log_bounded_memory),
	    cmocka_unit_test(test_report_sarif__full_disk_is_an_error),
	    cmocka_unit_test(test_report_sarif__deterministic),
	    cmocka_unit_test(test_report_sarif__provenance),
	    cmocka_unit_test(test_report_sarif__line_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
