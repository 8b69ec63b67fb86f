/*
 * `secgate run`: run the configured scanners in parallel into a private
 * temporary directory, read their reports, and gate them like `ingest`.
 * Fail closed: a required tool that is missing, fails, is killed, times
 * out or writes no report fails the run (exit 3), named, with the end of
 * its stderr (secret-looking tokens redacted). The built-in checks (env,
 * headers: src/checks/) have no process: each becomes an input that the
 * pipeline runs in-process, with the same all-or-nothing rule.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "check.h"
#include "checkout.h"
#include "gate_cli.h"
#include "gitinfo.h"
#include "prepush.h"
#include "runner.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "secgate/redact.h"
#include "tools.h"

#define STDERR_TAIL 2048
#define STDERR_LINES 5

struct progress {
	struct sg_tool_run *tools;
	size_t *index;         /* spec -> tool */
	size_t n;
	bool tty;
	bool *running;
	bool *done;
	struct timespec start;
};

static double elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) +
	       (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static void on_progress(void *ctx, size_t k, const struct sg_proc_result *r,
			bool done)
{
	struct progress *pg = ctx;
	struct sg_tool_run *t = &pg->tools[pg->index[k]];
	char how[160];

	if (!done) {
		pg->running[k] = true;
	} else {
		pg->running[k] = false;
		pg->done[k] = true;
	}
	if (pg->tty) {
		/* One live line: what runs, and for how long. */
		fprintf(stderr, "\r\033[Ksecgate: %.1f s; running:",
			elapsed(&pg->start));
		for (size_t i = 0; i < pg->n; i++)
			if (pg->running[i])
				fprintf(stderr, " %s",
					pg->tools[pg->index[i]].name);
		size_t finished = 0;
		for (size_t i = 0; i < pg->n; i++)
			finished += pg->done[i];
		fprintf(stderr, "; done %zu of %zu", finished, pg->n);
		if (finished == pg->n)
			fputs("\r\033[K", stderr);
		fflush(stderr);
	} else if (done) {
		sg_proc_describe(r, t->timeout, how, sizeof(how));
		fprintf(stderr, "secgate: %s finished in %.1f s (%s)\n", t->name,
			r->seconds, how);
	}
}

static bool ok_code(const struct sg_tool_run *t, int code)
{
	for (size_t i = 0; i < t->n_ok; i++)
		if (t->ok_codes[i] == code)
			return true;
	return false;
}

/*
 * The last few lines of stderr, secrets redacted and sanitized. The whole
 * tail is redacted before it is cut into lines, so a PEM block or a long
 * token is seen whole; a first line cut by the tail's start is dropped
 * (its visible end could be the end of a secret).
 */
static void stderr_lines(const struct sg_proc_result *r, char *out,
			 size_t size)
{
	char *copy, *text, *lines[STDERR_LINES] = {0};
	size_t n = 0;

	out[0] = '\0';
	if (!r->stderr_tail || !r->stderr_tail_len)
		return;
	text = r->stderr_tail;
	if (r->stderr_truncated) {
		text = strchr(text, '\n');
		if (!text)
			return;
		text++;
	}
	copy = sg_redact_secrets(text);
	if (!copy) {
		strncat(out, "\n    | (stderr not shown: out of memory)",
			size - 1);
		return;
	}
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lines[n % STDERR_LINES] = line;
		n++;
	}
	size_t first = n > STDERR_LINES ? n - STDERR_LINES : 0;
	for (size_t i = first; i < n; i++) {
		char safe[240];

		sg_terminal_safe(safe, sizeof(safe), lines[i % STDERR_LINES]);
		strncat(out, "\n    | ", size - strlen(out) - 1);
		strncat(out, safe, size - strlen(out) - 1);
	}
	free(copy);
}

