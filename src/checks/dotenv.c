/*
 * Reading dotenv files for the env check (see dotenv.h): KEY=VALUE lines,
 * `export`, comments, single and double quotes (a quoted value may span
 * lines). Strict: anything else is an error naming the file and line,
 * never the line's text (it may hold a secret). Values are wiped when
 * released.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dotenv.h"
#include "secgate/error.h"

#define ENV_MAX_BYTES (1024 * 1024)
#define ENV_MAX_ENTRIES 10000
#define ENV_MAX_VALUE_LINES 200 /* a quoted value (a PEM key) spans lines */
#define DOTENV_MORE 1		/* a quoted value goes on past this line */

void sg_dotenv_release(struct sg_dotenv *d)
{
	for (size_t i = 0; i < d->count; i++) {
		explicit_bzero(d->items[i].value, d->items[i].len);
		free(d->items[i].value);
		free(d->items[i].key);
	}
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}

static int bad_line(const struct sg_dotenv *d, unsigned line, const char *what)
{
	return sg_error(SG_EINPUT, "%s:%u: %s", d->path, line, what);
}

static bool key_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool key_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

/*
 * The value starting at p (the rest of the line, n bytes) into a new
 * string: 'single' literal, "double" with \n \t \r \" \\ \$ escapes, or
 * unquoted up to a " #" comment, trailing blanks trimmed.
 */
static int parse_value(const struct sg_dotenv *d, unsigned line, const char *p,
		       size_t n, char **out, size_t *out_len)
{
	char *v = malloc(n + 1);
	size_t o = 0, i = 0;

	if (!v)
		return sg_error(SG_ENOMEM, "out of memory");
	if (n && (p[0] == '\'' || p[0] == '"')) {
		char quote = p[0];
		bool closed = false;

		for (i = 1; i < n; i++) {
			if (p[i] == quote) {
				closed = true;
				i++;
				break;
			}
			if (quote == '"' && p[i] == '\\' && i + 1 < n) {
				char e = p[++i];

				v[o++] = e == 'n'   ? '\n'
					 : e == 't' ? '\t'
					 : e == 'r' ? '\r'
						    : e;
				if (!strchr("ntr\"\\$", e)) {
					/* Unknown escapes stay as written. */
					v[o - 1] = '\\';
					v[o++] = e;
				}
				continue;
			}
			v[o++] = p[i];
		}
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (!closed || (i < n && p[i] != '#')) {
			explicit_bzero(v, n + 1);
			free(v);
			if (!closed)
				return DOTENV_MORE; /* the caller adds a line */
			return bad_line(d, line,
					"unexpected text after the quoted "
					"value");
		}
	} else {
		for (i = 0; i < n; i++) {
			if (p[i] == '#' && i > 0 &&
			    (p[i - 1] == ' ' || p[i - 1] == '\t'))
				break;
			v[o++] = p[i];
		}
		while (o && (v[o - 1] == ' ' || v[o - 1] == '\t'))
			o--;
	}
	v[o] = '\0';
	*out = v;
	*out_len = o;
	return 0;
}

static int parse_line(struct sg_dotenv *d, unsigned line, const char *s,
		      size_t n)
{
	size_t i = 0, k;
	struct sg_dotenv_entry e = {0};
	int rc;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i] == '#')
		return 0;
	if (n - i > 7 && !strncmp(s + i, "export", 6) &&
	    (s[i + 6] == ' ' || s[i + 6] == '\t')) {
		i += 6;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	if (i == n || !key_start((unsigned char)s[i]))
		return bad_line(d, line,
				"expected KEY=VALUE: a name of "
				"letters, digits and '_' first");
	k = i;
	while (i < n && key_char((unsigned char)s[i]))
		i++;
	e.column = (unsigned)k + 1;
	e.key = strndup(s + k, i - k);
	if (!e.key)
		return sg_error(SG_ENOMEM, "out of memory");
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i] != '=') {
		free(e.key);
		return bad_line(d, line, "expected '=' after the name");
	}
	i++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	rc = parse_value(d, line, s + i, n - i, &e.value, &e.len);
	if (rc != 0) {
		free(e.key);
		return rc;
	}
	e.line = line;
	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct sg_dotenv_entry *items =
		    d->count >= ENV_MAX_ENTRIES
			? NULL
			: realloc(d->items, cap * sizeof(*items));

		if (!items) {
			explicit_bzero(e.value, e.len);
			free(e.value);
			free(e.key);
			return d->count >= ENV_MAX_ENTRIES
				   ? bad_line(d, line, "too many lines")
				   : sg_error(SG_ENOMEM, "out of memory");
		}
		d->items = items;
		d->cap = cap;
	}
	d->items[d->count++] = e;
	return 0;
}

int sg_dotenv_parse(struct sg_dotenv *d, const char *buf, size_t len)
{
	unsigned line = 1;
	int rc = 0;

	/* Editors on Windows start UTF-8 files with a byte order mark. */
	size_t first = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	for (size_t start = first; rc == 0 && start < len; line++) {
		unsigned key_line = line;
		size_t stop = start, lines = 0;

		/*
		 * One line; while a quoted value is open, the lines up to its
		 * closing quote (the whole span is parsed again).
		 */
		for (;;) {
			const char *nl = memchr(buf + stop, '\n', len - stop);
			size_t next = nl ? (size_t)(nl - buf) : len, n;

			if (memchr(buf + stop, '\0', next - stop)) {
				rc = bad_line(d, line, "NUL byte in the line");
				break;
			}
			n = next - start;
			if (n && buf[start + n - 1] == '\r')
				n--;
			rc = parse_line(d, key_line, buf + start, n);
			stop = next;
			if (rc != DOTENV_MORE)
				break;
			if (stop >= len || ++lines >= ENV_MAX_VALUE_LINES) {
				rc = bad_line(d, key_line,
					      "unterminated quoted value");
				break;
			}
			stop++; /* past the newline, into the next line */
			line++;
		}
		start = stop + 1;
	}
	if (rc < 0)
		sg_dotenv_release(d);
	return rc;
}

int sg_dotenv_read(struct sg_dotenv *d, const char *full)
{
	FILE *f = fopen(full, "rb");
	char *buf;
	size_t len;
	int rc = 0;

	if (!f)
		return sg_error(SG_EINPUT, "%s: cannot open: %s", d->path,
				strerror(errno));
	buf = malloc(ENV_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	len = fread(buf, 1, ENV_MAX_BYTES + 1, f);
	if (ferror(f))
		rc = sg_error(SG_EINPUT, "%s: cannot read", d->path);
	else if (len > ENV_MAX_BYTES)
		rc = sg_error(SG_EINPUT, "%s: larger than %d bytes", d->path,
			      ENV_MAX_BYTES);
	fclose(f);
	if (rc == 0)
		rc = sg_dotenv_parse(d, buf, len);
	explicit_bzero(buf, len);
	free(buf);
	return rc;
}
