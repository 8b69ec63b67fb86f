/*
 * The Markdown summary (GitHub-flavoured Markdown, as GitHub renders PR
 * comments and step summaries). Every string from a report is untrusted:
 * each table cell is sanitized, escaped and capped (cell_escape) so that it
 * cannot break the table or inject links, images, HTML, mentions or math.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "word_scan.h"
#include "baseline.h"
#include "config.h"
#include "related_locations.h"
#include "report_markdown.h"
#include "strbuf.h"
#include "sanitize.h"
#include "secgate/error.h"

#define CELL_MAX_CHARS 200 /* characters shown per value */
#define RELATED_MAX 3 /* related locations named after a location */
/*
 * Bytes of a value looked at: 200 characters take at most 800 bytes of
 * UTF-8, so a cut here never shows (a cut character becomes '?').
 */
#define CELL_MAX_INPUT 1024
/* Kept free for the closing tags and the "omitted" lines. */
#define RESERVE 256
#define ZWSP "\xE2\x80\x8B"


/*
 * One untrusted value as the text of a table cell: CR, LF and TAB become
 * spaces; other control characters, invalid UTF-8 and bidi controls
 * become '?' (sanitize.c); & < > become entities; the Markdown
 * punctuation \ | * _ ` ~ [ ] # ! ( ) $ is backslash-escaped; '@' before
 * a name character gets a zero-width space (no @mentions); at most
 * CELL_MAX_CHARS characters, then "…". An empty or missing value is "—".
 */
/* Markdown punctuation and HTML specials that cell_escape rewrites. */
static const bool md_special[128] = {
    ['&'] = true, ['<'] = true, ['>'] = true, ['@'] = true, ['\\'] = true,
    ['|'] = true, ['*'] = true, ['_'] = true, ['`'] = true, ['~'] = true,
    ['['] = true, [']'] = true, ['#'] = true, ['!'] = true, ['('] = true,
    [')'] = true, ['$'] = true,
};

/* A byte cell_escape copies as it is (NUL ends the text: not plain). */
static bool plain_ascii(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c != 0 && c < 0x80 && !md_special[c];
}

/*
 * Whether sg_terminal_safe() would return text unchanged, so a cell can
 * skip it: printable ASCII without ':' and '#', the two characters of the
 * runner's command shapes that it rewrites (every other printable ASCII
 * character it copies as it is; test_markdown_cells holds it to that).
 */
static bool terminal_inert(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p > 0x7E || *p == ':' || *p == '#')
			return false;
	return true;
}

/*
 * The escapes of text (sanitized, NUL-terminated), at most CELL_MAX_CHARS
 * characters of it. Returns where it stopped: at the NUL when all fit.
 */
static const char *escape_chars(struct sg_strbuf *b, const char *text)
{
	const char *p;
	size_t chars = 0;

	for (p = text; *p && chars < CELL_MAX_CHARS; chars++) {
		unsigned char c = (unsigned char)*p;
		size_t run = 0;

		/* A run of ASCII that needs no escape: one append. */
		while (chars + run < CELL_MAX_CHARS && plain_ascii(p[run]))
			run++;
		if (run > 0) {
			sg_strbuf_addn(b, p, run);
			p += run;
			chars += run - 1; /* the loop counts one */
			continue;
		}
		if (c >= 0x80) {
			/* Valid UTF-8 after sg_terminal_safe. */
			size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

			sg_strbuf_addn(b, p, len);
			p += len;
			continue;
		}
		switch (c) {
		case '&':
			sg_strbuf_add(b, "&amp;");
			break;
		case '<':
			sg_strbuf_add(b, "&lt;");
			break;
		case '>':
			sg_strbuf_add(b, "&gt;");
			break;
		case '@': {
			unsigned char next = (unsigned char)p[1];

			sg_strbuf_addn(b, "@", 1);
			if ((next >= 'a' && next <= 'z') ||
			    (next >= 'A' && next <= 'Z') ||
			    (next >= '0' && next <= '9') || next == '_' ||
			    next == '-')
				sg_strbuf_add(b, ZWSP);
			break;
		}
		case '\\':
		case '|':
		case '*':
		case '_':
		case '`':
		case '~':
		case '[':
		case ']':
		case '#':
		case '!':
		case '(':
		case ')':
		case '$':
			sg_strbuf_addn(b, "\\", 1);
			sg_strbuf_addn(b, p, 1);
			break;
		default:
			sg_strbuf_addn(b, p, 1);
			break;
		}
		p++;
	}
	return p;
}

