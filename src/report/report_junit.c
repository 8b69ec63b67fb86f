/*
 * The JUnit XML report, streamed (never a tree: 100k testcases stay flat
 * in memory) through xml_out.h, which writes the bytes libxml2's
 * xmlTextWriter wrote for the same calls. Valid against both the Jenkins
 * xUnit schema (junit-10) and the windyroad Ant schema, which is why the
 * root carries no attributes and testcases no file/line (docs/reports.md).
 * The writer does not check characters: every string from a finding,
 * input or configuration is cleaned here (sb_clean) before it is written.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "word_scan.h"
#include "config.h"
#include "related_locations.h"
#include "report_junit.h"
#include "strbuf.h"
#include "xml_out.h"
#include "secgate/error.h"

#define ATTR_MAX 1024         /* bytes of an attribute value */
#define RELATED_MAX 10        /* related locations listed in a body */
#define BODY_MAX (16 * 1024)  /* bytes of a failure/skipped/error body */
#define RULE_MAX 256          /* parts of a testcase name */
#define PATH_MAX_PART 512
#define SLUG_MAX 64           /* the tool part of a classname */
#define POLICY_SUITE "secgate policy"

enum clean_mode {
	CLEAN_ATTR, /* CR, LF and tab become spaces: one line */
	CLEAN_BODY, /* CRLF and CR become LF; tab kept (messages only) */
};

/* 64-bit hashes of the testcase names written so far. */
struct nameset {
	uint64_t *slots; /* 0: empty */
	size_t cap, count;
};

struct tool {
	const char *name; /* as in the findings and inputs; never NULL */
	size_t n;         /* findings rendered in this suite */
	size_t blocking;
	size_t passes;    /* inputs with no findings of their own */
	size_t first;     /* offset of its findings in the order array */
};

struct tools {
	struct tool *v;
	size_t count, cap;
	uint32_t *index; /* open addressing: tool number + 1, 0 empty */
	size_t index_cap;
};

struct junit {
	const struct sg_run_result *r;
	struct sg_xml_out x;
	/* Scratch: attribute, body, testcase name, classname, message. */
	struct sg_strbuf a, b, name, cls, m;
	struct nameset names;
	char timestamp[32];
	int suite_id;
	bool oom;
};

enum outcome { OUT_PASS, OUT_FAILURE, OUT_SKIPPED, OUT_ERROR };

static bool junit_oom(const struct junit *j);

/* ---- cleaning untrusted text ---- */

/* Length of the well-formed UTF-8 character at s (cp set), or 0. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	/* Stops at the NUL terminator: it is not a continuation byte. */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return n;
}

/*
 * What XML 1.0 allows (no C0 controls but tab/LF/CR, no surrogates, no
 * U+FFFE/U+FFFF), minus what XML allows but a log viewer or terminal
 * showing the report may act on: DEL, C1 controls (CSI), bidi overrides.
 */
static bool char_ok(uint32_t c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	if (c == 0x7F || (c >= 0x80 && c <= 0x9F))
		return false;
	if ((c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF)
		return false;
	if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200E || c == 0x200F || c == 0x061C)
		return false;
	return c <= 0x10FFFF;
}

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"    /* U+2026 */

/*
 * Append s made XML-safe, at most max bytes (an ellipsis included when
 * cut; cuts fall on character boundaries). Invalid UTF-8 and forbidden
 * characters become U+FFFD.
 */
static void sb_clean(struct sg_strbuf *b, const char *s, enum clean_mode mode,
		     size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + strlen((const char *)p);
	size_t used = 0, cut = b->len; /* cut: the ellipsis still fits */

	while (*p) {
		const char *out;
		size_t n, step;
		uint32_t c;
		char one;

		/* Fast path: a run of printable ASCII that fits. */
		n = sg_printable_run((const char *)p, (size_t)(end - p));
		if (n > 1 && used + n + 3 <= max) {
			sg_strbuf_addn(b, (const char *)p, n);
			used += n;
			p += n;
			cut = b->len;
			continue;
		}
		n = utf8_decode(p, &c);
		if (n == 0) {
			out = REPLACEMENT, n = 3, step = 1;
			/* One replacement per bad sequence, not per byte. */
			while ((p[step] & 0xC0) == 0x80 && step < 4)
				step++;
		} else if (c == '\r' || c == '\n' || c == '\t') {
			step = 1;
			if (mode == CLEAN_ATTR) {
				one = ' ';
				if (c == '\r' && p[1] == '\n')
					step = 2;
			} else if (c == '\r') {
				one = '\n';
				if (p[1] == '\n')
					step = 2;
			} else {
				one = (char)c;
			}
			out = &one, n = 1;
		} else if (!char_ok(c)) {
			out = REPLACEMENT, step = n, n = 3;
		} else {
			out = (const char *)p, step = n;
		}
		if (used + n > max) {
			/* Back to the last point with room for the ellipsis. */
			b->len = cut;
			if (b->data)
				b->data[cut] = '\0';
			if (max >= 3)
				sg_strbuf_addn(b, ELLIPSIS, 3);
			return;
		}
		sg_strbuf_addn(b, out, n);
		used += n;
		p += step;
		if (used + 3 <= max)
			cut = b->len;
	}
}

