/*
 * The normalized finding: what every adapter produces and every stage after
 * it (policy, baseline, reporters) consumes. A findings set owns its
 * findings and all their strings (in one arena); pointers in a finding are
 * borrowed from the set and live as long as it.
 */
#ifndef SECGATE_FINDING_H
#define SECGATE_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secgate/arena.h"

/* Ordered: a higher value is more severe, so thresholds compare with >=. */
enum sg_severity {
	SG_SEV_UNKNOWN = 0,
	SG_SEV_INFO,
	SG_SEV_LOW,
	SG_SEV_MEDIUM,
	SG_SEV_HIGH,
	SG_SEV_CRITICAL,
};
#define SG_SEV_COUNT 6

enum sg_kind {
	SG_KIND_SECRET = 0,
	SG_KIND_VULNERABILITY,
	SG_KIND_MISCONFIGURATION,
	SG_KIND_CODE,
	SG_KIND_LICENSE,
};
#define SG_KIND_COUNT 5

enum sg_baseline_state {
	SG_STATE_NEW = 0,
	SG_STATE_UNCHANGED,
};

struct sg_location {
	const char *path;   /* repository-relative, '/' separators; NULL if none */
	uint32_t start_line; /* 1-based; 0 when unknown (also for columns) */
	uint32_t end_line;
	uint32_t start_column;
	uint32_t end_column;
	const char *commit; /* for history scans; NULL otherwise */
};

struct sg_package {
	const char *ecosystem; /* normalized: "pypi", "npm", "maven", "apk"... */
	const char *name;      /* NULL when the finding is not about a package */
	const char *version;   /* installed version */
	const char **fixed_versions;
	size_t n_fixed_versions;
	const char *purl;
};

struct sg_finding {
	const char *tool;         /* "gitleaks", "trivy", "pip-audit", "codeql", or a SARIF driver name */
	const char *tool_version; /* NULL when the report does not say */
	/*
	 * The small members sit in pairs and groups so that the struct has
	 * no padding holes: a million findings are held at once.
	 */
	enum sg_kind kind;
	enum sg_severity severity;  /* normalized */
	uint32_t input_index;       /* which input it came from (first one when merged) */
	/*
	 * The adapter's identity names a context (a line's text, a message),
	 * not one result: the gate numbers the results that share it (see
	 * dedupe.h) so that two places stay two findings.
	 */
	bool context_identity;
	const char *rule_id;
	const char *title;
	const char *message;
	const char *tool_severity;  /* the tool's own words, e.g. "HIGH", "error", "8.8" */
	const char *severity_source; /* set by enrichment: where the severity came from, e.g. "OSV GHSA-... (database_specific high)"; NULL otherwise */
	struct sg_location location;
	struct sg_package package;
	const char **ids;           /* vulnerability ids: the primary first, then aliases */
	size_t n_ids;
	const char *help_uri;
	const char *fingerprint;    /* "sg2:..." (see fingerprint.h) */
	/*
	 * The "sg1:" fingerprint of the previous recipe, so that baselines and
	 * suppressions written by earlier versions keep matching; NULL when it
	 * is "sg1:" and the same digits as fingerprint.
	 */
	const char *fingerprint_v1;
	const char **sources;       /* tools that reported it (more than one after de-duplication) */
	size_t n_sources;
	const char *producer_suppression; /* e.g. "external", "inSource", "vex:not_affected"; NULL if none */
	/*
	 * What a SARIF producer said beyond the first location, for the
	 * SARIF, Markdown and JUnit reports: a compact JSON object with
	 * "locations" (the others), "relatedLocations", "codeFlows" and
	 * "logicalLocations" (of the first location), snippets dropped and
	 * each artifactLocation made {"uri": repository path}. NULL when
	 * there is none or the set does not keep them (keep_sarif_extras).
	 */
	const char *sarif_extras;
	/*
	 * The results merged into this finding (de-duplication), each as it
	 * was read: its own place, installed version, tool, fingerprint and
	 * producer suppression, in a canonical order that does not depend on
	 * the order of inputs. Each is gated on its own (the gate fields below
	 * are set in each copy too); the finding blocks when any copy does.
	 * NULL and 0 for a finding read once. In the set's arena.
	 */
	struct sg_finding *copies;
	size_t n_copies;

