/*
 * GitHub Actions: annotations (workflow commands on standard output), the
 * step summary ($GITHUB_STEP_SUMMARY) and job outputs ($GITHUB_OUTPUT).
 */
#ifndef SECGATE_REPORT_GITHUB_H
#define SECGATE_REPORT_GITHUB_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* GitHub shows at most 10 annotations of each level per step. */
#define SG_GITHUB_MAX_ANNOTATIONS 10

/* The step summary is kept under this size (GitHub rejects over 1 MiB). */
#define SG_GITHUB_SUMMARY_LIMIT 1000000

/*
 * Annotations: one "::error" per failed input and blocking finding (most
 * severe first), one "::warning" per new, non-blocking, unsuppressed,
 * unexcluded finding of (effective) severity medium or above, at most
 * SG_GITHUB_MAX_ANNOTATIONS of each, then one "::notice" counting the
 * rest. Every value is escaped per GitHub's rules; no line can start or
 * contain another command. Returns 0 or SG_EIO.
 */
int sg_github_annotations(FILE *out, const struct sg_run_result *r);

/*
 * Append the Markdown summary to the file at path, keeping the file under
 * SG_GITHUB_SUMMARY_LIMIT bytes (a one-line note when there is no room).
 * Returns 0, SG_ENOMEM or SG_EIO.
 */
int sg_github_step_summary(const char *path, const struct sg_run_result *r);

/*
 * Append job outputs to the file at path: verdict, blocking, new, total,
 * exit-code, then report_paths[i][0] (an output name such as
 * "sarif-file": letters, digits, '-' and '_') = report_paths[i][1] (a
 * path, written with the multiline syntax and a random delimiter; a NULL
 * path is skipped). Declare the array `const char *const x[][2]` (ISO C
 * before C23 does not add the inner const implicitly). Returns 0,
 * SG_EUSAGE for a bad name, or SG_EIO.
 */
int sg_github_outputs(const char *path, const struct sg_run_result *r,
		      const char *const report_paths[][2], size_t n_reports);

#endif
