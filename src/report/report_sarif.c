/*
 * The SARIF 2.1.0 report (docs/reports.md): a run per tool, keeping the
 * producer's rules when the input was SARIF and describing the rules of
 * the others, so GitHub code scanning shows each tool under its own name
 * and category. The skeleton is printed and each rule is one json_dumpf;
 * each result is written straight into a buffer (json_out.h) with the
 * producer's extras spliced in as text (sarif_extras.h): never one tree
 * for the whole log, and none per result.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "word_scan.h"
#include "baseline.h"
#include "config.h"
#include "json_out.h"
#include "line_hash.h"
#include "report_sarif.h"
#include "sarif_extras.h"
#include "strbuf.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "secgate/path.h"
#include "version.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define DUMP_FLAGS JSON_COMPACT
#define NO_RULE_ID "secgate/no-rule-id"
/*
 * GitHub rejects a whole upload when a result has no location, so a
 * finding without a path (a pip-audit dependency) points at the
 * repository root. See docs/reports.md.
 */
#define NO_PATH_URI "."
#define WARN_NAME_MAX 80
/* Results are written out in pieces of about this size. */
#define FLUSH_BYTES ((size_t)64 << 10)

/* The run of one tool, in the order it is written. */
struct run {
	const char *tool; /* secgate's tool name */
	bool pseudo;	  /* secgate's own: failed inputs of no other run */
	bool read_ok;	  /* an input of this tool was read */
	bool tainted;	  /* an input of this tool could not be read */
	size_t *items;	  /* findings (indexes into the set), in set order */
	size_t n_items, cap_items;
	size_t *absent; /* baseline entries no longer found */
	size_t n_absent, cap_absent;
	size_t *failed; /* inputs of this tool that could not be read */
	size_t n_failed, cap_failed;
	json_t *producers; /* the producers' tool objects (SARIF inputs) */
	const char *version;
};

/* A rule of the run being written: the producer's, or described here. */
struct rule {
	const char *id;
	const json_t *producer;		/* reportingDescriptor, or NULL */
	const struct sg_finding *first; /* the most severe result of it */
	const struct sg_baseline_entry *entry; /* when only absent results */
};

struct hash_want {
	const char *path;
	uint32_t line;
	size_t slot; /* index of the result in the run */
};

struct writer {
	FILE *out, *warn;
	const struct sg_run_result *r;
	bool omit_absent;
	char *root; /* realpath of the repository root, or NULL */
	struct run *runs;
	size_t n_runs, cap_runs, n_finding_runs;
	struct run pseudo;
	char **names; /* tool names derived here (owned) */
	size_t n_names, cap_names;
	/* The run being written. */
	struct rule *rules;
	size_t n_rules, cap_rules;
	json_t *rule_index;	/* rule id -> index in rules */
	json_t *producer_rules; /* rule id -> the producer's descriptor */
	size_t *rule_of;	/* per result: index in rules */
	char (*hashes)[SG_LINE_HASH_MAX]; /* per finding result; "" when none */
	/* Cuts, for the warnings. */
	size_t cut_tags, cut_text;
	bool bad; /* a json_t could not be built: out of memory */
	struct sg_json_out jo; /* the results being written */
};

static const struct {
	const char *tool, *name, *uri;
} known_tools[] = {
    {"gitleaks", "gitleaks", "https://github.com/gitleaks/gitleaks"},
    {"trivy", "Trivy", "https://github.com/aquasecurity/trivy"},
    {"pip-audit", "pip-audit", "https://github.com/pypa/pip-audit"},
    {"codeql", "CodeQL", "https://codeql.github.com"},
};

static int no_memory(void)
{
	return sg_error(SG_ENOMEM, "out of memory");
}

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (1 to 4), 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3
									 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
			       (s[3] & 0xC0) == 0x80
			   ? 4
			   : 0;
	}
	return 0;
}

static bool unwanted_control(unsigned char c)
{
	return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
}

/* How many bytes at the start of u[0, n) need no cleaning. */
static size_t clean_prefix(const unsigned char *u, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		/* The common case: a run of printable ASCII. */
		i += sg_printable_run((const char *)u + i, n - i);
		if (i == n)
			break;
		if (unwanted_control(u[i]) || !(k = utf8_len(u + i)))
			break;
		i += k;
	}
	return i;
}

/*
 * s[0, n) cleaned: C0 controls other than \n and \t dropped, invalid
 * UTF-8 (the adapters' strings were validated by jansson, but a finding
 * may come from elsewhere) replaced by U+FFFD, and cut to max bytes on a
 * character boundary with "..." at the end. New (caller frees), *len
 * bytes; NULL when out of memory.
 */
static char *cleaned(const char *s, size_t n, size_t max, bool *cut,
		     size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0, k;
	char *buf = malloc(3 * n + 4);

	if (!buf)
		return NULL;
	for (i = 0; i < n;) {
		if (unwanted_control(u[i])) {
			i++;
		} else if ((k = utf8_len(u + i))) {
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		} else {
			memcpy(buf + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	if (o > max && max >= 4) {
		o = max - 3;
		while (o > 0 && ((unsigned char)buf[o] & 0xC0) == 0x80)
			o--;
		memcpy(buf + o, "...", 3);
		o += 3;
		if (cut)
			*cut = true;
	}
	*len = o;
	return buf;
}

/* s cleaned (see cleaned) as a JSON string. NULL when out of memory. */
static json_t *text_max(const char *s, size_t max, bool *cut)
{
	size_t n = strlen(s), len;
	char *buf;
	json_t *v;

	if (cut)
		*cut = false;
	if (n <= max && clean_prefix((const unsigned char *)s, n) == n)
		return json_stringn_nocheck(s, n);
	if (!(buf = cleaned(s, n, max, cut, &len)))
		return NULL;
	v = json_stringn_nocheck(buf, len);
	free(buf);
	return v;
}

static json_t *text(const char *s)
{
	return text_max(s, SIZE_MAX, NULL);
}

/* A description GitHub shows, cut to its limit (counted for the warning). */
static json_t *limited(struct writer *w, const char *s, size_t max)
{
	bool cut;
	json_t *v = text_max(s, max, &cut);

	w->cut_text += cut;
	return v;
}

static void put(struct writer *w, json_t *obj, const char *key, json_t *v)
{
	/* jansson releases v when it cannot be set (also when obj is NULL). */
	if (json_object_set_new_nocheck(obj, key, v) < 0)
		w->bad = true;
}

static void append(struct writer *w, json_t *arr, json_t *v)
{
	if (json_array_append_new(arr, v) < 0)
		w->bad = true;
}

/* {"text": s} */
static json_t *message(struct writer *w, json_t *textv)
{
	json_t *m = json_object();

	put(w, m, "text", textv);
	return m;
}

/* ---- URIs ---- */

static bool uri_char_ok(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("\"<>\\^`{|}", c);
}

/* An escape-clean URI reference: what format "uri-reference" accepts. */
static bool valid_uri_reference(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (!uri_char_ok((unsigned char)*p))
			return false;
		if (*p == '%' && !(isxdigit((unsigned char)p[1]) &&
				   isxdigit((unsigned char)p[2])))
			return false;
	}
	return true;
}

/* An absolute URI (format "uri"): a scheme, ':' and more. */
static bool valid_uri(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	       *p == '.')
		p++;
	return *p == ':' && p[1] && valid_uri_reference(s);
}

/*
 * What a URI keeps as it is: URI_KEPT, ASCII letters and digits and
 * "-._~!$&'()*+,;=@/"; URI_COLON, ':', only where asked (a drive
 * letter's). A table: this runs over every path of every location.
 */
enum { URI_KEPT = 1, URI_COLON = 2 };

static const unsigned char uri_class[256] = {
    ['-'] = URI_KEPT, ['.'] = URI_KEPT, ['_'] = URI_KEPT, ['~'] = URI_KEPT,
    ['!'] = URI_KEPT, ['$'] = URI_KEPT, ['&'] = URI_KEPT, ['\''] = URI_KEPT,
    ['('] = URI_KEPT, [')'] = URI_KEPT, ['*'] = URI_KEPT, ['+'] = URI_KEPT,
    [','] = URI_KEPT, [';'] = URI_KEPT, ['='] = URI_KEPT, ['@'] = URI_KEPT,
    ['/'] = URI_KEPT, [':'] = URI_COLON,
    ['0'] = URI_KEPT, ['1'] = URI_KEPT, ['2'] = URI_KEPT, ['3'] = URI_KEPT,
    ['4'] = URI_KEPT, ['5'] = URI_KEPT, ['6'] = URI_KEPT, ['7'] = URI_KEPT,
    ['8'] = URI_KEPT, ['9'] = URI_KEPT,
    ['a'] = URI_KEPT, ['b'] = URI_KEPT, ['c'] = URI_KEPT, ['d'] = URI_KEPT,
    ['e'] = URI_KEPT, ['f'] = URI_KEPT, ['g'] = URI_KEPT, ['h'] = URI_KEPT,
    ['i'] = URI_KEPT, ['j'] = URI_KEPT, ['k'] = URI_KEPT, ['l'] = URI_KEPT,
    ['m'] = URI_KEPT, ['n'] = URI_KEPT, ['o'] = URI_KEPT, ['p'] = URI_KEPT,
    ['q'] = URI_KEPT, ['r'] = URI_KEPT, ['s'] = URI_KEPT, ['t'] = URI_KEPT,
    ['u'] = URI_KEPT, ['v'] = URI_KEPT, ['w'] = URI_KEPT, ['x'] = URI_KEPT,
    ['y'] = URI_KEPT, ['z'] = URI_KEPT,
    ['A'] = URI_KEPT, ['B'] = URI_KEPT, ['C'] = URI_KEPT, ['D'] = URI_KEPT,
    ['E'] = URI_KEPT, ['F'] = URI_KEPT, ['G'] = URI_KEPT, ['H'] = URI_KEPT,
    ['I'] = URI_KEPT, ['J'] = URI_KEPT, ['K'] = URI_KEPT, ['L'] = URI_KEPT,
    ['M'] = URI_KEPT, ['N'] = URI_KEPT, ['O'] = URI_KEPT, ['P'] = URI_KEPT,
    ['Q'] = URI_KEPT, ['R'] = URI_KEPT, ['S'] = URI_KEPT, ['T'] = URI_KEPT,
    ['U'] = URI_KEPT, ['V'] = URI_KEPT, ['W'] = URI_KEPT, ['X'] = URI_KEPT,
    ['Y'] = URI_KEPT, ['Z'] = URI_KEPT,
};

/*
 * prefix and path as a JSON string holding a URI: unreserved characters,
 * sub-delimiters, '@', '/' (and ':' when keep_colon) as they are, the
 * rest %XX. The result is ASCII without '"' or '\\': it needs no JSON
 * escape.
 */
static void put_escaped_uri(struct sg_json_out *out, const char *prefix,
			    const char *path, bool keep_colon)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned mask = keep_colon ? URI_KEPT | URI_COLON : URI_KEPT;
	const unsigned char *p = (const unsigned char *)path, *run;

	sg_json_out_putc(out, '"');
	sg_json_out_puts(out, prefix);
	while (*p) {
		/* The NUL is in no class: it ends the run. */
		for (run = p; uri_class[*p] & mask; p++)
			;
		sg_json_out_write(out, run, (size_t)(p - run));
		if (*p) {
			char seq[3] = {'%', hex[*p >> 4], hex[*p & 15]};

			sg_json_out_write(out, seq, sizeof(seq));
			p++;
		}
	}
	sg_json_out_putc(out, '"');
}

