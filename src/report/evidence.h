/*
 * The release record (--evidence DIR): what a release checklist links to.
 * The verdict, each tool with its version and how it ended, the effective
 * configuration, the hashes of the configuration and baseline files, every
 * suppression in force with reason, owner and expiry, stale baseline
 * entries, and all reports, as Markdown for people and JSON for machines.
 */
#ifndef SECGATE_EVIDENCE_H
#define SECGATE_EVIDENCE_H

#include <stddef.h>

#include "outputs.h"
#include "pipeline.h"

/* How one tool of `secgate run` ended (ingest: one per report). */
struct sg_evidence_tool {
	const char *name;
	const char *version;   /* NULL when unknown */
	const char *executable; /* resolved path of the binary, or NULL */
	const char *sha256;     /* its SHA-256 (hex), or NULL */
	const char *status;    /* "exited with code 0", "not found on PATH", ... */
	double seconds;
	bool required;
	bool ok;               /* its report was read */
};

/*
 * Write DIR/evidence.json, DIR/evidence.md and the reports (secgate.json,
 * secgate.junit.xml, secgate.sarif, secgate.md) atomically; DIR is created
 * (0755) when missing. Returns the number of files that could not be
 * written (each printed).
 */
int sg_evidence_write(const char *dir, const struct sg_pipeline *p,
		      const struct sg_evidence_tool *tools, size_t n_tools,
		      const struct sg_outputs *outputs);

/* Baseline entries older than config.baseline_max_age_days (0: none). */
size_t sg_evidence_old_baseline_entries(const struct sg_pipeline *p);

#endif
