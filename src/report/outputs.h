/*
 * Writing the requested reports (JSON, JUnit, SARIF, Markdown) atomically,
 * and the GitHub Actions outputs when running there. Shared by every
 * command that gates.
 */
#ifndef SECGATE_OUTPUTS_H
#define SECGATE_OUTPUTS_H

#include <stdbool.h>

#include "report.h"

/* The canary's result (`doctor --canary`, run under the release profile). */
struct sg_canary_record {
	const char *result;   /* "caught", "blind", "error" or "skipped" */
	unsigned caught;      /* planted credentials that would block */
	unsigned planted;
	const char *detail;   /* one line: why blind, or why it could not run */
};

struct sg_outputs {
	const char *json;     /* --json FILE, or NULL */
	const char *junit;    /* --junit FILE */
	const char *sarif;    /* --sarif FILE */
	const char *markdown; /* --markdown FILE */
	bool github;          /* --github, or GITHUB_ACTIONS=true */
	const char *repo_root; /* for SARIF line hashes */
	bool quiet;           /* a second pass: failures were printed already */
	/* Which reports sg_outputs_write_files writes: both false is all. */
	bool files_only;      /* not the one on standard output ("-") */
	bool stdout_only;     /* only the one on standard output */
	const struct sg_canary_record *canary; /* the evidence's; NULL: not run */
};

/* True when more than one report goes to standard output ("-"). */
bool sg_outputs_conflict(const struct sg_outputs *o);

/* True when any report goes to standard output (the summary then goes to stderr). */
bool sg_outputs_use_stdout(const struct sg_outputs *o);

/*
 * Write every requested report file (creating missing parent
 * directories). Each failure is printed (unless o->quiet); returns the
 * number of reports that could not be written.
 */
int sg_outputs_write_files(const struct sg_outputs *o,
			   const struct sg_run_result *r);

/*
 * The GitHub Actions outputs (when o->github): job outputs first, then the
 * step summary and annotations. When the job outputs cannot be written
 * the verdict becomes error before the rest states it. Returns the number
 * of failures.
 */
int sg_outputs_write_github(const struct sg_outputs *o,
			    struct sg_run_result *r);

/* Files, then GitHub outputs. */
int sg_outputs_write(const struct sg_outputs *o, struct sg_run_result *r);

#endif
