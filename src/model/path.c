/*
 * Paths as reports give them (absolute, Windows, file:// URIs, "./x") into
 * the one form every report and fingerprint uses: relative to the
 * repository root, '/' separators, no "." segments.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "secgate/path.h"

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode %XX in place (a %00 or a bad escape stays as it is). */
static void percent_decode(char *s)
{
	char *out = s;

	for (char *p = s; *p; p++) {
		int hi, lo;

		if (p[0] == '%' && (hi = hex_value((unsigned char)p[1])) >= 0 &&
		    (lo = hex_value((unsigned char)p[2])) >= 0 && (hi || lo)) {
			*out++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*out++ = *p;
		}
	}
	*out = '\0';
}

static bool has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	/* "C:/x" is a Windows drive, not a scheme. */
	return *p == ':' && p - s > 1;
}

/* Length of an absolute path's root: "/" (1), "C:/" (3), "C:" (2); else 0. */
static size_t root_length(const char *s)
{
	if (s[0] == '/')
		return 1;
	if (isalpha((unsigned char)s[0]) && s[1] == ':')
		return s[2] == '/' ? 3 : 2;
	return 0;
}

/*
 * Resolve "." and ".." segments and drop doubled slashes, in place, before
 * any glob or diff sees the path ("tests/../src/a.py" is src/a.py). The
 * root of an absolute path is kept and ".." does not climb above it; a
 * relative path keeps the ".." that climb above its start ("../x": outside
 * the directory it is relative to).
 */
static void tidy_segments(char *s)
{
	size_t prefix = root_length(s);
	char *out = s + prefix, *p = s + prefix;
	char *floor = out; /* the kept leading ".." segments end here */

	while (*p) {
		char *seg = p;
		size_t n = strcspn(p, "/");

		p += n;
		if (*p == '/')
			p++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (out > floor) {
				/* Drop the last kept segment. */
				while (out > floor && out[-1] != '/')
					out--;
				if (out > floor)
					out--; /* its separating slash */
				continue;
			}
			if (prefix)
				continue; /* "/.." is "/" */
			if (out > s)
				*out++ = '/';
			memcpy(out, "..", 2);
			out += 2;
			floor = out;
			continue;
		}
		if (out > s + prefix)
			*out++ = '/';
		memmove(out, seg, n);
		out += n;
	}
	*out = '\0';
}

/* A malloc'd working copy of raw, decoded; NULL for empty input. */
static char *path_from(const char *raw, bool is_uri)
{
	size_t len;
	char *s;

	if (!raw)
		return NULL;
	while (isspace((unsigned char)*raw))
		raw++;
	len = strlen(raw);
	while (len && isspace((unsigned char)raw[len - 1]))
		len--;
	if (!len)
		return NULL;
	s = strndup(raw, len);
	if (!s)
		return NULL;
	if (is_uri || strncmp(s, "file:", 5) == 0) {
		if (strncmp(s, "file:", 5) == 0) {
			char *p = s + 5;

			if (strncmp(p, "//", 2) == 0) {
				p += 2;
				p += strcspn(p, "/"); /* host, usually empty */
			}
			memmove(s, p, strlen(p) + 1);
			/* "/C:/dev/x" -> "C:/dev/x" */
			if (s[0] == '/' && isalpha((unsigned char)s[1]) &&
			    s[2] == ':')
				memmove(s, s + 1, strlen(s));
		} else if (has_scheme(s)) {
			return s; /* https:// and friends: not a local path */
		}
		percent_decode(s);
	}
	for (char *p = s; *p; p++)
		if (*p == '\\')
			*p = '/';
	return s;
}

/* Takes s (malloc'd); returns the interned result. */
static const char *finish(struct sg_findings *set, char *s)
{
	const char *out = *s ? sg_findings_intern(set, s, strlen(s)) : NULL;

	free(s);
	return out;
}

/* A tidy, malloc'd copy of a root directory without a trailing slash. */
static char *tidy_root(const char *root)
{
	char *r = root && *root ? path_from(root, false) : NULL;
	size_t n;

	if (!r)
		return NULL;
	tidy_segments(r);
	n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		r[--n] = '\0';
	return r;
}

/* Strip root from s in place when s lies under it. */
static bool strip_root(char *s, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/') {
		if (s[0] != '/' || !s[1])
			return false;
		memmove(s, s + 1, strlen(s));
		return true;
	}
	if (strncmp(s, root, n) != 0 || s[n] != '/')
		return false;
	memmove(s, s + n + 1, strlen(s + n + 1) + 1);
	return true;
}

/*
 * The real path of an absolute path's directory (its longest existing
 * ancestor: the file may be gone, a history finding), then the rest. The
 * file name itself is kept: a symbolic link in the repository is the
 * repository's file, wherever it points. malloc'd, or NULL when no
 * ancestor resolves.
 */
static char *real_path_of(const char *path)
{
	char *copy = strdup(path), *real = NULL, *out = NULL;
	size_t len;

	if (!copy)
		return NULL;
	len = strlen(copy);
	while (len > 1 && copy[len - 1] != '/')
		len--;
	if (len > 1)
		len--;
	copy[len] = '\0';
	for (;;) {
		real = realpath(copy, NULL);
		if (real || len <= 1)
			break;
		while (len > 1 && copy[len - 1] != '/')
			len--;
		if (len > 1)
			len--;
		copy[len] = '\0';
	}
	if (real) {
		const char *rest = path + strlen(copy);
		size_t n = strlen(real) + strlen(rest) + 1;

		out = malloc(n);
		if (out)
			snprintf(out, n, "%s%s", strcmp(real, "/") ? real : "",
				 rest);
	}
	free(real);
	free(copy);
	return out;
}

