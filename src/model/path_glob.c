/*
 * Globs over repository-relative paths (see glob.h). Both levels, the
 * characters of a segment and the segments of a path, use the iterative
 * "remember the last star" matcher: a star only ever needs the most recent
 * backtrack point, so the time is bounded by the product of the lengths.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "path_glob.h"

/*
 * One UTF-8 character: its length (at least 1) and code point. An invalid
 * byte stands for itself as 0xDC00 + byte, which no valid character
 * decodes to, so `?` still steps over it and it only matches itself.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		goto invalid;
	}
	if (len > n)
		goto invalid;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto invalid;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		goto invalid;
	*cp = v;
	return len;
invalid:
	*cp = 0xdc00 + c;
	return 1;
}

/* One class member (a character, maybe escaped): its length and code point. */
static size_t class_char(const char *p, size_t pn, uint32_t *cp)
{
	if (p[0] == '\\' && pn > 1)
		return 1 +
		       utf8_decode((const unsigned char *)p + 1, pn - 1, cp);
	return utf8_decode((const unsigned char *)p, pn, cp);
}

/*
 * A bracket expression at p[0] == '['. Returns its length, or 0 when it is
 * not closed (then '[' is an ordinary character). With c != NULL, *matched
 * says whether code point *c is in the class.
 */
static size_t bracket(const char *p, size_t pn, const uint32_t *c,
		      bool *matched)
{
	size_t i = 1;
	bool negate = false, in = false, first = true;

	if (i < pn && (p[i] == '!' || p[i] == '^')) {
		negate = true;
		i++;
	}
	while (i < pn) {
		uint32_t lo, hi;

		/* A ']' right after '[' or '[!' is a member, as in fnmatch. */
		if (p[i] == ']' && !first) {
			if (c && matched)
				*matched = in != negate;
			return i + 1;
		}
		first = false;
		if (p[i] == '\\' && i + 1 >= pn)
			return 0;
		i += class_char(p + i, pn - i, &lo);
		hi = lo;
		if (i + 1 < pn && p[i] == '-' && p[i + 1] != ']') {
			i++;
			if (p[i] == '\\' && i + 1 >= pn)
				return 0;
			i += class_char(p + i, pn - i, &hi);
		}
		if (c && *c >= lo && *c <= hi)
			in = true;
	}
	return 0;
}

/*
 * Match one pattern element (not '*') against the start of s: sets the
 * lengths consumed on each side.
 */
static bool one_char(const char *p, size_t pn, const char *s, size_t sn,
		     size_t *pl, size_t *sl)
{
	uint32_t cp;

	if (sn == 0)
		return false;
	if (p[0] == '?') {
		*pl = 1;
		*sl = utf8_decode((const unsigned char *)s, sn, &cp);
		return true;
	}
	if (p[0] == '[') {
		bool matched = false;
		size_t n;

		*sl = utf8_decode((const unsigned char *)s, sn, &cp);
		n = bracket(p, pn, &cp, &matched);
		if (n) {
			*pl = n;
			return matched;
		}
	}
	if (p[0] == '\\' && pn > 1) {
		*pl = 2;
		*sl = 1;
		return p[1] == s[0];
	}
	*pl = 1;
	*sl = 1;
	return p[0] == s[0];
}

/* A pattern segment against a path segment; '*' (and '**' inside) stays in it.
 */
