/*
 * The built-in check contract: one const struct per check (env.c,
 * headers.c), listed in check.c. A check runs in-process under
 * `secgate run` and appends findings of kind misconfiguration to the same
 * set every scanner's findings go to, so the policy, baseline,
 * suppressions, reports and exit codes apply unchanged. README.md in this
 * folder has the checklist for adding one.
 */
#ifndef SECGATE_CHECK_H
#define SECGATE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "secgate/adapter.h"
#include "secgate/finding.h"

#define SG_CHECK_VERSION 1

/* What a check sees while it runs. */
struct sg_check_ctx {
	const struct sg_config *config;	   /* the effective configuration */
	const struct sg_tool_config *tool; /* its section, or NULL: defaults */
	const char *repo_root;		   /* absolute */
	const char *config_path;	   /* repository-relative, or NULL */
	struct sg_findings *out;
	struct sg_input_meta *meta;
	uint32_t input_index;
	const char *name; /* the check's name */
	/* How it went, for the run's evidence ("checked 41 keys in 3 files").
	 */
	char status[160];
	double seconds;
};

struct sg_check {
	int version;	     /* SG_CHECK_VERSION */
	const char *name;    /* the --tools name and the findings' tool */
	const char *summary; /* one line for --help and the docs */
	/*
	 * Check and append findings (sg_check_report). A check that cannot
	 * check (a file missing or malformed, a URL unreachable) returns the
	 * error: that is a failed tool (exit 3), never "no findings". Never
	 * put a checked value into a message, an error or an identity.
	 */
	int (*run)(struct sg_check_ctx *ctx);
};

extern const struct sg_check sg_check_env;
extern const struct sg_check sg_check_headers;

/* The check with this name (borrowed), or NULL. */
const struct sg_check *sg_check_find(const char *name);

/* One finding, as sg_check_report takes it. */
struct sg_check_finding {
	const char *rule; /* without the check's prefix: "secret-length" */
	enum sg_severity severity;
	const char *title; /* the rule's title */
	const char *path;  /* repository-relative file, or NULL */
	unsigned line, column;
	const char
	    *identity; /* what it is about: "key:SECRET_KEY", "url:..." */
	const char *help_uri; /* or NULL */
};

/*
 * Append a finding: rule id "<check>.<rule>", kind misconfiguration,
 * fingerprint over check, rule, path and identity. The message is
 * printf-style; it must not contain a checked value.
 */
int sg_check_report(struct sg_check_ctx *ctx, const struct sg_check_finding *f,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Run check as the input at index: the sg_check_fn that the pipeline
 * calls (ctx is a struct sg_check_ctx with config, tool, repo_root and
 * config_path set). Errors are prefixed with the check's name.
 */
int sg_check_run(void *ctx, struct sg_findings *set, struct sg_input_meta *meta,
		 uint32_t index);

#endif
