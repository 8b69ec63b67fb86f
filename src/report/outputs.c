/*
 * Report files and GitHub Actions outputs (see outputs.h). Every file is
 * written through atomic_file: a failure leaves the previous file intact.
 */
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "term.h"
#include "outputs.h"
#include "report_github.h"
#include "report_junit.h"
#include "report_markdown.h"
#include "report_sarif.h"
#include "sanitize.h"
#include "secgate/error.h"

typedef int (*render_fn)(FILE *out, const struct sg_run_result *r,
			 const struct sg_outputs *o);

static int render_json(FILE *out, const struct sg_run_result *r,
		       const struct sg_outputs *o)
{
	(void)o;
	return sg_report_json_write(out, r);
}

static int render_junit(FILE *out, const struct sg_run_result *r,
			const struct sg_outputs *o)
{
	(void)o;
	return sg_report_junit_write(out, r);
}

static int render_markdown(FILE *out, const struct sg_run_result *r,
			   const struct sg_outputs *o)
{
	(void)o;
	return sg_report_markdown_write(out, r, 0);
}

static int render_sarif(FILE *out, const struct sg_run_result *r,
			const struct sg_outputs *o)
{
	/*
	 * GitHub code scanning ignores baselineState: absent results would
	 * open alerts for fixed findings, so logs made in GitHub Actions
	 * leave them out.
	 */
	struct sg_sarif_options options = {.omit_absent = o->github};

	return sg_report_sarif_write_with(out, r, o->repo_root, &options);
}

/*
 * A report on standard output is read by the GitHub runner line by line:
 * render it through the command guard, which escapes "##[" and a leading
 * ':' the way the format allows, so the document means the same.
 */
static int render_guarded(FILE *out, render_fn render, enum sg_doc_format fmt,
			  const struct sg_run_result *r,
			  const struct sg_outputs *o)
{
	FILE *g = sg_command_guard_open(out, fmt);
	int rc;

	if (!g)
		return sg_error(SG_ENOMEM, "out of memory");
	rc = render(g, r, o);
	if (fclose(g) != 0 && rc == 0)
		rc = sg_error(SG_EIO, "standard output: cannot write");
	return rc;
}

static int write_one(const char *path, const char *what, render_fn render,
		     enum sg_doc_format fmt, const struct sg_run_result *r,
		     const struct sg_outputs *o)
{
	struct sg_atomic_file af;
	bool rendered = true;
	int rc;

	if (!path)
		return 0;
	if (strcmp(path, "-") == 0 ? o->files_only : o->stdout_only)
		return 0;
	if (strcmp(path, "-") != 0)
		sg_mkdir_parents(path);
	rc = sg_atomic_open(&af, path);
	if (rc == 0) {
		if (af.stream == stdout)
			rc = render_guarded(af.stream, render, fmt, r, o);
		else
			rc = render(af.stream, r, o);
		/* A spooled text it could not read back: not committed. */
		if (rc == 0 && r->set)
			rc = sg_findings_check(r->set);
		rendered = rc == 0;
		if (rc < 0)
			sg_atomic_abort(&af);
		else
			rc = sg_atomic_commit(&af);
	}
	if (rc < 0 && o->quiet)
		return 1;
	if (rc < 0) {
		char msg[1200];

		/* The commit names the file; a failed render does not. */
		if (rendered)
			snprintf(msg, sizeof(msg), "%s report: %s", what,
				 sg_error_message());
		else
			snprintf(msg, sizeof(msg), "%s report %s: %s", what,
				 strcmp(path, "-") ? path : "(standard output)",
				 sg_error_message());
		sg_print_error(msg);
		return 1;
	}
	return 0;
}

bool sg_outputs_conflict(const struct sg_outputs *o)
{
	const char *paths[] = {o->json, o->junit, o->sarif, o->markdown};
	int stdout_uses = 0;

	for (size_t i = 0; i < 4; i++)
		stdout_uses += paths[i] && strcmp(paths[i], "-") == 0;
	return stdout_uses > 1;
}

bool sg_outputs_use_stdout(const struct sg_outputs *o)
{
	const char *paths[] = {o->json, o->junit, o->sarif, o->markdown};

	for (size_t i = 0; i < 4; i++)
		if (paths[i] && strcmp(paths[i], "-") == 0)
			return true;
	return false;
}

int sg_outputs_write_github(const struct sg_outputs *o,
			    struct sg_run_result *r)
{
	const char *summary = getenv("GITHUB_STEP_SUMMARY");
	const char *outputs = getenv("GITHUB_OUTPUT");
	const char *reports[4][2];
	size_t n = 0;
	int failures = 0;

	if (!o->github)
		return 0;
	if (o->json)
		reports[n][0] = "json-file", reports[n++][1] = o->json;
	if (o->junit)
		reports[n][0] = "junit-file", reports[n++][1] = o->junit;
	if (o->sarif)
		reports[n][0] = "sarif-file", reports[n++][1] = o->sarif;
	if (o->markdown)
		reports[n][0] = "markdown-file", reports[n++][1] = o->markdown;
	if (outputs && *outputs &&
	    sg_github_outputs(outputs, r, (const char *const(*)[2])reports, n) < 0) {
		sg_print_error(sg_error_message());
		failures++;
		r->verdict = SG_VERDICT_ERROR; /* what the rest must state */
		r->failed_outputs++;
	}
	if (summary && *summary && sg_github_step_summary(summary, r) < 0) {
		sg_print_error(sg_error_message());
		failures++;
		r->verdict = SG_VERDICT_ERROR;
		r->failed_outputs++;
	}
	/*
	 * Annotations go to stdout, where the runner reads workflow commands;
	 * when a report is on stdout, to stderr, which the runner reads the
	 * same way, so the report stays one valid document.
	 */
	if (sg_github_annotations(sg_outputs_use_stdout(o) ? stderr : stdout,
				  r) < 0) {
		sg_print_error(sg_error_message());
		failures++;
		r->verdict = SG_VERDICT_ERROR;
		r->failed_outputs++;
	}
	return failures;
}

int sg_outputs_write_files(const struct sg_outputs *o,
			   const struct sg_run_result *r)
{
	int failures = 0;

	failures += write_one(o->json, "JSON", render_json, SG_DOC_JSON, r, o);
	failures +=
	    write_one(o->junit, "JUnit", render_junit, SG_DOC_XML, r, o);
	failures += write_one(o->markdown, "Markdown", render_markdown,
			      SG_DOC_MARKDOWN, r, o);
	failures += write_one(o->sarif, "SARIF", render_sarif, SG_DOC_JSON, r,
			      o);
	return failures;
}

int sg_outputs_write(const struct sg_outputs *o, struct sg_run_result *r)
{
	int failures = sg_outputs_write_files(o, r);

	return failures + sg_outputs_write_github(o, r);
}
