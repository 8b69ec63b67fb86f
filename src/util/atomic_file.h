/*
 * Reports and baselines are written to a temporary file in the destination
 * directory and renamed over it only after every write, the flush and the
 * fsync succeeded: a crash or a full disk leaves the previous file intact.
 */
#ifndef SECGATE_ATOMIC_FILE_H
#define SECGATE_ATOMIC_FILE_H

#include <stdio.h>

struct sg_atomic_file {
	FILE *stream;  /* write here */
	char *dest;    /* final path (new) */
	char *tmp;     /* temporary path (new); NULL when writing directly */
	int direct;    /* standard output or a device (/dev/null): no rename */
};

/*
 * Start writing dest ("-" is standard output). Refuses a destination that
 * is a symbolic link or a directory; a device or FIFO (/dev/null) is
 * written directly, since renaming over it would replace the device. On error sets the error, returns SG_EIO.
 */
int sg_atomic_open(struct sg_atomic_file *af, const char *dest);

/* Flush, fsync and rename into place; on any failure remove the temporary file. */
int sg_atomic_commit(struct sg_atomic_file *af);

/*
 * Create the missing directories above path (mode 0755), like mkdir -p of
 * its dirname. Best effort: a directory that cannot be made is reported
 * by the open that follows, naming the file.
 */
void sg_mkdir_parents(const char *path);

/* Give up: remove the temporary file, leave dest as it was. */
void sg_atomic_abort(struct sg_atomic_file *af);

#endif