/*
 * A repository-relative path as a relative URI reference (':' escaped
 * too, so no path reads as a scheme), with leading '/' dropped: an
 * absolute URI whose scheme differs from the upload's source root makes
 * GitHub reject the upload.
 */
static void put_path_uri(struct sg_json_out *out, const char *path)
{
	while (*path == '/')
		path++;
	put_escaped_uri(out, "", *path ? path : NO_PATH_URI, false);
}

/*
 * An absolute path outside the repository as a file URI: "/opt/x.js" ->
 * "file:///opt/x.js", "C:/code/f.c" -> "file:///C:/code/f.c". false
 * (nothing written) when the path is not absolute.
 */
static bool put_absolute_file_uri(struct sg_json_out *out, const char *path)
{
	if (path[0] == '/' && path[1] == '/')
		put_escaped_uri(out, "file:", path, false);
	else if (path[0] == '/')
		put_escaped_uri(out, "file://", path, false);
	else if (isalpha((unsigned char)path[0]) && path[1] == ':' &&
		 path[2] == '/')
		put_escaped_uri(out, "file:///", path, true);
	else
		return false;
	return true;
}

/*
 * The remote without credentials: "https://user:token@host/x" ->
 * "https://host/x", scp-like "git@host:org/x" -> "ssh://host/org/x"; query
 * and fragment dropped (tokens hide there too). New, or NULL when it is no
 * URI after that.
 */
static char *clean_repo_uri(const char *uri)
{
	const char *sep = strstr(uri, "://"), *auth, *end, *at = NULL;
	size_t n = strlen(uri);
	char *out = malloc(n + 8), *cut;

	if (!out)
		return NULL;
	if (sep) {
		auth = sep + 3;
		end = auth + strcspn(auth, "/?#");
		for (const char *p = auth; p < end; p++)
			if (*p == '@')
				at = p;
		const char *rest = at ? at + 1 : auth;

		memcpy(out, uri, (size_t)(auth - uri));
		memcpy(out + (auth - uri), rest, strlen(rest) + 1);
	} else {
		const char *colon = strchr(uri, ':');
		const char *slash = strchr(uri, '/');

		if (!colon || colon == uri || (slash && slash < colon)) {
			free(out);
			return NULL;
		}
		at = memchr(uri, '@', (size_t)(colon - uri));
		auth = at ? at + 1 : uri;
		const char *path = colon[1] == '/' ? colon + 2 : colon + 1;

		/* "ssh://" + host + "/" + path + NUL <= n + 8 bytes */
		memcpy(out, "ssh://", 6);
		memcpy(out + 6, auth, (size_t)(colon - auth));
		out[6 + (colon - auth)] = '/';
		memcpy(out + 7 + (colon - auth), path, strlen(path) + 1);
	}
	cut = out + strcspn(out, "?#");
	*cut = '\0';
	if (!valid_uri(out)) {
		free(out);
		return NULL;
	}
	return out;
}

/* ---- names and scores ---- */

static const char *level_of(enum sg_severity sev)
{
	switch (sev) {
	case SG_SEV_CRITICAL:
	case SG_SEV_HIGH:
		return "error";
	case SG_SEV_LOW:
	case SG_SEV_INFO:
		return "note";
	default:
		return "warning";
	}
}

static bool plain_number(const char *s)
{
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

/* A score in the middle of the severity's band; NULL for info, unknown. */
static const char *band_score(enum sg_severity sev)
{
	static const char *const scores[SG_SEV_COUNT] = {
	    [SG_SEV_LOW] = "2.0",
	    [SG_SEV_MEDIUM] = "5.5",
	    [SG_SEV_HIGH] = "8.0",
	    [SG_SEV_CRITICAL] = "9.5",
	};

	return (unsigned)sev < SG_SEV_COUNT ? scores[sev] : NULL;
}

/*
 * security-severity for a finding: the tool's own score when it says the
 * same severity ("8.8"), else a score in the middle of the severity's
 * band as GitHub reads it. NULL for info and unknown (no security
 * severity: GitHub reads 0.0 so).
 */
static const char *security_score(const struct sg_finding *f, char buf[32])
{
	const char *t = sg_finding_cold(f)->tool_severity;

	if (!band_score(f->severity))
		return NULL;
	if (t && strlen(t) < 16 && plain_number(t)) {
		double v = strtod(t, NULL);

		if (v > 0 && v <= 10 &&
		    sg_severity_from_score(v) == f->severity) {
			/* Under 16 bytes (above): a copy, not a printf. */
			memcpy(buf, t, strlen(t) + 1);
			return buf;
		}
	}
	return band_score(f->severity);
}

/* "1.2.3", "1.2.3-rc.1+b5": what semanticVersion must hold. */
static bool semver(const char *v)
{
	for (int part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*v))
			return false;
		while (isdigit((unsigned char)*v))
			v++;
		if (part < 2 && *v++ != '.')
			return false;
	}
	if (*v != '\0' && *v != '-' && *v != '+')
		return false;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr(".-+", *v))
			return false;
	return true;
}

