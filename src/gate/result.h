/*
 * The gate's result: the findings after the gate, the inputs with their
 * status, the verdict and the counts. The pipeline fills it; every
 * reporter renders it.
 */
#ifndef SECGATE_RESULT_H
#define SECGATE_RESULT_H

#include <stdint.h>

#include "ingest.h"
#include "policy.h"
#include "secgate/finding.h"

struct sg_baseline;
struct sg_config;

struct sg_run_result {
	const struct sg_findings *set;
	const struct sg_input *inputs;
	size_t n_inputs;
	const struct sg_policy *policy;
	enum sg_verdict verdict;
	size_t failed_outputs;  /* reports or outputs that could not be written */
	struct sg_summary summary;
	/* Optional (NULL when not in use). */
	const struct sg_baseline *baseline; /* entries with seen == false are absent */
	const struct sg_config *config;     /* suppressions: matched == 0 means stale */
	int64_t now;                        /* decision clock: SECGATE_NOW, time */
	int64_t stamp;                      /* for outputs: SOURCE_DATE_EPOCH, now */
	/* versionControlProvenance, from libgit2; NULL when unknown. */
	const char *repo_uri;               /* without credentials */
	const char *revision;
	const char *branch;
};

#endif