/* A classname/package part: [A-Za-z0-9_-], other runs as one '_'. */
static void sb_slug(struct sg_strbuf *b, const char *s)
{
	size_t start = b->len, n = 0;
	bool gap = false;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		bool keep = (*p >= 'a' && *p <= 'z') ||
			    (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';

		if (n >= SLUG_MAX)
			break;
		if (keep) {
			sg_strbuf_addn(b, (const char *)p, 1);
			n++;
			gap = false;
		} else if (!gap && n) {
			sg_strbuf_addn(b, "_", 1);
			n++;
			gap = true;
		}
	}
	/* Trailing '_' from a dropped suffix is noise; none at all: unknown. */
	while (b->len > start && b->data[b->len - 1] == '_')
		b->data[--b->len] = '\0';
	if (b->len == start)
		sg_strbuf_add(b, "unknown");
}

/* ---- unique testcase names ---- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static bool nameset_grow(struct nameset *ns)
{
	size_t cap = ns->cap ? ns->cap * 2 : 1024;
	uint64_t *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return false;
	for (size_t i = 0; i < ns->cap; i++) {
		size_t j;

		if (!ns->slots[i])
			continue;
		for (j = ns->slots[i] & (cap - 1); slots[j];
		     j = (j + 1) & (cap - 1))
			;
		slots[j] = ns->slots[i];
	}
	free(ns->slots);
	ns->slots = slots;
	ns->cap = cap;
	return true;
}

/* Add h; false when it was already there. */
static bool nameset_add(struct nameset *ns, uint64_t h, bool *oom)
{
	size_t j;

	if ((ns->count + 1) * 2 > ns->cap && !nameset_grow(ns)) {
		*oom = true;
		return true;
	}
	for (j = h & (ns->cap - 1); ns->slots[j]; j = (j + 1) & (ns->cap - 1))
		if (ns->slots[j] == h)
			return false;
	ns->slots[j] = h;
	ns->count++;
	return true;
}

/*
 * GitLab keeps only the first of equal names: make j->name unique in the
 * file with " (2)", " (3)"... A hash collision only adds a needless suffix.
 */
static void unique_name(struct junit *j)
{
	size_t base = j->name.len;

	if (j->name.failed)
		return;
	for (unsigned k = 2;; k++) {
		if (nameset_add(&j->names, hash_bytes(j->name.data, j->name.len),
				&j->oom))
			return;
		j->name.len = base;
		sg_strbuf_addf(&j->name, " (%u)", k);
		if (j->name.failed)
			return;
	}
}

/* ---- tools ---- */

static const char *tool_name(const char *s)
{
	return s && *s ? s : "unknown";
}