/* Why a finished tool gave no usable report, or NULL when it did. */
static char *judge(const struct sg_tool_run *t, const struct sg_proc_result *r,
		   const struct timespec *started)
{
	char how[160], tail[STDERR_LINES * 260], msg[2048];
	struct stat st;
	bool report = stat(t->report, &st) == 0 && S_ISREG(st.st_mode) &&
		      st.st_size > 0;

	sg_proc_describe(r, t->timeout, how, sizeof(how));
	stderr_lines(r, tail, sizeof(tail));
	(void)started;
	if (r->started && r->exited && ok_code(t, r->exit_code)) {
		/* An old file was removed before the run: this one is new. */
		if (report)
			return NULL;
		snprintf(msg, sizeof(msg), "%s: %s but wrote no report%s%s",
			 t->name, how, *tail ? "; the end of its stderr:" : "",
			 tail);
	} else {
		snprintf(msg, sizeof(msg), "%s: %s%s%s", t->name, how,
			 *tail ? "; the end of its stderr:" : "", tail);
	}
	return strdup(msg);
}

/*
 * gitleaks' report has no count of what it read; its log says "N commits
 * scanned." at the end, and 0 in history mode means nothing was scanned.
 */
static bool scanned_no_commit(const struct sg_tool_run *t,
			      const struct sg_proc_result *r)
{
	const struct sg_tool_config *c = t->config;
	const char *tail = r->stderr_tail, *hit;

	if (strcmp(t->name, "gitleaks") != 0 || !c || !c->mode ||
	    strcmp(c->mode, "git") != 0 || !tail)
		return false;
	for (hit = strstr(tail, "0 commits scanned"); hit;
	     hit = strstr(hit + 1, "0 commits scanned"))
		if (hit == tail || !isdigit((unsigned char)hit[-1]))
			return true;
	return false;
}

/*
 * Trivy with only the scanners that need a lock file or manifest (vuln,
 * license): a report without Results then means it read nothing. Its
 * default (vuln and secret) and config scanning read every file.
 */
static bool needs_targets(const struct sg_tool_run *t)
{
	const struct sg_tool_config *c = t->config;
	const char *mode = c && c->mode ? c->mode : "fs";

	if (strcmp(t->name, "trivy") != 0 || !c || !c->n_scanners ||
	    strcmp(mode, "config") == 0)
		return false;
	for (size_t i = 0; i < c->n_scanners; i++)
		if (strcmp(c->scanners[i], "vuln") != 0 &&
		    strcmp(c->scanners[i], "license") != 0)
			return false;
	return true;
}

/*
 * A custom tool's own output file is kept in the repository: remove what
 * an earlier run left, so that a report there after the run is this run's.
 * Timestamps cannot tell (a file system's coarse mtime may read earlier
 * than the start of a tool that writes at once).
 */
static int remove_old_report(struct sg_tool_run *t)
{
	if (unlink(t->report) == 0 || errno == ENOENT)
		return 0;
	return sg_error(SG_EIO, "%s: cannot remove its old report %s before "
			"the run: %s", t->name, t->report, strerror(errno));
}

struct run_state {
	struct sg_tool_run *tools;
	size_t n_tools;
	struct sg_evidence_tool *evidence; /* one per tool */
	char **statuses;
	struct sg_pipeline_input *inputs;
	char **errors;
	char *tmpdir;
	size_t skipped;       /* optional tools missing or failed */
	const char **not_run; /* their names, for the stale-suppression check */
	struct sg_check_ctx *checks; /* one per tool (built-in checks only) */
	bool pre_push;               /* gating a push: no built-in checks */
	size_t *input_of;            /* tool -> its input, for the checks */
	char canary_error[1024];
	bool empty_push; /* --pre-push of no new commit: 0 commits is right */
};

static void run_state_release(struct run_state *s)
{
	for (size_t i = 0; s->errors && i < s->n_tools; i++)
		free(s->errors[i]);
	for (size_t i = 0; s->statuses && i < s->n_tools; i++)
		free(s->statuses[i]);
	free(s->errors);
	free(s->not_run);
	free(s->statuses);
	free(s->evidence);
	free(s->inputs);
	free(s->checks);
	free(s->input_of);
	sg_tools_release(s->tools, s->n_tools);
	if (s->tmpdir) {
		sg_tmpdir_remove(s->tmpdir);
		free(s->tmpdir);
	}
}

/*
 * A built-in check runs in-process when the pipeline reads its input, so
 * that its findings go into the same set (all or nothing).
 */
