/*
 * The gating pipeline (see pipeline.h). Precedence of settings: flags >
 * environment > the profile > the file > defaults; each stage reads only
 * what the stages before it settled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <jansson.h>

#include "dedupe.h"
#include "gitinfo.h"
#include "pipeline.h"
#include "sanitize.h"
#include "term.h"
#include "secgate/error.h"

#define DAY_SECONDS 86400

int sg_pipeline_apply_flags(struct sg_config *c,
			    const struct sg_pipeline_options *o)
{
	struct {
		const char *key, *value, *flag;
	} flags[] = {
		{"fail_on", o->fail_on, "--fail-on"},
		{"baseline", o->baseline, "--baseline"},
		{"new_only", o->new_only < 0 ? NULL : o->new_only ? "true" : "false",
		 o->new_only ? "--new-only" : "--all"},
		{"strict", o->strict ? "true" : NULL, "--strict"},
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		if (!flags[i].value)
			continue;
		if (sg_config_set(c, flags[i].key, flags[i].value,
				  SG_ORIGIN_FLAG) < 0) {
			sg_error_prefix(flags[i].flag);
			return SG_EUSAGE;
		}
	}
	return 0;
}

static char *resolve(const char *root, const char *path)
{
	size_t n;
	char *out;

	if (path[0] == '/')
		return strdup(path);
	n = strlen(root) + strlen(path) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", root, path);
	return out;
}

static int load_config(struct sg_pipeline *p,
		       const struct sg_pipeline_options *o)
{
	const char *profile = o->profile;
	char *path = NULL;
	int rc;

	if (!profile) {
		profile = getenv("SECGATE_PROFILE");
		if (profile && !*profile)
			profile = NULL;
	}
	rc = sg_config_find(&path, o->config_path, p->repo_root);
	if (rc == 0)
		rc = sg_config_load(&p->config, path, profile);
	free(path);
	if (rc == 0)
		rc = sg_config_apply_env(&p->config);
	if (rc == 0)
		rc = sg_pipeline_apply_flags(&p->config, o);
	return rc < 0 ? SG_EUSAGE : 0;
}

/* One input of `run`: read its report, or record why there is none. */
static int ingest_run_input(struct sg_pipeline *p,
			    const struct sg_pipeline_input *ri, uint32_t index)
{
	struct sg_input *in = &p->inputs[index];
	size_t start = p->set.count;

	if (ri->check) {
		if (sg_ingest_check(&p->set, in, ri->display, ri->check,
				    ri->check_ctx, index) < 0) {
			p->failed_inputs++;
			sg_print_error(in->error);
		}
		return 0;
	}
	if (!ri->path) {
		memset(in, 0, sizeof(*in));
		in->status = SG_EINPUT;
		in->error = strdup(ri->error ? ri->error : "no report");
		in->meta.tool = ri->tool;
		in->path = ri->display;
		p->failed_inputs++;
		return in->error ? 0 : sg_error(SG_ENOMEM, "out of memory");
	}
	if (sg_ingest_file_at(&p->set, in, ri->path, ri->tool,
			      ri->scan_root ? ri->scan_root : p->repo_root,
			      ri->work_dir ? ri->work_dir : p->work_dir,
			      !ri->existing_report, index) < 0) {
		p->failed_inputs++;
		/* Name the tool, not the private temporary file. */
		char msg[1200];
		snprintf(msg, sizeof(msg), "%s: its report: %s", ri->display,
			 in->error);
		sg_print_error(msg);
	}
	in->path = ri->display;
	if (ri->executable)
		in->executable = sg_findings_strdup(&p->set, ri->executable);
	if (ri->executable_sha256)
		in->executable_sha256 =
			sg_findings_strdup(&p->set, ri->executable_sha256);
	if (!in->meta.tool_version && ri->tool_version) {
		in->meta.tool_version = sg_findings_strdup(&p->set,
							   ri->tool_version);
		for (size_t i = start; i < p->set.count; i++)
			if (!p->set.items[i].tool_version)
				p->set.items[i].tool_version = in->meta.tool_version;
	}
	return 0;
}

