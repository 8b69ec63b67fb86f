/*
 * Paths as reports give them (absolute, Windows, file:// URIs, "./x") into
 * the one form every report and fingerprint uses: relative to the
 * repository root, '/' separators, no "." segments.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

/* Remove "." segments and doubled slashes; keep a leading '/' or drive. */
static void tidy_segments(char *s)
{
	char *out = s, *p = s;
	bool absolute = *p == '/';

	if (absolute)
		*out++ = *p++;
	while (*p) {
		char *seg = p;
		size_t n = strcspn(p, "/");

		p += n;
		if (*p == '/')
			p++;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (out > s && out[-1] != '/')
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

static const char *relative_to_root(struct sg_findings *set, char *s,
				    const char *repo_root)
{
	size_t n;

	tidy_segments(s);
	if (repo_root && *repo_root) {
		char *root = path_from(repo_root, false);

		if (root) {
			tidy_segments(root);
			n = strlen(root);
			while (n > 1 && root[n - 1] == '/')
				root[--n] = '\0';
			if (strncmp(s, root, n) == 0 && s[n] == '/')
				memmove(s, s + n + 1, strlen(s + n + 1) + 1);
			free(root);
		}
	}
	return finish(set, s);
}

const char *sg_path_normalize(struct sg_findings *set, const char *raw,
			      const char *repo_root)
{
	char *s = path_from(raw, false);

	if (!s)
		return NULL;
	if (has_scheme(s) && strncmp(s, "file:", 5) != 0)
		return finish(set, s);
	return relative_to_root(set, s, repo_root);
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

const char *sg_uri_normalize(struct sg_findings *set, const char *uri,
			     const char *repo_root)
{
	char *s = path_from(uri, true);

	if (!s)
		return NULL;
	if (has_scheme(s))
		return finish(set, s);
	return relative_to_root(set, s, repo_root);
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