static void plan_check(struct run_state *s, size_t i,
		       const struct sg_pipeline *p, struct sg_pipeline_input *in)
{
	struct sg_check_ctx *cc = &s->checks[i];
	struct sg_tool_run *t = &s->tools[i];

	cc->config = &p->config;
	cc->tool = t->config;
	cc->repo_root = p->repo_root;
	cc->name = t->name;
	snprintf(cc->status, sizeof(cc->status), "not run");
	in->display = t->name;
	in->tool = t->name;
	in->tool_version = t->version;
	in->check = sg_check_run;
	in->check_ctx = cc;
	s->evidence[i].status = cc->status;
}

/* After the gate: how each check ended, for the evidence. */
static void record_checks(struct run_state *s, const struct sg_pipeline *p)
{
	for (size_t i = 0; i < s->n_tools; i++) {
		const struct sg_input *in;

		if (!s->tools[i].builtin || s->input_of[i] >= p->n_inputs)
			continue;
		in = &p->inputs[s->input_of[i]];
		s->evidence[i].ok = in->status == 0;
		s->evidence[i].seconds = s->checks[i].seconds;
		s->evidence[i].status = in->status == 0 ? s->checks[i].status
							: in->error;
		/* Like the scanners' lines (a failure was printed already). */
		if (in->status == 0)
			fprintf(stderr, "secgate: %s finished in %.1f s (%s)\n",
				s->tools[i].name, s->checks[i].seconds,
				s->checks[i].status);
	}
}