/* The tool number of name, added when new; -1 when out of memory. */
static long tools_get(struct tools *t, const char *name)
{
	uint64_t h = hash_bytes(name, strlen(name));
	size_t i;

	if ((t->count + 1) * 2 > t->index_cap) {
		size_t cap = t->index_cap ? t->index_cap * 2 : 64;
		uint32_t *index = calloc(cap, sizeof(*index));

		if (!index)
			return -1;
		for (size_t k = 0; k < t->count; k++) {
			const char *nm = t->v[k].name;
			size_t s = hash_bytes(nm, strlen(nm)) & (cap - 1);

			while (index[s])
				s = (s + 1) & (cap - 1);
			index[s] = (uint32_t)k + 1;
		}
		free(t->index);
		t->index = index;
		t->index_cap = cap;
	}
	for (i = h & (t->index_cap - 1); t->index[i];
	     i = (i + 1) & (t->index_cap - 1))
		if (strcmp(t->v[t->index[i] - 1].name, name) == 0)
			return t->index[i] - 1;
	if (t->count == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct tool *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	memset(&t->v[t->count], 0, sizeof(t->v[0]));
	t->v[t->count].name = name;
	t->index[i] = (uint32_t)t->count + 1;
	return (long)t->count++;
}

static void tools_release(struct tools *t)
{
	free(t->v);
	free(t->index);
}

/* ---- the writer ---- */

/*
 * Each call below is checked through j->x.failed: after a failed write
 * the writer drops everything, and the report stops at the next call.
 */
#define TRY(call)                                                              \
	do {                                                                   \
		if ((call) < 0)                                                \
			return -1;                                             \
	} while (0)

static int status(const struct junit *j)
{
	return j->x.failed ? -1 : 0;
}

static int start(struct junit *j, const char *name)
{
	sg_xml_out_start(&j->x, name);
	return status(j);
}

static int end(struct junit *j)
{
	sg_xml_out_end(&j->x);
	return status(j);
}

/* <name>text</name> */
static int text_element(struct junit *j, const char *name, const char *text)
{
	sg_xml_out_start(&j->x, name);
	sg_xml_out_text(&j->x, text);
	sg_xml_out_end(&j->x);
	return status(j);
}

static int attr(struct junit *j, const char *name, const char *value)
{
	sg_xml_out_attr(&j->x, name, value);
	return status(j);
}

/* An attribute from untrusted (or long) text. */
static int attr_clean(struct junit *j, const char *name, const char *value)
{
	sg_strbuf_reset(&j->a);
	sb_clean(&j->a, value, CLEAN_ATTR, ATTR_MAX);
	if (j->a.failed)
		return -1;
	return attr(j, name, j->a.data ? j->a.data : "");
}

static int attr_size(struct junit *j, const char *name, size_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu", v);
	return attr(j, name, num);
}

static int start_suite(struct junit *j, const char *name, const char *tool,
		       size_t tests, size_t failures, size_t errors,
		       size_t skipped)
{
	TRY(start(j, "testsuite"));
	TRY(attr(j, "name", name));
	TRY(attr_size(j, "tests", tests));
	TRY(attr_size(j, "failures", failures));
	TRY(attr_size(j, "errors", errors));
	TRY(attr_size(j, "skipped", skipped));
	TRY(attr(j, "time", "0"));
	TRY(attr(j, "timestamp", j->timestamp));
	/* The real host name would break byte-identical reports. */
	TRY(attr(j, "hostname", "secgate"));
	TRY(attr_size(j, "id", (size_t)j->suite_id++));
	sg_strbuf_reset(&j->a);
	sg_strbuf_add(&j->a, "secgate.");
	sb_slug(&j->a, tool);
	if (j->a.failed)
		return -1;
	TRY(attr(j, "package", j->a.data));
	/* windyroad requires properties first (empty is fine). */
	return start(j, "properties");
}

static int property(struct junit *j, const char *name, const char *value)
{
	if (!value)
		return 0;
	TRY(start(j, "property"));
	TRY(attr(j, "name", name));
	TRY(attr_clean(j, "value", value));
	return end(j);
}

static int end_properties(struct junit *j)
{
	return end(j);
}

/* windyroad requires system-out and system-err, in that order, last. */
static int end_suite(struct junit *j, const char *out)
{
	TRY(text_element(j, "system-out", out));
	TRY(text_element(j, "system-err", ""));
	return end(j);
}

/*
 * One testcase named j->name (cleaned; made unique here) with at most one
 * child: windyroad allows one of failure, error or skipped. message is
 * cleaned; body is j->b (already cleaned) when non-empty.
 */
static int testcase(struct junit *j, const char *cls, enum outcome o,
		    const char *message, const char *type)
{
	static const char *const tags[] = { NULL, "failure", "skipped",
					    "error" };

	TRY(status(j));
	unique_name(j);
	if (junit_oom(j))
		return -1;
	TRY(start(j, "testcase"));
	TRY(attr(j, "name", j->name.data));
	TRY(attr(j, "classname", cls));
	TRY(attr(j, "time", "0"));
	if (o != OUT_PASS) {
		TRY(start(j, tags[o]));
		TRY(attr_clean(j, "message", message));
		/* windyroad: type on failure and error, none on skipped. */
		if (o != OUT_SKIPPED)
			TRY(attr(j, "type", type));
		if (j->b.len) {
			sg_xml_out_text(&j->x, j->b.data);
			TRY(status(j));
		}
		TRY(end(j));
	}
	return end(j);
}

/* ---- findings ---- */

/* Bytes left for a body value, keeping 64 for labels and separators. */
static size_t room(const struct sg_strbuf *b)
{
	return b->len + 64 < BODY_MAX ? BODY_MAX - 64 - b->len : 0;
}

static size_t upto(const struct sg_strbuf *b, size_t max)
{
	return room(b) < max ? room(b) : max;
}

/* "label: value\n" into the body (one line), within BODY_MAX. */
static void body_line(struct sg_strbuf *b, const char *label, const char *value)
{
	if (!value || !room(b))
		return;
	sg_strbuf_add(b, label);
	sg_strbuf_add(b, ": ");
	sb_clean(b, value, CLEAN_ATTR, room(b));
	sg_strbuf_add(b, "\n");
}

static void body_list(struct sg_strbuf *b, const char *label, const char **v,
		      size_t n)
{
	if (!n || !room(b))
		return;
	sg_strbuf_add(b, label);
	sg_strbuf_add(b, ": ");
	for (size_t i = 0; i < n && room(b); i++) {
		if (i)
			sg_strbuf_add(b, ", ");
		sb_clean(b, v[i], CLEAN_ATTR, room(b));
	}
	sg_strbuf_add(b, "\n");
}

#define BODY_COPIES_MAX 20 /* more: the JSON report lists them all */

/* A merged finding: one line per copy, with its own verdict. */
static void body_copies(struct sg_strbuf *b, const struct sg_finding *f)
{
	size_t i;

	if (!sg_finding_cold(f)->n_copies || !room(b))
		return;
	sg_strbuf_addf(b, "copies (%zu results merged):\n",
		       sg_finding_cold(f)->n_copies);
	for (i = 0;
	     i < sg_finding_cold(f)->n_copies && i < BODY_COPIES_MAX && room(b);
	     i++) {
		const struct sg_finding *c = &sg_finding_cold(f)->copies[i];

		sg_strbuf_add(b, c->blocking ? "  BLOCKS  " : "  passes  ");
		sb_clean(b, c->tool, CLEAN_ATTR, upto(b, 64));
		if (c->location.path) {
			sg_strbuf_add(b, " ");
			sb_clean(b, c->location.path, CLEAN_ATTR, upto(b, 512));
			if (c->location.start_line)
				sg_strbuf_add_decimal(b, ':',
						      c->location.start_line);
		}
		if (sg_finding_cold(c)->package.version) {
			sg_strbuf_add(b, " version ");
			sb_clean(b, sg_finding_cold(c)->package.version,
				 CLEAN_ATTR, upto(b, 128));
		}
		if (sg_finding_cold(c)->producer_suppression) {
			sg_strbuf_add(b, " (tool: ");
			sb_clean(b, sg_finding_cold(c)->producer_suppression,
				 CLEAN_ATTR, upto(b, 128));
			sg_strbuf_add(b, ")");
		}
		sg_strbuf_add(b, "\n");
	}
	if (i < sg_finding_cold(f)->n_copies)
		sg_strbuf_addf(b, "  ... and %zu more\n",
			       sg_finding_cold(f)->n_copies - i);
}

static bool suppression_expired(const struct sg_run_result *r,
				const struct sg_suppression *s)
{
	return s->has_expiry && r->now >= s->expires_end;
}

/* The config suppression index of p, or -1 (not one of the config's). */
static long suppression_index(const struct sg_run_result *r, const void *p)
{
	uintptr_t base, at = (uintptr_t)p;

	if (!p || !r->config || !r->config->n_suppressions)
		return -1;
	base = (uintptr_t)r->config->suppressions;
	if (at < base || (at - base) % sizeof(struct sg_suppression) ||
	    (at - base) / sizeof(struct sg_suppression) >=
		r->config->n_suppressions)
		return -1;
	return (long)((at - base) / sizeof(struct sg_suppression));
}

/* The suppression actually suppressing f (not expired), or NULL. */
static const struct sg_suppression *
active_suppression(const struct sg_run_result *r, const struct sg_finding *f)
{
	const struct sg_suppression *s = sg_finding_cold(f)->suppressed_by;

	return s && !suppression_expired(r, s) ? s : NULL;
}

/* "reason (owner: x, expires YYYY-MM-DD)" of a suppression, cleaned. */
static void suppression_text(struct sg_strbuf *b, const struct sg_suppression *s,
			     enum clean_mode mode, size_t max)
{
	size_t start = b->len;

	sb_clean(b, s->reason ? s->reason : "no reason given", mode, max / 2);
	if (s->owner || s->has_expiry)
		sg_strbuf_add(b, " (");
	if (s->owner) {
		sg_strbuf_add(b, "owner: ");
		sb_clean(b, s->owner, mode, max - (b->len - start) - 32);
	}
	if (s->owner && s->has_expiry)
		sg_strbuf_add(b, ", ");
	if (s->has_expiry) {
		sg_strbuf_add(b, "expires ");
		sb_clean(b, s->expires_text, mode, 10);
	}
	if (s->owner || s->has_expiry)
		sg_strbuf_add(b, ")");
}

static bool new_only(const struct sg_run_result *r)
{
	return r->config ? r->config->new_only : r->baseline != NULL;
}

/* "related: path:line message", one per related location, at most 10. */
static void related_line(void *arg, const char *path, uint32_t line,
			 const char *message)
{
	struct sg_strbuf *b = arg;

	sg_strbuf_add(b, "related: ");
	sb_clean(b, path ? path : "(unknown file)", CLEAN_ATTR, upto(b, 512));
	if (line)
		sg_strbuf_add_decimal(b, ':', line);
	if (message) {
		sg_strbuf_add(b, " ");
		sb_clean(b, message, CLEAN_ATTR, upto(b, 256));
	}
	sg_strbuf_add(b, "\n");
}

static void related_lines(struct sg_strbuf *b, const struct sg_finding *f)
{
	size_t n = sg_related_locations(f, RELATED_MAX, related_line, b);

	if (n > RELATED_MAX)
		sg_strbuf_addf(b, "related: %zu more\n", n - RELATED_MAX);
}

/* The skipped message: the first cause that made f not block. */
static void skip_message(struct sg_strbuf *b, const struct sg_run_result *r,
			 const struct sg_finding *f)
{
	const struct sg_suppression *s = active_suppression(r, f);

	if (s) {
		sg_strbuf_add(b, "suppressed: ");
		suppression_text(b, s, CLEAN_ATTR, ATTR_MAX - 16);
	} else if (f->excluded) {
		sg_strbuf_add(b, "excluded: path excluded by the configuration");
	} else if (f->outside_diff) {
		sg_strbuf_add(b, "outside the diff: not in what the change touched");
	} else if (sg_finding_cold(f)->producer_suppression && r->config &&
		   r->config->honor_producer_suppressions) {
		sg_strbuf_add(b, "suppressed by the tool: ");
		sb_clean(b, sg_finding_cold(f)->producer_suppression,
			 CLEAN_ATTR, 256);
	} else if (f->state == SG_STATE_UNCHANGED && new_only(r)) {
		sg_strbuf_add(b, "unchanged since the baseline");
	} else {
		sb_clean(b, f->reason ? f->reason : "not blocking", CLEAN_ATTR,
			 ATTR_MAX);
	}
}

/* Everything the finding says (and only that), most useful first. */
static void finding_body(struct sg_strbuf *b, const struct sg_run_result *r,
			 const struct sg_finding *f)
{
	const struct sg_package *pkg = &sg_finding_cold(f)->package;
	const struct sg_suppression *s = sg_finding_cold(f)->suppressed_by;

	body_line(b, "rule", f->rule_id);
	body_line(b, "title", f->title);
	sg_strbuf_add(b, "severity: ");
	sg_strbuf_add(b, sg_severity_name(f->severity));
	if (sg_finding_cold(f)->tool_severity) {
		sg_strbuf_add(b, " (tool: ");
		sb_clean(b, sg_finding_cold(f)->tool_severity, CLEAN_ATTR,
			 upto(b, 64));
		sg_strbuf_add(b, ")");
	}
	sg_strbuf_add(b, "\n");
	if (f->location.path) {
		sg_strbuf_add(b, "location: ");
		sb_clean(b, f->location.path, CLEAN_ATTR, upto(b, 2048));
		if (f->location.start_line)
			sg_strbuf_add_decimal(b, ':', f->location.start_line);
		if (f->location.end_line > f->location.start_line)
			sg_strbuf_add_decimal(b, '-', f->location.end_line);
		sg_strbuf_add(b, "\n");
	}
	related_lines(b, f);
	body_line(b, "commit", f->location.commit);
	if (pkg->name) {
		sg_strbuf_add(b, "package: ");
		if (pkg->ecosystem) {
			sb_clean(b, pkg->ecosystem, CLEAN_ATTR, upto(b, 64));
			sg_strbuf_add(b, "/");
		}
		sb_clean(b, pkg->name, CLEAN_ATTR, upto(b, 512));
		if (pkg->version) {
			sg_strbuf_add(b, " ");
			sb_clean(b, pkg->version, CLEAN_ATTR, upto(b, 256));
		}
		sg_strbuf_add(b, "\n");
		body_list(b, "fixed versions", pkg->fixed_versions,
			  pkg->n_fixed_versions);
	}
	body_list(b, "ids", sg_finding_cold(f)->ids, sg_finding_cold(f)->n_ids);
	body_list(b, "reported by", sg_finding_sources(f),
		  sg_finding_n_sources(f));
	if (r->baseline)
		sg_strbuf_add(b, f->state == SG_STATE_UNCHANGED
			      ? "baseline: unchanged\n"
			      : "baseline: new\n");
	if (s && b->len < BODY_MAX - 2048) {
		sg_strbuf_add(b, suppression_expired(r, s) ? "suppression (expired): "
						    : "suppression: ");
		suppression_text(b, s, CLEAN_ATTR, 1024);
		sg_strbuf_add(b, "\n");
	} else if (f->suppression_expired) {
		sg_strbuf_add(b, "suppression: expired\n");
	}
	body_line(b, "suppressed by the tool",
		  sg_finding_cold(f)->producer_suppression);
	if (f->excluded)
		sg_strbuf_add(b, "excluded: path excluded by the configuration\n");
	if (f->outside_diff)
		sg_strbuf_add(b, "outside the diff: not in what the change touched\n");
	body_line(b, "reason", f->reason);
	body_line(b, "fingerprint", f->fingerprint);
	body_line(b, "help", sg_finding_cold(f)->help_uri);
	body_copies(b, f);
	/* Last: a long message must not push the facts out of the cap. */
	if (f->message && room(b)) {
		sg_strbuf_add(b, "\n");
		sb_clean(b, f->message, CLEAN_BODY, room(b) + 32);
		sg_strbuf_add(b, "\n");
	}
}

/* "<rule> <path>:<line> [<12 hex of the fingerprint>]" (no path: package). */
static void finding_name(struct sg_strbuf *b, const struct sg_finding *f,
			 size_t index)
{
	const char *fp = f->fingerprint, *colon;
	size_t n;

	sb_clean(b, f->rule_id ? f->rule_id : "(no rule)", CLEAN_ATTR,
		 RULE_MAX);
	if (f->location.path) {
		sg_strbuf_add(b, " ");
		sb_clean(b, f->location.path, CLEAN_ATTR, PATH_MAX_PART);
		if (f->location.start_line)
			sg_strbuf_add_decimal(b, ':', f->location.start_line);
	} else if (sg_finding_cold(f)->package.name) {
		/* Image scans have no path: the package says where. */
		sg_strbuf_add(b, " ");
		sb_clean(b, sg_finding_cold(f)->package.name, CLEAN_ATTR,
			 PATH_MAX_PART / 2);
		if (sg_finding_cold(f)->package.version) {
			sg_strbuf_add(b, " ");
			sb_clean(b, sg_finding_cold(f)->package.version,
				 CLEAN_ATTR, RULE_MAX);
		}
	}
	if (fp && (colon = strrchr(fp, ':')))
		fp = colon + 1;
	/* Only hex is ours to trust: anything else ends the short form. */
	n = fp ? strspn(fp, "0123456789abcdef") : 0;
	if (n > 12)
		n = 12;
	if (n) {
		sg_strbuf_add(b, " [");
		sg_strbuf_addn(b, fp, n);
		sg_strbuf_add(b, "]");
	} else {
		sg_strbuf_addf(b, " [#%zu]", index);
	}
}

static void classname(struct sg_strbuf *b, const char *tool, const char *leaf)
{
	sg_strbuf_reset(b);
	sg_strbuf_add(b, "secgate.");
	sb_slug(b, tool);
	sg_strbuf_add(b, ".");
	sg_strbuf_add(b, leaf);
}

static int write_finding(struct junit *j, const struct sg_finding *f,
			 size_t index)
{
	classname(&j->cls, tool_name(f->tool), sg_kind_name(f->kind));
	sg_strbuf_reset(&j->name);
	finding_name(&j->name, f, index);
	sg_strbuf_reset(&j->b);
	finding_body(&j->b, j->r, f);
	sg_strbuf_reset(&j->m);
	if (f->blocking) {
		const char *sev = sg_severity_name(f->severity);

		sg_strbuf_add(&j->m, sev);
		sg_strbuf_add(&j->m, " ");
		sb_clean(&j->m,
			 f->title     ? f->title
			 : f->rule_id ? f->rule_id
				      : "finding",
			 CLEAN_ATTR, ATTR_MAX - 16);
		return testcase(j, j->cls.data, OUT_FAILURE, j->m.data, sev);
	}
	skip_message(&j->m, j->r, f);
	return testcase(j, j->cls.data, OUT_SKIPPED, j->m.data, NULL);
}

/* ---- suites ---- */

struct plan {
	struct tools tools;
	uint32_t *tool_of;   /* per finding */
	uint32_t *order;     /* findings grouped by tool, set order within */
	size_t *own;         /* per input: findings it is the first source of */
	size_t *back;        /* per suppression: findings it no longer hides */
	size_t unattributed; /* findings back from an unnamed expired one */
};

static void plan_release(struct plan *p)
{
	tools_release(&p->tools);
	free(p->tool_of);
	free(p->order);
	free(p->own);
	free(p->back);
}

static bool input_ok(const struct sg_input *in)
{
	return in->status >= 0;
}

/* Count everything first: suite attributes come before their testcases. */
static int plan_build(struct plan *p, const struct sg_run_result *r)
{
	const struct sg_findings *set = r->set;
	size_t n = set ? set->count : 0;
	size_t n_sup = r->config ? r->config->n_suppressions : 0;

	memset(p, 0, sizeof(*p));
	if (n > UINT32_MAX)
		return SG_ENOMEM;
	p->tool_of = malloc((n ? n : 1) * sizeof(*p->tool_of));
	p->order = malloc((n ? n : 1) * sizeof(*p->order));
	p->own = calloc(r->n_inputs ? r->n_inputs : 1, sizeof(*p->own));
	p->back = calloc(n_sup ? n_sup : 1, sizeof(*p->back));
	if (!p->tool_of || !p->order || !p->own || !p->back)
		return SG_ENOMEM;
	/* Tools in order of first appearance: inputs, then findings. */
	for (size_t i = 0; i < r->n_inputs; i++)
		if (input_ok(&r->inputs[i]) &&
		    tools_get(&p->tools, tool_name(r->inputs[i].meta.tool)) < 0)
			return SG_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct sg_finding *f = &set->items[i];
		long t = tools_get(&p->tools, tool_name(f->tool));
		long s;

		if (t < 0)
			return SG_ENOMEM;
		p->tool_of[i] = (uint32_t)t;
		p->tools.v[t].n++;
		p->tools.v[t].blocking += f->blocking;
		/* A merged finding belongs to every input that had a copy. */
		for (size_t k = 0; k < (sg_finding_cold(f)->n_copies
					    ? sg_finding_cold(f)->n_copies
					    : 1);
		     k++) {
			uint32_t in =
			    sg_finding_cold(f)->n_copies
				? sg_finding_cold(f)->copies[k].input_index
				: f->input_index;

			if (in < r->n_inputs)
				p->own[in]++;
		}
		if (active_suppression(r, f))
			continue;
		s = suppression_index(r, sg_finding_cold(f)->suppressed_by);
		if (s >= 0)
			p->back[s]++;
		else if (f->suppression_expired)
			p->unattributed++;
	}
	for (size_t i = 0; i < r->n_inputs; i++)
		if (input_ok(&r->inputs[i]) && !p->own[i]) {
			long t = tools_get(&p->tools,
					   tool_name(r->inputs[i].meta.tool));

			if (t < 0)
				return SG_ENOMEM;
			p->tools.v[t].passes++;
		}
	/* Counting sort by tool, stable: set order within a suite. */
	for (size_t t = 0, at = 0; t < p->tools.count; t++) {
		p->tools.v[t].first = at;
		at += p->tools.v[t].n;
		p->tools.v[t].n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct tool *t = &p->tools.v[p->tool_of[i]];

		p->order[t->first + t->n++] = (uint32_t)i;
	}
	return 0;
}

