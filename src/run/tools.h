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
	bool legacy_commands;    /* gitleaks offers only `detect` (no dir/git) */
	/* Provenance: which binary ran (both new, NULL when not found). */
	char *executable;        /* program with symbolic links resolved */
	char *sha256;            /* of that file, lowercase hex */
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

/* Every scanner `secgate run` knows, in the order it runs them. */
#define SG_N_KNOWN_TOOLS 4

/* How one scanner fared when no configuration names the tools. */
struct sg_tool_auto {
	const char *name;    /* gitleaks, trivy, pip-audit, codeql */
	bool runs;
	char *why;           /* new: why it does not run ("not installed") */
	const char *install; /* static: how to get it */
};

/*
 * No .secgate.yml and no --tools: plan every known scanner that is
 * installed and applies to the repository at repo_root (gitleaks always;
 * pip-audit with requirement files or pyproject.toml; Trivy `fs`; CodeQL
 * SARIF already under codeql/), required, with the command lines of
 * configured tools; tree_dir as for sg_tools_plan_in (NULL: the working
 * tree). found[] says what became of each (release with
 * sg_tools_auto_release; it is filled on error too). When none can run:
 * SG_EINPUT (exit 3).
 */
int sg_tools_plan_auto(struct sg_tool_run **out, size_t *n,
		       struct sg_tool_auto found[SG_N_KNOWN_TOOLS],
		       const char *repo_root, const char *tree_dir,
		       const char *tmpdir, const char *git_range);
void sg_tools_auto_release(struct sg_tool_auto found[SG_N_KNOWN_TOOLS]);

/*
 * The requirement files pip-audit reads by default, relative to root and
 * sorted: requirements.txt, requirements-X.txt, requirements_X.txt,
 * X-requirements.txt, X_requirements.txt and every .txt file in a
 * requirements folder. New NULL-terminated array
 * (NULL when none or out of memory; free each and the array).
 */
char **sg_requirement_files(const char *root);

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
 * Record each found tool's resolved executable and its SHA-256, ask it
 * for its version (in parallel, short timeout) and
 * adjust command lines to what the binary offers: gitleaks' `help` says
 * whether it has `dir`/`git` (8.19+) or only `detect`. Never fails a run:
 * a tool that will not say (or says "version is set by build process",
 * as Debian's gitleaks does) keeps version NULL, recorded as unknown.
 */
void sg_tools_probe_versions(struct sg_tool_run *tools, size_t n,
			     const char *tmpdir);

/* Whether this version is one secgate knows how to drive. */
bool sg_tool_version_supported(const struct sg_tool_run *tool);

void sg_tools_release(struct sg_tool_run *tools, size_t n);

/* Whether name is a built-in check (env, headers): no executable. */
bool sg_tool_is_builtin(const char *name);

#endif
