/*
 * `secgate hook install|uninstall`: the pre-push hook. It is written where
 * git looks for hooks (core.hooksPath, else .git/hooks, via libgit2), never
 * over a hook secgate did not write unless --force, and uninstall removes
 * only a hook secgate wrote.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "atomic_file.h"
#include "options.h"
#include "gitinfo.h"
#include "secgate/error.h"

#define HOOK_MARK "# secgate pre-push hook"

static const char hook_text[] =
	"#!/bin/sh\n" HOOK_MARK " (written by 'secgate hook install'; remove "
	"with 'secgate hook uninstall')\n"
	"# git passes the pushed refs on stdin (and the remote's name and URL\n"
	"# as arguments, which secgate does not need).\n"
	"exec secgate run --pre-push\n";

/* The hooks directory, honouring core.hooksPath. *out is new. */
static int hooks_dir(char **out)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_buf found = {0}, hooks = {0};
	char cwd[4096];
	int rc = 0;

	sg_git_init();
	if (!getcwd(cwd, sizeof(cwd)) ||
	    git_repository_discover(&found, cwd, 0, NULL) < 0 ||
	    git_repository_open(&repo, found.ptr) < 0) {
		rc = sg_error(SG_EUSAGE, "not in a git repository");
		goto done;
	}
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&hooks, cfg, "core.hooksPath") == 0) {
		const char *wd = git_repository_workdir(repo);

		if (hooks.ptr[0] == '/' || !wd) {
			*out = strdup(hooks.ptr);
		} else {
			size_t n = strlen(wd) + strlen(hooks.ptr) + 1;
			*out = malloc(n);
			if (*out)
				snprintf(*out, n, "%s%s", wd, hooks.ptr);
		}
	} else {
		size_t n = strlen(git_repository_path(repo)) + 8;
		*out = malloc(n);
		if (*out)
			snprintf(*out, n, "%shooks", git_repository_path(repo));
	}
	if (!*out)
		rc = sg_error(SG_ENOMEM, "out of memory");
done:
	git_buf_dispose(&hooks);
	git_buf_dispose(&found);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

static bool ours(const char *path)
{
	char buf[512] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, HOOK_MARK) != NULL;
}

static int run_hook(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"force", no_argument, NULL, SG_OPT_FORCE},
		SG_OPTION_HELP,
		SG_OPTIONS_END,
	};
	bool force = false, install;
	char *dir = NULL, path[4200];
	struct stat st;
	int c, rc;

	sg_getopt_reset();
	while ((c = sg_getopt(&sg_cmd_hook, argc, argv, longopts)) != -1) {
		if (c == SG_OPT_FORCE)
			force = true;
		else
			return c == SG_OPT_HELP ? SG_EXIT_PASS : SG_EXIT_USAGE;
	}
	if (optind >= argc || (strcmp(argv[optind], "install") &&
			       strcmp(argv[optind], "uninstall")))
		return sg_usage_error(&sg_cmd_hook, "say install or uninstall");
	install = !strcmp(argv[optind], "install");
	if (optind + 1 < argc)
		return sg_usage_error(&sg_cmd_hook, "unexpected argument");
	if ((rc = hooks_dir(&dir)) < 0) {
		sg_print_error(sg_error_message());
		return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
	}
	snprintf(path, sizeof(path), "%s/pre-push", dir);
	free(dir);
	bool exists = lstat(path, &st) == 0;
	if (!install) {
		if (!exists) {
			printf("secgate: no pre-push hook at %s\n", path);
			return SG_EXIT_PASS;
		}
		if (!ours(path)) {
			sg_print_error("the pre-push hook was not written by "
				       "secgate: left as it is");
			return SG_EXIT_USAGE;
		}
		if (unlink(path) != 0) {
			sg_print_error(strerror(errno));
			return SG_EXIT_ERROR;
		}
		printf("secgate: removed %s\n", path);
		return SG_EXIT_PASS;
	}
	if (exists && !ours(path) && !force) {
		char msg[4400];

		snprintf(msg, sizeof(msg), "%s exists and was not written by "
					   "secgate: not replaced (use --force "
					   "to replace it)", path);
		sg_print_error(msg);
		return SG_EXIT_USAGE;
	}
	if (exists && S_ISLNK(st.st_mode))
		unlink(path); /* --force over a link: replace the link itself */
	char *slash = strrchr(path, '/');
	*slash = '\0';
	mkdir(path, 0755); /* hooksPath may not exist yet */
	*slash = '/';
	struct sg_atomic_file af;
	if ((rc = sg_atomic_open(&af, path)) == 0) {
		fputs(hook_text, af.stream);
		fchmod(fileno(af.stream), 0755);
		rc = sg_atomic_commit(&af);
	}
	if (rc < 0) {
		sg_print_error(sg_error_message());
		return SG_EXIT_ERROR;
	}
	printf("secgate: installed the pre-push hook at %s\n", path);
	return SG_EXIT_PASS;
}

const struct sg_command sg_cmd_hook = {
	.name = "hook",
	.summary = "install or remove the pre-push hook",
	.usage = "secgate hook install [--force] | secgate hook uninstall",
	.help =
		"install    write a pre-push hook (core.hooksPath, else\n"
		"           .git/hooks) that runs 'secgate run --pre-push': the\n"
		"           pushed commits for history scanners, diff-aware gating\n"
		"           against the remote for the rest. An existing hook that\n"
		"           secgate did not write is never replaced without --force.\n"
		"uninstall  remove the hook, only if secgate wrote it.\n\n"
		"The hook calls 'secgate' from PATH. To skip it once: git push\n"
		"--no-verify.\n",
	.run = run_hook,
};