/* 31002 -> "31,002" */
static const char *thousands(char buf[32], size_t n)
{
	char tmp[32];
	size_t len, o = 0;

	snprintf(tmp, sizeof(tmp), "%zu", n);
	len = strlen(tmp);
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

__attribute__((format(printf, 2, 3))) static void warn(const struct writer *w,
						       const char *fmt, ...)
{
	va_list ap;

	fputs("secgate: warning: SARIF: ", w->warn);
	va_start(ap, fmt);
	vfprintf(w->warn, fmt, ap);
	va_end(ap);
	fputc('\n', w->warn);
}

/* ---- grouping findings into runs ---- */

static int push_index(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		size_t *grown = realloc(*v, c * sizeof(*grown));

		if (!grown)
			return no_memory();
		*v = grown;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return 0;
}

static struct run *find_run(struct writer *w, const char *tool)
{
	for (size_t i = 0; i < w->n_runs; i++)
		if (strcmp(w->runs[i].tool, tool) == 0)
			return &w->runs[i];
	return NULL;
}

static struct run *add_run(struct writer *w, const char *tool)
{
	struct run *run = find_run(w, tool);

	if (run)
		return run;
	if (w->n_runs == w->cap_runs) {
		size_t c = w->cap_runs ? w->cap_runs * 2 : 8;
		struct run *grown = realloc(w->runs, c * sizeof(*grown));

		if (!grown)
			return NULL;
		w->runs = grown;
		w->cap_runs = c;
	}
	run = &w->runs[w->n_runs++];
	memset(run, 0, sizeof(*run));
	run->tool = tool;
	return run;
}

static int add_producer(struct run *run, json_t *tool)
{
	if (!run->producers && !(run->producers = json_array()))
		return no_memory();
	return json_array_append(run->producers, tool) < 0 ? no_memory() : 0;
}

/* A copy of a derived tool name that lives as long as the writer. */
static const char *keep_name(struct writer *w, const char *name)
{
	char *copy;

	if (w->n_names == w->cap_names) {
		size_t c = w->cap_names ? w->cap_names * 2 : 8;
		char **grown = realloc(w->names, c * sizeof(*grown));

		if (!grown)
			return NULL;
		w->names = grown;
		w->cap_names = c;
	}
	copy = strdup(name);
	if (copy)
		w->names[w->n_names++] = copy;
	return copy;
}

/*
 * The runs of the tools of an input that was read, also when they found
 * nothing (an empty run tells GitHub that their alerts are fixed). The
 * tool objects of a SARIF input go to the run of the tool their driver
 * names, or all to the --tool name's run.
 */
static int add_input_runs(struct writer *w, const struct sg_input *in)
{
	json_t *tools = in->meta.sarif_tools, *obj;
	const char *tool = in->meta.tool ? in->meta.tool : "unknown";
	char name[SG_TOOL_NAME_MAX + 1];
	bool forced = json_array_size(tools) > 0;
	struct run *run;
	size_t i;
	int rc;

	json_array_foreach(tools, i, obj) {
		sg_tool_name_from_driver(json_string_value(json_object_get(
				      json_object_get(obj, "driver"), "name")),
				  name);
		forced &= strcmp(name, tool) != 0;
	}
	if (json_array_size(tools) > 0 && !forced) {
		json_array_foreach(tools, i, obj) {
			const char *owned;

			sg_tool_name_from_driver(
			    json_string_value(json_object_get(
				json_object_get(obj, "driver"), "name")),
			    name);
			run = find_run(w, name);
			if (!run && strcmp(name, "unknown") == 0)
				continue;
			if (!run && (!(owned = keep_name(w, name)) ||
				     !(run = add_run(w, owned))))
				return no_memory();
			run->read_ok = true;
			if ((rc = add_producer(run, obj)) < 0)
				return rc;
		}
		return 0;
	}
	/* An empty document does not say which tool it is from. */
	if (strcmp(tool, "unknown") == 0 && !find_run(w, tool))
		return 0;
	if (!(run = add_run(w, tool)))
		return no_memory();
	run->read_ok = true;
	json_array_foreach(tools, i, obj) {
		if ((rc = add_producer(run, obj)) < 0)
			return rc;
	}
	if (!run->version && in->meta.tool_version)
		run->version = in->meta.tool_version;
	return 0;
}

static int group(struct writer *w)
{
	const struct sg_run_result *r = w->r;
	const struct sg_baseline *b = r->baseline;
	struct run *run = NULL;
	int rc;

	for (size_t i = 0; i < r->set->count; i++) {
		const struct sg_finding *f = &r->set->items[i];
		const char *tool = f->tool ? f->tool : "unknown";

		if (!run || strcmp(run->tool, tool) != 0) {
			run = add_run(w, tool);
			if (!run)
				return no_memory();
		}
		if ((rc = push_index(&run->items, &run->n_items,
				     &run->cap_items, i)) < 0)
			return rc;
		if (!run->version && f->tool_version)
			run->version = f->tool_version;
		run->read_ok = true;
	}
	w->n_finding_runs = w->n_runs;
	for (size_t k = 0; k < r->n_inputs; k++)
		if (r->inputs[k].status == 0 &&
		    (rc = add_input_runs(w, &r->inputs[k])) < 0)
			return rc;
	for (size_t k = 0; k < r->n_inputs; k++) {
		const struct sg_input *in = &r->inputs[k];

		if (in->status == 0)
			continue;
		/*
		 * The failure goes with the tool's results; a tool without
		 * results gets no run at all (an empty run would tell GitHub
		 * that its alerts are fixed), and secgate's own run says it.
		 */
		run = find_run(w, in->meta.tool ? in->meta.tool : "unknown");
		if (run)
			run->tainted = true;
		if (!run || run->n_items == 0)
			run = &w->pseudo;
		if ((rc = push_index(&run->failed, &run->n_failed,
				     &run->cap_failed, k)) < 0)
			return rc;
	}
	/*
	 * A baseline entry counts as fixed only for a tool that ran and was
	 * read completely: an entry of a tool that did not run, or whose
	 * report failed, proves nothing.
	 */
	for (size_t i = 0; b && !w->omit_absent && i < b->count; i++) {
		const struct sg_baseline_entry *e = &b->entries[i];

		if (!sg_baseline_entry_absent(e) || !e->tool ||
		    !(run = find_run(w, e->tool)) ||
		    !run->read_ok || run->tainted)
			continue;
		if ((rc = push_index(&run->absent, &run->n_absent,
				     &run->cap_absent, i)) < 0)
			return rc;
	}
	return 0;
}

/* ---- rules ---- */

static void index_producer_rules(struct writer *w, const struct run *run)
{
	json_t *tool, *comp, *rule;
	size_t i, j, k;

	json_array_foreach(run->producers, i, tool) {
		json_t *exts = json_object_get(tool, "extensions");

		for (j = 0; j <= json_array_size(exts); j++) {
			comp = j == 0 ? json_object_get(tool, "driver")
				      : json_array_get(exts, j - 1);
			json_array_foreach(json_object_get(comp, "rules"), k,
					   rule) {
				const char *id = json_string_value(
				    json_object_get(rule, "id"));

				/* The driver's first, as the reader does. */
				if (id &&
				    !json_object_get(w->producer_rules, id) &&
				    json_object_set_nocheck(w->producer_rules,
							    id, rule) < 0)
					w->bad = true;
			}
		}
	}
}

/* The producer's rule of id, or of a hierarchical parent ("a/b" -> "a"). */
static const json_t *producer_rule(const struct writer *w, const char *id)
{
	char buf[512];
	const json_t *rule = json_object_get(w->producer_rules, id);
	char *slash;

	size_t len = strlen(id);

	if (rule || len >= sizeof(buf))
		return rule;
	memcpy(buf, id, len + 1);
	while (!rule && (slash = strrchr(buf, '/'))) {
		*slash = '\0';
		rule = json_object_get(w->producer_rules, buf);
	}
	return rule;
}

static const char *rule_id_of(const struct sg_finding *f)
{
	return f->rule_id && *f->rule_id ? f->rule_id : NO_RULE_ID;
}

/* The index of the run's rule for this result, added on first use. */
static int rule_for(struct writer *w, const char *id,
		    const struct sg_finding *f,
		    const struct sg_baseline_entry *e, size_t *out)
{
	const json_t *prod = producer_rule(w, id);
	const char *key =
	    prod ? json_string_value(json_object_get(prod, "id")) : id;
	json_t *known = json_object_get(w->rule_index, key);
	struct rule *rule;

	if (known) {
		*out = (size_t)json_integer_value(known);
		rule = &w->rules[*out];
		if (!rule->first && f)
			rule->first = f;
		return 0;
	}
	if (w->n_rules == w->cap_rules) {
		size_t c = w->cap_rules ? w->cap_rules * 2 : 64;
		struct rule *grown = realloc(w->rules, c * sizeof(*grown));

		if (!grown)
			return no_memory();
		w->rules = grown;
		w->cap_rules = c;
	}
	*out = w->n_rules;
	rule = &w->rules[w->n_rules++];
	rule->id = key;
	rule->producer = prod;
	rule->first = f;
	rule->entry = e;
	if (json_object_set_new_nocheck(w->rule_index, key,
					json_integer((json_int_t)*out)) < 0)
		return no_memory();
	return 0;
}

/* A multiformatMessageString of the producer's, or NULL. */
static json_t *producer_text(struct writer *w, const json_t *m, size_t max)
{
	const char *t = json_string_value(json_object_get(m, "text"));
	const char *md = json_string_value(json_object_get(m, "markdown"));
	json_t *out;

	if (!t || !*t)
		return NULL;
	out = json_object();
	put(w, out, "text", max ? limited(w, t, max) : text(t));
	if (md)
		put(w, out, "markdown", text(md));
	return out;
}

/* properties: tags as unique strings, at most GitHub's 20; the rest kept. */
static json_t *rule_properties(struct writer *w, const json_t *props)
{
	json_t *out = json_deep_copy(props), *tags, *tag, *kept;
	const json_t *score;
	size_t i;

	if (!out) {
		w->bad = true;
		return NULL;
	}
	tags = json_object_get(out, "tags");
	if (tags) {
		kept = json_array();
		json_array_foreach(tags, i, tag) {
			bool dup = false;
			size_t j;
			json_t *t;

			if (!json_is_string(tag))
				continue;
			json_array_foreach(kept, j, t) {
				dup |= json_equal(t, tag);
			}
			if (dup)
				continue;
			if (json_array_size(kept) == SG_SARIF_MAX_TAGS) {
				w->cut_tags++;
				break;
			}
			append(w, kept, text(json_string_value(tag)));
		}
		put(w, out, "tags", kept);
	}
	/*
	 * GitHub reads a score in a string: some producers write a number,
	 * Semgrep a label ("MEDIUM"), which GitHub would read as none.
	 */
	score = json_object_get(out, "security-severity");
	if (json_is_number(score)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%.15g", json_number_value(score));
		put(w, out, "security-severity", json_string(buf));
	} else if (json_is_string(score) &&
		   !plain_number(json_string_value(score))) {
		enum sg_severity sev;
		const char *label = json_string_value(score);

		if (sg_severity_parse(label, &sev) == 0 && band_score(sev))
			put(w, out, "security-severity",
			    json_string(band_score(sev)));
	}
	return out;
}

/*
 * An override re-rated the rule's findings: GitHub takes an alert's
 * severity from its rule, so the producer's security-severity and level
 * give way to the re-rated severity (none for info and unknown).
 */
static void rerate_rule(struct writer *w, json_t *o, enum sg_severity sev)
{
	json_t *props = json_object_get(o, "properties");
	json_t *conf = json_object();
	const char *score = band_score(sev);

	if (json_is_object(props)) {
		if (score)
			put(w, props, "security-severity", json_string(score));
		else
			json_object_del(props, "security-severity");
	} else if (score) {
		props = json_object();
		put(w, props, "security-severity", json_string(score));
		put(w, o, "properties", props);
	}
	put(w, conf, "level", json_string(level_of(sev)));
	put(w, o, "defaultConfiguration", conf);
}

/*
 * The producer's reportingDescriptor with what GitHub reads, checked:
 * id, name, shortDescription, fullDescription, help, helpUri,
 * defaultConfiguration.level and properties (tags, security-severity,
 * precision...). GitHub requires the three texts: missing ones repeat the
 * others.
 */
static json_t *producer_rule_json(struct writer *w, const struct rule *rule)
{
	const json_t *p = rule->producer;
	json_t *o = json_object(), *s, *full, *help;
	const char *name = json_string_value(json_object_get(p, "name"));
	const char *uri = json_string_value(json_object_get(p, "helpUri"));
	const char *level = json_string_value(json_object_get(
	    json_object_get(p, "defaultConfiguration"), "level"));
	const json_t *props = json_object_get(p, "properties");

	put(w, o, "id", text(rule->id));
	/* A name that repeats the id says nothing (Multitool SARIF1001). */
	if (name && *name && strcmp(name, rule->id) != 0) {
		bool cut;

		put(w, o, "name", text_max(name, SG_SARIF_MAX_NAME, &cut));
		w->cut_text += cut;
	}
	s = producer_text(w, json_object_get(p, "shortDescription"),
			  SG_SARIF_MAX_DESCRIPTION);
	full = producer_text(w, json_object_get(p, "fullDescription"),
			     SG_SARIF_MAX_DESCRIPTION);
	help = producer_text(w, json_object_get(p, "help"), 0);
	if (!s)
		s = message(w, limited(w,
				       full ? json_string_value(
						  json_object_get(full, "text"))
				       : name && *name ? name
						       : rule->id,
				       SG_SARIF_MAX_DESCRIPTION));
	if (!full)
		full = json_deep_copy(s);
	if (!help)
		help =
		    message(w, json_deep_copy(json_object_get(full, "text")));
	put(w, o, "shortDescription", s);
	put(w, o, "fullDescription", full);
	put(w, o, "help", help);
	if (uri && valid_uri(uri))
		put(w, o, "helpUri", json_string(uri));
	if (level &&
	    (strcmp(level, "error") == 0 || strcmp(level, "warning") == 0 ||
	     strcmp(level, "note") == 0 || strcmp(level, "none") == 0)) {
		json_t *conf = json_object();

		put(w, conf, "level", json_string(level));
		put(w, o, "defaultConfiguration", conf);
	}
	if (json_is_object(props))
		put(w, o, "properties", rule_properties(w, props));
	if (rule->first && rule->first->severity_overridden)
		rerate_rule(w, o, rule->first->severity);
	return o;
}

/* A rule described from its first (most severe) finding. */
static json_t *own_rule_json(struct writer *w, const struct rule *rule)
{
	const struct sg_finding *f = rule->first;
	const struct sg_baseline_entry *e = rule->entry;
	const char *title = f ? (f->title && *f->title ? f->title : rule->id)
			      : (e->title && *e->title ? e->title : rule->id);
	const char *kind = f ? sg_kind_name(f->kind) : e->kind;
	json_t *o = json_object(), *props = json_object(), *tags = json_array();
	json_t *desc = limited(w, title, SG_SARIF_MAX_DESCRIPTION);
	char buf[32];

	put(w, o, "id", text(rule->id));
	put(w, o, "shortDescription", message(w, json_copy(desc)));
	put(w, o, "fullDescription", message(w, desc));
	put(w, o, "help", message(w, text(title)));
	if (f && sg_finding_cold(f)->help_uri &&
	    valid_uri(sg_finding_cold(f)->help_uri))
		put(w, o, "helpUri", json_string(sg_finding_cold(f)->help_uri));
	if (f) {
		json_t *conf = json_object();
		const char *score = security_score(f, buf);

		put(w, conf, "level", json_string(level_of(f->severity)));
		put(w, o, "defaultConfiguration", conf);
		if (score)
			put(w, props, "security-severity", json_string(score));
	}
	append(w, tags, json_string("security"));
	if (kind && strcmp(kind, "security") != 0)
		append(w, tags, text(kind));
	put(w, props, "tags", tags);
	put(w, o, "properties", props);
	return o;
}

/* ---- results ----
 *
 * Each result is written straight into w->jo: the same bytes as
 * json_dumpf(JSON_COMPACT) of the tree that was built per result before
 * (members in the order they were set then), without a json_t per value.
 */

/* A member's key: a literal (SG_JSON_OUT_KEY). */
#define KEY(w, name, first) SG_JSON_OUT_KEY(&(w)->jo, name, first)

static void putc_out(struct writer *w, char c)
{
	sg_json_out_putc(&w->jo, c);
}

/* A string of secgate's own (a name, a level): clean ASCII. */
static void put_literal(struct writer *w, const char *s)
{
	sg_json_out_string(&w->jo, s, SG_JSON_OUT_UTF8);
}

/* s as text() makes it: cleaned (see cleaned), as a JSON string. */
static void put_text(struct writer *w, const char *s)
{
	size_t n = strlen(s), len;
	char *buf;

	if (clean_prefix((const unsigned char *)s, n) == n) {
		sg_json_out_stringn(&w->jo, s, n, SG_JSON_OUT_UTF8);
		return;
	}
	if (!(buf = cleaned(s, n, SIZE_MAX, NULL, &len))) {
		w->bad = true;
		return;
	}
	sg_json_out_stringn(&w->jo, buf, len, SG_JSON_OUT_UTF8);
	free(buf);
}

/* s as json_string takes it: only valid UTF-8 (else nothing is written). */
static void put_checked(struct writer *w, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (u[i] && (k = utf8_len(u + i)))
		i += k;
	if (u[i])
		w->bad = true;
	else
		sg_json_out_stringn(&w->jo, s, i, SG_JSON_OUT_UTF8);
}

static void put_int(struct writer *w, long long v)
{
	sg_json_out_int(&w->jo, v);
}

/*
 * An artifactLocation: relative to %SRCROOT% for a path in the
 * repository; a path outside it stays absolute (a file:// URI, or the
 * producer's own URI) rather than pointing at a file that is not there.
 */
static void put_artifact_location(struct writer *w, const char *path)
{
	struct sg_json_out *o = &w->jo;

	sg_json_out_write(o, "{\"uri\":", 7);
	if (path && sg_path_outside_repository(path)) {
		if (put_absolute_file_uri(o, path)) {
			putc_out(w, '}');
			return;
		}
		if (valid_uri(path)) {
			put_checked(w, path);
			putc_out(w, '}');
			return;
		}
	}
	put_path_uri(o, path ? path : NO_PATH_URI);
	sg_json_out_puts(o, ",\"uriBaseId\":\"%SRCROOT%\"}");
}

/* The extras' artifactLocations: written as the primary location's. */
static void put_extra_artifact(struct sg_json_out *out, const char *path,
			       void *arg)
{
	(void)out; /* the writer's own buffer */
	put_artifact_location(arg, path);
}

/* A location without its closing brace (logicalLocations may follow). */
static void put_location_open(struct writer *w, const char *path,
			      const struct sg_location *l)
{
	sg_json_out_puts(&w->jo, "{\"physicalLocation\":{\"artifactLocation\":");
	put_artifact_location(w, path);
	/* A region on the repository itself too (mobsfscan's "./", line 1). */
	if (l && l->start_line) {
		uint32_t end =
		    l->end_line >= l->start_line ? l->end_line : l->start_line;

		sg_json_out_puts(&w->jo, ",\"region\":{\"startLine\":");
		put_int(w, l->start_line);
		sg_json_out_puts(&w->jo, ",\"endLine\":");
		put_int(w, end);
		if (l->start_column) {
			sg_json_out_puts(&w->jo, ",\"startColumn\":");
			put_int(w, l->start_column);
			/* endColumn is the column after the region's end. */
			if (l->end_column && (end > l->start_line ||
					      l->end_column > l->start_column)) {
				sg_json_out_puts(&w->jo, ",\"endColumn\":");
				put_int(w, l->end_column);
			}
		}
		putc_out(w, '}');
	}
	putc_out(w, '}');
}

static void put_strings(struct writer *w, const char *const *v, size_t n)
{
	bool first = true;

	putc_out(w, '[');
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			continue;
		if (!first)
			putc_out(w, ',');
		first = false;
		put_text(w, v[i]);
	}
	putc_out(w, ']');
}

