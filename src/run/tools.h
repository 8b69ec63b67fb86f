/*
 * What `secgate run` runs: for each enabled tool, the documented command
 * line for machine-readable output (an argument array, never a shell),
 * where its report goes, and what its exit codes mean.
 */
#ifndef SECGATE_TOOLS_H
#define SECGATE_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

#define SG_TOOL_DEFAULT_TIMEOUT 600 /* seconds */

struct sg_tool_run {
	const struct sg_tool_config *config; /* borrowed; NULL when named by --tools only */
	char *git_range;         /* gitleaks history range (new), or NULL */
	char *name;              /* gitleaks, trivy, pip-audit, codeql, or a custom name */
	const char *ingest_tool; /* --tool for reading its report (NULL: detect) */
	bool required;
	unsigned timeout;        /* seconds */
	char *program;           /* resolved executable (new), NULL when missing */
	char **argv;             /* NULL-terminated (new strings) */
	char *report;            /* the report file to read (new) */
	bool report_on_stdout;   /* the command prints it: stdout goes to report */
	bool report_in_repo;     /* a custom tool's own output file: kept, must be fresh */
	int ok_codes[16];        /* exit codes after which the report is read */
	size_t n_ok;
	bool ok_without_report;  /* pip-audit exit 1: vulnerabilities found, report written */
	char *version;           /* from the version probe (new), or NULL */
	/* codeql in "sarif" mode: no process, existing files. */
	bool existing_only;
	char **existing;         /* paths (new), NULL-terminated */
	char *problem;           /* why it cannot run (new), or NULL */
	bool builtin;            /* env, headers: runs in-process (checks/) */
	char *cwd;               /* where it runs (new), or NULL: our directory */
};

/*
 * Plan every tool enabled in config, or the names in tools_csv
 * ("gitleaks,trivy"; NULL: the configuration's). git_range (may be NULL)
 * limits gitleaks' history scan ("a..b"). Reports go under tmpdir. Tools
 * are looked up (sg_find_program) but not run. *out is new (free with
 * sg_tools_release).
 */
int sg_tools_plan(struct sg_tool_run **out, size_t *n,
		  const struct sg_config *config, const char *tools_csv,
		  const char *repo_root, const char *tmpdir,
		  const char *git_range);

/*
 * The same for a tree checked out at tree_dir (the pre-push hook's pushed
 * commit; NULL: as sg_tools_plan): tools that read files run there and
 * scan it; history scanners (gitleaks git) and CodeQL's existing SARIF
 * files stay with the repository.
 */
int sg_tools_plan_in(struct sg_tool_run **out, size_t *n,
		     const struct sg_config *config, const char *tools_csv,
		     const char *repo_root, const char *tree_dir,
		     const char *tmpdir, const char *git_range);

/*
 * Ask each found tool for its version (in parallel, short timeout) and
 * adjust command lines that depend on it (gitleaks before 8.19 has no
 * `dir`/`git` commands). Never fails a run: a tool that will not say
 * keeps version NULL.
 */
void sg_tools_probe_versions(struct sg_tool_run *tools, size_t n,
			     const char *tmpdir);

/* Whether this version is one secgate knows how to drive. */
bool sg_tool_version_supported(const struct sg_tool_run *tool);

void sg_tools_release(struct sg_tool_run *tools, size_t n);

/* Whether name is a built-in check (env, headers): no executable. */
bool sg_tool_is_builtin(const char *name);

#endif