static void cell_escape(struct sg_strbuf *b, const char *s)
{
	char raw[CELL_MAX_INPUT + 1], safe[CELL_MAX_INPUT + 1];
	size_t n;
	const char *text;
	bool cut;

	if (!s || !*s) {
		sg_strbuf_add(b, "—");
		return;
	}
	/*
	 * Most values are short printable ASCII without ':' or '#': nothing
	 * to replace, nothing for sg_terminal_safe to rewrite, one byte per
	 * character and no cut. Those are escaped as they are, without the
	 * two copies below (the same bytes: raw would equal s).
	 */
	n = strnlen(s, CELL_MAX_CHARS + 1);
	if (n <= CELL_MAX_CHARS && sg_printable_run(s, n) == n &&
	    !memchr(s, ':', n) && !memchr(s, '#', n)) {
		escape_chars(b, s);
		return;
	}
	for (n = 0; s[n] && n < CELL_MAX_INPUT; n++)
		raw[n] =
		    (s[n] == '\r' || s[n] == '\n' || s[n] == '\t') ? ' ' : s[n];
	raw[n] = '\0';
	cut = s[n] != '\0';
	text = raw;
	if (!terminal_inert(raw))
		text = sg_terminal_safe(safe, sizeof(safe), raw);
	if (*escape_chars(b, text) || cut)
		sg_strbuf_add(b, "…");
}

/* Append s to raw[*len] (size bytes), cut at a character boundary. */
static void raw_cat(char *raw, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size) {
		n = size - *len - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(raw + *len, s, n);
	*len += n;
	raw[*len] = '\0';
}

/* A list of values as one cell: "a, b, c", escaped as a whole. */
static void cell_list(struct sg_strbuf *b, const char *const *v, size_t n)
{
	char raw[CELL_MAX_INPUT + 1];
	size_t len = 0;

	raw[0] = '\0';
	for (size_t i = 0; i < n && len < CELL_MAX_INPUT; i++) {
		if (!v[i])
			continue;
		if (len)
			raw_cat(raw, sizeof(raw), &len, ", ");
		raw_cat(raw, sizeof(raw), &len, v[i]);
	}
	cell_escape(b, raw);
}

/* ---- the writer: byte budget and stream errors ---- */

struct md {
	FILE *out;
	size_t max;  /* 0: no cap */
	size_t used; /* bytes written */
	bool full;   /* something did not fit: add nothing more */
	bool io_error;
	bool oom;
	size_t omitted_findings, omitted_other;
	struct sg_strbuf row; /* the block being built */
};

static void md_put(struct md *m, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, m->out) != n)
		m->io_error = true;
	m->used += n;
}

/* Write the built block unless it would break the budget; then clear it. */
static bool md_emit(struct md *m)
{
	bool written = false;

	if (m->row.failed) {
		m->oom = true;
	} else if (!m->full &&
		   (!m->max || m->used + m->row.len + RESERVE <= m->max)) {
		md_put(m, m->row.data, m->row.len);
		written = true;
	} else {
		m->full = true;
	}
	m->row.len = 0;
	m->row.failed = false;
	return written;
}

static void table_head(struct sg_strbuf *b, const char *const *cols, size_t n,
		       const char *align)
{
	for (size_t i = 0; i < n; i++) {
		sg_strbuf_add(b, "| ");
		sg_strbuf_add(b, cols[i]);
		sg_strbuf_add(b, " ");
	}
	sg_strbuf_add(b, "|\n");
	for (size_t i = 0; i < n; i++)
		sg_strbuf_add(b, align[i] == 'r' ? "|--:" : "|---");
	sg_strbuf_add(b, "|\n");
}

/* ---- sections ---- */

static size_t failed_inputs(const struct sg_run_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_inputs; i++)
		n += r->inputs[i].status < 0;
	return n;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The verdict: always written, whatever the budget. */
