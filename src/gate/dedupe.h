/*
 * De-duplication, in three steps, none of which depends on input order:
 * - results of one input whose identity names only a context (a line's
 *   text, a message; finding.context_identity) are numbered in line order,
 *   so two places stay two findings (docs/fingerprints.md);
 * - findings that share a fingerprint are one finding: exact duplicates,
 *   the same secret in two commits, Trivy and pip-audit reporting one CVE
 *   for one package (in one or several manifests);
 * - secrets that different tools report at the same file and line (gitleaks
 *   and Trivy name rules differently and Trivy masks the value).
 * A merged finding keeps every result as a copy (finding.copies), each with
 * its own place, version, tool and producer suppression, for the gate to
 * decide one by one. Then the set is put in report order.
 */
#ifndef SECGATE_DEDUPE_H
#define SECGATE_DEDUPE_H

#include "secgate/finding.h"

/* Number occurrences, then merge. Returns 0 or SG_ENOMEM. */
int sg_dedupe(struct sg_findings *set);

/*
 * Report order: blocking first, then severity (most severe first), kind,
 * path, line, rule, fingerprint. Total, so reports are byte-identical.
 */
void sg_findings_sort(struct sg_findings *set);

#endif