static bool segment_match(const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star_p = 0, star_s = 0;
	bool star = false;

	while (si < sn) {
		size_t pl, sl;
		uint32_t cp;

		if (pi < pn && p[pi] == '*') {
			while (pi < pn && p[pi] == '*')
				pi++;
			star = true;
			star_p = pi;
			star_s = si;
			continue;
		}
		if (pi < pn &&
		    one_char(p + pi, pn - pi, s + si, sn - si, &pl, &sl)) {
			pi += pl;
			si += sl;
			continue;
		}
		if (!star)
			return false;
		/* Let the last star take one more character, and retry. */
		star_s += utf8_decode((const unsigned char *)s + star_s,
				      sn - star_s, &cp);
		pi = star_p;
		si = star_s;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* A position in a '/'-separated string: the start of a segment, or done. */
struct cursor {
	size_t pos;
	bool done;
};

static size_t segment_len(const char *str, size_t n, struct cursor c)
{
	const char *slash = memchr(str + c.pos, '/', n - c.pos);

	return slash ? (size_t)(slash - (str + c.pos)) : n - c.pos;
}

static struct cursor next_segment(const char *str, size_t n, struct cursor c)
{
	size_t len = segment_len(str, n, c);

	if (c.pos + len >= n) {
		c.pos = n;
		c.done = true;
	} else {
		c.pos += len + 1;
	}
	return c;
}

static bool is_globstar(const char *p, size_t pn, struct cursor c)
{
	return segment_len(p, pn, c) == 2 && p[c.pos] == '*' &&
	       p[c.pos + 1] == '*';
}

bool sg_glob_match(const char *pattern, const char *path)
{
	const char *p = pattern;
	size_t pn, n;
	bool anchored = false, trailing = false, star = false;
	struct cursor pc, sc, star_p = {0, false}, star_s = {0, false};

	if (!pattern || !path)
		return false;
	pn = strlen(p);
	n = strlen(path);
	/* "./x" and "/x" name x at the repository root. */
	for (;;) {
		if (pn >= 2 && p[0] == '.' && p[1] == '/') {
			p += 2;
			pn -= 2;
		} else if (pn >= 1 && p[0] == '/') {
			p++;
			pn--;
		} else {
			break;
		}
		anchored = true;
	}
	/* A trailing '/' means everything under it, as a final "**" would. */
	while (pn > 0 && p[pn - 1] == '/') {
		trailing = true;
		pn--;
	}
	if (pn == 0)
		return anchored || trailing;
	if (memchr(p, '/', pn))
		anchored = true;

	pc.pos = 0;
	pc.done = false;
	sc.pos = 0;
	sc.done = false;
	/* Without a '/', the pattern may start at any depth: "**" before it. */
	if (!anchored) {
		star = true;
		star_p = pc;
		star_s = sc;
	}
	while (!sc.done) {
		if (!pc.done) {
			size_t pl = segment_len(p, pn, pc);

			if (is_globstar(p, pn, pc)) {
				pc = next_segment(p, pn, pc);
				star = true;
				star_p = pc;
				star_s = sc;
				continue;
			}
			if (segment_match(p + pc.pos, pl, path + sc.pos,
					  segment_len(path, n, sc))) {
				pc = next_segment(p, pn, pc);
				sc = next_segment(path, n, sc);
				continue;
			}
		} else if (trailing) {
			return true;
		}
		if (!star)
			return false;
		/* Let the last "**" take one more segment, and retry. */
		star_s = next_segment(path, n, star_s);
		sc = star_s;
		pc = star_p;
	}
	while (!pc.done && is_globstar(p, pn, pc))
		pc = next_segment(p, pn, pc);
	return pc.done;
}

int sg_glob_check(const char *pattern, const char **why)
{
	size_t n = pattern ? strlen(pattern) : 0;

	if (n == 0) {
		*why = "an empty pattern matches nothing";
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (pattern[i] == '/' && i + 1 < n && pattern[i + 1] == '/') {
			*why = "an empty path segment ('//') matches nothing";
			return -1;
		}
		if (pattern[i] == '\\') {
			if (i + 1 >= n || pattern[i + 1] == '/') {
				*why = "a '\\' at the end of a segment escapes "
				       "nothing";
				return -1;
			}
			i++;
			continue;
		}
		if (pattern[i] == '[') {
			const char *slash = memchr(pattern + i, '/', n - i);
			size_t seg =
			    slash ? (size_t)(slash - pattern) - i : n - i;
			size_t len = bracket(pattern + i, seg, NULL, NULL);

			if (!len) {
				*why = "unclosed '[' (a class cannot contain "
				       "'/'; write '\\[' for a literal '[')";
				return -1;
			}
			i += len - 1;
		}
	}
	return 0;
}
