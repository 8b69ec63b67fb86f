/*
 * The gate's decision for each finding (blocking, and the reason why) and
 * for the run (pass, fail, error). This is the threshold part of the
 * policy; baselines and suppressions build on it.
 */
#ifndef SECGATE_POLICY_H
#define SECGATE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secgate/finding.h"

struct sg_config;
struct sg_baseline;

struct sg_policy {
	enum sg_severity fail_on;    /* block at this severity and above */
	bool never_fail;             /* "fail_on: none": report, never block */
	enum sg_severity unknown_as; /* what an unknown severity counts as */
	bool new_only;               /* findings in the baseline do not block */
	bool honor_producer_suppressions; /* SARIF accepted suppressions, Trivy VEX */
	bool strict;                 /* stale suppressions fail the gate */
	unsigned expiry_warning_days;
	int64_t now;                 /* UTC seconds: expiry is decided against it */
	int64_t stamp;               /* UTC seconds for outputs (sg_output_time) */
	/* Overrides, suppressions and path filters; NULL for none. */
	struct sg_config *config;
	/* Diff-aware mode: findings' outside_diff flags are set; the ref for reasons. */
	const char *diff_base;
};

enum sg_verdict {
	SG_VERDICT_PASS = 0,
	SG_VERDICT_FAIL,
	SG_VERDICT_ERROR,
};

struct sg_summary {
	size_t results;          /* results read, before de-duplication */
	size_t merged_duplicates; /* merged into a finding of the same tool */
	size_t merged_across_tools; /* merged into another tool's finding */
	size_t total;
	size_t blocking;
	size_t by_severity[SG_SEV_COUNT];
	size_t blocking_by_severity[SG_SEV_COUNT];
	size_t new_findings;     /* state new */
	size_t unchanged;        /* in the baseline */
	size_t absent;           /* baseline entries no longer found */
	size_t not_read;         /* baseline entries of tools not read: untouched */
	size_t suppressed;       /* suppressed by a configured suppression */
	size_t expired;          /* matched only by expired suppressions */
	size_t excluded;         /* path excluded */
	size_t outside_diff;     /* not in what the change touched */
	size_t stale_suppressions;    /* configured, matched nothing */
	size_t unjudged_suppressions; /* matched nothing, but some tools did not run */
	size_t expiring_suppressions; /* expire within the warning window */
};

/* fail_on high, unknown counts as high: nothing slips through for lack of data. */
void sg_policy_default(struct sg_policy *policy);

/* The policy a configuration describes (config stays borrowed). */
void sg_policy_from_config(struct sg_policy *policy, struct sg_config *config);

/*
 * The clock decisions use (suppression expiry, baseline age): SECGATE_NOW
 * (seconds, or YYYY-MM-DD; for tests), else the real time. Never
 * SOURCE_DATE_EPOCH: a reproducible-build epoch from an old commit would
 * revive expired suppressions. -1 with the error set when malformed.
 */
int64_t sg_policy_now(void);

/*
 * The time written into outputs (JUnit timestamp, evidence, baseline
 * dates): SOURCE_DATE_EPOCH, else now. -1 with the error set when
 * SOURCE_DATE_EPOCH is malformed.
 */
int64_t sg_output_time(int64_t now);

/* Parse a --fail-on value: a severity name or "none". 0, or -1 if invalid. */
int sg_policy_parse_fail_on(struct sg_policy *policy, const char *value);

/*
 * Decide every finding: blocking, reason, suppressed_by, excluded (state
 * and outside_diff are set before, by the baseline and diff stages).
 * Counts each configured suppression's matches.
 */
int sg_policy_apply(struct sg_findings *set, const struct sg_policy *policy);

/* Counts; baseline and policy->config may be NULL. */
void sg_summary_compute(const struct sg_findings *set,
			const struct sg_baseline *baseline,
			const struct sg_policy *policy,
			struct sg_summary *out);

/* The verdict for the counts (failed_inputs > 0 is an error). */
enum sg_verdict sg_policy_verdict(const struct sg_policy *policy,
				  const struct sg_summary *summary,
				  size_t failed_inputs);

const char *sg_verdict_name(enum sg_verdict verdict);

#endif