static int write_tool_suite(struct junit *j, const struct plan *p, size_t ti)
{
	const struct sg_run_result *r = j->r;
	const struct tool *t = &p->tools.v[ti];
	const char *version = NULL;
	char out[160];

	sg_strbuf_reset(&j->name);
	sb_clean(&j->name, t->name, CLEAN_ATTR, RULE_MAX);
	/* Not to be taken for the policy suite; never blank (windyroad). */
	if (j->name.data && strcmp(j->name.data, POLICY_SUITE) == 0)
		sg_strbuf_add(&j->name, " (tool)");
	if (!j->name.len || strspn(j->name.data, " ") == j->name.len)
		sg_strbuf_add(&j->name, "unknown");
	if (j->name.failed)
		return -1;
	/* start_suite and property use only j->a: j->name stays valid. */
	TRY(start_suite(j, j->name.data, t->name, t->n + t->passes, t->blocking, 0,
			t->n - t->blocking));
	TRY(property(j, "tool", t->name));
	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct sg_input *in = &r->inputs[i];

		if (!input_ok(in) || strcmp(tool_name(in->meta.tool), t->name))
			continue;
		if (!version)
			version = in->meta.tool_version;
		TRY(property(j, "input", in->path ? in->path : "-"));
		TRY(property(j, "format", in->meta.format));
	}
	if (!version && t->n)
		version = r->set->items[p->order[t->first]].tool_version;
	TRY(property(j, "tool_version", version));
	TRY(end_properties(j));

	for (size_t k = 0; k < t->n; k++) {
		size_t i = p->order[t->first + k];

		TRY(write_finding(j, &r->set->items[i], i));
	}
	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct sg_input *in = &r->inputs[i];

		if (!input_ok(in) || p->own[i] ||
		    strcmp(tool_name(in->meta.tool), t->name))
			continue;
		classname(&j->cls, t->name, "input");
		sg_strbuf_reset(&j->name);
		sg_strbuf_reset(&j->b);
		/* De-duplication kept them under an earlier input's finding. */
		if (in->n_findings)
			sg_strbuf_addf(&j->name,
				"%zu finding%s also reported by an "
				"earlier input in ",
				in->n_findings, in->n_findings == 1 ? "" : "s");
		else
			sg_strbuf_add(&j->name, "no findings in ");
		sb_clean(&j->name, in->path ? in->path : "-", CLEAN_ATTR,
			 PATH_MAX_PART);
		TRY(testcase(j, j->cls.data, OUT_PASS, NULL, NULL));
	}
	snprintf(out, sizeof(out), "%zu finding%s, %zu blocking\n", t->n,
		 t->n == 1 ? "" : "s", t->blocking);
	return end_suite(j, out);
}

