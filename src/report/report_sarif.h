/*
 * The SARIF 2.1.0 report (--sarif): one run per tool with the tool's own
 * rules, each result with baselineState, suppressions, the fingerprint in
 * partialFingerprints and GitHub's primaryLocationLineHash; within GitHub
 * code scanning's upload limits. Written result by result.
 */
#ifndef SECGATE_REPORT_SARIF_H
#define SECGATE_REPORT_SARIF_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

/* GitHub code scanning's limits (docs: "SARIF support for code scanning"). */
#define SG_SARIF_MAX_RUNS 20
#define SG_SARIF_MAX_RESULTS 25000    /* per run */
#define SG_SARIF_MAX_TAGS 20	      /* per rule */
#define SG_SARIF_MAX_NAME 255	      /* reportingDescriptor.name */
#define SG_SARIF_MAX_DESCRIPTION 1024 /* short and full description texts */

struct sg_sarif_options {
	/*
	 * Leave out the results for baseline entries no longer found
	 * (baselineState "absent"). GitHub code scanning ignores
	 * baselineState and would open an alert for each of them: set this
	 * for a log that is uploaded there.
	 */
	bool omit_absent;
	/* Where the one-line warnings about cuts go; NULL: stderr. */
	FILE *warnings;
};

/*
 * Write the log to out. repo_root (may be NULL) is where source files are
 * read for primaryLocationLineHash; without it, or for a file outside it
 * or unreadable, the hash is left out. Returns 0, or SG_EIO when writing
 * failed (out is then incomplete: write through sg_atomic_open), or
 * SG_ENOMEM.
 */
int sg_report_sarif_write(FILE *out, const struct sg_run_result *r,
			  const char *repo_root);

/* The same with options (NULL: the defaults, as above). */
int sg_report_sarif_write_with(FILE *out, const struct sg_run_result *r,
			       const char *repo_root,
			       const struct sg_sarif_options *options);

#endif