/* An input that must not count as evidence: an error, or a warning. */
static void distrust(struct sg_pipeline *p, struct sg_input *in, bool fatal,
		     const char *why)
{
	char msg[1400];

	snprintf(msg, sizeof(msg), "%s: %s", in->path ? in->path : "(input)",
		 why);
	if (!fatal) {
		char safe[1400];

		sg_terminal_safe(safe, sizeof(safe), msg);
		fprintf(stderr, "secgate: warning: %s (not a clean scan; an "
				"error under --strict and the release "
				"profile)\n",
			safe);
		return;
	}
	in->status = SG_EINPUT;
	free(in->error);
	in->error = strdup(msg);
	p->failed_inputs++;
	sg_print_error(msg);
}

/* Some dependencies were not audited: say which (a partial audit). */
static void warn_skipped(const struct sg_input *in)
{
	char list[600] = "", safe[700];
	size_t shown = 0;

	for (; shown < in->meta.n_skipped && shown < 8; shown++) {
		if (shown)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, in->meta.skipped[shown],
			sizeof(list) - strlen(list) - 1);
	}
	if (shown < in->meta.n_skipped)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 " and %zu more", in->meta.n_skipped - shown);
	snprintf(safe, sizeof(safe), "%s: %zu dependenc%s not audited: %s",
		 in->path ? in->path : "(input)", in->meta.n_skipped,
		 in->meta.n_skipped == 1 ? "y was" : "ies were", list);
	sg_terminal_safe(list, sizeof(list), safe);
	fprintf(stderr, "secgate: warning: %s\n", list);
}

/* Does the report's commit id (7+ hex digits) name the commit expected? */
static bool same_commit(const char *reported, const char *expected)
{
	size_t n = strlen(reported);

	return n <= strlen(expected) && strncasecmp(reported, expected, n) == 0;
}

/*
 * Evidence that nothing was scanned, or that a report is about another
 * commit, is not evidence of a clean tree: an error under the release
 * profile and strict, a warning otherwise.
 */
static void check_evidence(struct sg_pipeline *p,
			   const struct sg_pipeline_options *o)
{
	const char *expected = o->expected_commit ? o->expected_commit
						  : p->revision;
	bool fatal = p->policy.strict ||
		     (p->config.profile &&
		      strcmp(p->config.profile, "release") == 0);
	char why[1200];

	for (size_t i = 0; i < p->n_inputs; i++) {
		struct sg_input *in = &p->inputs[i];
		const struct sg_pipeline_input *ri =
			o->run_inputs ? &o->run_inputs[i] : NULL;
		const char *nothing = in->meta.nothing_scanned;

		if (in->status < 0)
			continue;
		if (!nothing && ri)
			nothing = in->meta.nothing_scanned = ri->nothing_scanned;
		/* Without secret or config scanning, no target is no scan. */
		if (!nothing && ri && ri->needs_targets && in->meta.no_targets)
			nothing = in->meta.nothing_scanned =
				"no 'Results': Trivy ran only scanners that "
				"read lock files and manifests, and read none";
		if (!nothing && in->meta.n_skipped)
			warn_skipped(in);
		if (nothing) {
			snprintf(why, sizeof(why), "nothing was scanned: %s",
				 nothing);
			distrust(p, in, fatal, why);
			if (in->status < 0)
				continue;
		}
		for (size_t c = 0; expected && c < in->meta.n_commits; c++) {
			if (same_commit(in->meta.commits[c], expected))
				continue;
			snprintf(why, sizeof(why), "the report is about commit "
				 "%s, not %s (%s): a stale or foreign report",
				 in->meta.commits[c], expected,
				 o->expected_commit ? "the commit being pushed"
						    : "HEAD");
			distrust(p, in, fatal, why);
			break;
		}
	}
}