/* Run every tool that can run; fill s->inputs (one per tool). */
static int run_tools(struct run_state *s, const struct sg_pipeline *p,
		     unsigned jobs, size_t *n_inputs)
{
	struct sg_proc_spec *specs = calloc(s->n_tools, sizeof(*specs));
	struct sg_proc_result *results = calloc(s->n_tools, sizeof(*results));
	size_t *index = calloc(s->n_tools, sizeof(*index));
	bool *running = calloc(s->n_tools, sizeof(bool));
	bool *done = calloc(s->n_tools, sizeof(bool));
	struct progress pg = {0};
	struct timespec started;
	size_t m = 0, k = 0;
	int rc = 0;

	size_t slots = 0;
	for (size_t i = 0; i < s->n_tools; i++) {
		size_t files = 0;
		while (s->tools[i].existing && s->tools[i].existing[files])
			files++;
		slots += files ? files : 1;
	}
	s->inputs = calloc(slots + 1, sizeof(*s->inputs));
	s->errors = calloc(s->n_tools, sizeof(char *));
	s->statuses = calloc(s->n_tools, sizeof(char *));
	s->evidence = calloc(s->n_tools, sizeof(*s->evidence));
	s->checks = calloc(s->n_tools, sizeof(*s->checks));
	s->input_of = calloc(s->n_tools, sizeof(*s->input_of));
	if (!s->checks || !s->input_of || !s->statuses || !s->evidence ||
	    !specs || !results || !index || !running || !done || !s->inputs ||
	    !s->errors) {
		rc = sg_error(SG_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < s->n_tools; i++) {
		struct sg_tool_run *t = &s->tools[i];

		if (t->problem || t->existing_only || !t->argv)
			continue;
		if (t->report_in_repo && (rc = remove_old_report(t)) < 0)
			goto done;
		specs[m].name = t->name;
		specs[m].argv = t->argv;
		specs[m].cwd = t->cwd;
		specs[m].timeout_seconds = t->timeout;
		specs[m].stdout_path = t->report_on_stdout ? t->report : NULL;
		specs[m].stderr_tail_bytes = STDERR_TAIL;
		index[m++] = i;
	}
	pg.tools = s->tools;
	pg.index = index;
	pg.n = m;
	pg.tty = isatty(STDERR_FILENO) && !getenv("CI");
	pg.running = running;
	pg.done = done;
	clock_gettime(CLOCK_MONOTONIC, &pg.start);
	clock_gettime(CLOCK_REALTIME, &started);
	if (m && (rc = sg_run_all(specs, m, jobs, results, on_progress, &pg)) < 0)
		goto done;

	/* One input per tool (codeql sarif mode: one per file), in tool order. */
	for (size_t i = 0, j = 0; i < s->n_tools; i++) {
		struct sg_tool_run *t = &s->tools[i];
		struct sg_pipeline_input *in;
		char how[160];

		s->evidence[i].name = t->name;
		s->evidence[i].version = t->version;
		s->evidence[i].executable = t->executable;
		s->evidence[i].sha256 = t->sha256;
		s->evidence[i].required = t->required;
		s->input_of[i] = k;
		if (t->builtin && s->pre_push) {
			/*
			 * The checks read deployment settings and deployed
			 * URLs, not the pushed commits (the hook gates what
			 * is pushed): they belong to the release gate.
			 */
			s->evidence[i].status = "skipped under --pre-push";
			s->input_of[i] = (size_t)-1;
			fprintf(stderr, "secgate: note: %s (a built-in check of "
					"the deployment) does not run under "
					"--pre-push\n",
				t->name);
			continue;
		}
		if (t->builtin) {
			plan_check(s, i, p, &s->inputs[k++]);
			continue;
		}
		if (t->problem) {
			s->evidence[i].status = t->problem;
		} else if (t->existing_only) {
			s->evidence[i].status = "read existing SARIF files";
			s->evidence[i].ok = true;
		} else {
			sg_proc_describe(&results[j], t->timeout, how, sizeof(how));
			s->statuses[i] = strdup(how);
			s->evidence[i].status = s->statuses[i];
			s->evidence[i].seconds = results[j].seconds;
		}
		if (t->existing_only && !t->problem) {
			for (size_t e = 0; t->existing && t->existing[e]; e++) {
				in = &s->inputs[k++];
				in->path = t->existing[e];
				in->display = t->existing[e];
				in->existing_report = true;
				in->tool = t->ingest_tool;
			}
			continue;
		}
		if (t->problem && !t->required) {
			char msg[700];

			snprintf(msg, sizeof(msg), "%s (optional): %s; skipped",
				 t->name, t->problem);
			fputs("secgate: warning: ", stderr);
			sg_fputs_terminal(stderr, msg);
			fputc('\n', stderr);
			s->errors[i] = strdup(msg);
			s->skipped++;
			continue;
		}
		in = &s->inputs[k++];
		in->display = t->name;
		in->tool = t->ingest_tool;
		in->needs_targets = needs_targets(t);
		/* A tool that read the pushed tree: its paths are from there. */
		in->work_dir = t->cwd;
		in->scan_root = t->cwd;
		in->tool_version = t->version;
		in->executable = t->executable;
		in->executable_sha256 = t->sha256;
		if (t->problem) {
			char msg[600];

			snprintf(msg, sizeof(msg), "%s: %s", t->name, t->problem);
			s->errors[i] = strdup(msg);
		} else {
			s->errors[i] = judge(t, &results[j], &started);
			j++;
		}
		if (!s->errors[i] && !t->problem &&
		    scanned_no_commit(t, &results[j - 1]) && !s->empty_push)
			in->nothing_scanned = "gitleaks scanned 0 commits "
					      "(a shallow clone, or a range "
					      "with no commit)";
		if (s->errors[i]) {
			in->error = s->errors[i];
			if (!t->required) {
				size_t len = strlen(s->errors[i]) + 32;
				char *w = malloc(len);

				if (w) {
					snprintf(w, len, "optional tool failed: "
							 "%s", s->errors[i]);
					sg_print_lines("warning", w);
				}
				free(w);
				k--;
				s->skipped++;
				continue;
			}
			sg_print_lines("error", s->errors[i]);
		} else {
			in->path = t->report;
			s->evidence[i].ok = true;
		}
	}
	if (k == 0 && s->pre_push) {
		/* Nothing scanned is never a pass. */
		rc = sg_error(SG_EUSAGE, "--pre-push: nothing to run: the "
				 "built-in checks gate deployments, not pushes; "
				 "configure a scanner (gitleaks, trivy, ...) for "
				 "the hook");
		goto done;
	}
	if (k == 0 && s->skipped) {
		/*
		 * Every tool was skipped: nothing was scanned, which is not a
		 * pass. Each skipped tool becomes a failed input, named with
		 * why, so that every output states the error.
		 */
		fputs("secgate: error: nothing was scanned: every tool was "
		      "skipped (", stderr);
		for (size_t i = 0, n = 0; i < s->n_tools; i++)
			if (s->errors[i]) {
				fputs(n++ ? ", " : "", stderr);
				sg_fputs_terminal(stderr, s->tools[i].name);
			}
		fputs("; why is said above)\n", stderr);
		for (size_t i = 0; i < s->n_tools; i++) {
			if (!s->errors[i])
				continue;
			memset(&s->inputs[k], 0, sizeof(s->inputs[k]));
			s->inputs[k].display = s->tools[i].name;
			s->inputs[k].tool = s->tools[i].ingest_tool;
			s->inputs[k].error = s->errors[i];
			k++;
		}
	}
	*n_inputs = k;
done:
	for (size_t i = 0; results && i < m; i++)
		sg_proc_result_release(&results[i]);
	free(specs);
	free(results);
	free(index);
	free(running);
	free(done);
	return rc;
}

/*
 * A tool that printed no version (or whose probe failed) often names it
 * in its report: the release record uses that one.
 */
static void report_versions(struct run_state *s, const struct sg_pipeline *p)
{
	for (size_t i = 0; s->evidence && i < s->n_tools; i++) {
		struct sg_evidence_tool *e = &s->evidence[i];

		for (size_t k = 0; !e->version && k < p->n_inputs; k++)
			if (p->inputs[k].status == 0 &&
			    ((p->inputs[k].path &&
			      !strcmp(p->inputs[k].path, e->name)) ||
			     (p->inputs[k].meta.tool &&
			      !strcmp(p->inputs[k].meta.tool, e->name))))
				e->version = p->inputs[k].meta.tool_version;
	}
}

/* No configuration: which scanners run, which not and why. */
static void print_auto_plan(const struct sg_tool_auto *found, bool some)
{
	fprintf(stderr, "secgate: no .secgate.yml: %s ('secgate init' "
			"writes a configuration)\n",
		some ? "running every installed scanner that applies"
		     : "looked for every scanner secgate knows");
	for (size_t i = 0; i < SG_N_KNOWN_TOOLS && found[i].name; i++) {
		if (found[i].runs)
			fprintf(stderr, "secgate:   %-10s runs\n", found[i].name);
		else
			fprintf(stderr, "secgate:   %-10s skipped: %s; to get "
					"it: %s\n",
				found[i].name, found[i].why ? found[i].why : "?",
				found[i].install);
	}
}

/* A directory in the private temporary directory for the pushed tree. */
static int make_tree_dir(struct run_state *s, char **tree)
{
	size_t n = strlen(s->tmpdir) + sizeof("/tree");

	*tree = malloc(n);
	if (!*tree)
		return sg_error(SG_ENOMEM, "out of memory");
	snprintf(*tree, n, "%s/tree", s->tmpdir);
	if (mkdir(*tree, 0700) != 0)
		return sg_error(SG_EIO, "cannot create a directory in the "
				 "private temporary directory");
	return 0;
}

/*
 * The configured tools, or without a configuration (and --tools) every
 * known scanner that is installed and applies (said when print).
 */
static int plan_in(struct run_state *s, const struct sg_gate_cli *o,
		   const struct sg_pipeline *p, const char *tree,
		   const char *range, bool print)
{
	struct sg_tool_auto found[SG_N_KNOWN_TOOLS];
	int rc;

	if (o->tools || p->config.path)
		return sg_tools_plan_in(&s->tools, &s->n_tools, &p->config,
					o->tools, p->repo_root, tree, s->tmpdir,
					range);
	rc = sg_tools_plan_auto(&s->tools, &s->n_tools, found, p->repo_root,
				tree, s->tmpdir, range);
	if ((print || rc < 0) && found[0].name)
		print_auto_plan(found, rc == 0);
	sg_tools_auto_release(found);
	return rc;
}

/*
 * Plan the tools; for a pushed ref, check its commit out when a tool
 * reads files (only history scanners: no checkout), then plan again so
 * that plans that look at files (pip-audit's requirements.txt) see it.
 */
static int plan_tools(struct run_state *s, const struct sg_gate_cli *o,
		      const struct sg_pipeline *p,
		      const struct sg_prepush_ref *ref, const char *tree)
{
	bool reads_files = false;
	int rc = plan_in(s, o, p, tree, ref ? ref->log_range : NULL, !ref);

	if (rc < 0 || !ref)
		return rc;
	for (size_t i = 0; i < s->n_tools; i++)
		reads_files |= s->tools[i].cwd != NULL;
	if (!reads_files)
		return 0;
	sg_tools_release(s->tools, s->n_tools);
	s->tools = NULL;
	s->n_tools = 0;
	rc = sg_git_checkout_commit(p->repo_root, ref->local_sha, tree);
	if (rc == 0)
		rc = plan_in(s, o, p, tree, ref->log_range, true);
	return rc;
}

/*
 * One gate: the working tree (ref NULL), or one pushed ref: its commit
 * checked out into the private temporary directory (removed with it, also
 * on failure and on SIGINT/SIGTERM), its commits for history scanners,
 * its own remote commit as the diff base.
 */
/*
 * After the gate: replace the baseline with every current finding (`init
 * --baseline`). Nothing is written when an input failed.
 */
static int write_baseline(struct sg_pipeline *p, void *unused)
{
	size_t added = 0;
	char today[11];
	int rc;

	(void)unused;
	if (p->failed_inputs) {
		fprintf(stderr, "secgate: baseline not written: %zu input%s "
				"could not be read\n",
			p->failed_inputs, p->failed_inputs == 1 ? "" : "s");
		return SG_EXIT_ERROR;
	}
	sg_pipeline_today(p, today);
	p->baseline.count = 0;
	rc = sg_baseline_add_new(&p->baseline, &p->set, today, &added);
	if (rc == 0)
		rc = sg_baseline_save(&p->baseline, p->baseline_path);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		return SG_EXIT_ERROR;
	}
	printf("secgate: baseline %s: %zu entr%s (every current finding; "
	       "with new_only: true only new findings block)\n",
	       p->baseline_path, added, added == 1 ? "y" : "ies");
	return SG_EXIT_PASS;
}