/*
 * s (tidy, malloc'd, taken) relative to the repository root: directly,
 * or by real paths, so that a checkout reached through a symbolic link
 * is still the repository. Otherwise s stays as it is (outside).
 */
static char *relative_to(char *s, const char *repo_root)
{
	char *root = tidy_root(repo_root), *real_s, *real_root;

	if (!root || root_length(s) == 0 || strip_root(s, root)) {
		free(root);
		return s;
	}
	real_s = s[0] == '/' ? real_path_of(s) : NULL;
	real_root = realpath(root, NULL);
	if (real_s && real_root && strip_root(real_s, real_root)) {
		free(s);
		s = real_s;
		real_s = NULL;
	}
	free(real_s);
	free(real_root);
	free(root);
	return s;
}

static bool exists(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *full = malloc(n);
	struct stat st;
	bool found;

	if (!full)
		return false;
	snprintf(full, n, "%s/%s", dir, rel);
	found = lstat(full, &st) == 0;
	free(full);
	return found;
}

/*
 * A relative path from a scanner that ran in work_dir is relative to
 * work_dir; join them (malloc'd; s is taken). When the file is not there
 * but is at the same path from the repository root, the scanner named it
 * from the root (gitleaks' git mode, CodeQL's %SRCROOT%): keep s. When it
 * is not certain that the scanner ran there (a report given to ingest),
 * only a file found under work_dir moves the path there.
 */
static char *from_work_dir(char *s, const char *repo_root,
			   const char *work_dir, bool ran_there)
{
	char *joined;
	size_t n;

	if (!work_dir || !*work_dir || root_length(s) || has_scheme(s))
		return s;
	if (repo_root && strcmp(work_dir, repo_root) == 0)
		return s;
	if (ran_there ? !exists(work_dir, s) && repo_root &&
				exists(repo_root, s)
		      : !exists(work_dir, s))
		return s;
	n = strlen(work_dir) + strlen(s) + 2;
	joined = malloc(n);
	if (!joined)
		return s;
	snprintf(joined, n, "%s/%s", work_dir, s);
	free(s);
	return joined;
}

static const char *to_repository(struct sg_findings *set, char *s,
				 const char *repo_root, const char *work_dir,
				 bool ran_there)
{
	tidy_segments(s);
	s = from_work_dir(s, repo_root, work_dir, ran_there);
	tidy_segments(s);
	if (repo_root && *repo_root)
		s = relative_to(s, repo_root);
	return finish(set, s);
}

const char *sg_path_normalize_from(struct sg_findings *set, const char *raw,
				   const char *repo_root, const char *work_dir,
				   bool ran_there)
{
	char *s = path_from(raw, false);

	if (!s)
		return NULL;
	if (has_scheme(s) && strncmp(s, "file:", 5) != 0)
		return finish(set, s);
	return to_repository(set, s, repo_root, work_dir, ran_there);
}

const char *sg_path_normalize(struct sg_findings *set, const char *raw,
			      const char *repo_root)
{
	return sg_path_normalize_from(set, raw, repo_root, NULL, false);
}

const char *sg_uri_join(struct sg_findings *set, const char *base,
			const char *ref)
{
	size_t nb, nr;
	char *out;

	if (!ref)
		return NULL;
	if (!base || has_scheme(ref) || ref[0] == '/')
		return sg_findings_strdup(set, ref);
	nb = strlen(base);
	nr = strlen(ref);
	out = sg_arena_alloc(&set->arena, nb + nr + 2);
	if (!out)
		return NULL;
	memcpy(out, base, nb);
	if (nb && base[nb - 1] != '/')
		out[nb++] = '/';
	memcpy(out + nb, ref, nr + 1);
	return out;
}

const char *sg_uri_normalize_from(struct sg_findings *set, const char *uri,
				  const char *repo_root, const char *work_dir,
				  bool ran_there)
{
	char *s = path_from(uri, true);

	if (!s)
		return NULL;
	if (has_scheme(s))
		return finish(set, s);
	return to_repository(set, s, repo_root, work_dir, ran_there);
}

const char *sg_uri_normalize(struct sg_findings *set, const char *uri,
			     const char *repo_root)
{
	return sg_uri_normalize_from(set, uri, repo_root, NULL, false);
}

bool sg_path_outside_repository(const char *path)
{
	int depth = 0;

	if (!path || !*path)
		return false;
	if (path[0] == '/' || path[0] == '\\' || has_scheme(path) ||
	    (isalpha((unsigned char)path[0]) && path[1] == ':'))
		return true;
	while (*path) {
		size_t n = strcspn(path, "/");

		if (n == 2 && path[0] == '.' && path[1] == '.')
			depth--;
		else if (n && !(n == 1 && path[0] == '.'))
			depth++;
		if (depth < 0)
			return true;
		path += n;
		while (*path == '/')
			path++;
	}
	return false;
}