static void put_package(struct writer *w, const struct sg_package *p)
{
	bool first = true;

	putc_out(w, '{');
	if (p->ecosystem) {
		KEY(w, "ecosystem", &first);
		put_text(w, p->ecosystem);
	}
	KEY(w, "name", &first);
	put_text(w, p->name);
	if (p->version) {
		KEY(w, "version", &first);
		put_text(w, p->version);
	}
	if (p->n_fixed_versions) {
		KEY(w, "fixed_versions", &first);
		put_strings(w, p->fixed_versions, p->n_fixed_versions);
	}
	if (p->purl) {
		KEY(w, "purl", &first);
		put_text(w, p->purl);
	}
	putc_out(w, '}');
}

/*
 * suppressions: the configuration's (with its reason, expiry and owner),
 * the path exclusion, and the producer's own (accepted when the policy
 * honours producer suppressions, else rejected: it did not suppress).
 * Nothing when there is none.
 */
static void put_suppressions(struct writer *w, const struct sg_finding *f,
			     bool *first)
{
	const struct sg_suppression *s = sg_finding_cold(f)->suppressed_by;
	bool first_item = true;

	if (!s && !f->excluded && !sg_finding_cold(f)->producer_suppression)
		return;
	KEY(w, "suppressions", first);
	putc_out(w, '[');
	if (s) {
		bool of = true, pf = true;

		putc_out(w, '{');
		KEY(w, "kind", &of);
		put_literal(w, "external");
		KEY(w, "status", &of);
		put_literal(w, "accepted");
		KEY(w, "justification", &of);
		put_text(w, s->reason ? s->reason : "");
		KEY(w, "properties", &of);
		putc_out(w, '{');
		if (s->has_expiry) {
			char buf[40];

			snprintf(buf, sizeof(buf), "%sT23:59:59Z",
				 s->expires_text);
			KEY(w, "expiryUtc", &pf);
			put_checked(w, buf);
		}
		if (s->owner) {
			KEY(w, "owner", &pf);
			put_text(w, s->owner);
		}
		if (s->line) {
			KEY(w, "secgate-config-line", &pf);
			put_int(w, s->line);
		}
		sg_json_out_puts(&w->jo, "}}");
		first_item = false;
	}
	if (f->excluded) {
		if (!first_item)
			putc_out(w, ',');
		sg_json_out_puts(&w->jo,
				 "{\"kind\":\"external\",\"status\":\"accepted\","
				 "\"justification\":\"path excluded by the "
				 "configuration\"}");
		first_item = false;
	}
	if (sg_finding_cold(f)->producer_suppression) {
		const char *ps = sg_finding_cold(f)->producer_suppression;
		bool honoured =
		    w->r->policy && w->r->policy->honor_producer_suppressions;
		bool of = true;

		if (!first_item)
			putc_out(w, ',');
		putc_out(w, '{');
		KEY(w, "kind", &of);
		put_literal(w, strcmp(ps, "inSource") == 0 ? "inSource"
							   : "external");
		KEY(w, "status", &of);
		put_literal(w, honoured ? "accepted" : "rejected");
		if (strcmp(ps, "inSource") != 0 &&
		    strcmp(ps, "external") != 0) {
			KEY(w, "justification", &of);
			put_text(w, ps);
		}
		putc_out(w, '}');
	}
	putc_out(w, ']');
}