/* Stale: matched nothing. Expired: its findings block again. */
enum sup_case { SUP_NONE, SUP_STALE, SUP_EXPIRED };

static enum sup_case sup_case(const struct sg_run_result *r,
			      const struct plan *p, size_t i)
{
	const struct sg_suppression *s = &r->config->suppressions[i];

	if (suppression_expired(r, s) && (p->back[i] || s->matched))
		return SUP_EXPIRED;
	if (!s->matched && !p->back[i])
		return SUP_STALE;
	return SUP_NONE;
}

/* "suppression at <file>:<line>:<column>" */
static void suppression_name(struct junit *j, size_t i)
{
	const struct sg_suppression *s = &j->r->config->suppressions[i];

	sg_strbuf_reset(&j->name);
	sg_strbuf_add(&j->name, "suppression at ");
	sb_clean(&j->name,
		 j->r->config->path ? j->r->config->path : ".secgate.yml",
		 CLEAN_ATTR, PATH_MAX_PART);
	sg_strbuf_addf(&j->name, ":%u:%u", s->line, s->column);
}

/* What a suppression matches and why it exists (from the user's config). */
static void suppression_body(struct sg_strbuf *b, const struct sg_suppression *s)
{
	body_line(b, "fingerprint", s->fingerprint);
	body_line(b, "rule", s->rule);
	body_line(b, "vulnerability", s->vulnerability);
	body_line(b, "package", s->package);
	body_line(b, "versions", s->package_versions);
	body_line(b, "path", s->path);
	body_line(b, "reason", s->reason);
	body_line(b, "owner", s->owner);
	if (s->has_expiry)
		body_line(b, "expires", s->expires_text);
}

