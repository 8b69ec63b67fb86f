/*
 * libgit2 queries (see gitinfo.h). libgit2 is initialised once per process
 * and shut down at exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "gitinfo.h"
#include "secgate/error.h"

static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

void sg_git_init(void)
{
	static bool done;

	/*
	 * Once: initialisation parses the system's CA certificates. With
	 * Debian's libgit2 1.5 (mbedTLS) that is ~56 M instructions, ~20 ms,
	 * on every run, and nothing in its API avoids it: the bundle's path
	 * is compiled in and loaded by git_libgit2_init() itself
	 * (GIT_OPT_SET_SSL_CERT_LOCATIONS only replaces it later). secgate
	 * never uses libgit2's TLS (no fetch, clone or push), so the cost
	 * buys nothing; a libgit2 that loads certificates lazily would
	 * remove it.
	 */
	if (!done) {
		done = true;
		git_libgit2_init();
		atexit(shutdown_libgit2);
	}
}

int sg_git_repo_root(char **out)
{
	git_buf found = {0};
	git_repository *repo = NULL;
	char cwd[PATH_MAX];
	const char *workdir;
	int rc = 0;

	if (!getcwd(cwd, sizeof(cwd)))
		return sg_error(SG_EIO, "cannot read the working directory: %s",
				strerror(errno));
	sg_git_init();
	if (git_repository_discover(&found, cwd, 0, NULL) == 0 &&
	    git_repository_open(&repo, found.ptr) == 0 &&
	    (workdir = git_repository_workdir(repo)) != NULL) {
		*out = strdup(workdir);
		size_t n = *out ? strlen(*out) : 0;
		while (n > 1 && (*out)[n - 1] == '/')
			(*out)[--n] = '\0';
	} else {
		*out = strdup(cwd); /* not in a repository: paths are relative to here */
	}
	if (!*out)
		rc = sg_error(SG_ENOMEM, "out of memory");
	git_repository_free(repo);
	git_buf_dispose(&found);
	return rc;
}

void sg_git_describe(const char *repo_root, char **remote_url, char **revision,
		     char **branch)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf url = {0};
	git_reference *head = NULL;
	git_oid oid;
	char sha[GIT_OID_HEXSZ + 1];

	*remote_url = *revision = *branch = NULL;
	sg_git_init();
	if (git_repository_open(&repo, repo_root) < 0)
		return;
	/*
	 * The configured URL, read directly: git_remote_lookup() applies
	 * url.*.insteadOf with regular expressions that libgit2 1.5 leaks.
	 */
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&url, cfg, "remote.origin.url") == 0)
		*remote_url = strdup(url.ptr);
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
		git_oid_tostr(sha, sizeof(sha), &oid);
		*revision = strdup(sha);
	}
	if (git_repository_head(&head, repo) == 0 && git_reference_is_branch(head))
		*branch = strdup(git_reference_shorthand(head));
	git_reference_free(head);
	git_buf_dispose(&url);
	git_config_free(cfg);
	git_repository_free(repo);
}