static int ingest_all(struct sg_pipeline *p,
		      const struct sg_pipeline_options *o)
{
	size_t n = o->run_inputs ? o->n_run_inputs : o->n_reports;

	p->inputs = calloc(n ? n : 1, sizeof(*p->inputs));
	if (!p->inputs)
		return sg_error(SG_ENOMEM, "out of memory");
	p->n_inputs = n;
	for (size_t i = 0; o->run_inputs && i < n; i++) {
		int rc = ingest_run_input(p, &o->run_inputs[i], (uint32_t)i);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; !o->run_inputs && i < o->n_reports; i++) {
		if (sg_ingest_file_at(&p->set, &p->inputs[i], o->reports[i],
				      o->tool, p->repo_root, p->work_dir,
				      false, (uint32_t)i) < 0) {
			sg_print_error(p->inputs[i].error);
			p->failed_inputs++;
		}
	}
	return 0;
}

/* Severities from OSV for findings without one (enrich.h). */
static int enrich(struct sg_pipeline *p, const struct sg_pipeline_options *o)
{
	const struct sg_osv_source *sources[2];
	struct sg_osv_source db;
	char *db_dir = NULL;
	size_t n = 0;
	int rc;

	if (!p->config.osv.enabled)
		return 0;
	if (p->config.osv.db) {
		struct stat st;

		db_dir = resolve(p->repo_root, p->config.osv.db);
		if (!db_dir)
			return sg_error(SG_ENOMEM, "out of memory");
		if (stat(db_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			sg_osv_db_source(&db, db_dir);
			sources[n++] = &db;
		} else {
			fputs("secgate: warning: enrich.osv.db: ", stderr);
			sg_fputs_terminal(stderr, p->config.osv.db);
			fputs(": not a directory: it is not read\n", stderr);
		}
	}
	if (o->osv_source)
		sources[n++] = o->osv_source;
	rc = sg_enrich_osv(&p->set, sources, n, &p->enrich);
	free(db_dir);
	return rc;
}

static int add_tool(struct sg_pipeline *p, const char *name, size_t *cap)
{
	if (!name || !strcmp(name, "unknown"))
		return 0; /* "[]" without --tool names no tool */
	for (size_t i = 0; i < p->n_tools_read; i++)
		if (!strcmp(p->tools_read[i], name))
			return 0;
	if (p->n_tools_read == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		const char **grown = realloc(p->tools_read, n * sizeof(*grown));

		if (!grown)
			return sg_error(SG_ENOMEM, "out of memory");
		p->tools_read = grown;
		*cap = n;
	}
	p->tools_read[p->n_tools_read++] = name;
	return 0;
}

/*
 * The tools whose reports were read in full: each read input's tool, each
 * SARIF run's tool (named as the adapter names its findings: --tool when
 * given, else from the driver's name), and every finding's tool. The
 * baseline's entries of other tools are out of this run's scope.
 */
static int collect_tools_read(struct sg_pipeline *p, const char *forced)
{
	size_t cap = 0;
	int rc = 0;

	if (forced && !strcmp(forced, "sarif"))
		forced = NULL;
	for (size_t i = 0; rc == 0 && i < p->n_inputs; i++) {
		const struct sg_input *in = &p->inputs[i];
		const json_t *run;
		size_t r;

		if (in->status != 0)
			continue;
		rc = add_tool(p, in->meta.tool, &cap);
		json_array_foreach(in->meta.sarif_tools, r, run) {
			const json_t *driver = json_object_get(run, "driver");
			char name[SG_TOOL_NAME_MAX + 1];

			if (rc < 0 || forced)
				break;
			sg_tool_name_from_driver(
				json_string_value(json_object_get(driver, "name")),
				name);
			const char *kept = sg_findings_strdup(&p->set, name);
			rc = kept ? add_tool(p, kept, &cap)
				  : sg_error(SG_ENOMEM, "out of memory");
		}
	}
	for (size_t i = 0; rc == 0 && i < p->set.count; i++) {
		const struct sg_finding *f = &p->set.items[i];

		rc = add_tool(p, f->tool, &cap);
		for (size_t s = 0; rc == 0 && s < sg_finding_n_sources(f); s++)
			rc = add_tool(p, sg_finding_sources(f)[s], &cap);
	}
	return rc;
}

static bool stale_judged(const struct sg_pipeline *p,
			 const struct sg_suppression *s)
{
	if (!s->tool)
		return p->n_tools_not_run == 0;
	for (size_t i = 0; i < p->n_tools_read; i++)
		if (!strcmp(p->tools_read[i], s->tool))
			return true;
	return false;
}

int sg_pipeline_run(struct sg_pipeline *p,
		    const struct sg_pipeline_options *o)
{
	int rc = sg_pipeline_prepare(p, o);

	return rc < 0 ? rc : sg_pipeline_gate(p, o);
}

int sg_pipeline_prepare(struct sg_pipeline *p,
			const struct sg_pipeline_options *o)
{
	int64_t now, stamp;
	int rc;

	memset(p, 0, sizeof(*p));
	sg_config_init(&p->config);
	sg_findings_init(&p->set);
	p->set.keep_sarif_extras = o->keep_sarif_extras;
	sg_baseline_init(&p->baseline);
	now = sg_policy_now();
	if (now < 0)
		return SG_EUSAGE;
	stamp = sg_output_time(now);
	if (stamp < 0)
		return SG_EUSAGE;
	if ((rc = sg_git_repo_root(&p->repo_root)) < 0)
		return rc;
	/* Scanners ran here: their relative paths are from here. */
	p->work_dir = getcwd(NULL, 0);
	if (!p->work_dir)
		return sg_error(SG_EIO, "cannot read the working directory");
	if ((rc = load_config(p, o)) < 0)
		return rc;
	p->policy.now = now;
	sg_policy_from_config(&p->policy, &p->config);
	p->policy.now = now;
	p->policy.stamp = stamp;
	return 0;
}

int sg_pipeline_gate(struct sg_pipeline *p,
		     const struct sg_pipeline_options *o)
{
	int64_t now = p->policy.now;
	int rc;

	sg_git_describe(p->repo_root, &p->repo_uri, &p->revision, &p->branch);
	if ((rc = ingest_all(p, o)) < 0)
		return rc;
	check_evidence(p, o);
	if ((rc = sg_dedupe(&p->set)) < 0)
		return rc;
	if ((rc = enrich(p, o)) < 0)
		return rc;

	p->baseline_path = resolve(p->repo_root, p->config.baseline);
	if (!p->baseline_path)
		return sg_error(SG_ENOMEM, "out of memory");
	if ((rc = sg_baseline_load(&p->baseline, p->baseline_path,
				   o->baseline_must_exist)) < 0)
		return rc;
	sg_baseline_classify(&p->baseline, &p->set);
	if ((rc = collect_tools_read(p, o->tool)) < 0)
		return rc;
	size_t not_read = sg_baseline_scope(&p->baseline, p->tools_read,
					    p->n_tools_read);

	const char *diff_base = o->diff_base;
	if (diff_base && p->config.profile &&
	    strcmp(p->config.profile, "release") == 0) {
		fprintf(stderr, "secgate: warning: --diff-base is ignored with "
				"the release profile: a release gates every "
				"finding\n");
		diff_base = NULL;
	}
	if (diff_base) {
		if ((rc = sg_diff_load_at(&p->diff, p->repo_root, diff_base,
					  o->diff_head)) < 0)
			return rc;
		sg_diff_mark(p->diff, &p->set);
		p->policy.diff_base = diff_base;
	}
	if ((rc = sg_policy_apply(&p->set, &p->policy)) < 0)
		return rc;
	/* A cold part that could not be allocated lost a field: no verdict. */
	if ((rc = sg_findings_check(&p->set)) < 0)
		return rc;
	sg_findings_sort(&p->set);

	struct sg_run_result *r = &p->result;
	r->repo_uri = p->repo_uri;
	r->revision = p->revision;
	r->branch = p->branch;
	r->set = &p->set;
	r->inputs = p->inputs;
	r->n_inputs = p->n_inputs;
	r->policy = &p->policy;
	r->baseline = &p->baseline;
	r->config = &p->config;
	r->now = now;
	r->stamp = p->policy.stamp;
	sg_summary_compute(&p->set, &p->baseline, &p->policy, &r->summary);
	r->summary.not_read = not_read;
	/*
	 * A suppression that matched nothing is stale only when the tools
	 * whose findings it could match were read: its tool: when it names
	 * one, else every tool (under run, some may not have run).
	 */
	p->tools_not_run = o->tools_not_run;
	p->n_tools_not_run = o->n_tools_not_run;
	r->summary.stale_suppressions = 0;
	for (size_t i = 0; i < p->config.n_suppressions; i++) {
		const struct sg_suppression *s = &p->config.suppressions[i];

		if (s->matched)
			continue;
		if (stale_judged(p, s))
			r->summary.stale_suppressions++;
		else
			r->summary.unjudged_suppressions++;
	}
	r->verdict = sg_policy_verdict(&p->policy, &r->summary,
				       p->failed_inputs);
	return 0;
}

void sg_pipeline_release(struct sg_pipeline *p)
{
	for (size_t i = 0; i < p->n_inputs; i++)
		sg_input_release(&p->inputs[i]);
	free(p->inputs);
	free(p->tools_read);
	sg_findings_release(&p->set);
	sg_baseline_release(&p->baseline);
	sg_diff_free(p->diff);
	sg_config_release(&p->config);
	free(p->baseline_path);
	free(p->repo_uri);
	free(p->revision);
	free(p->branch);
	free(p->repo_root);
	free(p->work_dir);
	memset(p, 0, sizeof(*p));
}

void sg_pipeline_today(const struct sg_pipeline *p, char out[11])
{
	time_t t = (time_t)p->policy.stamp;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void sg_pipeline_warn(const struct sg_pipeline *p)
{
	size_t old = sg_baseline_count_older(&p->baseline,
					     p->config.baseline_max_age_days,
					     p->policy.now);

	if (old)
		fprintf(stderr, "secgate: warning: %zu baseline entr%s older "
				"than %u days (baseline_max_age_days): review "
				"them\n",
			old, old == 1 ? "y is" : "ies are",
			p->config.baseline_max_age_days);
	const struct sg_config *c = &p->config;
	const char *file = c->path ? c->path : "(configuration)";
	int64_t window = (int64_t)p->policy.expiry_warning_days * DAY_SECONDS;
	char msg[512];

	for (size_t i = 0; i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];

		if (s->has_expiry && p->policy.now >= s->expires_end &&
		    s->matched) {
			snprintf(msg, sizeof(msg),
				 "%s:%u:%u: suppression expired on %s; the %zu "
				 "finding%s it matched %s no longer suppressed",
				 file, s->line, s->column, s->expires_text,
				 s->matched, s->matched == 1 ? "" : "s",
				 s->matched == 1 ? "is" : "are");
		} else if (!s->matched && !stale_judged(p, s)) {
			continue; /* said once, below */
		} else if (!s->matched) {
			snprintf(msg, sizeof(msg),
				 "%s:%u:%u: stale suppression: it matched no "
				 "finding%s",
				 file, s->line, s->column,
				 p->policy.strict ? " (strict: the gate fails)"
						  : "");
		} else if (s->has_expiry && s->expires_end - p->policy.now <= window) {
			snprintf(msg, sizeof(msg),
				 "%s:%u:%u: suppression expires on %s", file,
				 s->line, s->column, s->expires_text);
		} else {
			continue;
		}
		fputs("secgate: warning: ", stderr);
		sg_fputs_terminal(stderr, msg);
		fputc('\n', stderr);
	}
	size_t unjudged = p->result.summary.unjudged_suppressions;
	if (unjudged) {
		fprintf(stderr, "secgate: note: %zu suppression%s matched no "
				"finding but could match findings of tools not "
				"read in this run: not reported as stale",
			unjudged, unjudged == 1 ? "" : "s");
		for (size_t i = 0; i < p->n_tools_not_run; i++) {
			fputs(i ? ", " : " (did not run: ", stderr);
			sg_fputs_terminal(stderr, p->tools_not_run[i]);
		}
		fputs(p->n_tools_not_run ? ")\n" : "\n", stderr);
	}
}
