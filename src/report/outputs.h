/*
 * Writing the requested reports (JSON, JUnit, SARIF, Markdown) atomically,
 * and the GitHub Actions outputs when running there. Shared by every
 * command that gates.
 */
#ifndef SECGATE_OUTPUTS_H
#define SECGATE_OUTPUTS_H

#include <stdbool.h>

#include "report.h"

struct sg_outputs {
	const char *json;     /* --json FILE, or NULL */
	const char *junit;    /* --junit FILE */
	const char *sarif;    /* --sarif FILE */
	const char *markdown; /* --markdown FILE */
	bool github;          /* --github, or GITHUB_ACTIONS=true */
	const char *repo_root; /* for SARIF line hashes */
};

/* True when more than one report goes to standard output ("-"). */
bool sg_outputs_conflict(const struct sg_outputs *o);

/* True when any report goes to standard output (the summary then goes to stderr). */
bool sg_outputs_use_stdout(const struct sg_outputs *o);

/*
 * Write every requested report and the GitHub outputs. Each failure is
 * printed; returns the number of outputs that could not be written.
 */
int sg_outputs_write(const struct sg_outputs *o, const struct sg_run_result *r);

#endif
