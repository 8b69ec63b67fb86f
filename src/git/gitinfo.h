/*
 * Repository facts from libgit2 (never a `git` subprocess).
 */
#ifndef SECGATE_GITINFO_H
#define SECGATE_GITINFO_H

/* Initialise libgit2 once for the process (shut down at exit). */
void sg_git_init(void);

/*
 * The working directory root of the repository containing the current
 * directory, or the current directory itself outside a repository.
 * *out is new (free it). Returns 0 or an error code.
 */
int sg_git_repo_root(char **out);

/*
 * Facts for versionControlProvenance and the release record, each new or
 * NULL when unknown: the "origin" remote's URL (as configured: callers
 * strip credentials), HEAD's commit id, and the branch name.
 */
void sg_git_describe(const char *repo_root, char **remote_url, char **revision,
		     char **branch);

#endif
