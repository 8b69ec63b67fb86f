/*
 * The pre-push hook's input (see prepush.h), one entry per pushed ref.
 * Each ref's history range is handed to gitleaks as git log arguments
 * ("L --not R", or "L --not --remotes" for a new branch); libgit2 checks
 * the commits exist and counts them, so a push of nothing new is said to
 * be one.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "gitinfo.h"
#include "prepush.h"
#include "secgate/error.h"

#define MAX_REFS 64

static bool is_sha(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return (n == 40 || n == 64) && s[n] == '\0';
}

static bool is_zero(const char *s)
{
	return s[strspn(s, "0")] == '\0';
}

static int append(char **buf, size_t *len, const char *word)
{
	size_t n = strlen(word);
	char *b = realloc(*buf, *len + n + 2);

	if (!b)
		return sg_error(SG_ENOMEM, "out of memory");
	if (*len)
		b[(*len)++] = ' ';
	memcpy(b + *len, word, n + 1);
	*len += n;
	*buf = b;
	return 0;
}

/* Count the commits being pushed; also proves every sha is known. */
static int count_commits(size_t *count, const char *repo_root,
			 char **locals, size_t n_locals, char **remotes,
			 size_t n_remotes, bool new_branch)
{
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc = 0;

	sg_git_init();
	if (git_repository_open(&repo, repo_root) < 0 ||
	    git_revwalk_new(&walk, repo) < 0) {
		rc = sg_error(SG_EINPUT, "--pre-push: cannot open the repository");
		goto done;
	}
	for (size_t i = 0; i < n_locals; i++)
		if (git_oid_fromstr(&oid, locals[i]) < 0 ||
		    git_revwalk_push(walk, &oid) < 0) {
			rc = sg_error(SG_EINPUT, "--pre-push: commit %s is not "
					 "in this repository", locals[i]);
			goto done;
		}
	for (size_t i = 0; i < n_remotes; i++)
		if (git_oid_fromstr(&oid, remotes[i]) < 0 ||
		    git_revwalk_hide(walk, &oid) < 0) {
			rc = sg_error(SG_EINPUT, "--pre-push: the remote's commit "
					 "%s is not here (fetch first)",
				      remotes[i]);
			goto done;
		}
	if (new_branch)
		git_revwalk_hide_glob(walk, "refs/remotes/*");
	while (git_revwalk_next(&oid, walk) == 0)
		(*count)++;
done:
	git_revwalk_free(walk);
	git_repository_free(repo);
	return rc;
}

/*
 * The commit a pushed sha names: itself, or what an annotated tag points
 * at. Into hex (41 bytes). SG_EINPUT when it is no commit.
 */
static int peel_to_commit(const char *repo_root, const char *sha, char *hex)
{
	git_repository *repo = NULL;
	git_object *obj = NULL, *commit = NULL;
	git_oid oid;
	int rc = 0;

	sg_git_init();
	if (git_repository_open(&repo, repo_root) < 0 ||
	    git_oid_fromstr(&oid, sha) < 0 ||
	    git_object_lookup(&obj, repo, &oid, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		rc = sg_error(SG_EINPUT, "--pre-push: %.40s is not a commit "
				 "in this repository (nor a tag of one)",
			      sha);
	else
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	git_repository_free(repo);
	return rc;
}

/* Add a ref to push->refs with its own range and commit count. */
static int add_ref(struct sg_prepush *push, const char *repo_root,
		   const char *lref, const char *lsha, const char *rsha)
{
	struct sg_prepush_ref *r, *grown;
	char *locals[1], *remotes[1], commit[GIT_OID_HEXSZ + 1];
	size_t len = 0;
	int rc = peel_to_commit(repo_root, lsha, commit);

	if (rc < 0)
		return rc;

	grown = realloc(push->refs, (push->n_refs + 1) * sizeof(*grown));
	if (!grown)
		return sg_error(SG_ENOMEM, "out of memory");
	push->refs = grown;
	r = &push->refs[push->n_refs++];
	memset(r, 0, sizeof(*r));
	r->local_ref = strdup(lref);
	r->local_sha = strdup(commit); /* a tag's commit: what is scanned */
	r->remote_sha = rsha ? strdup(rsha) : NULL;
	if (!r->local_ref || !r->local_sha || (rsha && !r->remote_sha))
		return sg_error(SG_ENOMEM, "out of memory");
	rc = append(&r->log_range, &len, r->local_sha);
	if (rc == 0)
		rc = append(&r->log_range, &len, "--not");
	if (rc == 0)
		rc = append(&r->log_range, &len, rsha ? rsha : "--remotes");
	locals[0] = r->local_sha;
	remotes[0] = r->remote_sha;
	if (rc == 0)
		rc = count_commits(&r->commits, repo_root, locals, 1, remotes,
				   rsha ? 1 : 0, !rsha);
	return rc;
}

int sg_prepush_read(struct sg_prepush *push, FILE *in, const char *repo_root)
{
	char line[1024];
	int rc = 0;

	memset(push, 0, sizeof(*push));
	while (fgets(line, sizeof(line), in)) {
		char lref[512], lsha[80], rref[512], rsha[80];

		if (line[0] == '\n')
			continue;
		if (sscanf(line, "%511s %79s %511s %79s", lref, lsha, rref,
			   rsha) != 4 || !is_sha(lsha) || !is_sha(rsha)) {
			rc = sg_error(SG_EINPUT, "--pre-push: expected '<local "
					 "ref> <local sha> <remote ref> <remote "
					 "sha>' lines on stdin (from git)");
			goto done;
		}
		if (is_zero(lsha))
			continue; /* a deletion: nothing to scan */
		if (push->n_refs == MAX_REFS) {
			rc = sg_error(SG_EINPUT, "--pre-push: more than %d refs",
				      MAX_REFS);
			goto done;
		}
		rc = add_ref(push, repo_root, lref, lsha,
			     is_zero(rsha) ? NULL : rsha);
		if (rc < 0)
			goto done;
	}
	/* The pre-commit framework passes the range in its environment. */
	const char *to = getenv("PRE_COMMIT_TO_REF");
	const char *from = getenv("PRE_COMMIT_FROM_REF");
	if (push->n_refs == 0 && to && is_sha(to) && !is_zero(to)) {
		bool have_from = from && is_sha(from) && !is_zero(from);

		rc = add_ref(push, repo_root, "HEAD", to,
			     have_from ? from : NULL);
		if (rc < 0)
			goto done;
	}
	push->nothing = push->n_refs == 0;
done:
	if (rc < 0)
		sg_prepush_release(push);
	return rc;
}

void sg_prepush_release(struct sg_prepush *push)
{
	for (size_t i = 0; i < push->n_refs; i++) {
		free(push->refs[i].local_ref);
		free(push->refs[i].local_sha);
		free(push->refs[i].remote_sha);
		free(push->refs[i].log_range);
	}
	free(push->refs);
	memset(push, 0, sizeof(*push));
}
