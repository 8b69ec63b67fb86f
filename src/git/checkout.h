/*
 * A commit's tree written into a directory of our own, with libgit2, for
 * scanners that read files (the pre-push hook scans what is pushed, not
 * the working tree). The repository, its index and work tree are left
 * alone.
 */
#ifndef SECGATE_CHECKOUT_H
#define SECGATE_CHECKOUT_H

/*
 * Write the tree of commit sha (hex) of the repository at repo_root into
 * dir (an existing, empty, private directory). Returns 0, or SG_EINPUT
 * naming the commit when it cannot be read or written.
 */
int sg_git_checkout_commit(const char *repo_root, const char *sha,
			   const char *dir);

#endif
