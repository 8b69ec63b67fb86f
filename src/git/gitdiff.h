/*
 * Diff-aware gating: which lines a change touched, from libgit2. The change
 * is everything between the merge base of a ref and HEAD, and the working
 * tree (staged, unstaged and untracked files included).
 */
#ifndef SECGATE_GITDIFF_H
#define SECGATE_GITDIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "secgate/finding.h"

struct sg_diff;

/*
 * Compute the change in the repository at repo_root against base_ref (a
 * branch, tag or sha). A base that cannot be found, or has no merge base
 * with HEAD (a shallow clone), is an error (SG_EINPUT: exit 3), never an
 * empty diff. *out is new (sg_diff_free).
 */
int sg_diff_load(struct sg_diff **out, const char *repo_root,
		 const char *base_ref);

/*
 * The same for a change that ends at the commit head_sha (a pushed
 * commit: its tree, not the work tree); head_sha NULL is sg_diff_load.
 */
int sg_diff_load_at(struct sg_diff **out, const char *repo_root,
		    const char *base_ref, const char *head_sha);

void sg_diff_free(struct sg_diff *diff);

/* The commit (full or 7+ hex digits) is one of the change's commits. */
bool sg_diff_commit_in_change(const struct sg_diff *diff, const char *commit);

/* The file changed (added, modified, renamed to it). */
bool sg_diff_file_changed(const struct sg_diff *diff, const char *path);

/* A line in [start, end] was added or changed (end 0: start only). */
bool sg_diff_lines_touched(const struct sg_diff *diff, const char *path,
			   uint32_t start, uint32_t end);

/* Number of changed files (for messages and tests). */
size_t sg_diff_file_count(const struct sg_diff *diff);

/*
 * Set outside_diff on every finding the change did not touch: a finding
 * with a commit in the change is touched; findings with lines need a
 * touched line; with a path only, a changed file; vulnerabilities, a
 * changed manifest or lock file of their ecosystem (an ecosystem secgate
 * cannot map: always touched). Findings with no location at all, or a
 * path outside the repository, are never outside the diff.
 */
void sg_diff_mark(const struct sg_diff *diff, struct sg_findings *set);

#endif
