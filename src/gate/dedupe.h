/*
 * Findings that share a fingerprint are one finding: the same secret in
 * two commits, or Trivy and pip-audit reporting one CVE for one package.
 * They merge into the first, with every source listed and the highest
 * severity kept. Secrets that different tools report at the same file and
 * line (gitleaks and Trivy name rules differently and Trivy masks the
 * value) merge too. Then the set is put in report order.
 */
#ifndef SECGATE_DEDUPE_H
#define SECGATE_DEDUPE_H

#include "secgate/finding.h"

/* Merge findings with equal fingerprints. Returns 0 or SG_ENOMEM. */
int sg_dedupe(struct sg_findings *set);

/*
 * Report order: blocking first, then severity (most severe first), kind,
 * path, line, rule, fingerprint. Total, so reports are byte-identical.
 */
void sg_findings_sort(struct sg_findings *set);

#endif
