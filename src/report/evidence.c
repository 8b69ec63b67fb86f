/*
 * The release record (see evidence.h). Small documents, so evidence.json is
 * built as one jansson tree; the reports beside it are written by the same
 * code as --json, --junit, --sarif and --markdown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "atomic_file.h"
#include "evidence.h"
#include "sanitize.h"
#include "term.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "version.h"

#define HASHED_FILE_MAX ((size_t)64 << 20)

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* sha256 of a file's bytes into hex[65]; false when it cannot be read. */
static bool hash_file(const char *path, char hex[65])
{
	FILE *f = path ? fopen(path, "rb") : NULL;
	char *data;
	size_t n;

	if (!f)
		return false;
	data = malloc(HASHED_FILE_MAX);
	n = data ? fread(data, 1, HASHED_FILE_MAX, f) : 0;
	bool ok = data && !ferror(f) && sg_sha256_hex(data, n, hex) == 0;
	free(data);
	fclose(f);
	return ok;
}

size_t sg_evidence_old_baseline_entries(const struct sg_pipeline *p)
{
	return sg_baseline_count_older(&p->baseline,
				       p->config.baseline_max_age_days,
				       p->policy.now);
}

static const char *suppression_status(const struct sg_pipeline *p,
				      const struct sg_suppression *s)
{
	if (s->has_expiry && p->policy.now >= s->expires_end)
		return "expired";
	if (!s->matched)
		return "stale";
	return "active";
}

static json_t *suppressions_json(const struct sg_pipeline *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->config.n_suppressions; i++) {
		const struct sg_suppression *s = &p->config.suppressions[i];
		json_t *o = json_object(), *match = json_object();

		if (s->fingerprint)
			json_object_set_new(match, "fingerprint", json_string(s->fingerprint));
		if (s->rule)
			json_object_set_new(match, "rule", json_string(s->rule));
		if (s->vulnerability)
			json_object_set_new(match, "vulnerability",
					    json_string(s->vulnerability));
		if (s->package)
			json_object_set_new(match, "package", json_string(s->package));
		if (s->package_versions)
			json_object_set_new(match, "versions",
					    json_string(s->package_versions));
		if (s->path)
			json_object_set_new(match, "path", json_string(s->path));
		json_object_set_new(o, "match", match);
		json_object_set_new(o, "reason", str_or_null(s->reason));
		json_object_set_new(o, "owner", str_or_null(s->owner));
		json_object_set_new(o, "expires",
				    s->has_expiry ? json_string(s->expires_text)
						  : json_null());
		json_object_set_new(o, "line", json_integer(s->line));
		json_object_set_new(o, "matched", json_integer((json_int_t)s->matched));
		json_object_set_new(o, "status",
				    json_string(suppression_status(p, s)));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *old_entries_json(const struct sg_pipeline *p)
{
	json_t *a = json_array();
	unsigned max_age = p->config.baseline_max_age_days;

	for (size_t i = 0; max_age && i < p->baseline.count; i++) {
		const struct sg_baseline_entry *e = &p->baseline.entries[i];
		long age = sg_baseline_entry_age_days(e, p->policy.now);

		if (age < 0 || age <= (long)max_age)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "fingerprint", json_string(e->fingerprint));
		json_object_set_new(o, "rule", str_or_null(e->rule_id));
		json_object_set_new(o, "path", str_or_null(e->path));
		json_object_set_new(o, "added", str_or_null(e->added));
		json_object_set_new(o, "age_days", json_integer(age));
		json_array_append_new(a, o);
	}
	return a;
}

static char *effective_config(const struct sg_pipeline *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	sg_config_show(&p->config, f);
	fclose(f);
	return text;
}

/* null when the canary did not run. */
static json_t *canary_json(const struct sg_canary_record *c)
{
	json_t *o;

	if (!c)
		return json_null();
	o = json_object();
	json_object_set_new(o, "result", json_string(c->result));
	json_object_set_new(o, "caught", json_integer(c->caught));
	json_object_set_new(o, "planted", json_integer(c->planted));
	json_object_set_new(o, "detail", str_or_null(c->detail));
	return o;
}

