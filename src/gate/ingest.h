/*
 * Reading one report: open it, detect its format, run the adapter, compute
 * fingerprints. All or nothing: on error the findings set is as it was.
 */
#ifndef SECGATE_INGEST_H
#define SECGATE_INGEST_H

#include <stdint.h>

#include "secgate/adapter.h"
#include "secgate/finding.h"

struct sg_input {
	const char *path;          /* as given (borrowed) */
	struct sg_input_meta meta; /* tool, version, format, skipped deps */
	size_t n_findings;         /* parsed from this input (before de-duplication) */
	int status;                /* 0, or the SG_E* code of the failure */
	char *error;               /* malloc'd message when status < 0 */
	/* secgate run: the binary that wrote it (in the set's arena), or NULL. */
	const char *executable;
	const char *executable_sha256;
};

/*
 * Read the report at path ("-": standard input) into set. forced_tool is
 * the --tool value or NULL; repo_root (may be NULL) is used to make
 * absolute paths relative. Returns 0 or the error code; either way
 * input is filled (input->error is new; free with sg_input_release).
 */
int sg_ingest_file(struct sg_findings *set, struct sg_input *input,
		   const char *path, const char *forced_tool,
		   const char *repo_root, uint32_t index);

/*
 * The same with the working directory (absolute; NULL: the root): relative
 * paths are taken from there when the scanner ran there (ran_there), else
 * only for files found there (sg_path_normalize_from).
 */
int sg_ingest_file_at(struct sg_findings *set, struct sg_input *input,
		      const char *path, const char *forced_tool,
		      const char *repo_root, const char *work_dir,
		      bool ran_there, uint32_t index);

/* The same over a buffer (borrowed), for tests and fuzzing. */
int sg_ingest_buffer(struct sg_findings *set, struct sg_input *input,
		     const char *name, const char *data, size_t len,
		     const char *forced_tool, const char *repo_root,
		     uint32_t index);

/*
 * A built-in check: appends findings with fingerprints to set and fills
 * meta (tool, format, version); returns 0 or an error code with the
 * message in the error slot. Runs in-process, above the gate (checks/).
 */
typedef int (*sg_check_fn)(void *ctx, struct sg_findings *set,
			   struct sg_input_meta *meta, uint32_t index);

/*
 * Run a check as one input, with the same all-or-nothing rule and
 * bookkeeping as a report: on error the set is as it was and
 * input->error says why. name is borrowed (the input's name).
 */
int sg_ingest_check(struct sg_findings *set, struct sg_input *input,
		    const char *name, sg_check_fn check, void *ctx,
		    uint32_t index);

void sg_input_release(struct sg_input *input);

#endif
