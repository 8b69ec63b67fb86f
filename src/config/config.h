/*
 * The effective configuration: .secgate.yml (strictly validated, with
 * file:line:column errors), a profile overlaid on it, then environment and
 * flags. Every string is owned by the config (released with the config).
 * docs/configuration.md documents each key.
 */
#ifndef SECGATE_CONFIG_H
#define SECGATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "secgate/finding.h"

/* A threshold: a severity, or "none" (never blocks). */
struct sg_threshold {
	bool set;          /* given in the file (else inherited) */
	bool none;         /* "none" */
	enum sg_severity severity;
};

/* overrides: entries matching by tool, kind and/or rule (all given must match). */
struct sg_override {
	const char *tool;      /* NULL: any */
	bool has_kind;
	enum sg_kind kind;
	const char *rule;      /* NULL: any */
	struct sg_threshold fail_on;  /* threshold for matching findings */
	bool has_severity;
	enum sg_severity severity;    /* severity override (rule entries) */
	unsigned line, column;        /* where it was written, for messages */
};

struct sg_suppression {
	/* Match keys: at least one; all given must match. */
	const char *fingerprint;
	const char *rule;
	const char *vulnerability;    /* matches any id or alias */
	const char *package;          /* package name (PEP 503-folded for pypi) */
	const char *package_versions; /* optional version constraint, e.g. "<2.0,>=1.2" or "1.4.2" */
	const char *path;             /* glob with ** */
	const char *tool;             /* narrows to one tool's findings; NULL: any */
	/* Bookkeeping. */
	const char *reason;           /* required */
	const char *owner;            /* optional */
	bool has_expiry;
	int64_t expires_end;          /* UTC seconds of the end of the expiry day (exclusive) */
	char expires_text[11];        /* "YYYY-MM-DD" */
	unsigned line, column;
	size_t matched;               /* findings it suppressed in this run */
};

/* tools.env.rules: a user's rule over dotenv keys (docs/checks.md). */
struct sg_env_rule {
	const char *key;          /* a name or a glob (fnmatch) */
	bool required;            /* some line of each file must set it */
	bool has_range;
	double range_min, range_max; /* inclusive; the value must be a number */
	unsigned min_length;      /* 0: not checked */
	const char *pattern;      /* POSIX ERE the value must match, or NULL */
	const char **one_of;      /* allowed values */
	size_t n_one_of;
	const char **forbidden;   /* values not allowed */
	size_t n_forbidden;
	bool https_only;          /* a comma list of https:// URLs only */
	bool has_severity;
	enum sg_severity severity;
	const char *title;        /* or NULL */
	unsigned line, column;
};

/* tools.env: the dotenv files and the user's rules. */
struct sg_env_config {
	const char **files;       /* repository-relative; none: .env.production */
	size_t n_files;
	struct sg_env_rule *rules;
	size_t n_rules;
};

/* tools.headers: the URLs to probe. */
struct sg_headers_config {
	const char **urls;
	unsigned *url_lines, *url_columns; /* where each URL is written */
	size_t n_urls;
	const char *ca_file;            /* a private CA (PEM), or NULL */
	const char *disallowed_origin;  /* the CORS probe's Origin, or NULL */
	bool http_redirect;             /* check that http:// redirects */
	unsigned http_port;             /* its port; 0: 80 */
	unsigned max_redirects;         /* 0: the default */
	/*
	 * The name of an environment variable holding an Authorization
	 * header value (e.g. "Bearer ..."), sent over https only; the value
	 * is read when the check runs and never kept or printed. NULL: none.
	 */
	const char *authorization_env;
};

enum sg_tool_output { SG_OUTPUT_FILE = 0, SG_OUTPUT_STDOUT };

struct sg_tool_config {
	const char *name;         /* gitleaks, trivy, pip-audit, codeql, or a custom name */
	bool is_custom;
	bool enabled;
	bool required;
	unsigned timeout_seconds; /* 0: the default */
	const char *path;         /* executable; NULL: found on PATH */
	const char **args;        /* extra arguments */
	size_t n_args;
	/* Tool-specific settings (NULL/0 when not set). */
	const char *mode;         /* gitleaks: dir|git; trivy: fs|image|config|repo; codeql: sarif|analyze */
	const char *target;       /* trivy: the image or path */
	const char **scanners;    /* trivy: vuln, misconfig, secret, license */
	size_t n_scanners;
	const char **requirements;/* pip-audit: requirement files */
	size_t n_requirements;
	const char *sarif;        /* codeql: an existing SARIF path or glob */
	const char *database;     /* codeql: a database to analyze */
	/* Custom tools. */
	const char **command;     /* argv */
	size_t n_command;
	const char *format;       /* "sarif" or a known tool's name */
	enum sg_tool_output output;
	const char *output_path;  /* when output is a file */
	int *success_exit_codes;
	size_t n_success_exit_codes;
	/* Built-in checks (NULL for the other tools). */
	const struct sg_env_config *env;
	const struct sg_headers_config *headers;
	unsigned line, column;
};