static void heading(struct md *m, const struct sg_run_result *r)
{
	struct sg_strbuf *b = &m->row;

	switch (r->verdict) {
	case SG_VERDICT_PASS:
		sg_strbuf_add(b, "## ✅ secgate: passed\n\n");
		break;
	case SG_VERDICT_FAIL:
		sg_strbuf_addf(b, "## ❌ secgate: failed (%zu blocking %s)\n\n",
			  r->summary.blocking,
			  plural(r->summary.blocking, "finding", "findings"));
		break;
	default: {
		size_t failed = failed_inputs(r);

		if (failed)
			sg_strbuf_addf(b,
				  "## ⚠️ secgate: error (%zu of %zu %s "
				  "could not be read)\n\n",
				  failed, r->n_inputs,
				  plural(r->n_inputs, "input", "inputs"));
		else
			sg_strbuf_add(b, "## ⚠️ secgate: error\n\n");
		break;
	}
	}
	if (b->failed)
		m->oom = true;
	else
		md_put(m, b->data, b->len);
	b->len = 0;
	b->failed = false;
}

static void counts_line(struct md *m, const struct sg_run_result *r)
{
	const struct sg_summary *s = &r->summary;
	struct sg_strbuf *b = &m->row;

	sg_strbuf_addf(b, "**%zu blocking** of %zu %s · %zu new · %zu unchanged",
		  s->blocking, s->total,
		  plural(s->total, "finding", "findings"), s->new_findings,
		  s->unchanged);
	if (s->suppressed)
		sg_strbuf_addf(b, " · %zu suppressed", s->suppressed);
	if (s->expired)
		sg_strbuf_addf(b, " · %zu with an expired suppression", s->expired);
	if (s->excluded)
		sg_strbuf_addf(b, " · %zu excluded", s->excluded);
	if (s->outside_diff)
		sg_strbuf_addf(b, " · %zu outside the diff", s->outside_diff);
	if (s->absent)
		sg_strbuf_addf(b, " · %zu fixed since the baseline", s->absent);
	if (s->stale_suppressions)
		sg_strbuf_addf(b, " · %zu stale %s", s->stale_suppressions,
			  plural(s->stale_suppressions, "suppression",
				 "suppressions"));
	if (s->expiring_suppressions)
		sg_strbuf_addf(b, " · %zu expiring %s", s->expiring_suppressions,
			  plural(s->expiring_suppressions, "suppression",
				 "suppressions"));
	if (r->policy && r->policy->never_fail)
		sg_strbuf_add(b, " · threshold **none**");
	else if (r->policy)
		sg_strbuf_addf(b, " · threshold **%s**",
			  sg_severity_name(r->policy->fail_on));
	sg_strbuf_add(b, "\n\n");
	/* Every merge is visible (docs/fingerprints.md). */
	sg_strbuf_addf(b, "%zu %s read · %zu %s kept", s->results,
		       plural(s->results, "result", "results"), s->total,
		       plural(s->total, "finding", "findings"));
	if (s->merged_duplicates || s->merged_across_tools)
		sg_strbuf_addf(b, " · %zu merged as duplicates of the same "
				  "tool · %zu merged across tools",
			       s->merged_duplicates, s->merged_across_tools);
	sg_strbuf_add(b, "\n\n");
	md_emit(m);
}

/* Counts by severity × (blocking, new, unchanged, suppressed). */
static void severity_table(struct md *m, const struct sg_run_result *r)
{
	static const char *const cols[] = {
	    "severity", "total", "blocking", "new", "unchanged", "suppressed"};
	size_t c[SG_SEV_COUNT][5] = {{0}}, sum[5] = {0};
	struct sg_strbuf *b = &m->row;

	if (!r->set->count) {
		sg_strbuf_add(b, "No findings.\n\n");
		md_emit(m);
		return;
	}
	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];
		size_t *row = c[f->severity];

		row[0]++;
		row[1] += f->blocking;
		row[2] += f->state == SG_STATE_NEW;
		row[3] += f->state == SG_STATE_UNCHANGED;
		row[4] += sg_finding_cold(f)->suppressed_by != NULL;
	}
	table_head(b, cols, 6, "lrrrrr");
	for (int s = SG_SEV_COUNT - 1; s >= 0; s--) {
		if (!c[s][0])
			continue;
		sg_strbuf_addf(b, "| %s", sg_severity_name((enum sg_severity)s));
		for (int k = 0; k < 5; k++) {
			sg_strbuf_addf(b, " | %zu", c[s][k]);
			sum[k] += c[s][k];
		}
		sg_strbuf_add(b, " |\n");
	}
	sg_strbuf_add(b, "| **total**");
	for (int k = 0; k < 5; k++)
		sg_strbuf_addf(b, " | **%zu**", sum[k]);
	sg_strbuf_add(b, " |\n\n");
	md_emit(m);
}

