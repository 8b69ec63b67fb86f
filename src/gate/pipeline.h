/*
 * The stages every gating command runs, in order: configuration, ingest,
 * de-duplication, baseline, diff, policy, report order, summary, verdict.
 * Commands (ingest, baseline, and later run) fill the options, call
 * sg_pipeline_run, then render what they need from p->result.
 */
#ifndef SECGATE_PIPELINE_H
#define SECGATE_PIPELINE_H

#include <stdbool.h>

#include "baseline.h"
#include "config.h"
#include "enrich.h"
#include "gitdiff.h"
#include "ingest.h"
#include "policy.h"
#include "result.h"

/* An input that `secgate run` produced (or failed to produce). */
struct sg_pipeline_input {
	const char *path;         /* the report to read; NULL when the tool failed */
	const char *display;      /* the input's name in reports, e.g. "gitleaks" */
	const char *tool;         /* --tool for reading it (NULL: detect) */
	const char *tool_version; /* from the tool, when its report does not say */
	const char *executable;   /* the binary that ran (resolved), or NULL */
	const char *executable_sha256; /* its SHA-256 (hex), or NULL */
	const char *error;        /* why there is no report (path NULL) */
	/*
	 * A built-in check (tools env, headers): no report; called instead,
	 * it appends its findings (all or nothing: see sg_ingest_check).
	 */
	sg_check_fn check;
	void *check_ctx;
	/* The tool's own account that it scanned nothing (e.g. gitleaks: 0 commits). */
	const char *nothing_scanned;
	/* Where the tool ran: relative paths in its report are from here (NULL: cwd). */
	const char *work_dir;
	/* The root its absolute paths are under (NULL: the repository root). */
	const char *scan_root;
	/* A report that was there already (CodeQL's SARIF): not run here. */
	bool existing_report;
	/* Trivy ran only scanners that need a lock file (vuln, license). */
	bool needs_targets;
};

struct sg_pipeline_options {
	const char *config_path;  /* --config, or NULL */
	const char *profile;      /* --profile, or NULL (then SECGATE_PROFILE) */
	const char *fail_on;      /* --fail-on, or NULL */
	const char *baseline;     /* --baseline, or NULL */
	int new_only;             /* --new-only / --all: 1 / 0; -1 when not given */
	bool strict;              /* --strict */
	const char *diff_base;    /* --diff-base REF, or NULL */
	const char *tool;         /* --tool, or NULL */
	char *const *reports;     /* report files, or: */
	size_t n_reports;
	const struct sg_pipeline_input *run_inputs; /* what `run` produced */
	size_t n_run_inputs;
	bool baseline_must_exist; /* baseline update/prune need one */
	/* run: optional tools that were skipped or failed (not read) */
	const char *const *tools_not_run;
	size_t n_tools_not_run;
	/* The commit the reports must be about (NULL: HEAD), e.g. a pushed sha. */
	const char *expected_commit;
	/* Diff-aware mode against this commit instead of HEAD and the work tree. */
	const char *diff_head;
	bool keep_sarif_extras;   /* a report shows related locations... */
	/*
	 * Severity enrichment: the OSV source the command built (the HTTP
	 * client and its cache live in src/net, above this layer), or NULL;
	 * enrich.osv.db is added here, before it.
	 */
	const struct sg_osv_source *osv_source;
};

struct sg_pipeline {
	char *repo_root;
	char *work_dir;           /* the working directory (getcwd) */
	struct sg_config config;
	struct sg_policy policy;
	struct sg_findings set;
	struct sg_input *inputs;
	size_t n_inputs;
	size_t failed_inputs;
	const char **tools_read;  /* the tools whose reports were read (arena strings) */
	size_t n_tools_read;
	const char *const *tools_not_run; /* borrowed from the options */
	size_t n_tools_not_run;
	struct sg_baseline baseline;
	char *baseline_path;      /* resolved against the repository root */
	struct sg_enrich_result enrich; /* what severity enrichment did */
	struct sg_diff *diff;
	char *repo_uri, *revision, *branch; /* from libgit2, may be NULL */
	struct sg_run_result result;
};

/*
 * Run every stage. Returns 0 (then p->result.verdict says pass, fail or
 * error: inputs that failed were reported to stderr), or SG_EUSAGE for a
 * configuration or usage error (the message is in the error slot), or
 * another negative code for a failure that stops the pipeline (a diff base
 * that is not there: SG_EINPUT). Release p in every case.
 */
int sg_pipeline_run(struct sg_pipeline *p,
		    const struct sg_pipeline_options *options);

/* The same in two steps, for `run`: settings first, then the rest. */
int sg_pipeline_prepare(struct sg_pipeline *p,
			const struct sg_pipeline_options *options);
int sg_pipeline_gate(struct sg_pipeline *p,
		     const struct sg_pipeline_options *options);

void sg_pipeline_release(struct sg_pipeline *p);

/*
 * Apply the configuration flags of o (--fail-on, --baseline, --new-only,
 * --all, --strict) to c with origin "flag"; SG_EUSAGE names the flag.
 */
int sg_pipeline_apply_flags(struct sg_config *c,
			    const struct sg_pipeline_options *o);

/* "YYYY-MM-DD" (UTC) of p->policy.now into out[11]. */
void sg_pipeline_today(const struct sg_pipeline *p, char out[11]);

/* Print the suppression warnings (stale, expired, expiring) to stderr. */
void sg_pipeline_warn(const struct sg_pipeline *p);

#endif