/*
 * SARIF message links "[text](1)" point at relatedLocations: keep those
 * whose location is carried, else keep only the text. "\[" stays a
 * literal bracket.
 */
static void sb_unlinked(struct sg_strbuf *b, const char *s,
			const struct sg_sarif_extras *extras)
{
	const char *p = s;

	while (*p) {
		const char *close, *q;

		if (p[0] == '\\' && (p[1] == '[' || p[1] == ']')) {
			sg_strbuf_addn(b, p, 2);
			p += 2;
			continue;
		}
		if (*p != '[' && *p != '\\') { /* plain text up to a link */
			size_t n = strcspn(p, "[\\");

			sg_strbuf_addn(b, p, n);
			p += n;
			continue;
		}
		if (*p != '[' || !(close = strchr(p + 1, ']')) ||
		    close[1] != '(' || !isdigit((unsigned char)close[2])) {
			sg_strbuf_addn(b, p++, 1);
			continue;
		}
		for (q = close + 2; isdigit((unsigned char)*q); q++)
			;
		if (*q != ')' || memchr(p + 1, '[', (size_t)(close - p - 1))) {
			sg_strbuf_addn(b, p++, 1);
			continue;
		}
		if (sg_sarif_extras_has_related_id(
			extras, strtoll(close + 2, NULL, 10)))
			sg_strbuf_addn(b, p, (size_t)(q + 1 - p));
		else
			sg_strbuf_addn(b, p + 1, (size_t)(close - p - 1));
		p = q + 1;
	}
}

/*
 * message: GitHub shows the text's first sentence as the alert's title,
 * so a vulnerability says first which package, which advisory and the
 * fix; then the tool's message (or the title; never a snippet).
 */
static void put_result_message(struct writer *w, const struct sg_finding *f,
			       bool sarif,
			       const struct sg_sarif_extras *extras)
{
	const struct sg_package *p = &sg_finding_cold(f)->package;
	const char *msg = f->message && *f->message ? f->message
			  : f->title && *f->title   ? f->title
						    : rule_id_of(f);
	struct sg_strbuf b = {0};

	sg_json_out_puts(&w->jo, "{\"text\":");
	if (!p->name && !sarif) { /* the message as it is: no copy */
		put_text(w, msg);
		putc_out(w, '}');
		return;
	}
	if (p->name) {
		sg_strbuf_add(&b, p->name);
		if (p->version) {
			sg_strbuf_add(&b, " ");
			sg_strbuf_add(&b, p->version);
		}
		if (p->ecosystem) {
			sg_strbuf_add(&b, " (");
			sg_strbuf_add(&b, p->ecosystem);
			sg_strbuf_add(&b, ")");
		}
		sg_strbuf_add(&b, ": ");
		sg_strbuf_add(&b, sg_finding_cold(f)->n_ids
				      ? sg_finding_cold(f)->ids[0]
				      : rule_id_of(f));
		for (size_t i = 1; i < sg_finding_cold(f)->n_ids; i++) {
			sg_strbuf_add(&b, i == 1 ? " (" : ", ");
			sg_strbuf_add(&b, sg_finding_cold(f)->ids[i]);
			if (i + 1 == sg_finding_cold(f)->n_ids)
				sg_strbuf_add(&b, ")");
		}
		for (size_t i = 0; i < p->n_fixed_versions; i++) {
			sg_strbuf_add(&b, i ? ", " : ", fixed in ");
			sg_strbuf_add(&b, p->fixed_versions[i]);
		}
		sg_strbuf_add(&b, ".\n\n");
	}
	if (sarif)
		sb_unlinked(&b, msg, extras);
	else
		sg_strbuf_add(&b, msg);
	if (b.failed)
		w->bad = true;
	else
		put_text(w, b.data ? b.data : "");
	sg_strbuf_release(&b);
	putc_out(w, '}');
}

#define COPY_LOCATIONS_MAX 100 /* more places: the JSON report has them all */