/* Whether gitleaks, the scanner the canary proves, is among the tools. */
static bool runs_secret_scanner(const struct run_state *s)
{
	for (size_t i = 0; i < s->n_tools; i++)
		if (!strcmp(s->tools[i].name, "gitleaks"))
			return true;
	return false;
}

/*
 * The canary (release profile, or --canary), after the tools ran: its
 * result goes to the evidence record; a gate that would not catch the
 * planted credentials cannot sign anything off, so blind or broken is a
 * failed input (exit 3, verdict error in every output).
 */
static int run_canary(struct sg_gate_cli *o, struct sg_canary_outcome *c,
		      struct run_state *s, size_t *n_inputs)
{
	struct sg_pipeline_input *more;
	int code;

	fflush(stdout);
	code = sg_canary_check(o->pipeline.config_path, o->pipeline.profile,
			       stderr, c);
	o->outputs.canary = &c->record;
	if (code == SG_EXIT_PASS)
		return 0;
	more = realloc(s->inputs, (*n_inputs + 1) * sizeof(*more));
	if (!more)
		return sg_error(SG_ENOMEM, "out of memory");
	s->inputs = more;
	snprintf(s->canary_error, sizeof(s->canary_error),
		 "canary: the gate %s (%u of %u planted fake credentials "
		 "caught%s%s)",
		 strcmp(c->record.result, "blind") ? "cannot see"
						   : "is blind",
		 c->record.caught, c->record.planted,
		 c->record.detail ? "; " : "",
		 c->record.detail ? c->record.detail : "");
	memset(&more[*n_inputs], 0, sizeof(*more));
	more[*n_inputs].display = "canary";
	more[*n_inputs].tool = "canary";
	more[*n_inputs].error = s->canary_error;
	(*n_inputs)++;
	sg_print_error(s->canary_error);
	return 0;
}