static void gate_body(struct sg_strbuf *b, const struct sg_run_result *r,
		      size_t failed, size_t stale, bool strict)
{
	sg_strbuf_add(b, "verdict: ");
	sg_strbuf_add(b, sg_verdict_name(r->verdict));
	sg_strbuf_add(b, "\n");
	if (r->policy)
		sg_strbuf_addf(b, "threshold: %s\n",
			r->policy->never_fail
			    ? "none"
			    : sg_severity_name(r->policy->fail_on));
	sg_strbuf_addf(b, "findings: %zu\nblocking: %zu\n", r->summary.total,
		r->summary.blocking);
	if (failed)
		sg_strbuf_addf(b, "failed inputs: %zu\n", failed);
	if (stale)
		sg_strbuf_addf(b, "stale suppressions: %zu%s\n", stale,
			strict ? " (strict: they fail the gate)" : "");
}

static int write_policy_suite(struct junit *j, const struct plan *p)
{
	const struct sg_run_result *r = j->r;
	const struct sg_config *c = r->config;
	size_t n_sup = c ? c->n_suppressions : 0;
	size_t failed = 0, stale = 0, expired = 0;
	bool strict = c && c->strict, aggregate;
	enum outcome gate;
	char msg[192];

	for (size_t i = 0; i < r->n_inputs; i++)
		failed += !input_ok(&r->inputs[i]);
	for (size_t i = 0; i < n_sup; i++) {
		enum sup_case k = sup_case(r, p, i);

		stale += k == SUP_STALE;
		expired += k == SUP_EXPIRED;
	}
	/* Findings back from an expired suppression we cannot name. */
	aggregate = p->unattributed && !expired;
	gate = r->verdict == SG_VERDICT_PASS   ? OUT_PASS
	       : r->verdict == SG_VERDICT_FAIL ? OUT_FAILURE
					       : OUT_ERROR;
	TRY(start_suite(j, POLICY_SUITE, "policy",
			failed + stale + expired + aggregate + 1,
			(strict ? stale : 0) + (gate == OUT_FAILURE),
			failed + (gate == OUT_ERROR),
			(strict ? 0 : stale) + expired + aggregate));
	if (r->policy) {
		TRY(property(j, "fail_on",
			     r->policy->never_fail
				 ? "none"
				 : sg_severity_name(r->policy->fail_on)));
		TRY(property(j, "unknown_severity",
			     sg_severity_name(r->policy->unknown_as)));
	}
	TRY(property(j, "verdict", sg_verdict_name(r->verdict)));
	if (c) {
		TRY(property(j, "config", c->path));
		TRY(property(j, "profile", c->profile));
		TRY(property(j, "new_only", c->new_only ? "true" : "false"));
		TRY(property(j, "strict", c->strict ? "true" : "false"));
	}
	TRY(end_properties(j));

	for (size_t i = 0; i < r->n_inputs; i++) {
		const struct sg_input *in = &r->inputs[i];
		const char *err = in->error ? in->error : "the input failed";

		if (input_ok(in))
			continue;
		sg_strbuf_reset(&j->name);
		sg_strbuf_add(&j->name, "input ");
		sb_clean(&j->name, in->path ? in->path : "-", CLEAN_ATTR,
			 PATH_MAX_PART);
		sg_strbuf_reset(&j->b);
		body_line(&j->b, "input", in->path ? in->path : "-");
		body_line(&j->b, "tool", in->meta.tool);
		body_line(&j->b, "format", in->meta.format);
		body_line(&j->b, "error", err);
		sg_strbuf_reset(&j->m);
		sg_strbuf_add(&j->m, "input failed: ");
		sb_clean(&j->m, err, CLEAN_ATTR, ATTR_MAX - 16);
		TRY(testcase(j, "secgate.policy.input", OUT_ERROR, j->m.data,
			     "input"));
	}
	for (size_t i = 0; i < n_sup; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		enum sup_case k = sup_case(r, p, i);

		if (k == SUP_NONE)
			continue;
		suppression_name(j, i);
		sg_strbuf_reset(&j->b);
		suppression_body(&j->b, s);
		if (k == SUP_EXPIRED) {
			size_t back = p->back[i] ? p->back[i] : s->matched;

			snprintf(msg, sizeof(msg),
				 "suppression expired on %.10s: %zu finding%s "
				 "no longer suppressed",
				 s->expires_text, back, back == 1 ? "" : "s");
			TRY(testcase(j, "secgate.policy.suppression",
				     OUT_SKIPPED, msg, NULL));
			continue;
		}
		if (suppression_expired(r, s))
			snprintf(msg, sizeof(msg),
				 "stale suppression: matched no finding "
				 "(expired on %.10s)",
				 s->expires_text);
		else
			snprintf(msg, sizeof(msg),
				 "stale suppression: matched no finding");
		TRY(testcase(j, "secgate.policy.suppression",
			     strict ? OUT_FAILURE : OUT_SKIPPED, msg,
			     "stale-suppression"));
	}
	if (aggregate) {
		sg_strbuf_reset(&j->name);
		sg_strbuf_add(&j->name, "expired suppressions");
		sg_strbuf_reset(&j->b);
		snprintf(msg, sizeof(msg),
			 "suppression expired: %zu finding%s no longer "
			 "suppressed",
			 p->unattributed, p->unattributed == 1 ? "" : "s");
		TRY(testcase(j, "secgate.policy.suppression", OUT_SKIPPED, msg,
			     NULL));
	}
	sg_strbuf_reset(&j->name);
	sg_strbuf_add(&j->name, "gate");
	sg_strbuf_reset(&j->b);
	gate_body(&j->b, r, failed, stale, strict);
	msg[0] = '\0';
	if (gate == OUT_FAILURE)
		snprintf(
		    msg, sizeof(msg), "gate failed: %zu blocking finding%s",
		    r->summary.blocking, r->summary.blocking == 1 ? "" : "s");
	else if (gate == OUT_ERROR)
		snprintf(msg, sizeof(msg), "gate error: %zu input%s failed",
			 failed, failed == 1 ? "" : "s");
	TRY(testcase(j, "secgate.policy.gate", gate, msg,
		     gate == OUT_ERROR ? "error" : "fail"));
	snprintf(msg, sizeof(msg), "verdict: %s\n",
		 sg_verdict_name(r->verdict));
	return end_suite(j, msg);
}

