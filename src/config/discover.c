/*
 * Which configuration applies: --config, then SECGATE_CONFIG, then
 * .secgate.yml or .secgate.yaml from the working directory up to the
 * repository's root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_internal.h"

static int existing(const char *path, const char *named_by, char **out)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return sg_error(SG_EUSAGE,
				"%s: the configuration named by %s: "
				"%s",
				path, named_by, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return sg_error(SG_EUSAGE,
				"%s: the configuration named by %s "
				"is a directory",
				path, named_by);
	*out = strdup(path);
	return *out ? 0 : cfg_no_memory();
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir), size = n + strlen(name) + 2;
	char *p = malloc(size);

	if (p)
		snprintf(p, size, "%s%s%s", dir,
			 n && dir[n - 1] == '/' ? "" : "/", name);
	return p;
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

/* 1 and *out when dir holds a configuration, 0 when not, or an error. */
static int probe(const char *dir, char **out)
{
	char *yml = path_join(dir, ".secgate.yml");
	char *yaml = path_join(dir, ".secgate.yaml");
	int rc = 0;

	if (!yml || !yaml) {
		rc = cfg_no_memory();
	} else if (is_file(yml) && is_file(yaml)) {
		rc = sg_error(SG_EUSAGE,
			      "both %s and %s exist: which one "
			      "applies is ambiguous, keep one",
			      yml, yaml);
	} else if (is_file(yml)) {
		*out = yml;
		yml = NULL;
		rc = 1;
	} else if (is_file(yaml)) {
		*out = yaml;
		yaml = NULL;
		rc = 1;
	}
	free(yml);
	free(yaml);
	return rc;
}

int sg_config_find(char **out, const char *explicit_path, const char *repo_root)
{
	const char *env = getenv("SECGATE_CONFIG");
	char *root, *cwd;
	size_t rn;
	int rc = 0;

	*out = NULL;
	if (explicit_path)
		return existing(explicit_path, "--config", out);
	if (env && *env)
		return existing(env, "SECGATE_CONFIG", out);
	if (!repo_root)
		return 0;
	/*
	 * Walk up from the working directory to the root when it is inside
	 * the repository, so a sub-project may carry its own file.
	 */
	root = realpath(repo_root, NULL);
	cwd = realpath(".", NULL);
	rn = root ? strlen(root) : 0;
	if (root && cwd && !strncmp(cwd, root, rn) &&
	    (cwd[rn] == '/' || cwd[rn] == '\0' || (rn == 1 && *root == '/'))) {
		while (strlen(cwd) > rn) {
			char *slash;

			rc = probe(cwd, out);
			if (rc)
				break;
			slash = strrchr(cwd, '/');
			if (!slash)
				break;
			*slash = '\0';
			if (strlen(cwd) < rn)
				break;
		}
	}
	free(root);
	free(cwd);
	if (rc == 0)
		rc = probe(repo_root, out);
	return rc < 0 ? rc : 0;
}
