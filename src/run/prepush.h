/*
 * git's pre-push protocol: the lines "<local ref> <local sha> <remote ref>
 * <remote sha>" on standard input, turned into what `secgate run` scans.
 */
#ifndef SECGATE_PREPUSH_H
#define SECGATE_PREPUSH_H

#include <stdbool.h>
#include <stdio.h>

/* One pushed ref: each is gated on its own tree, against its own remote. */
struct sg_prepush_ref {
	char *local_ref;   /* e.g. refs/heads/feature (new) */
	char *local_sha;   /* the commit being pushed (new; a tag's commit) */
	char *remote_sha;  /* the remote's commit (new), or NULL: a new branch */
	char *log_range;   /* git log arguments for this ref's commits (new) */
	size_t commits;    /* commits this ref pushes */
};

struct sg_prepush {
	bool nothing;      /* only deletions (or no lines): nothing to check */
	struct sg_prepush_ref *refs; /* in the order git gave them */
	size_t n_refs;
};

/*
 * Read the lines from in, one ref per line that is not a deletion. A
 * ref's commits are those reachable from its local sha (an annotated tag:
 * its commit) and not from its remote sha, or for a new branch from no
 * remote-tracking ref. Errors (a malformed line, an unknown commit, a tag
 * of no commit): SG_EINPUT.
 */
int sg_prepush_read(struct sg_prepush *push, FILE *in, const char *repo_root);

void sg_prepush_release(struct sg_prepush *push);

#endif