/* Where an effective value came from, for `secgate config show`. */
enum sg_origin { SG_ORIGIN_DEFAULT = 0, SG_ORIGIN_FILE, SG_ORIGIN_PROFILE,
		 SG_ORIGIN_ENV, SG_ORIGIN_FLAG };

/* enrich.osv: severities from OSV for findings without one. */
struct sg_osv_config {
	bool enabled;            /* default true */
	const char *url;         /* the API's base URL; default https://api.osv.dev */
	const char *cache_dir;   /* NULL: $XDG_CACHE_HOME/secgate/osv, else ~/.cache/... */
	unsigned max_age;        /* seconds a cached record is fresh; default 24h */
	const char *db;          /* a directory of OSV records (<ID>.json), or NULL */
};

#define SG_OSV_DEFAULT_URL "https://api.osv.dev"
#define SG_OSV_DEFAULT_MAX_AGE 86400u

struct sg_config {
	char *path;                   /* the file read, or NULL when none (malloc'd) */
	char *profile;                /* the profile applied, or NULL (malloc'd) */

	struct sg_threshold fail_on;  enum sg_origin fail_on_origin;
	enum sg_severity unknown_severity; enum sg_origin unknown_severity_origin;
	bool new_only;                enum sg_origin new_only_origin;
	const char *baseline;         enum sg_origin baseline_origin;  /* path, relative to the repo root */
	bool honor_producer_suppressions; enum sg_origin honor_origin;
	bool strict;                  enum sg_origin strict_origin;    /* stale suppressions fail */
	unsigned expiry_warning_days; enum sg_origin expiry_warning_origin;
	unsigned baseline_max_age_days; /* 0: no limit (release profile flags older entries) */
	enum sg_origin baseline_max_age_origin;

	const char **include;         /* paths.include globs; none: everything */
	size_t n_include;
	const char **exclude;         /* paths.exclude globs */
	size_t n_exclude;
	enum sg_origin include_origin, exclude_origin;

	/* The file's entries, then the profile's (later entries win ties). */
	struct sg_override *overrides;
	size_t n_overrides;
	struct sg_suppression *suppressions;
	size_t n_suppressions;
	struct sg_tool_config *tools;
	size_t n_tools;
	struct sg_osv_config osv;     /* the file's enrich.osv (profiles do not change it) */

	/* Owned storage (the parser's arena). */
	void *storage;
};

/* Defaults: fail_on high, unknown high, new_only false, baseline .secgate-baseline.json. */
void sg_config_init(struct sg_config *config);
void sg_config_release(struct sg_config *config);

/*
 * Read and validate path, then overlay `profile` (may be NULL; "release"
 * exists even when the file does not define it). Errors (exit 2):
 * "<file>:<line>:<column>: <what>". The config must be initialized.
 */
int sg_config_load(struct sg_config *config, const char *path,
		   const char *profile);

/*
 * Find the file: explicit (--config) > SECGATE_CONFIG > .secgate.yml or
 * .secgate.yaml at repo_root. *out is new, or NULL when there is none.
 * When the working directory is inside repo_root, each directory from it
 * up to repo_root is tried (the nearest wins); both names in one
 * directory is an error (ambiguous). Named files must exist.
 */
int sg_config_find(char **out, const char *explicit_path,
		   const char *repo_root);

/* Write the effective configuration as YAML with "# from: <origin>" notes. */
void sg_config_show(const struct sg_config *config, FILE *out);

/* Parse "2025-02-28" (strict) into the UTC end of that day. 0 or -1. */
int sg_parse_expiry(const char *text, int64_t *end_of_day_utc);

/* Parse a duration: "90", "90s", "5m", "1h". 0 or -1. */
int sg_parse_duration(const char *text, unsigned *seconds);

/*
 * Set one top-level scalar (fail_on, unknown_severity, new_only, baseline,
 * honor_producer_suppressions, strict, expiry_warning_days,
 * baseline_max_age_days) from text, validated as in the file (booleans
 * are "true"/"false"), for environment variables and flags. Apply after
 * sg_config_load. Errors (SG_EUSAGE) say what is wrong without naming the
 * setting: the caller prefixes it (sg_error_prefix("--fail-on")).
 */
int sg_config_set(struct sg_config *config, const char *key,
		  const char *value, enum sg_origin origin);

/*
 * Apply SECGATE_FAIL_ON, SECGATE_UNKNOWN_SEVERITY, SECGATE_NEW_ONLY,
 * SECGATE_BASELINE, SECGATE_HONOR_PRODUCER_SUPPRESSIONS, SECGATE_STRICT,
 * SECGATE_EXPIRY_WARNING_DAYS and SECGATE_BASELINE_MAX_AGE_DAYS (empty
 * values are ignored) with origin env. Errors name the variable.
 */
int sg_config_apply_env(struct sg_config *config);

/* The configured tool with this name (borrowed), or NULL. */
const struct sg_tool_config *sg_config_tool(const struct sg_config *config,
					    const char *name);

/* "default", "file", "profile", "env", "flag". */
const char *sg_origin_name(enum sg_origin origin);

#endif