/* Where each severity that secgate supplied came from (OSV). */
static json_t *enrichment_json(const struct sg_pipeline *p)
{
	const struct sg_osv_config *c = &p->config.osv;
	json_t *o = json_object(), *arr = json_array();

	json_object_set_new(o, "enabled", json_boolean(c->enabled));
	json_object_set_new(o, "db", str_or_null(c->db));
	json_object_set_new(o, "candidates",
			    json_integer((json_int_t)p->enrich.candidates));
	json_object_set_new(o, "enriched",
			    json_integer((json_int_t)p->enrich.enriched));
	json_object_set_new(o, "failed",
			    json_integer((json_int_t)p->enrich.failed));
	for (size_t i = 0; i < p->set.count; i++) {
		const struct sg_finding *f = &p->set.items[i];
		json_t *e;

		if (!sg_finding_cold(f)->severity_source)
			continue;
		e = json_object();
		json_object_set_new(e, "fingerprint",
				    str_or_null(f->fingerprint));
		json_object_set_new(e, "id",
				    str_or_null(sg_finding_cold(f)->n_ids
						    ? sg_finding_cold(f)->ids[0]
						    : NULL));
		json_object_set_new(e, "severity",
				    json_string(sg_severity_name(f->severity)));
		json_object_set_new(
		    e, "source",
		    json_string(sg_finding_cold(f)->severity_source));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "findings", arr);
	return o;
}