/* YYYY-MM-DDTHH:MM:SS in UTC, no zone (the windyroad pattern). */
static void format_timestamp(char *out, size_t size, int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;

	if ((int64_t)t != now || !gmtime_r(&t, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900)
		t = 0, gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
}

static int write_all(struct junit *j, const struct plan *p)
{
	sg_xml_out_declaration(&j->x);
	/* No attributes: the windyroad schema allows none on the root. */
	TRY(start(j, "testsuites"));
	for (size_t t = 0; t < p->tools.count; t++)
		if (p->tools.v[t].n + p->tools.v[t].passes)
			TRY(write_tool_suite(j, p, t));
	TRY(write_policy_suite(j, p));
	return end(j);
}

static bool junit_oom(const struct junit *j)
{
	return j->oom || j->a.failed || j->b.failed || j->name.failed ||
	       j->cls.failed || j->m.failed || j->x.oom;
}

int sg_report_junit_write(FILE *out, const struct sg_run_result *r)
{
	struct junit j = { .r = r };
	struct plan p;
	int rc, wrc;

	rc = plan_build(&p, r);
	if (rc < 0) {
		plan_release(&p);
		return sg_error(rc, "out of memory writing the JUnit report");
	}
	format_timestamp(j.timestamp, sizeof(j.timestamp), r->stamp);
	sg_xml_out_init(&j.x, out);
	wrc = write_all(&j, &p);
	/* Written out even after a failure: the caller removes the file. */
	if (sg_xml_out_finish(&j.x) < 0)
		wrc = -1;
	plan_release(&p);
	sg_xml_out_release(&j.x);
	sg_strbuf_release(&j.a);
	sg_strbuf_release(&j.b);
	sg_strbuf_release(&j.name);
	sg_strbuf_release(&j.cls);
	sg_strbuf_release(&j.m);
	free(j.names.slots);
	if (j.x.io_error)
		return sg_error(SG_EIO, "cannot write the JUnit report: %s",
				j.x.err ? strerror(j.x.err) : "write error");
	if (junit_oom(&j))
		return sg_error(SG_ENOMEM, "out of memory writing the JUnit "
					   "report");
	if (wrc < 0)
		return sg_error(SG_EIO, "cannot write the JUnit report");
	return 0;
}