	/* Filled by the gate. */
	const char *reason;            /* why blocking or not (interned) */
	const void *suppressed_by;     /* the config's struct sg_suppression, or NULL */
	enum sg_baseline_state state;  /* new, or unchanged (in the baseline) */
	bool blocking;
	bool suppression_expired;      /* a matching suppression has expired */
	bool severity_overridden;      /* severity set by an override (tool_severity keeps the producer's) */
	bool excluded;                 /* path excluded by the configuration */
	bool outside_diff;             /* diff-aware mode: not in what the change touched */
};

struct sg_intern_slot {
	const char *str;
	uint64_t hash;
};

struct sg_findings {
	struct sg_arena arena;
	struct sg_finding *items;
	size_t count;
	size_t capacity;
	/* Short strings repeat across findings (rules, paths, commits): one copy each. */
	struct sg_intern_slot *intern;
	size_t intern_capacity;
	size_t intern_count;
	/*
	 * Keep sarif_extras (set before ingest when a report shows them):
	 * they cost memory and time, and the JSON report does not use them.
	 */
	bool keep_sarif_extras;
};

void sg_findings_init(struct sg_findings *set);
void sg_findings_release(struct sg_findings *set);

/*
 * A new zeroed finding at the end of the set (borrowed; valid until the
 * next append, which may move the array). NULL when out of memory.
 */
struct sg_finding *sg_findings_append(struct sg_findings *set);

/* Drop findings from index `count` on (to undo a failed parse). */
void sg_findings_truncate(struct sg_findings *set, size_t count);

/* String helpers that copy into the set's arena (new, owned by the set). */
char *sg_findings_strdup(struct sg_findings *set, const char *s);
char *sg_findings_strndup(struct sg_findings *set, const char *s, size_t len);

/*
 * A shared copy of s[0, len) (NUL bytes dropped by the callers that need
 * it): equal strings return the same pointer. Owned by the set.
 */
const char *sg_findings_intern(struct sg_findings *set, const char *s,
			       size_t len);

/* An array of n string pointers in the arena, zeroed. */
const char **sg_findings_strv(struct sg_findings *set, size_t n);

/* Longest tool name derived from a SARIF driver name. */
#define SG_TOOL_NAME_MAX 64

/*
 * The tool name for a SARIF driver name: "CodeQL" (and old CLIs' "CodeQL
 * command-line toolchain") -> "codeql", "Trivy" -> "trivy", "Semgrep OSS"
 * -> "semgrep-oss"; control characters dropped, cut at SG_TOOL_NAME_MAX on
 * a character boundary; "" or NULL -> "unknown".
 */
void sg_tool_name_from_driver(const char *driver,
			      char out[SG_TOOL_NAME_MAX + 1]);

/* Names, as used in every report and in the configuration. */
const char *sg_severity_name(enum sg_severity sev);
const char *sg_kind_name(enum sg_kind kind);

/* Parse "critical", "HIGH", "Medium"...: 0 and *out set, or -1 if unknown. */
int sg_severity_parse(const char *text, enum sg_severity *out);

/*
 * Map a CVSS-like score as GitHub maps security-severity:
 * >= 9.0 critical, >= 7.0 high, >= 4.0 medium, > 0 low, else info.
 */
enum sg_severity sg_severity_from_score(double score);

/* SARIF level "error"/"warning"/"note"/"none" -> high/medium/low/info; -1 if not a level. */
int sg_severity_from_sarif_level(const char *level, enum sg_severity *out);

#endif
