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
#include "runner.h"
#include "sanitize.h"
#include "secgate/error.h"

#define HOOK_MARK "# secgate pre-push hook"

static const char hook_head[] =
	"#!/bin/sh\n" HOOK_MARK " (written by 'secgate hook install'; remove "
	"with 'secgate hook uninstall')\n"
	"# git passes the pushed refs on stdin (and the remote's name and URL\n"
	"# as arguments, which secgate does not need).\n";

/*
 * The hook runs the binary that installed it (a build folder is rarely on
 * PATH); when that binary has moved it says so and falls back to PATH, and
 * without either it refuses the push (fail closed; --no-verify skips it).
 */
static const char hook_body[] =
	"if [ ! -x \"$secgate\" ]; then\n"
	"\techo \"secgate pre-push hook: $secgate is gone (moved or removed);\" \\\n"
	"\t     \"using secgate from PATH (run 'secgate hook install' again)\" >&2\n"
	"\tsecgate=secgate\n"
	"\tif ! command -v secgate >/dev/null 2>&1; then\n"
	"\t\techo \"secgate pre-push hook: secgate is not on PATH either:\" \\\n"
	"\t\t     \"push refused (install it, or git push --no-verify)\" >&2\n"
	"\t\texit 1\n"
	"\tfi\n"
	"fi\n"
	"exec \"$secgate\" run --pre-push\n";

/* This binary's absolute path (new), or NULL when it cannot be told. */
static char *own_path(void)
{
	/* Fails when the binary was deleted or replaced since it started. */
	char *path = realpath("/proc/self/exe", NULL);

	if (path && path[0] != '/') {
		free(path);
		return NULL;
	}
	return path;
}

/* Write s single-quoted for sh: ' becomes '\''. */
static void put_sh_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void write_hook(FILE *f, const char *self)
{
	fputs(hook_head, f);
	fputs("secgate=", f);
	if (self)
		put_sh_quoted(f, self);
	else
		fputs("secgate", f);
	fputc('\n', f);
	if (self)
		fputs(hook_body, f);
	else
		fputs("exec \"$secgate\" run --pre-push\n", f);
}

/* Warn when a later shell (or the fallback) could not find secgate. */
static void warn_if_not_on_path(const char *self)
{
	char *found = NULL;

	if (sg_find_program("secgate", &found) < 0 || found) {
		free(found);
		return;
	}
	fputs("secgate: warning: secgate is not on PATH; the hook runs ", stderr);
	sg_fputs_terminal(stderr, self ? self : "secgate");
	fputs(self ? " (if it moves, install the hook again or put secgate "
		     "on PATH)\n"
		   : " from PATH, and will fail until it is there\n",
	      stderr);
}

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

/* Longest hook secgate writes: the text plus a quoted path. */
#define HOOK_MAX 16384

/*
 * The binary a hook's "secgate=" line records (new): *self is NULL for the
 * PATH form ("secgate=secgate"). -1 when the line is missing or malformed.
 */
static int recorded_binary(const char *text, char **self)
{
	const char *p = strstr(text, "\nsecgate=");
	char *out;
	size_t n = 0;

	*self = NULL;
	if (!p)
		return -1;
	p += strlen("\nsecgate=");
	if (strncmp(p, "secgate\n", 8) == 0)
		return 0;
	if (*p++ != '\'')
		return -1;
	out = malloc(strlen(p) + 1);
	if (!out)
		return -1;
	while (*p && *p != '\n') {
		if (strncmp(p, "'\\''", 4) == 0) {
			out[n++] = '\'';
			p += 4;
		} else if (*p == '\'') {
			break;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	*self = out;
	return 0;
}

/*
 * Whether secgate wrote the hook at path: a regular file whose content is
 * exactly what 'hook install' writes for the binary it records. The marker
 * line alone proves nothing (a foreign hook may quote or wrap it), and
 * removing or replacing someone's hook loses their work.
 */
static bool ours(const char *path)
{
	char *text = NULL, *expected = NULL, *self = NULL;
	size_t n = 0, len = 0;
	struct stat st;
	bool same = false;
	FILE *f, *mem;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= 0 || st.st_size > HOOK_MAX)
		return false;
	f = fopen(path, "r");
	text = calloc(HOOK_MAX + 1, 1);
	if (f && text)
		n = fread(text, 1, HOOK_MAX, f);
	if (f)
		fclose(f);
	if (!text || n != (size_t)st.st_size || memchr(text, '\0', n) ||
	    recorded_binary(text, &self) < 0)
		goto done;
	mem = open_memstream(&expected, &len);
	if (!mem)
		goto done;
	write_hook(mem, self);
	if (fclose(mem) == 0)
		same = len == n && memcmp(expected, text, n) == 0;
done:
	free(text);
	free(expected);
	free(self);
	return same;
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
			printf("secgate: no pre-push hook at ");
			sg_fputs_terminal(stdout, path);
			putchar('\n');
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
		printf("secgate: removed ");
		sg_fputs_terminal(stdout, path);
		putchar('\n');
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
	char *self = own_path();
	if (!self)
		fputs("secgate: warning: cannot tell where this secgate binary "
		      "is (/proc/self/exe): the hook calls secgate from PATH\n",
		      stderr);
	if ((rc = sg_atomic_open(&af, path)) == 0) {
		write_hook(af.stream, self);
		fchmod(fileno(af.stream), 0755);
		rc = sg_atomic_commit(&af);
	}
	if (rc < 0) {
		sg_print_error(sg_error_message());
		free(self);
		return SG_EXIT_ERROR;
	}
	printf("secgate: installed the pre-push hook at ");
	sg_fputs_terminal(stdout, path);
	putchar('\n');
	if (self) {
		printf("secgate: it runs ");
		sg_fputs_terminal(stdout, self);
		printf("\n");
	}
	warn_if_not_on_path(self);
	free(self);
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
		"The hook runs the secgate binary that installed it (its absolute\n"
		"path, from /proc/self/exe); if that binary has moved, the hook\n"
		"says so and runs 'secgate' from PATH, and refuses the push when\n"
		"there is none. install warns when secgate is not on PATH. To\n"
		"skip the hook once: git push --no-verify.\n",
	.run = run_hook,
};