static json_t *record_json(const struct sg_pipeline *p,
			   const struct sg_evidence_tool *tools, size_t n_tools,
			   const char *config_text,
			   const struct sg_canary_record *canary)
{
	const struct sg_summary *s = &p->result.summary;
	json_t *root = json_object(), *arr, *o;
	char hex[65], date[32];
	time_t now = (time_t)p->policy.stamp;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "secgate", json_string(sg_version()));
	json_object_set_new(root, "generated", json_string(date));
	json_object_set_new(root, "verdict",
			    json_string(sg_verdict_name(p->result.verdict)));
	o = json_object();
	json_object_set_new(o, "revision", str_or_null(p->revision));
	json_object_set_new(o, "branch", str_or_null(p->branch));
	json_object_set_new(root, "repository", o);

	o = json_object();
	json_object_set_new(o, "results", json_integer((json_int_t)s->results));
	json_object_set_new(o, "merged_duplicates",
			    json_integer((json_int_t)s->merged_duplicates));
	json_object_set_new(o, "merged_across_tools",
			    json_integer((json_int_t)s->merged_across_tools));
	json_object_set_new(o, "total", json_integer((json_int_t)s->total));
	json_object_set_new(o, "blocking", json_integer((json_int_t)s->blocking));
	json_object_set_new(o, "new", json_integer((json_int_t)s->new_findings));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)s->unchanged));
	json_object_set_new(o, "absent", json_integer((json_int_t)s->absent));
	json_object_set_new(o, "suppressed", json_integer((json_int_t)s->suppressed));
	json_object_set_new(o, "stale_suppressions",
			    json_integer((json_int_t)s->stale_suppressions));
	json_object_set_new(root, "summary", o);

	arr = json_array();
	for (size_t i = 0; i < n_tools; i++) {
		o = json_object();
		json_object_set_new(o, "name", json_string(tools[i].name));
		json_object_set_new(o, "version", str_or_null(tools[i].version));
		json_object_set_new(o, "executable",
				    str_or_null(tools[i].executable));
		json_object_set_new(o, "sha256", str_or_null(tools[i].sha256));
		json_object_set_new(o, "status", str_or_null(tools[i].status));
		json_object_set_new(o, "seconds", json_real(tools[i].seconds));
		json_object_set_new(o, "required", json_boolean(tools[i].required));
		json_object_set_new(o, "report_read", json_boolean(tools[i].ok));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "tools", arr);
	json_object_set_new(root, "canary", canary_json(canary));

	arr = json_array();
	for (size_t i = 0; i < p->n_inputs; i++) {
		const struct sg_input *in = &p->inputs[i];

		o = json_object();
		json_object_set_new(o, "path", str_or_null(in->path));
		json_object_set_new(o, "tool", str_or_null(in->meta.tool));
		json_object_set_new(o, "tool_version",
				    str_or_null(in->meta.tool_version));
		json_object_set_new(o, "format", str_or_null(in->meta.format));
		/* What the report says it scanned: its commits, or nothing. */
		json_t *commits = json_array();
		for (size_t c = 0; c < in->meta.n_commits; c++)
			json_array_append_new(commits,
					      json_string(in->meta.commits[c]));
		json_object_set_new(o, "commits", commits);
		json_object_set_new(o, "nothing_scanned",
				    str_or_null(in->meta.nothing_scanned));
		json_object_set_new(o, "status",
				    json_string(in->status < 0 ? "error" : "ok"));
		json_object_set_new(o, "findings",
				    json_integer((json_int_t)in->n_findings));
		json_object_set_new(o, "error",
				    str_or_null(in->status < 0 ? in->error : NULL));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "inputs", arr);

	o = json_object();
	json_object_set_new(o, "file", str_or_null(p->config.path));
	json_object_set_new(o, "sha256",
			    hash_file(p->config.path, hex) ? json_string(hex)
							   : json_null());
	json_object_set_new(o, "profile", str_or_null(p->config.profile));
	json_object_set_new(o, "effective", str_or_null(config_text));
	json_object_set_new(root, "configuration", o);

	o = json_object();
	bool have_baseline = hash_file(p->baseline_path, hex);
	json_object_set_new(o, "file", str_or_null(p->baseline_path));
	json_object_set_new(o, "sha256", have_baseline ? json_string(hex)
						       : json_null());
	json_object_set_new(o, "entries", json_integer((json_int_t)p->baseline.count));
	json_object_set_new(o, "max_age_days",
			    json_integer(p->config.baseline_max_age_days));
	json_object_set_new(o, "older_than_max_age", old_entries_json(p));
	json_object_set_new(root, "baseline", o);

	json_object_set_new(root, "suppressions", suppressions_json(p));
	json_object_set_new(root, "severity_enrichment", enrichment_json(p));
	o = json_object();
	json_object_set_new(o, "json", json_string("secgate.json"));
	json_object_set_new(o, "junit", json_string("secgate.junit.xml"));
	json_object_set_new(o, "sarif", json_string("secgate.sarif"));
	json_object_set_new(o, "markdown", json_string("secgate.md"));
	json_object_set_new(root, "reports", o);
	return root;
}

/* A Markdown table cell from text: no pipes, no line breaks, no HTML. */
static void md_cell(FILE *out, const char *s)
{
	char safe[512];

	if (!s || !*s) {
		fputs("—", out);
		return;
	}
	sg_terminal_safe(safe, sizeof(safe), s);
	for (const char *c = safe; *c; c++) {
		if (strchr("|\\`*_[]<>#", *c))
			fputc('\\', out);
		fputc(*c, out);
	}
}

