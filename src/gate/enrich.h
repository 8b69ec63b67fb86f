/*
 * Severity enrichment: findings with a vulnerability id and no severity
 * get one from OSV records (osv_record.h rates them). Records come from
 * sources tried in order: a directory of records (enrich.osv.db), then
 * whatever the command passes in (the HTTP client with its cache lives in
 * src/net, above this layer, so the command hands it down as a source).
 * Runs after de-duplication, before the baseline and the policy.
 */
#ifndef SECGATE_ENRICH_H
#define SECGATE_ENRICH_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "secgate/finding.h"

/* Where records come from: one-slot contract each. */
struct sg_osv_source {
	const char *name; /* for messages: "osv db", "OSV API" */
	/*
	 * Optional: about to look these ids up (valid ids, no duplicates);
	 * a network source fetches them in parallel here. Failures are
	 * reported by lookup, per id.
	 */
	void (*prefetch)(void *ctx, const char *const *ids, size_t n);
	/*
	 * The record of id: 1 and *record (a new reference); 0 when the
	 * source has no such record; negative when it failed (the error
	 * slot says why; the id is then named in a warning).
	 */
	int (*lookup)(void *ctx, const char *id, json_t **record);
	void *ctx;
};

struct sg_enrich_result {
	size_t candidates; /* findings that had no severity and an id */
	size_t enriched;   /* ... that got one */
	size_t failed;     /* ... whose lookups failed (warned) */
};

/*
 * Enrich the findings of set from sources[0..n) in order; warnings and
 * notes go to stderr. Never fails the scan for a lookup: a finding whose
 * records cannot be read stays unknown. Returns 0, or SG_ENOMEM.
 */
int sg_enrich_osv(struct sg_findings *set,
		  const struct sg_osv_source *const *sources, size_t n,
		  struct sg_enrich_result *result);

/*
 * A source reading <dir>/<ID>.json (OSV's per-ecosystem exports unpack
 * to this). dir is borrowed.
 */
void sg_osv_db_source(struct sg_osv_source *out, const char *dir);

/* Largest record accepted from a file or a response (bytes). */
#define SG_OSV_RECORD_MAX (4u << 20)

#endif
