/*
 * Text kept out of memory: appended to an unlinked temporary file and read
 * back one piece at a time into a buffer that each read reuses. For what a
 * finding carries that grows with the input rather than with the number
 * of findings (a SARIF result's code flows), so that memory does not.
 */
#ifndef SECGATE_SPOOL_H
#define SECGATE_SPOOL_H

#include <stddef.h>
#include <stdint.h>

struct sg_spool;

/* Where one text is; a zeroed one (spool NULL) is no text. */
struct sg_spooled {
	struct sg_spool *spool;
	uint64_t offset;
	size_t len;
};

/*
 * Append text[0, len) to *spool (created on first use) and say where in
 * *out. 0, or SG_ENOMEM / SG_EIO (the temporary file cannot be written).
 */
int sg_spool_put(struct sg_spool **spool, const char *text, size_t len,
		 struct sg_spooled *out);

/*
 * The text, NUL-terminated (a NUL inside ends it early: the texts spooled
 * are JSON, which has none), valid until the next sg_spool_get on the
 * same spool. NULL when ref holds none, or when it cannot be read back:
 * then the error slot is set and the spool remembers the failure for
 * sg_spool_check, so that a report missing it is never committed.
 */
const char *sg_spool_get(const struct sg_spooled *ref);

/* 0, or SG_EIO when a read back failed (sg_spool_get). NULL is fine. */
int sg_spool_check(const struct sg_spool *spool);

void sg_spool_free(struct sg_spool *spool);

#endif