static bool same_place(const struct sg_location *a, const struct sg_location *b)
{
	return a->path && b->path && strcmp(a->path, b->path) == 0 &&
	       a->start_line == b->start_line &&
	       a->start_column == b->start_column;
}

/*
 * A merged finding's other places (the same CVE in another manifest, the
 * same secret in another file) as further locations, each after a comma:
 * GitHub shows the first, and other readers all of them.
 */
static void put_copy_locations(struct writer *w, const struct sg_finding *f)
{
	size_t added = 0;

	for (size_t i = 0;
	     i < sg_finding_cold(f)->n_copies && added < COPY_LOCATIONS_MAX;
	     i++) {
		const struct sg_location *l =
		    &sg_finding_cold(f)->copies[i].location;
		bool seen = !l->path || same_place(l, &f->location);

		for (size_t j = 0; j < i && !seen; j++)
			seen = same_place(
			    l, &sg_finding_cold(f)->copies[j].location);
		if (seen)
			continue;
		putc_out(w, ',');
		put_location_open(w, l->path, l);
		putc_out(w, '}');
		added++;
	}
}

/* Each copy's tool, place, version and verdict (secgate-copies). */
static void put_copies(struct writer *w, const struct sg_finding *f)
{
	putc_out(w, '[');
	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
		const struct sg_finding *c = &sg_finding_cold(f)->copies[i];
		bool first = true;

		if (i)
			putc_out(w, ',');
		putc_out(w, '{');
		KEY(w, "tool", &first);
		put_text(w, c->tool);
		if (c->location.path) {
			KEY(w, "path", &first);
			put_text(w, c->location.path);
		}
		if (c->location.start_line) {
			KEY(w, "startLine", &first);
			put_int(w, c->location.start_line);
		}
		if (sg_finding_cold(c)->package.version) {
			KEY(w, "version", &first);
			put_text(w, sg_finding_cold(c)->package.version);
		}
		if (sg_finding_cold(c)->producer_suppression) {
			KEY(w, "producerSuppression", &first);
			put_text(w, sg_finding_cold(c)->producer_suppression);
		}
		KEY(w, "blocking", &first);
		sg_json_out_bool(&w->jo, c->blocking);
		if (c->reason) {
			KEY(w, "reason", &first);
			put_text(w, c->reason);
		}
		putc_out(w, '}');
	}
	putc_out(w, ']');
}

/*
 * The producer's extras (finding.h: sarif_extras) as views into their
 * text; none for a secret (its places stay out) or malformed extras (a
 * bug upstream: the report fails).
 */
static void split_extras(struct writer *w, const struct sg_finding *f,
			 struct sg_sarif_extras *x)
{
	memset(x, 0, sizeof(*x));
	if (!sg_finding_sarif_extras(f) || f->kind == SG_KIND_SECRET)
		return;
	if (sg_sarif_extras_split(x, sg_finding_sarif_extras(f)) < 0)
		w->bad = true;
}

/* An extras member, its artifactLocations made as the primary's. */
static void put_extras_value(struct writer *w,
			     const struct sg_sarif_extras_value *v)
{
	sg_sarif_extras_copy(&w->jo, v->text, v->len, put_extra_artifact, w);
}

static void put_finding_result(struct writer *w, const struct run *run,
			       const struct sg_finding *f, size_t rule,
			       const char *line_hash)
{
	struct sg_sarif_extras x;
	bool first = true, pf = true;
	char buf[32];
	const char *score = security_score(f, buf);

	split_extras(w, f, &x);
	putc_out(w, '{');
	KEY(w, "ruleId", &first);
	put_text(w, rule_id_of(f));
	KEY(w, "ruleIndex", &first);
	put_int(w, (long long)rule);
	KEY(w, "level", &first);
	put_literal(w, level_of(f->severity));
	KEY(w, "message", &first);
	put_result_message(w, f, run->producers != NULL, &x);

	/* The primary location, the producer's others, the copies'. */
	KEY(w, "locations", &first);
	putc_out(w, '[');
	put_location_open(w, f->location.path, &f->location);
	if (x.logicals.text) { /* no artifactLocation in there */
		sg_json_out_puts(&w->jo, ",\"logicalLocations\":");
		sg_json_out_write(&w->jo, x.logicals.text, x.logicals.len);
	}
	putc_out(w, '}');
	if (x.locations.text && x.locations.text[0] == '[' &&
	    x.locations.len > 2) {
		/* Its elements: the text inside the brackets. */
		struct sg_sarif_extras_value inner = {x.locations.text + 1,
						      x.locations.len - 2};

		putc_out(w, ',');
		put_extras_value(w, &inner);
	}
	put_copy_locations(w, f);
	putc_out(w, ']');
	if (x.related.text) {
		KEY(w, "relatedLocations", &first);
		put_extras_value(w, &x.related);
	}
	if (x.code_flows.text) {
		KEY(w, "codeFlows", &first);
		put_extras_value(w, &x.code_flows);
	}

	KEY(w, "partialFingerprints", &first);
	putc_out(w, '{');
	if (f->fingerprint) {
		KEY(w, "secgate/v1", &pf);
		put_text(w, f->fingerprint);
	}
	if (line_hash && *line_hash) {
		KEY(w, "primaryLocationLineHash", &pf);
		put_checked(w, line_hash);
	}
	putc_out(w, '}');
	KEY(w, "baselineState", &first);
	put_literal(w, f->state == SG_STATE_UNCHANGED ? "unchanged" : "new");
	put_suppressions(w, f, &first);

	pf = true; /* now the first of properties */
	KEY(w, "properties", &first);
	putc_out(w, '{');
	KEY(w, "secgate-severity", &pf);
	put_literal(w, sg_severity_name(f->severity));
	if (sg_finding_cold(f)->tool_severity) {
		KEY(w, "secgate-tool-severity", &pf);
		put_text(w, sg_finding_cold(f)->tool_severity);
	}
	if (sg_finding_cold(f)->severity_source) {
		KEY(w, "secgate-severity-source", &pf);
		put_text(w, sg_finding_cold(f)->severity_source);
	}
	KEY(w, "secgate-kind", &pf);
	put_literal(w, sg_kind_name(f->kind));
	KEY(w, "secgate-blocking", &pf);
	sg_json_out_bool(&w->jo, f->blocking);
	if (f->reason) {
		KEY(w, "secgate-reason", &pf);
		put_text(w, f->reason);
	}
	if (f->suppression_expired) {
		KEY(w, "secgate-suppression-expired", &pf);
		sg_json_out_bool(&w->jo, true);
	}
	if (f->outside_diff) {
		KEY(w, "secgate-outside-diff", &pf);
		sg_json_out_bool(&w->jo, true);
	}
	if (score) {
		KEY(w, "security-severity", &pf);
		put_checked(w, score);
	}
	if (sg_finding_cold(f)->package.name) {
		KEY(w, "secgate-package", &pf);
		put_package(w, &sg_finding_cold(f)->package);
	}
	if (sg_finding_cold(f)->n_ids) {
		KEY(w, "secgate-ids", &pf);
		put_strings(w, sg_finding_cold(f)->ids,
			    sg_finding_cold(f)->n_ids);
	}
	if (sg_finding_n_sources(f) > 1) {
		KEY(w, "secgate-sources", &pf);
		put_strings(w, sg_finding_sources(f), sg_finding_n_sources(f));
	}
	if (f->location.commit) {
		KEY(w, "secgate-commit", &pf);
		put_text(w, f->location.commit);
	}
	if (sg_finding_cold(f)->n_copies) {
		KEY(w, "secgate-copies", &pf);
		put_copies(w, f);
	}
	sg_json_out_puts(&w->jo, "}}");
}

/* A baseline entry no longer found: "absent", where it was. */
static void put_absent_result(struct writer *w,
			      const struct sg_baseline_entry *e, size_t rule)
{
	const char *id = e->rule_id && *e->rule_id ? e->rule_id : NO_RULE_ID;
	char reason[64];
	bool pf = true;

	sg_json_out_puts(&w->jo, "{\"ruleId\":");
	put_text(w, id);
	sg_json_out_puts(&w->jo, ",\"ruleIndex\":");
	put_int(w, (long long)rule);
	sg_json_out_puts(&w->jo, ",\"level\":\"none\",\"message\":{\"text\":");
	put_text(w, e->title && *e->title ? e->title : id);
	sg_json_out_puts(&w->jo, "},\"locations\":[");
	put_location_open(w, e->path, NULL);
	sg_json_out_puts(&w->jo, "}],\"partialFingerprints\":{");
	if (e->fingerprint) {
		KEY(w, "secgate/v1", &pf);
		put_text(w, e->fingerprint);
	}
	sg_json_out_puts(&w->jo,
			 "},\"baselineState\":\"absent\",\"properties\":{");
	pf = true;
	if (e->kind) {
		KEY(w, "secgate-kind", &pf);
		put_text(w, e->kind);
	}
	KEY(w, "secgate-blocking", &pf);
	sg_json_out_bool(&w->jo, false);
	snprintf(reason, sizeof(reason), "no longer found%s%.11s",
		 e->added ? "; in the baseline since " : "",
		 e->added ? e->added : "");
	KEY(w, "secgate-reason", &pf);
	put_text(w, reason);
	sg_json_out_puts(&w->jo, "}}");
}