static void inputs_section(struct md *m, const struct sg_run_result *r)
{
	static const char *const cols[] = {"input", "tool", "error"};
	size_t failed = failed_inputs(r);
	struct sg_strbuf *b = &m->row;

	if (!failed)
		return;
	sg_strbuf_addf(b,
		  "### Inputs that could not be read (%zu)\n\n"
		  "Nothing was read from %s: the gate cannot pass.\n\n",
		  failed, plural(failed, "this input", "these inputs"));
	table_head(b, cols, 3, "lll");
	if (!md_emit(m)) {
		m->omitted_other += failed;
		return;
	}
	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct sg_input *in = &r->inputs[i];

		if (in->status >= 0)
			continue;
		sg_strbuf_add(b, "| ");
		cell_escape(b, in->path);
		sg_strbuf_add(b, " | ");
		cell_escape(b, in->meta.tool);
		sg_strbuf_add(b, " | ");
		cell_escape(b, in->error);
		sg_strbuf_add(b, " |\n");
		if (!md_emit(m))
			m->omitted_other++;
	}
	md_put(m, "\n", 1);
}

/* Why a non-blocking finding does not block, from the gate's flags. */
static void status_cell(struct sg_strbuf *b, const struct sg_finding *f)
{
	sg_strbuf_add(b, f->state == SG_STATE_UNCHANGED ? "unchanged" : "new");
	if (sg_finding_cold(f)->suppressed_by)
		sg_strbuf_add(b, ", suppressed");
	else if (f->suppression_expired)
		sg_strbuf_add(b, ", suppression expired");
	if (sg_finding_cold(f)->producer_suppression)
		sg_strbuf_add(b, ", suppressed by the tool");
	if (f->excluded)
		sg_strbuf_add(b, ", excluded");
	if (f->outside_diff)
		sg_strbuf_add(b, ", outside the diff");
}

struct related_cell {
	struct sg_strbuf *b;
	size_t n;
};

static void related_place(void *arg, const char *path, uint32_t line,
			  const char *message)
{
	struct related_cell *c = arg;

	(void)message;
	sg_strbuf_add(c->b, c->n++ ? ", " : " (related: ");
	cell_escape(c->b, path ? path : "?");
	if (line)
		sg_strbuf_add_decimal(c->b, ':', line);
}

/* " (related: a.c:8, b.c:12, 2 more)" after the location. */
static void related_cell(struct sg_strbuf *b, const struct sg_finding *f)
{
	struct related_cell c = {.b = b};
	size_t n = sg_related_locations(f, RELATED_MAX, related_place, &c);

	if (n > RELATED_MAX)
		sg_strbuf_addf(b, ", %zu more", n - RELATED_MAX);
	if (c.n)
		sg_strbuf_add(b, ")");
}

static void finding_row(struct sg_strbuf *b, const struct sg_finding *f,
			bool with_status)
{
	const struct sg_package *pkg = &sg_finding_cold(f)->package;

	sg_strbuf_add(b, "| ");
	sg_strbuf_add(b, sg_severity_name(f->severity));
	sg_strbuf_add(b, " | ");
	if (with_status) {
		status_cell(b, f);
		sg_strbuf_add(b, " | ");
	}
	if (sg_finding_n_sources(f) > 1)
		cell_list(b, sg_finding_sources(f), sg_finding_n_sources(f));
	else
		cell_escape(b, f->tool);
	sg_strbuf_add(b, " | ");
	cell_escape(b, f->rule_id);
	sg_strbuf_add(b, " | ");
	cell_escape(b, f->location.path);
	if (f->location.path && f->location.start_line)
		sg_strbuf_add_decimal(b, ':', f->location.start_line);
	related_cell(b, f);
	sg_strbuf_add(b, " | ");
	if (pkg->name) {
		cell_escape(b, pkg->name);
		if (pkg->version) {
			sg_strbuf_add(b, " ");
			cell_escape(b, pkg->version);
		}
		sg_strbuf_add(b, " → ");
		if (pkg->n_fixed_versions)
			cell_list(b, pkg->fixed_versions,
				  pkg->n_fixed_versions);
		else
			sg_strbuf_add(b, "no fix");
	} else {
		sg_strbuf_add(b, "—");
	}
	sg_strbuf_add(b, " | ");
	cell_escape(b, f->title ? f->title : f->message);
	sg_strbuf_add(b, " |\n");
}

