/*
 * The canary repository (see canary.h). Values come from the system's
 * CSPRNG; letters and digits alternate so that no run of letters forms a
 * word on gitleaks' stopword lists (which would make the generic rule
 * ignore the AWS secret) and no value ends in the allowlisted "EXAMPLE".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "canary.h"
#include "gitinfo.h"
#include "path_glob.h"
#include "runner.h"
#include "secgate/error.h"

static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char letters[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* n characters, letters (from set) and digits (from digits) alternating. */
static int fill(char *out, size_t n, const char *set, const char *digits)
{
	unsigned char r[64];

	if (n > sizeof(r) || RAND_bytes(r, (int)n) != 1)
		return sg_error(SG_EIO, "canary: no random bytes");
	for (size_t i = 0; i < n; i++) {
		const char *from = i % 2 ? digits : set;

		out[i] = from[r[i] % strlen(from)];
	}
	out[n] = '\0';
	OPENSSL_cleanse(r, sizeof(r));
	return 0;
}

static int generate(struct sg_canary *c)
{
	struct sg_canary_secret *s = c->secrets;
	int rc;

	s[0].kind = "AWS access key id";
	memcpy(s[0].value, "AKIA", 4);
	rc = fill(s[0].value + 4, 16, upper, "234567");
	s[1].kind = "AWS secret access key";
	if (rc == 0)
		rc = fill(s[1].value, 40, letters, "0123456789");
	s[2].kind = "GitHub token";
	memcpy(s[2].value, "ghp_", 4);
	if (rc == 0)
		rc = fill(s[2].value + 4, 36, letters, "0123456789");
	return rc;
}

static bool has_meta(const char *segment, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strchr("*?[\\", segment[i]))
			return true;
	return false;
}

/* The leading segments of the first include glob that are plain names. */
static void first_folder(const struct sg_config *config, char *out, size_t size)
{
	const char *p = config->n_include ? config->include[0] : "";
	size_t len = 0;

	out[0] = '\0';
	if (p[0] == '/')
		p++;
	else if (p[0] == '.' && p[1] == '/')
		p += 2;
	for (;;) {
		const char *slash = strchr(p + len, '/');
		size_t n;

		if (!slash)
			break; /* the last segment is a file name or pattern */
		n = (size_t)(slash - (p + len));
		if (n == 0 || has_meta(p + len, n) ||
		    (n == 2 && !strncmp(p + len, "..", 2)) ||
		    (n == 1 && p[len] == '.'))
			break;
		len += n + 1;
	}
	if (len && len < size) {
		memcpy(out, p, len); /* with its trailing '/' */
		out[len] = '\0';
	}
}

static bool passes_filters(const struct sg_config *config, const char *path)
{
	bool included = config->n_include == 0;

	for (size_t i = 0; i < config->n_include && !included; i++)
		included = sg_glob_match(config->include[i], path);
	for (size_t i = 0; i < config->n_exclude && included; i++)
		if (sg_glob_match(config->exclude[i], path))
			return false;
	return included;
}

static int choose_path(struct sg_canary *c, const struct sg_config *config)
{
	static const char *const names[] = {
	    "secgate_canary.py", "secgate-canary.env", "secgate_canary.js",
	    "secgate_canary.go", "secgate-canary.yml", "secgate-canary.txt",
	};
	char folder[1024], path[1200];

	first_folder(config, folder, sizeof(folder));
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		snprintf(path, sizeof(path), "%s%s", folder, names[i]);
		if (passes_filters(config, path))
			break;
		if (i + 1 == sizeof(names) / sizeof(*names))
			snprintf(path, sizeof(path), "%s%s", folder, names[0]);
	}
	c->path = strdup(path);
	return c->path ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

static int mkdirs(const char *root, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return sg_error(SG_EIO, "canary: cannot create %s: %s",
					path, strerror(errno));
		*p = '/';
	}
	return 0;
}

static int write_text(const char *root, const char *rel, const char *text,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (!(f = fopen(path, "w")))
		return sg_error(SG_EIO, "canary: cannot write %s: %s", path,
				strerror(errno));
	ok = fwrite(text, 1, len, f) == len;
	ok &= fclose(f) == 0;
	return ok ? 0 : sg_error(SG_EIO, "canary: cannot write %s", path);
}

/* The user's gitleaks configuration applies to the canary too. */
static int copy_gitleaks_config(const char *user_root, const char *repo)
{
	static const char *const files[] = {".gitleaks.toml",
					    ".gitleaksignore"};

	for (size_t i = 0; user_root && i < 2; i++) {
		char path[4096], *text = NULL;
		size_t len = 0, cap = 0, got;
		char buf[8192];
		FILE *f;
		int rc = 0;

		snprintf(path, sizeof(path), "%s/%s", user_root, files[i]);
		if (!(f = fopen(path, "r")))
			continue;
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0 && rc == 0) {
			if (len + got > cap) {
				char *t = realloc(text, cap = (len + got) * 2);

				if (!t) {
					rc = sg_error(SG_ENOMEM,
						      "out of memory");
					break;
				}
				text = t;
			}
			memcpy(text + len, buf, got);
			len += got;
		}
		fclose(f);
		if (rc == 0)
			rc = write_text(repo, files[i], text ? text : "", len);
		free(text);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int commit_all(const char *repo_path, const char *file)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit_id;
	int rc = 0;

	sg_git_init();
	if (git_repository_init(&repo, repo_path, 0) < 0 ||
	    git_repository_index(&index, repo) < 0 ||
	    git_index_add_bypath(index, file) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_signature_new(&sig, "secgate canary", "canary@secgate.invalid",
			      0, 0) < 0 ||
	    git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL,
				"secgate doctor --canary", tree, 0) < 0) {
		const git_error *e = git_error_last();

		rc = sg_error(SG_EIO, "canary: cannot commit in %s: %s",
			      repo_path, e && e->message ? e->message : "?");
	}
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

int sg_canary_plant(struct sg_canary *c, const struct sg_config *config,
		    const char *user_root)
{
	char text[512];
	int rc, n;

	memset(c, 0, sizeof(*c));
	rc = generate(c);
	if (rc == 0)
		rc = choose_path(c, config);
	if (rc == 0)
		rc = sg_tmpdir_create(&c->repo);
	if (rc == 0)
		rc = mkdirs(c->repo, c->path);
	if (rc == 0) {
		n = snprintf(text, sizeof(text),
			     "# secgate doctor --canary: fake credentials, "
			     "generated for this check\n"
			     "aws_access_key_id = \"%s\"\n"
			     "aws_secret_access_key = \"%s\"\n"
			     "github_token = \"%s\"\n",
			     c->secrets[0].value, c->secrets[1].value,
			     c->secrets[2].value);
		for (size_t i = 0; i < SG_CANARY_SECRETS; i++)
			c->secrets[i].line = (uint32_t)i + 2;
		rc = write_text(c->repo, c->path, text, (size_t)n);
		OPENSSL_cleanse(text, sizeof(text));
	}
	if (rc == 0)
		rc = copy_gitleaks_config(user_root, c->repo);
	if (rc == 0)
		rc = commit_all(c->repo, c->path);
	if (rc < 0)
		sg_canary_release(c);
	return rc;
}

void sg_canary_release(struct sg_canary *c)
{
	if (c->repo) {
		sg_tmpdir_remove(c->repo);
		free(c->repo);
	}
	free(c->path);
	OPENSSL_cleanse(c->secrets, sizeof(c->secrets));
	memset(c, 0, sizeof(*c));
}
