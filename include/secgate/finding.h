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
#include "secgate/spool.h"

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

/*
 * What few findings have (packages, ids, merges, a producer's suppression
 * or extras...): one pointer in struct sg_finding instead of ~170 bytes in
 * each of a million secrets. Read it with sg_finding_cold(f), which never
 * returns NULL; write it with sg_finding_cold_mut(set, f).
 *
 * Invariant: a cold part belongs to one live finding. A struct copy of a
 * finding shares it, so code that copies a finding and then writes either
 * copy's cold fields calls sg_finding_cold_unshare first (dedupe's merge).
 */
struct sg_finding_cold {
	const char *tool_severity; /* the tool's words: "HIGH", "error", "8.8" */
	/*
	 * Set by enrichment: where the severity came from, e.g. "OSV
	 * GHSA-... (database_specific high)"; NULL otherwise.
	 */
	const char *severity_source;
	struct sg_package package;
	const char **ids; /* vulnerability ids: the primary first, then aliases */
	size_t n_ids;
	const char *help_uri;
	/*
	 * The "sg1:" fingerprint of the previous recipe, so that baselines and
	 * suppressions written by earlier versions keep matching; NULL when it
	 * is "sg1:" and the same digits as fingerprint.
	 */
	const char *fingerprint_v1;
	/*
	 * Tools that reported it (more than one after de-duplication); read
	 * through sg_finding_sources (see sources_own_tool).
	 */
	const char **sources;
	size_t n_sources;
	/* e.g. "external", "inSource", "vex:not_affected"; NULL if none */
	const char *producer_suppression;
	/*
	 * What a SARIF producer said beyond the first location, for the
	 * SARIF, Markdown and JUnit reports: a compact JSON object with
	 * "locations" (the others), "relatedLocations", "codeFlows" and
	 * "logicalLocations" (of the first location), snippets dropped and
	 * each artifactLocation made {"uri": repository path}. None when
	 * there is none or the set does not keep them (keep_sarif_extras).
	 * In the set's spool, not in memory: code flows grow with the input
	 * (read it with sg_finding_sarif_extras, set it with
	 * sg_finding_set_sarif_extras).
	 */
	struct sg_spooled sarif_extras;
	/*
	 * The results merged into this finding (de-duplication), each as it
	 * was read: its own place, installed version, tool, fingerprint and
	 * producer suppression, in a canonical order that does not depend on
	 * the order of inputs. Each is gated on its own (the gate fields of
	 * struct sg_finding are set in each copy too); the finding blocks
	 * when any copy does. NULL and 0 for a finding read once. In the
	 * set's arena.
	 */
	struct sg_finding *copies;
	size_t n_copies;
	/* Filled by the gate: the config's struct sg_suppression, or NULL. */
	const void *suppressed_by;
};

struct sg_finding {
	/* "gitleaks", "trivy", "pip-audit", "codeql", or a SARIF driver name */
	const char *tool;
	const char *tool_version; /* NULL when the report does not say */
	const char *rule_id;
	const char *title;
	const char *message;
	const char *fingerprint; /* "sg2:..." (see fingerprint.h) */
	struct sg_location location;
	struct sg_finding_cold *cold; /* NULL when none is set (see above) */
	const char *reason;           /* gate: why blocking or not (interned) */
	/*
	 * The small members sit together so that the struct has no padding
	 * holes: a million findings are held at once. For the same reason
	 * kind and state take a byte and the flags a bit each.
	 */
	uint32_t input_index;      /* which input it came from (first when merged) */
	enum sg_severity severity; /* normalized */
	uint8_t kind;              /* enum sg_kind */
	uint8_t state; /* gate: enum sg_baseline_state, new or unchanged */
	/*
	 * The adapter's identity names a context (a line's text, a message),
	 * not one result: the gate numbers the results that share it (see
	 * dedupe.h) so that two places stay two findings.
	 */
	bool context_identity : 1;
	/*
	 * Set by ingest: reported by its own tool alone, so that a million
	 * findings read once need no sources list (sg_finding_sources).
	 */
	bool sources_own_tool : 1;

	/* Filled by the gate. */
	bool blocking : 1;
	bool suppression_expired : 1; /* a matching suppression has expired */
	/* Severity set by an override (tool_severity keeps the producer's). */
	bool severity_overridden : 1;
	bool excluded : 1;     /* path excluded by the configuration */
	bool outside_diff : 1; /* diff-aware: not in what the change touched */
};

/* All NULL and 0: what a finding without a cold part reads. */
extern const struct sg_finding_cold sg_finding_cold_none;

/* The rarely set fields, to read (never NULL). */
static inline const struct sg_finding_cold *
sg_finding_cold(const struct sg_finding *f)
{
	return f->cold ? f->cold : &sg_finding_cold_none;
}

/*
 * The tools that reported f: the cold list (a merge's), else its own tool
 * when ingest said so (sources_own_tool), else none. To read only (the
 * type is the one the reports' list writers take).
 */
static inline const char **sg_finding_sources(const struct sg_finding *f)
{
	if (f->cold && f->cold->sources)
		return f->cold->sources;
	return f->sources_own_tool ? (const char **)&f->tool : NULL;
}

static inline size_t sg_finding_n_sources(const struct sg_finding *f)
{
	if (f->cold && f->cold->sources)
		return f->cold->n_sources;
	return f->sources_own_tool ? 1 : 0;
}

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
	/*
	 * A cold part could not be allocated: the write went to cold_sink,
	 * appends fail from then on, and sg_findings_check fails the run.
	 */
	bool cold_failed;
	struct sg_finding_cold cold_sink;
	struct sg_spool *spool; /* the findings' sarif_extras; NULL until one */
};

void sg_findings_init(struct sg_findings *set);
void sg_findings_release(struct sg_findings *set);

/*
 * A new zeroed finding at the end of the set (borrowed; valid until the
 * next append, which may move the array). NULL when out of memory.
 */
struct sg_finding *sg_findings_append(struct sg_findings *set);

/*
 * f's sarif_extras (see struct sg_finding_cold), NULL when none: valid
 * until the next call for any finding of the set. NULL too when it cannot
 * be read back; then sg_findings_check fails, for the reports to check
 * before they commit.
 */
static inline const char *sg_finding_sarif_extras(const struct sg_finding *f)
{
	return f->cold ? sg_spool_get(&f->cold->sarif_extras) : NULL;
}

/* Spool text[0, len) as f's sarif_extras. 0, SG_ENOMEM or SG_EIO. */
int sg_finding_set_sarif_extras(struct sg_findings *set, struct sg_finding *f,
				const char *text, size_t len);

/*
 * f's cold part to write: its own, or a new zeroed one from the set's
 * arena. Never NULL, so that a write is one expression: out of memory, it
 * is the set's sink and the set is marked failed (sg_findings_check).
 */
struct sg_finding_cold *sg_finding_cold_mut(struct sg_findings *set,
					    struct sg_finding *f);

/*
 * Give f its own copy of the cold part it shares with the finding it was
 * copied from, so that writing one does not change the other. 0, or
 * SG_ENOMEM.
 */
int sg_finding_cold_unshare(struct sg_findings *set, struct sg_finding *f);

/*
 * 0, or SG_ENOMEM when a cold part could not be allocated, or SG_EIO when
 * a spooled text could not be read back (sg_finding_sarif_extras).
 */
int sg_findings_check(const struct sg_findings *set);

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