static void record_markdown(FILE *out, const struct sg_pipeline *p,
			    const json_t *record)
{
	const json_t *cfg = json_object_get(record, "configuration");
	const json_t *base = json_object_get(record, "baseline");
	const struct sg_summary *s = &p->result.summary;
	size_t old = sg_evidence_old_baseline_entries(p);
	const json_t *tools = json_object_get(record, "tools");
	size_t i;
	const json_t *t;

	fprintf(out, "# secgate release record\n\n");
	fprintf(out, "**Verdict: %s** — %zu findings, %zu blocking, %zu "
		     "suppressed, %zu stale suppressions\n\n",
		sg_verdict_name(p->result.verdict), s->total, s->blocking,
		s->suppressed, s->stale_suppressions);
	fprintf(out, "- generated: %s by secgate %s\n",
		json_string_value(json_object_get(record, "generated")),
		sg_version());
	fprintf(out, "- revision: ");
	md_cell(out, p->revision);
	fprintf(out, " (branch ");
	md_cell(out, p->branch);
	fprintf(out, ")\n- configuration: ");
	md_cell(out, p->config.path);
	fprintf(out, ", sha256 `%s`, profile ",
		json_is_string(json_object_get(cfg, "sha256"))
			? json_string_value(json_object_get(cfg, "sha256"))
			: "none");
	md_cell(out, p->config.profile);
	fprintf(out, "\n- baseline: ");
	md_cell(out, p->baseline_path);
	fprintf(out, ", sha256 `%s`, %zu entries",
		json_is_string(json_object_get(base, "sha256"))
			? json_string_value(json_object_get(base, "sha256"))
			: "none (no file)",
		p->baseline.count);
	if (p->config.baseline_max_age_days)
		fprintf(out, ", %zu older than %u days", old,
			p->config.baseline_max_age_days);
	fprintf(out, "\n\n## Tools\n\n| tool | version | executable | "
		     "SHA-256 | how it ended | required | report read |\n"
		     "|---|---|---|---|---|---|---|\n");
	json_array_foreach(tools, i, t) {
		const char *version =
			json_string_value(json_object_get(t, "version"));
		const char *exe =
			json_string_value(json_object_get(t, "executable"));
		const char *sha =
			json_string_value(json_object_get(t, "sha256"));

		fputs("| ", out);
		md_cell(out, json_string_value(json_object_get(t, "name")));
		fputs(" | ", out);
		md_cell(out, version ? version : "unknown");
		fputs(" | ", out);
		md_cell(out, exe ? exe : "-");
		fputs(" | ", out);
		md_cell(out, sha ? sha : "-");
		fputs(" | ", out);
		md_cell(out, json_string_value(json_object_get(t, "status")));
		fprintf(out, " | %s | %s |\n",
			json_is_true(json_object_get(t, "required")) ? "yes" : "no",
			json_is_true(json_object_get(t, "report_read")) ? "yes"
									 : "NO");
	}
	fprintf(out, "\n## Canary\n\n");
	t = json_object_get(record, "canary");
	if (json_is_object(t) &&
	    !strcmp(json_string_value(json_object_get(t, "result")),
		    "skipped")) {
		fputs("not run: ", out);
		md_cell(out, json_string_value(json_object_get(t, "detail")));
		fputs("\n", out);
	} else if (json_is_object(t)) {
		fprintf(out, "secgate doctor --canary: **%s**, %lld of %lld "
			     "planted fake credentials would fail the gate",
			json_string_value(json_object_get(t, "result")),
			json_integer_value(json_object_get(t, "caught")),
			json_integer_value(json_object_get(t, "planted")));
		if (json_string_value(json_object_get(t, "detail"))) {
			fputs(": ", out);
			md_cell(out, json_string_value(json_object_get(t,
								       "detail")));
		}
		fputs("\n", out);
	} else {
		fputs("not run (it runs under the release profile, or with "
		      "--canary)\n", out);
	}
	fprintf(out, "\n## Suppressions in force\n\n");
	if (!p->config.n_suppressions)
		fprintf(out, "None.\n");
	else
		fprintf(out, "| line | status | matched | reason | owner | "
			     "expires |\n|--:|---|--:|---|---|---|\n");
	for (size_t k = 0; k < p->config.n_suppressions; k++) {
		const struct sg_suppression *sp = &p->config.suppressions[k];

		fprintf(out, "| %u | %s | %zu | ", sp->line,
			suppression_status(p, sp), sp->matched);
		md_cell(out, sp->reason);
		fputs(" | ", out);
		md_cell(out, sp->owner);
		fprintf(out, " | %s |\n", sp->has_expiry ? sp->expires_text : "—");
	}
	if (p->enrich.candidates) {
		fprintf(out, "\n## Severities from OSV\n\n%zu of %zu findings "
			     "without a severity got one from OSV; %zu could "
			     "not be looked up (they count as unknown).\n",
			p->enrich.enriched, p->enrich.candidates,
			p->enrich.failed);
		if (p->enrich.enriched)
			fprintf(out, "\n| id | severity | from |\n"
				     "|---|---|---|\n");
		for (size_t k = 0; k < p->set.count; k++) {
			const struct sg_finding *f = &p->set.items[k];

			if (!sg_finding_cold(f)->severity_source)
				continue;
			fputs("| ", out);
			md_cell(out, sg_finding_cold(f)->n_ids
					 ? sg_finding_cold(f)->ids[0]
					 : NULL);
			fprintf(out, " | %s | ", sg_severity_name(f->severity));
			md_cell(out, sg_finding_cold(f)->severity_source);
			fputs(" |\n", out);
		}
	}
	fprintf(out, "\n## Reports\n\n- [secgate.md](secgate.md) (summary)\n"
		     "- [secgate.json](secgate.json) (normalized findings)\n"
		     "- [secgate.sarif](secgate.sarif) (SARIF 2.1.0)\n"
		     "- [secgate.junit.xml](secgate.junit.xml) (JUnit)\n"
		     "- [evidence.json](evidence.json) (this record, with the "
		     "effective configuration)\n");
}

