/*
 * GitHub code scanning's primaryLocationLineHash, computed exactly as
 * github/codeql-action computes it (src/fingerprints.ts): a rolling hash
 * over the next 100 characters (UTF-16 code units) from each line's start,
 * spaces and tabs skipped, CR and CRLF read as LF, values "<hex>:<n>" where
 * n counts earlier lines with the same hash.
 */
#ifndef SECGATE_LINE_HASH_H
#define SECGATE_LINE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Longest value: 16 hex digits, ':', a 32-bit count, NUL. */
#define SG_LINE_HASH_MAX 32

/*
 * Lines hashed at most: the occurrence counts need a table of every hash
 * seen before the wanted line (16 bytes each, doubled for open addressing).
 */
#define SG_LINE_HASH_MAX_LINES (1u << 20)

/*
 * Bytes of a file read at most: a huge (or sparse) file in the tree must
 * not stall the report. Lines past the cap get no hash.
 */
#define SG_LINE_HASH_MAX_BYTES (64u << 20)

/*
 * Called for every line in order (line is 1-based; hash is borrowed for
 * the call). Return 0 to go on, non-zero to stop early.
 */
struct sg_line_hash_sink {
	int (*line)(void *arg, uint32_t line, const char *hash);
	void *arg;
};

/*
 * Hash the file at path (a regular file; anything else is refused) and
 * call sink for each line, as codeql-action does (a file of N line breaks
 * has N + 1 lines). Returns 0 (also when the sink stopped it), SG_EIO when
 * the file cannot be read, SG_EINPUT when it has more lines than
 * SG_LINE_HASH_MAX_LINES lines or SG_LINE_HASH_MAX_BYTES bytes before the
 * sink stopped (lines that end well before the cap keep their hash), or
 * SG_ENOMEM.
 */
int sg_line_hashes(const char *path, const struct sg_line_hash_sink *sink);

/* The same over a buffer (UTF-8, as codeql-action decodes it). */
int sg_line_hashes_buffer(const char *data, size_t len,
			  const struct sg_line_hash_sink *sink);

#endif