/* then (may be NULL): what to do after the gate instead of reporting. */
static int run_once(const struct sg_gate_cli *opts,
		    const struct sg_prepush_ref *ref,
		    int (*then)(struct sg_pipeline *p, void *ctx), void *ctx)
{
	struct sg_gate_cli o = *opts;
	struct sg_pipeline p;
	struct run_state s = {0};
	struct sg_canary_outcome canary;
	size_t n_inputs = 0;
	char *tree = NULL;
	int rc, code;

	if (ref) {
		if (ref->remote_sha && !o.pipeline.diff_base)
			o.pipeline.diff_base = ref->remote_sha;
		o.pipeline.diff_head = ref->local_sha;
		o.pipeline.expected_commit = ref->local_sha;
		s.empty_push = ref->commits == 0;
	}
	rc = sg_pipeline_prepare(&p, &o.pipeline);
	if (rc == 0)
		rc = sg_tmpdir_create(&s.tmpdir);
	if (rc == 0 && ref)
		rc = make_tree_dir(&s, &tree);
	if (rc == 0)
		rc = plan_tools(&s, &o, &p, ref, tree);
	if (rc == 0) {
		sg_tools_probe_versions(s.tools, s.n_tools, s.tmpdir);
		for (size_t i = 0; i < s.n_tools; i++)
			if (!sg_tool_version_supported(&s.tools[i]))
				fprintf(stderr, "secgate: warning: %s %s is older "
						"than secgate supports (see "
						"'secgate doctor')\n",
					s.tools[i].name, s.tools[i].version);
		s.pre_push = o.pre_push;
		rc = run_tools(&s, &p, o.jobs, &n_inputs);
	}
	if (rc == 0 && s.skipped && n_inputs > 0) {
		/* Some tools did not run: their suppressions cannot be stale. */
		s.not_run = calloc(s.skipped, sizeof(*s.not_run));
		for (size_t i = 0, j = 0; s.not_run && i < s.n_tools; i++)
			if (s.errors[i] && !s.tools[i].required && j < s.skipped)
				s.not_run[j++] = s.tools[i].name;
		o.pipeline.tools_not_run = s.not_run;
		o.pipeline.n_tools_not_run = s.not_run ? s.skipped : 0;
	}
	if (rc == 0 && !then && !ref &&
	    (o.canary || (p.config.profile &&
			  !strcmp(p.config.profile, "release")))) {
		if (o.canary || runs_secret_scanner(&s)) {
			rc = run_canary(&o, &canary, &s, &n_inputs);
		} else {
			/* A release that scans no secrets (the checklist
			 * alone): nothing for the canary to prove; say so. */
			memset(&canary, 0, sizeof(canary));
			canary.record.result = "skipped";
			canary.record.detail = "no secret scanner (gitleaks) "
					       "among the tools of this run";
			o.outputs.canary = &canary.record;
		}
	}
	if (rc == 0) {
		o.run_tools = s.evidence;
		o.n_run_tools = s.n_tools;
		o.pipeline.run_inputs = s.inputs;
		o.pipeline.n_run_inputs = n_inputs;
		rc = sg_gate_cli_gate(&o, &p);
		record_checks(&s, &p);
	}
	if (rc < 0) {
		sg_print_error(sg_error_message());
		code = rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
	} else if (then) {
		code = then(&p, ctx);
	} else {
		report_versions(&s, &p);
		code = sg_gate_cli_finish(&o, &p);
	}
	sg_pipeline_release(&p);
	run_state_release(&s);
	free(tree);
	return code;
}