static int write_text(const char *path, const char *what,
		      void (*render)(FILE *, const struct sg_pipeline *,
				     const json_t *),
		      const struct sg_pipeline *p, const json_t *record)
{
	struct sg_atomic_file af;
	int rc = sg_atomic_open(&af, path);

	if (rc == 0) {
		if (render)
			render(af.stream, p, record);
		else if (json_dumpf(record, af.stream,
				    JSON_INDENT(2) | JSON_SORT_KEYS) != 0 ||
			 fputc('\n', af.stream) == EOF)
			rc = sg_error(SG_EIO, "%s: cannot write", path);
		if (rc < 0)
			sg_atomic_abort(&af);
		else
			rc = sg_atomic_commit(&af);
	}
	if (rc < 0) {
		char msg[1200];

		snprintf(msg, sizeof(msg), "%s: %s", what, sg_error_message());
		sg_print_error(msg);
		return 1;
	}
	return 0;
}

static char *in_dir(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s/%s", dir, name);
	return out;
}

int sg_evidence_write(const char *dir, const struct sg_pipeline *p,
		      const struct sg_evidence_tool *tools, size_t n_tools,
		      const struct sg_outputs *outputs)
{
	struct sg_outputs reports = {0};
	char *config_text, *json_path, *md_path;
	json_t *record;
	int failures = 0;

	sg_mkdir_parents(dir);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		char msg[1200];

		snprintf(msg, sizeof(msg), "--evidence %s: %s", dir,
			 strerror(errno));
		sg_print_error(msg);
		return 1;
	}
	reports.json = in_dir(dir, "secgate.json");
	reports.junit = in_dir(dir, "secgate.junit.xml");
	reports.sarif = in_dir(dir, "secgate.sarif");
	reports.markdown = in_dir(dir, "secgate.md");
	reports.repo_root = outputs->repo_root;
	json_path = in_dir(dir, "evidence.json");
	md_path = in_dir(dir, "evidence.md");
	config_text = effective_config(p);
	record = record_json(p, tools, n_tools, config_text, outputs->canary);
	if (!reports.json || !reports.junit || !reports.sarif ||
	    !reports.markdown || !json_path || !md_path || !record) {
		sg_print_error("out of memory");
		failures++;
	} else {
		reports.quiet = outputs->quiet;
		failures += sg_outputs_write_files(&reports, &p->result);
		failures += write_text(json_path, "evidence.json", NULL, p, record);
		failures += write_text(md_path, "evidence.md", record_markdown, p,
				       record);
	}
	json_decref(record);
	free(config_text);
	free((char *)reports.json);
	free((char *)reports.junit);
	free((char *)reports.sarif);
	free((char *)reports.markdown);
	free(json_path);
	free(md_path);
	return failures;
}
