/*
 * A commit's tree into a private directory (see checkout.h). The checkout
 * never touches the index: the user's staged changes are theirs.
 */
#include <git2.h>

#include "checkout.h"
#include "gitinfo.h"
#include "secgate/error.h"

static const char *git_message(void)
{
	const git_error *e = git_error_last(); /* may be NULL in libgit2 1.5 */

	return e && e->message ? e->message : "unknown libgit2 error";
}

int sg_git_checkout_commit(const char *repo_root, const char *sha,
			   const char *dir)
{
	git_checkout_options opts;
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	int rc = 0;

	sg_git_init();
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	if (git_repository_open(&repo, repo_root) < 0 ||
	    git_oid_fromstr(&oid, sha) < 0 ||
	    git_commit_lookup(&commit, repo, &oid) < 0 ||
	    git_commit_tree(&tree, commit) < 0) {
		rc = sg_error(SG_EINPUT, "cannot read commit %.40s: %s", sha,
			      git_message());
		goto done;
	}
	opts.checkout_strategy = GIT_CHECKOUT_FORCE |
				 GIT_CHECKOUT_DONT_UPDATE_INDEX |
				 GIT_CHECKOUT_DONT_WRITE_INDEX;
	opts.target_directory = dir;
	if (git_checkout_tree(repo, (const git_object *)tree, &opts) < 0)
		rc = sg_error(SG_EINPUT, "cannot check out commit %.40s into "
				 "a temporary directory: %s",
			      sha, git_message());
done:
	git_tree_free(tree);
	git_commit_free(commit);
	git_repository_free(repo);
	return rc;
}
