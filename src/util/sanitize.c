/*
 * Terminal-safe text (see sanitize.h). Replaces C0/C1 controls, DEL,
 * invalid UTF-8, the Unicode bidi controls used by "Trojan Source" tricks
 * and invisible (default-ignorable) characters, so a hostile report cannot
 * repaint or reorder the user's screen; and breaks the two shapes the
 * GitHub runner reads as commands on stdout and stderr: "##[" anywhere in
 * a line, "::" at the start of a line after whitespace.
 */
#define _GNU_SOURCE /* fopencookie */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "sanitize.h"

/* Decode the UTF-8 character at s: its length and *cp, or 0 if invalid. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, *cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, *cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && *cp < 0x800) ||
	    (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

/*
 * Invisible characters: a culture-aware string search (the runner's
 * IndexOf) may skip them, so "#<invisible>#[" could still read as "##[".
 */
static bool invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x115F || cp == 0x1160 ||
	       cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) ||
	       (cp >= 0x200B && cp <= 0x200D) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
	       (cp >= 0xFFF0 && cp <= 0xFFF8) ||
	       (cp >= 0x1D173 && cp <= 0x1D17A) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Length of the safe UTF-8 character at s, or 0 if it must be replaced. */
static size_t safe_char(const unsigned char *s)
{
	uint32_t cp;
	size_t n = decode(s, &cp);

	if (n == 0)
		return 0;
	if (cp < 0x20 || cp == 0x7F)
		return 0;
	if (cp >= 0x80 && cp <= 0x9F) /* C1 controls, e.g. CSI */
		return 0;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C)
		return 0;
	if (cp == 0x2028 || cp == 0x2029) /* line and paragraph separators */
		return 0;
	if (invisible(cp))
		return 0;
	return n;
}

/* Whitespace as .NET's char.IsWhiteSpace sees it (the runner trims it). */
static size_t blank_char(const unsigned char *s)
{
	uint32_t cp;
	size_t n = safe_char(s);

	if (n == 0)
		return 0;
	decode(s, &cp);
	if (cp == ' ' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000)
		return n;
	return 0;
}

/* Where the text goes: a stream, or a buffer that stops when full. */
struct sink {
	FILE *f;
	char *buf;
	size_t size, len;
	bool full;
};

static void emit(struct sink *k, const void *p, size_t n)
{
	if (k->f) {
		fwrite(p, 1, n, k->f);
		return;
	}
	if (k->full || k->len + n >= k->size) {
		k->full = true;
		return;
	}
	memcpy(k->buf + k->len, p, n);
	k->len += n;
}

static void sanitize(struct sink *k, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "-");
	const unsigned char *start = p;
	bool line_start = true; /* only blanks so far: the runner trims them */

	while (*p && !k->full) {
		size_t n = safe_char(p);

		if (n == 0) {
			emit(k, "?", 1);
			p++;
			/* Skip continuation bytes of the replaced character. */
			while ((*p & 0xC0) == 0x80)
				p++;
			line_start = false;
			continue;
		}
		if (line_start && blank_char(p)) {
			emit(k, p, n);
			p += n;
			continue;
		}
		/*
		 * "::" at the start (the caller may print this at column 0),
		 * or a lone ':' that a following ':' of the caller completes.
		 */
		if (line_start && p[0] == ':' && (p[1] == ':' || !p[1])) {
			emit(k, "?", 1);
			p++;
			line_start = false;
			continue;
		}
		line_start = false;
		/*
		 * "##[" anywhere, and the halves a caller's text could
		 * complete: "#[" at the start, "##" at the end.
		 */
		if (p[0] == '#' &&
		    ((p[1] == '#' && p[2] == '[') ||
		     (p == start && p[1] == '[') || (p[1] == '#' && !p[2]))) {
			if (p == start && p[1] == '[') {
				emit(k, "?", 1);
				p++;
			} else {
				emit(k, "#?", 2);
				p += 2;
			}
			continue;
		}
		emit(k, p, n);
		p += n;
	}
}

char *sg_terminal_safe(char *out, size_t size, const char *s)
{
	struct sink k = {.buf = out, .size = size};

	if (!size)
		return out;
	sanitize(&k, s);
	out[k.len] = '\0';
	return out;
}

void sg_fputs_terminal(FILE *f, const char *s)
{
	struct sink k = {.f = f};

	sanitize(&k, s);
}

/* ---- documents on standard output ---- */

/*
 * A stream filter: the bytes of a JSON, XML or Markdown document with the
 * runner's command shapes written as escapes that mean the same in that
 * format. Up to two '#' and the blanks of a line start are held back
 * until the next byte decides.
 */
struct guard {
	FILE *dest;
	enum sg_doc_format format;
	int hashes;	 /* '#' held back */
	bool line_start; /* only blanks since the last newline */
	bool failed;
};

static void put(struct guard *g, const char *s, size_t n)
{
	if (!g->failed && fwrite(s, 1, n, g->dest) != n)
		g->failed = true;
}

static const char *hash_escape(enum sg_doc_format format)
{
	return format == SG_DOC_JSON ? "\\u0023" : "&#35;";
}

static void flush_hashes(struct guard *g)
{
	for (; g->hashes > 0; g->hashes--)
		put(g, "#", 1);
}

static void guard_byte(struct guard *g, char c)
{
	if (c == '#') {
		if (g->hashes == 2) {
			put(g, "#", 1);
			g->hashes--;
		}
		g->hashes++;
		g->line_start = false;
		return;
	}
	if (c == '[' && g->hashes == 2) {
		put(g, "#", 1);
		put(g, hash_escape(g->format), strlen(hash_escape(g->format)));
		g->hashes = 0;
		put(g, "[", 1);
		return;
	}
	flush_hashes(g);
	if (c == ':' && g->line_start && g->format != SG_DOC_JSON) {
		/* JSON puts no ':' at a line start; XML and HTML do not mind.
		 */
		put(g, "&#58;", 5);
		g->line_start = false;
		return;
	}
	put(g, &c, 1);
	if (c == '\n' || c == '\r')
		g->line_start = true;
	else if (c != ' ' && c != '\t')
		g->line_start = false;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	struct guard *g = cookie;

	for (size_t i = 0; i < size; i++)
		guard_byte(g, buf[i]);
	return g->failed ? -1 : (ssize_t)size;
}

static int guard_close(void *cookie)
{
	struct guard *g = cookie;
	int rc;

	flush_hashes(g);
	rc = g->failed || fflush(g->dest) != 0 ? EOF : 0;
	free(g);
	return rc;
}

FILE *sg_command_guard_open(FILE *dest, enum sg_doc_format format)
{
	cookie_io_functions_t io = {.write = guard_write, .close = guard_close};
	struct guard *g = calloc(1, sizeof(*g));
	FILE *f;

	if (!g)
		return NULL;
	g->dest = dest;
	g->format = format;
	g->line_start = true;
	f = fopencookie(g, "w", io);
	if (!f)
		free(g);
	return f;
}