static void findings_section(struct md *m, const struct sg_run_result *r,
			     bool blocking)
{
	static const char *const cols[] = {
	    "severity", "status",	   "tool", "rule",
	    "location", "package → fixed", "title"};
	struct sg_strbuf *b = &m->row;
	size_t n = 0;

	for (size_t i = 0; i < r->set->count; i++)
		n += r->set->items[i].blocking == blocking;
	if (!n) {
		if (blocking && r->set->count) {
			sg_strbuf_add(b, "No blocking findings.\n\n");
			md_emit(m);
		}
		return;
	}
	if (blocking) {
		static const char *const bcols[] = {
		    "severity",	       "tool", "rule", "location",
		    "package → fixed", "title"};

		sg_strbuf_addf(b, "### Blocking findings (%zu)\n\n", n);
		table_head(b, bcols, 6, "llllll");
	} else {
		sg_strbuf_addf(b, "<details><summary>%zu other %s</summary>\n\n", n,
			  plural(n, "finding", "findings"));
		table_head(b, cols, 7, "lllllll");
	}
	if (!md_emit(m)) {
		m->omitted_findings += n;
		return;
	}
	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];

		if (f->blocking != blocking)
			continue;
		finding_row(b, f, !blocking);
		if (!md_emit(m))
			m->omitted_findings++;
	}
	if (blocking)
		md_put(m, "\n", 1);
	else
		md_put(m, "\n</details>\n\n", 13);
}

static void absent_section(struct md *m, const struct sg_run_result *r)
{
	static const char *const cols[] = {
	    "tool", "kind", "rule", "path", "title", "in the baseline since"};
	const struct sg_baseline *bl = r->baseline;
	struct sg_strbuf *b = &m->row;
	size_t n = 0;

	if (!bl)
		return;
	for (size_t i = 0; i < bl->count; i++)
		n += sg_baseline_entry_absent(&bl->entries[i]);
	if (!n)
		return;
	sg_strbuf_addf(b,
		  "<details><summary>%zu baseline %s no longer found "
		  "(fixed)</summary>\n\n",
		  n, plural(n, "entry", "entries"));
	table_head(b, cols, 6, "llllll");
	if (!md_emit(m)) {
		m->omitted_other += n;
		return;
	}
	for (size_t i = 0; i < bl->count; i++) {
		const struct sg_baseline_entry *e = &bl->entries[i];

		if (!sg_baseline_entry_absent(e))
			continue;
		sg_strbuf_add(b, "| ");
		cell_escape(b, e->tool);
		sg_strbuf_add(b, " | ");
		cell_escape(b, e->kind);
		sg_strbuf_add(b, " | ");
		cell_escape(b, e->rule_id);
		sg_strbuf_add(b, " | ");
		cell_escape(b, e->path);
		sg_strbuf_add(b, " | ");
		cell_escape(b, e->title);
		sg_strbuf_add(b, " | ");
		cell_escape(b, e->added);
		sg_strbuf_add(b, " |\n");
		if (!md_emit(m))
			m->omitted_other++;
	}
	md_put(m, "\n</details>\n\n", 13);
}

enum { SUP_STALE = 1, SUP_EXPIRED = 2, SUP_EXPIRING = 4 };

static int suppression_flags(const struct sg_suppression *s,
			     const struct sg_config *c, int64_t now)
{
	int flags = s->matched ? 0 : SUP_STALE;

	if (s->has_expiry && now >= s->expires_end)
		flags |= SUP_EXPIRED;
	else if (s->has_expiry && s->expires_end - now <=
				      (int64_t)c->expiry_warning_days * 86400)
		flags |= SUP_EXPIRING;
	return flags;
}

