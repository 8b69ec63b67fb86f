/*
 * The baseline: findings accepted as known debt, committed to the
 * repository as sorted, stable JSON (one entry per line) holding no
 * secret. A finding whose fingerprint is in it is "unchanged"; an entry no
 * longer found is "absent" (fixed).
 */
#ifndef SECGATE_BASELINE_H
#define SECGATE_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "secgate/finding.h"

#define SG_BASELINE_VERSION 1

struct sg_baseline_entry {
	const char *fingerprint;
	const char *tool;
	const char *kind;
	const char *rule_id;
	const char *path;
	const char *title;
	const char *added;     /* "YYYY-MM-DD" */
	bool seen;             /* matched a finding in this run */
	bool not_read;         /* its tool's reports were not read in this run */
	bool replaced;         /* an sg1 entry that update rewrote as sg2 */
};

/*
 * An entry is absent (fixed) only when its tool's report was read and did
 * not find it: a tool that was not read this time proves nothing.
 */
static inline bool sg_baseline_entry_absent(const struct sg_baseline_entry *e)
{
	return !e->seen && !e->not_read;
}

struct sg_baseline {
	struct sg_baseline_entry *entries; /* sorted by fingerprint */
	size_t count;
	struct sg_findings strings;        /* owns the strings */
	size_t upgraded;  /* entries add_new wrote again as sg2 (from sg1) */
};

void sg_baseline_init(struct sg_baseline *b);
void sg_baseline_release(struct sg_baseline *b);

/*
 * Load a baseline file. A missing file is an error only when must_exist.
 * Corrupt, truncated, of another version, duplicate or empty fingerprints:
 * SG_EUSAGE (exit 2) with file:line:column.
 */
int sg_baseline_load(struct sg_baseline *b, const char *path, bool must_exist);

/* The entry with this fingerprint, or NULL (binary search). */
struct sg_baseline_entry *sg_baseline_find(const struct sg_baseline *b,
					   const char *fingerprint);

/* Mark findings unchanged/new and entries seen. */
void sg_baseline_classify(struct sg_baseline *b, struct sg_findings *set);

/*
 * Write entries atomically, sorted by fingerprint. `today` is
 * "YYYY-MM-DD" for entries added now.
 */
int sg_baseline_save(const struct sg_baseline *b, const char *path);

/*
 * Add every finding of set not yet in b (added = today); *added says how
 * many. A finding named only by an sg1 entry is written again as sg2 with
 * that entry's date, and the sg1 entry goes (b->upgraded counts them).
 */
int sg_baseline_add_new(struct sg_baseline *b, const struct sg_findings *set,
			const char *today, size_t *added);

/*
 * Mark not_read the entries whose tool is none of tools[0..n) (and those
 * without a tool). Returns how many: they are kept untouched, neither
 * absent nor counted.
 */
size_t sg_baseline_scope(struct sg_baseline *b, const char *const *tools,
			 size_t n);

/* Drop absent entries (after classify and scope). Returns how many. */
size_t sg_baseline_prune(struct sg_baseline *b);

/* Age in days of an entry at `now` (seconds since the epoch), or -1 when
 * its date cannot be read. */
long sg_baseline_entry_age_days(const struct sg_baseline_entry *e, int64_t now);

/* Entries older than max_age_days at `now` (0 days: none are old). */
size_t sg_baseline_count_older(const struct sg_baseline *b,
			       unsigned max_age_days, int64_t now);

#endif
