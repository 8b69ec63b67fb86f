/*
 * The adapter contract: one struct per tool format, listed in
 * src/gate/registry.c.
 * An adapter sees only the public headers. detect() scores a cheap sniff of
 * the first bytes; parse() streams the whole report into the findings set.
 * The caller undoes a failed parse, so an adapter may simply return the
 * error; it must never store a secret, only its digest (fingerprint.h).
 */
#ifndef SECGATE_ADAPTER_H
#define SECGATE_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "secgate/finding.h"
#include "secgate/jsonstream.h"

#define SG_ADAPTER_VERSION 1
#define SG_SNIFF_MAX_KEYS 32

/* What detection sees: the shape of the document's first bytes. */
struct sg_sniff {
	int top;          /* first byte of the top-level value: '{', '[', 'n', ... */
	bool empty_array; /* the document starts with "[]" */
	/* For an object, its first keys; for an array, the first element's keys. */
	char keys[SG_SNIFF_MAX_KEYS][SG_JS_KEY_MAX];
	size_t n_keys;
	const char *prefix; /* the bytes sniffed (borrowed) */
	size_t len;
};

bool sg_sniff_has_key(const struct sg_sniff *sniff, const char *key);

/* What an adapter learns about an input besides its findings. */
struct sg_input_meta {
	const char *tool;         /* static or in the set's arena */
	const char *tool_version; /* in the set's arena; NULL if unknown */
	const char *format;       /* static, e.g. "gitleaks-json-v8", "sarif-2.1.0" */
	/* Dependencies the tool could not audit (pip-audit skip_reason). */
	size_t n_skipped;
	const char **skipped;     /* names, in the set's arena */
	const char *skipped_reason; /* first reason given, in the set's arena */
	/*
	 * Why the report itself shows that nothing was looked at (pip-audit:
	 * every dependency skipped; an image with nothing Trivy could read),
	 * or NULL. Static or in the set's arena. The pipeline fails the gate
	 * on it under release and strict, and warns otherwise.
	 */
	const char *nothing_scanned;
	/*
	 * The commits the report says it scanned (SARIF
	 * versionControlProvenance[].revisionId, Trivy Metadata.Commit),
	 * distinct, in order; strings and array in the set's arena.
	 */
	const char **commits;
	size_t n_commits;
	/* Trivy: the report has no Results at all (no target was read). */
	bool no_targets;
	/*
	 * SARIF inputs: an array of each run's "tool" object (driver and
	 * extensions with their rules), in run order, so the SARIF report can
	 * keep the producer's rule metadata. A new reference owned by the
	 * input (released with it); NULL for other formats.
	 */
	json_t *sarif_tools;
	/* SARIF results whose extras (see sarif_extras) were over the caps. */
	size_t extras_cut;
};

/*
 * Record a commit the report names (trimmed, lowercased hex) in meta,
 * once. 0, or an error: SG_EINPUT when commit is not 7 to 64 hex digits.
 */
int sg_input_meta_add_commit(struct sg_findings *set,
			     struct sg_input_meta *meta, const char *commit);

struct sg_parse_ctx {
	struct sg_jstream *js;     /* positioned before the top-level value */
	struct sg_findings *out;   /* append findings here */
	uint32_t input_index;      /* store in each finding's input_index */
	const char *forced_tool;   /* --tool value, or NULL */
	const char *repo_root;     /* absolute repository root, for file:// URIs; may be NULL */
	const char *work_dir;      /* the working directory (absolute); NULL: the root */
	bool scanner_ran_in_work_dir; /* run: its relative paths are from work_dir; ingest: only found files */
	struct sg_input_meta *meta;
};

struct sg_adapter {
	int version;              /* SG_ADAPTER_VERSION */
	const char *name;         /* the --tool name */
	const char *formats;      /* one line for --help and the README */
	/* Confidence 0..100 that the sniffed document is in this adapter's format. */
	int (*detect)(const struct sg_sniff *sniff);
	/* Read the report (json is positioned before the top-level value). */
	int (*parse)(struct sg_parse_ctx *ctx);
};

/* The adapters (in adapters/), declared here so the registry can list them. */
extern const struct sg_adapter sg_adapter_gitleaks;
extern const struct sg_adapter sg_adapter_trivy;
extern const struct sg_adapter sg_adapter_pip_audit;
extern const struct sg_adapter sg_adapter_sarif;

#endif