/* Of two gates' exit codes, the one that says more is wrong. */
static int worse(int a, int b)
{
	static const int rank[] = {
	    [SG_EXIT_PASS] = 0, [SG_EXIT_FAIL] = 1, [SG_EXIT_USAGE] = 2,
	    [SG_EXIT_ERROR] = 3,
	};

	if (a < 0 || a > SG_EXIT_ERROR || b < 0 || b > SG_EXIT_ERROR)
		return SG_EXIT_ERROR;
	return rank[a] >= rank[b] ? a : b;
}

static int run_run(int argc, char **argv)
{
	struct sg_gate_cli o;
	struct sg_prepush push = {0};
	char *root = NULL;
	int rc, code = SG_EXIT_PASS;

	rc = sg_gate_cli_parse(&sg_cmd_run, argc, argv, &o, true);
	if (rc != 0)
		return rc < 0 ? SG_EXIT_PASS : rc;
	if (!o.pre_push)
		return run_once(&o, NULL, NULL, NULL);
	rc = sg_git_repo_root(&root);
	if (rc == 0)
		rc = sg_prepush_read(&push, stdin, root);
	free(root);
	if (rc < 0) {
		sg_print_error(sg_error_message());
		return SG_EXIT_ERROR;
	}
	if (push.nothing || push.n_refs == 0) {
		printf("secgate: nothing to check (only deletions are being "
		       "pushed)\n");
		sg_prepush_release(&push);
		return SG_EXIT_PASS;
	}
	/* Each pushed ref on its own tree, against its own remote commit. */
	for (size_t i = 0; i < push.n_refs; i++) {
		const struct sg_prepush_ref *ref = &push.refs[i];
		char name[256];

		sg_terminal_safe(name, sizeof(name), ref->local_ref);
		printf("secgate: checking %s at %.12s (%s%.12s)\n", name,
		       ref->local_sha,
		       ref->remote_sha ? "against the remote's " : "a new "
								  "branch",
		       ref->remote_sha ? ref->remote_sha : "");
		fflush(stdout);
		code = worse(code, run_once(&o, ref, NULL, NULL));
	}
	sg_prepush_release(&push);
	return code;
}