/* What a suppression matches, "rule=…, path=…", escaped as one cell. */
static void suppression_match(struct sg_strbuf *b, const struct sg_suppression *s)
{
	const char *keys[] = {"fingerprint", "rule",	 "vulnerability",
			      "package",     "versions", "path"};
	const char *vals[] = {s->fingerprint,	   s->rule,
			      s->vulnerability,	   s->package,
			      s->package_versions, s->path};
	char raw[CELL_MAX_INPUT + 1];
	size_t len = 0;

	raw[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!vals[i])
			continue;
		if (len)
			raw_cat(raw, sizeof(raw), &len, ", ");
		raw_cat(raw, sizeof(raw), &len, keys[i]);
		raw_cat(raw, sizeof(raw), &len, "=");
		raw_cat(raw, sizeof(raw), &len, vals[i]);
	}
	cell_escape(b, raw);
}

static void suppressions_section(struct md *m, const struct sg_run_result *r)
{
	static const char *const cols[] = {"status", "matches", "reason",
					   "owner",  "expires", "line"};
	const struct sg_config *c = r->config;
	struct sg_strbuf *b = &m->row;
	size_t n = 0;

	if (!c)
		return;
	for (size_t i = 0; i < c->n_suppressions; i++)
		n += suppression_flags(&c->suppressions[i], c, r->now) != 0;
	if (!n)
		return;
	sg_strbuf_addf(b,
		  "<details><summary>%zu %s to review (stale, expired or "
		  "expiring)</summary>\n\n",
		  n, plural(n, "suppression", "suppressions"));
	table_head(b, cols, 6, "lllllr");
	if (!md_emit(m)) {
		m->omitted_other += n;
		return;
	}
	for (size_t i = 0; i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		int flags = suppression_flags(s, c, r->now);

		if (!flags)
			continue;
		sg_strbuf_add(b, "| ");
		sg_strbuf_add(b, flags & SUP_STALE ? "stale" : "");
		if (flags & (SUP_EXPIRED | SUP_EXPIRING))
			sg_strbuf_add(b, flags & SUP_STALE ? ", " : "");
		if (flags & SUP_EXPIRED)
			sg_strbuf_add(b, "expired");
		else if (flags & SUP_EXPIRING)
			sg_strbuf_add(b, "expiring");
		sg_strbuf_add(b, " | ");
		suppression_match(b, s);
		sg_strbuf_add(b, " | ");
		cell_escape(b, s->reason);
		sg_strbuf_add(b, " | ");
		cell_escape(b, s->owner);
		sg_strbuf_add(b, " | ");
		cell_escape(b, s->has_expiry ? s->expires_text : NULL);
		sg_strbuf_addf(b, " | %u |\n", s->line);
		if (!md_emit(m))
			m->omitted_other++;
	}
	md_put(m, "\n</details>\n\n", 13);
}

int sg_report_markdown_write(FILE *out, const struct sg_run_result *r,
			     size_t max_bytes)
{
	struct md m = {.out = out, .max = max_bytes};
	char line[160];
	int n;

	heading(&m, r);
	counts_line(&m, r);
	severity_table(&m, r);
	inputs_section(&m, r);
	findings_section(&m, r, true);
	findings_section(&m, r, false);
	absent_section(&m, r);
	suppressions_section(&m, r);
	/* Both lines fit in RESERVE (at most ~150 bytes together). */
	if (m.omitted_findings) {
		n = snprintf(line, sizeof(line),
			     "… %zu more %s omitted (see the JSON report)\n",
			     m.omitted_findings,
			     plural(m.omitted_findings, "finding", "findings"));
		md_put(&m, line, (size_t)n);
	}
	if (m.omitted_other) {
		n = snprintf(line, sizeof(line),
			     "… %zu more %s omitted (inputs, baseline entries "
			     "or suppressions)\n",
			     m.omitted_other,
			     plural(m.omitted_other, "row", "rows"));
		md_put(&m, line, (size_t)n);
	}
	sg_strbuf_release(&m.row);
	if (fflush(out) != 0 || ferror(out))
		m.io_error = true;
	if (m.io_error)
		return sg_error(SG_EIO, "cannot write the markdown report");
	if (m.oom)
		return sg_error(SG_ENOMEM, "out of memory");
	return 0;
}