/* ---- primaryLocationLineHash ---- */

static int want_cmp(const void *a, const void *b)
{
	const struct hash_want *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

struct hash_fill {
	struct writer *w;
	const struct hash_want *want;
	size_t pos, end;
};

static int fill_hash(void *arg, uint32_t line, const char *hash)
{
	struct hash_fill *h = arg;

	while (h->pos < h->end && h->want[h->pos].line == line) {
		snprintf(h->w->hashes[h->want[h->pos].slot], SG_LINE_HASH_MAX,
			 "%s", hash);
		h->pos++;
	}
	return h->pos == h->end;
}

/* A repository path that stays inside it: relative, no ".." segment. */
static bool plain_relative(const char *path)
{
	const char *p = path;

	if (!*p || *p == '/')
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

/* The file of path under the root, only when it really lies there. */
static char *file_in_root(const struct writer *w, const char *path)
{
	size_t n = strlen(w->root) + strlen(path) + 2;
	char *joined = malloc(n), *real;

	if (!joined)
		return NULL;
	snprintf(joined, n, "%s/%s", w->root, path);
	real = realpath(joined, NULL);
	free(joined);
	if (real && (strncmp(real, w->root, strlen(w->root)) != 0 ||
		     real[strlen(w->root)] != '/')) {
		free(real);
		real = NULL;
	}
	return real;
}

/*
 * Hash each file once for the results that point into it. Secrets get
 * no hash: it is computed over the line that holds the secret. Files
 * that cannot be read, or are outside the repository, get none either
 * (as codeql-action leaves them).
 */
static int line_hashes(struct writer *w, const struct run *run, size_t n)
{
	struct hash_want *want;
	size_t n_want = 0;
	int rc = 0;

	if (!w->root)
		return 0;
	want = calloc(n ? n : 1, sizeof(*want));
	if (!want)
		return no_memory();
	for (size_t i = 0; i < n; i++) {
		const struct sg_finding *f = &w->r->set->items[run->items[i]];

		if (f->kind == SG_KIND_SECRET || !f->location.path ||
		    !f->location.start_line ||
		    !plain_relative(f->location.path))
			continue;
		want[n_want].path = f->location.path;
		want[n_want].line = f->location.start_line;
		want[n_want].slot = i;
		n_want++;
	}
	qsort(want, n_want, sizeof(*want), want_cmp);
	for (size_t a = 0, b; a < n_want && rc == 0; a = b) {
		struct hash_fill fill = {.w = w, .want = want, .pos = a};
		struct sg_line_hash_sink sink = {fill_hash, &fill};
		char *file;

		for (b = a;
		     b < n_want && strcmp(want[b].path, want[a].path) == 0; b++)
			;
		fill.end = b;
		file = file_in_root(w, want[a].path);
		if (!file)
			continue;
		rc = sg_line_hashes(file, &sink);
		free(file);
		if (rc != SG_ENOMEM)
			rc = 0; /* an unreadable file only has no hash */
	}
	free(want);
	return rc;
}

/* ---- writing ---- */

static int write_error(void)
{
	int e = errno ? errno : EIO;

	return sg_error(SG_EIO, "cannot write the SARIF report: %s",
			strerror(e));
}

/*
 * Write out the results gathered in w->jo. A full disk stops the report
 * at the next flush, not after the last result.
 */
static int flush_results(struct writer *w)
{
	size_t n = w->jo.len;

	sg_json_out_reset(&w->jo);
	if ((n && fwrite(w->jo.data, 1, n, w->out) != n) || ferror(w->out))
		return write_error();
	return 0;
}

static int dump(struct writer *w, json_t *v)
{
	int rc = 0;

	if (!v || w->bad)
		rc = no_memory();
	else if (json_dumpf(v, w->out, DUMP_FLAGS) < 0)
		rc = write_error();
	json_decref(v);
	return rc;
}

/* An object without its closing brace, so members can follow. */
static int dump_open(struct writer *w, json_t *v)
{
	char *s = !v || w->bad ? NULL : json_dumps(v, DUMP_FLAGS);
	size_t n = s ? strlen(s) : 0;
	int rc = 0;

	if (n < 2)
		rc = no_memory();
	else if (fwrite(s, 1, n - 1, w->out) != n - 1)
		rc = write_error();
	free(s);
	json_decref(v);
	return rc;
}

static json_t *driver_json(struct writer *w, const struct run *run)
{
	const json_t *pd =
	    json_object_get(json_array_get(run->producers, 0), "driver");
	const char *pname = json_string_value(json_object_get(pd, "name"));
	const char *pver = json_string_value(json_object_get(pd, "version"));
	const char *psem =
	    json_string_value(json_object_get(pd, "semanticVersion"));
	const char *puri =
	    json_string_value(json_object_get(pd, "informationUri"));
	const char *name = run->tool, *uri = NULL;
	json_t *d = json_object();

	for (size_t i = 0; i < sizeof(known_tools) / sizeof(known_tools[0]);
	     i++) {
		if (strcmp(run->tool, known_tools[i].tool) == 0) {
			name = known_tools[i].name;
			uri = known_tools[i].uri;
		}
	}
	if (run->pseudo) {
		name = "secgate";
		pver = sg_version();
	}
	if (pname && *pname)
		name = pname;
	if (puri && valid_uri(puri))
		uri = puri;
	put(w, d, "name", text_max(name, SG_SARIF_MAX_NAME, NULL));
	if (!pver && !psem && run->version) {
		pver = run->version;
		psem = semver(run->version) ? run->version : NULL;
	}
	if (psem && !semver(psem)) {
		/* gitleaks writes "v8.0.0": a version, not a semanticVersion.
		 */
		if (!pver)
			pver = psem;
		psem = NULL;
	}
	if (pver && *pver)
		put(w, d, "version", text(pver));
	if (psem)
		put(w, d, "semanticVersion", text(psem));
	if (uri)
		put(w, d, "informationUri", json_string(uri));
	return d;
}

static json_t *invocations(struct writer *w, const struct run *run)
{
	json_t *a = json_array(), *inv = json_object();

	put(w, inv, "executionSuccessful", json_boolean(run->n_failed == 0));
	if (run->n_failed) {
		json_t *notes = json_array();

		for (size_t i = 0; i < run->n_failed; i++) {
			const struct sg_input *in =
			    &w->r->inputs[run->failed[i]];
			json_t *n = json_object(), *desc = json_object();
			size_t len = strlen(in->path ? in->path : "-") +
				     strlen(in->error ? in->error : "") + 32;
			char *msg = malloc(len);

			if (!msg) {
				w->bad = true;
				break;
			}
			snprintf(msg, len, "could not read %s: %s",
				 in->path ? in->path : "-",
				 in->error ? in->error : "failed");
			put(w, n, "level", json_string("error"));
			put(w, n, "message", message(w, text(msg)));
			free(msg);
			put(w, desc, "id", json_string("secgate/input-failed"));
			put(w, n, "descriptor", desc);
			append(w, notes, n);
		}
		put(w, inv, "toolExecutionNotifications", notes);
	}
	append(w, a, inv);
	return a;
}

static json_t *provenance(struct writer *w)
{
	const struct sg_run_result *r = w->r;
	char *uri = r->repo_uri ? clean_repo_uri(r->repo_uri) : NULL;
	json_t *a, *o;

	if (!uri)
		return NULL;
	a = json_array();
	o = json_object();
	put(w, o, "repositoryUri", json_string(uri));
	free(uri);
	if (r->revision)
		put(w, o, "revisionId", text(r->revision));
	if (r->branch)
		put(w, o, "branch", text(r->branch));
	append(w, a, o);
	return a;
}

static json_t *run_members(struct writer *w, const struct run *run)
{
	json_t *o = json_object(), *auto_ = json_object(), *vcp;
	size_t n = strlen(run->tool) + 16;
	char *id = malloc(n);

	if (!id) {
		w->bad = true;
	} else {
		snprintf(id, n, "secgate/%s/",
			 run->pseudo ? "secgate" : run->tool);
		put(w, auto_, "id", text(id));
		free(id);
	}
	put(w, o, "automationDetails", auto_);
	if (!run->pseudo) {
		json_t *conv = json_object(), *tool = json_object(),
		       *drv = json_object();

		put(w, drv, "name", json_string("secgate"));
		put(w, drv, "version", json_string(sg_version()));
		put(w, tool, "driver", drv);
		put(w, conv, "tool", tool);
		put(w, o, "conversion", conv);
	}
	if ((vcp = provenance(w)))
		put(w, o, "versionControlProvenance", vcp);
	put(w, o, "invocations", invocations(w, run));
	return o;
}

/* Members of an object as a string without its braces, after a comma. */
static int dump_members(struct writer *w, json_t *v)
{
	char *s = !v || w->bad ? NULL : json_dumps(v, DUMP_FLAGS);
	size_t n = s ? strlen(s) : 0;
	int rc = 0;

	if (n < 2)
		rc = no_memory();
	else if (n > 2 && (fputc(',', w->out) == EOF ||
			   fwrite(s + 1, 1, n - 2, w->out) != n - 2))
		rc = write_error();
	free(s);
	json_decref(v);
	return rc;
}

static void release_run_state(struct writer *w)
{
	json_decref(w->rule_index);
	json_decref(w->producer_rules);
	w->rule_index = w->producer_rules = NULL;
	free(w->rules);
	free(w->rule_of);
	free(w->hashes);
	w->rules = NULL;
	w->rule_of = NULL;
	w->hashes = NULL;
	w->n_rules = w->cap_rules = 0;
}

static int write_run(struct writer *w, const struct run *run)
{
	const struct sg_findings *set = w->r->set;
	size_t n_res = run->n_items < SG_SARIF_MAX_RESULTS
			   ? run->n_items
			   : SG_SARIF_MAX_RESULTS;
	size_t n_abs = run->n_absent < SG_SARIF_MAX_RESULTS - n_res
			   ? run->n_absent
			   : SG_SARIF_MAX_RESULTS - n_res;
	size_t total = run->n_items + run->n_absent;
	int rc = 0;

	if (n_res + n_abs < total) {
		char a[32], b[32], c[32], name[WARN_NAME_MAX];

		warn(w,
		     "%s results for %s; GitHub code scanning accepts %s per "
		     "run: the %s least severe were left out",
		     thousands(a, total),
		     sg_terminal_safe(name, sizeof(name), run->tool),
		     thousands(b, SG_SARIF_MAX_RESULTS),
		     thousands(c, total - n_res - n_abs));
	}
	w->rule_index = json_object();
	w->producer_rules = json_object();
	w->rule_of = calloc(n_res + n_abs + 1, sizeof(*w->rule_of));
	w->hashes = calloc(n_res + 1, sizeof(*w->hashes));
	if (!w->rule_index || !w->producer_rules || !w->rule_of || !w->hashes)
		rc = no_memory();
	if (rc == 0)
		index_producer_rules(w, run);
	for (size_t i = 0; rc == 0 && i < n_res; i++) {
		const struct sg_finding *f = &set->items[run->items[i]];

		rc = rule_for(w, rule_id_of(f), f, NULL, &w->rule_of[i]);
	}
	for (size_t i = 0; rc == 0 && i < n_abs; i++) {
		const struct sg_baseline_entry *e =
		    &w->r->baseline->entries[run->absent[i]];

		rc = rule_for(
		    w, e->rule_id && *e->rule_id ? e->rule_id : NO_RULE_ID,
		    NULL, e, &w->rule_of[n_res + i]);
	}
	if (rc == 0)
		rc = line_hashes(w, run, n_res);

	if (rc == 0 && fputs("{\"tool\":{\"driver\":", w->out) == EOF)
		rc = write_error();
	if (rc == 0)
		rc = dump_open(w, driver_json(w, run));
	if (rc == 0)
		fputs(",\"rules\":[", w->out);
	for (size_t i = 0; rc == 0 && i < w->n_rules; i++) {
		const struct rule *rule = &w->rules[i];

		fputs(i ? ",\n" : "\n", w->out);
		rc = dump(w, rule->producer ? producer_rule_json(w, rule)
					    : own_rule_json(w, rule));
	}
	if (rc == 0) {
		fputs("]}}", w->out);
		rc = dump_members(w, run_members(w, run));
	}
	if (rc == 0)
		fputs(",\"results\":[", w->out);
	for (size_t i = 0; rc == 0 && i < n_res + n_abs; i++) {
		sg_json_out_write(&w->jo, i ? ",\n" : "\n", i ? 2 : 1);
		if (i < n_res)
			put_finding_result(w, run, &set->items[run->items[i]],
					   w->rule_of[i], w->hashes[i]);
		else
			put_absent_result(
			    w, &w->r->baseline->entries[run->absent[i - n_res]],
			    w->rule_of[i]);
		if (w->bad || w->jo.failed)
			rc = no_memory();
		else if (w->jo.len >= FLUSH_BYTES)
			rc = flush_results(w);
	}
	if (rc == 0)
		rc = flush_results(w);
	if (rc == 0)
		fputs("]}", w->out);
	release_run_state(w);
	return rc;
}

static void release_runs(struct writer *w)
{
	for (size_t i = 0; i < w->n_runs; i++) {
		free(w->runs[i].items);
		free(w->runs[i].absent);
		free(w->runs[i].failed);
		json_decref(w->runs[i].producers);
	}
	free(w->runs);
	free(w->pseudo.failed);
	for (size_t i = 0; i < w->n_names; i++)
		free(w->names[i]);
	free(w->names);
	free(w->root);
	sg_json_out_release(&w->jo);
}

static void warn_cuts(const struct writer *w)
{
	char a[32];
	size_t extras_cut = 0;

	for (size_t i = 0; i < w->r->n_inputs; i++)
		extras_cut += w->r->inputs[i].meta.extras_cut;
	if (extras_cut)
		warn(w,
		     "%s results had more locations, related locations or "
		     "code flows than secgate keeps (64 KiB a result, 64 MiB "
		     "an input): their code flows, then the rest, were left "
		     "out",
		     thousands(a, extras_cut));

	if (w->cut_tags)
		warn(w,
		     "%s rules had more tags than the %d GitHub code "
		     "scanning accepts: the rest were left out",
		     thousands(a, w->cut_tags), SG_SARIF_MAX_TAGS);
	if (w->cut_text)
		warn(w,
		     "%s rule names or descriptions were longer than GitHub "
		     "code scanning accepts (%d and %d characters): they were "
		     "shortened",
		     thousands(a, w->cut_text), SG_SARIF_MAX_NAME,
		     SG_SARIF_MAX_DESCRIPTION);
}

int sg_report_sarif_write_with(FILE *out, const struct sg_run_result *r,
			       const char *repo_root,
			       const struct sg_sarif_options *options)
{
	struct writer w = {
	    .out = out,
	    .warn = options && options->warnings ? options->warnings : stderr,
	    .r = r,
	    .omit_absent = options && options->omit_absent,
	    .pseudo = {.tool = "secgate", .pseudo = true},
	};
	const struct run **order = NULL;
	size_t n_order = 0;
	int rc;

	sg_error_clear();
	if (repo_root)
		w.root = realpath(repo_root, NULL);
	rc = group(&w);
	if (rc == 0) {
		order = calloc(w.n_runs + 1, sizeof(*order));
		if (!order)
			rc = no_memory();
	}
	if (rc == 0) {
		/*
		 * Most important first, so a cut drops the least: the runs
		 * with findings, the failures, then the runs that only close
		 * fixed alerts.
		 */
		for (size_t i = 0; i < w.n_finding_runs; i++)
			order[n_order++] = &w.runs[i];
		if (w.pseudo.n_failed)
			order[n_order++] = &w.pseudo;
		for (size_t i = w.n_finding_runs; i < w.n_runs; i++)
			if (!w.runs[i].tainted)
				order[n_order++] = &w.runs[i];
		/*
		 * No tool to name (only empty documents): secgate's own run,
		 * since a log without runs reads as "no scan" (secgate's
		 * reader refuses it).
		 */
		if (n_order == 0)
			order[n_order++] = &w.pseudo;
		if (n_order > SG_SARIF_MAX_RUNS) {
			char a[32];

			warn(&w,
			     "%s runs; GitHub code scanning accepts %d per "
			     "file: the last %zu (the tools with the least "
			     "severe findings, then those without) were left "
			     "out",
			     thousands(a, n_order), SG_SARIF_MAX_RUNS,
			     n_order - SG_SARIF_MAX_RUNS);
			n_order = SG_SARIF_MAX_RUNS;
		}
		fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\","
		      "\"runs\":[",
		      out);
	}
	for (size_t i = 0; rc == 0 && i < n_order; i++) {
		fputs(i ? ",\n" : "\n", out);
		rc = write_run(&w, order[i]);
	}
	if (rc == 0) {
		fputs("\n]}\n", out);
		warn_cuts(&w);
	}
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = write_error();
	free(order);
	release_runs(&w);
	return rc;
}

int sg_report_sarif_write(FILE *out, const struct sg_run_result *r,
			  const char *repo_root)
{
	return sg_report_sarif_write_with(out, r, repo_root, NULL);
}