int sg_run_then(int argc, char **argv,
		int (*then)(struct sg_pipeline *p, void *ctx), void *ctx)
{
	struct sg_gate_cli o;
	int rc = sg_gate_cli_parse(&sg_cmd_run, argc, argv, &o, true);

	if (rc != 0)
		return rc < 0 ? SG_EXIT_PASS : rc;
	return run_once(&o, NULL, then, ctx);
}

int sg_run_write_baseline(void)
{
	char *argv[] = {(char *)"run", NULL};
	struct sg_gate_cli o;
	int rc = sg_gate_cli_parse(&sg_cmd_run, 1, argv, &o, true);

	if (rc != 0)
		return rc < 0 ? SG_EXIT_PASS : rc;
	return run_once(&o, NULL, write_baseline, NULL);
}

const struct sg_command sg_cmd_run = {
	.name = "run",
	.summary = "run the configured scanners and gate their findings",
	.usage = "secgate run [--tools a,b] [--jobs N] [--pre-push] [options]",
	.help =
		"Runs each tool enabled under 'tools:' in .secgate.yml (or named\n"
		"with --tools; without either, every known scanner that is\n"
		"installed and applies: gitleaks always, pip-audit with a\n"
		"requirements file or pyproject.toml, Trivy fs, CodeQL SARIF\n"
		"under codeql/; none: exit 3 with how to get them)\n"
		"with its documented machine-readable output, in\n"
		"parallel, each with a timeout, from the repository root, into a\n"
		"private temporary directory that is removed afterwards; then\n"
		"gates the findings like 'secgate ingest'.\n\n"
		"A required tool that is missing, exits with an error, crashes,\n"
		"times out or writes no report fails the run (exit 3), named,\n"
		"with the end of its stderr. An optional tool that is missing is\n"
		"a warning; when every tool was skipped, nothing was scanned:\n"
		"exit 3, naming each tool and why.\n\n"
		"Options (and every option of 'ingest' but --tool):\n"
		"  --tools a,b        run these tools (gitleaks, trivy, pip-audit,\n"
		"                     codeql, the built-in checks env and headers,\n"
		"                     or custom tools of the configuration)\n"
		"  --jobs N           at most N tools at once (default: CPUs)\n"
		"  --canary           also run 'doctor --canary' (under the release\n"
		"                     profile it runs whenever gitleaks is among\n"
		"                     the tools): its result goes to the evidence\n"
		"                     record, and a gate blind to the planted fake\n"
		"                     credentials fails (exit 3)\n"
		"  --pre-push         read git's pre-push lines on stdin and gate\n"
		"                     each pushed ref: its commit's tree (checked\n"
		"                     out privately) for tools that read files,\n"
		"                     its new commits for history scanners, its\n"
		"                     remote commit as the diff base (the hook\n"
		"                     that 'secgate hook install' writes)\n",
	.run = run_run,
};
