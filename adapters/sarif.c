/*
 * SARIF 2.1.0 from CodeQL and any other producer (Semgrep, Trivy, gitleaks,
 * Grype, Bandit, ...); 1.0.0 and the 2.0.0 drafts are refused. Results are
 * streamed one at a time; since "results" may precede "tool", rules,
 * severities and fingerprints are resolved when the run's object closes.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "secgate/adapter.h"
#include "secgate/decimal.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/jsondoc.h"
#include "secgate/jsonwrite.h"
#include "secgate/json_util.h"
#include "secgate/path.h"
#include "secgate/redact.h"

#define SARIF_VERSION "2.1.0"
#define QUOTE_MAX 20	  /* longest report value quoted in an error */
#define BASE_DEPTH_MAX 16 /* deeper originalUriBaseIds chains are cycles */
#define WHERE_MAX 96
#define MESSAGE_MAX 512
#define TITLE_MAX 200 /* a title taken from a message's first line */
/*
 * Extras (related locations, code flows...) kept per result and per
 * input: GitHub shows at most 10 locations and 1,000 related locations
 * or thread flow locations; a result's extras over EXTRAS_MAX lose their
 * code flows first, an input's over EXTRAS_TOTAL_MAX lose them all.
 */
#define EXTRA_LOCATIONS_MAX 9
#define EXTRA_LIST_MAX 1000
#define EXTRA_TEXT_MAX 1024
#define EXTRAS_MAX (64 * 1024)
#define EXTRAS_TOTAL_MAX ((size_t)64 * 1024 * 1024)
#define SNIPPET_KEEP 8192 /* bytes of a snippet kept to redact the message */
/*
 * Distinct paths remembered per run (resolved_path): 16k entries take at
 * most 1 MiB; a log that names more files resolves the others each time.
 */
#define PATH_MEMO_MAX 16384

static const char *const levels[] = {"error", "warning", "note", "none"};

/*
 * What a result leaves behind until its run closes: the finding is already
 * appended; the rule reference and what depends on the rule wait here.
 * Only digests of snippets are kept, never a snippet (it may be a secret).
 */
struct pending {
	size_t finding;		  /* index in the set */
	size_t result;		  /* index in runs[r].results, for errors */
	json_int_t rule_index;	  /* ruleIndex; -1 when absent */
	json_int_t ref_index;	  /* rule.index; -1 when absent */
	json_int_t ref_component; /* rule.toolComponent.index; -1 when absent */
	bool ref_by_name;	  /* rule.toolComponent without an index */
	const char *level;	  /* explicit level (static), or NULL */
	bool not_fail;		  /* "kind" present and not "fail" */
	bool has_sec;		  /* the result's own security-severity */
	enum sg_severity sec;
	const char *sec_text;
	const char *uri; /* raw, when a uriBaseId must be resolved */
	const char *uri_base;
	json_int_t artifact; /* artifactLocation.index without a uri; -1 */
	const char *secret_identity; /* digest of region.snippet.text */
	const char *identity;	/* producer fingerprints or snippet digest */
	const char *identity_v1; /* the sg1 recipe's, when it differs */
	bool unique;		/* identity is the result's own (fingerprints) */
	const char *message_id; /* message.id when there is no text */
	/*
	 * Its extras (compact JSON with raw artifactLocations) wait in the
	 * input's spool until the run closes: extras_len bytes at extras_at;
	 * extras_len 0 when there are none.
	 */
	uint64_t extras_at;
	size_t extras_len;
	/*
	 * The snippets (region and contextRegion, malloc'd, at most
	 * SNIPPET_KEEP bytes each), only until the run closes: a secret's
	 * message is redacted of them, then they are freed, never stored.
	 */
	char *snippets[2];
	bool tagged_secret; /* the result's own properties.tags */
	const char **args;
	size_t n_args;
};

/* A reportingDescriptor of tool.driver.rules or tool.extensions[].rules. */
struct rule {
	const json_t *obj;
	const char *id;	    /* borrowed from obj; NULL when it has none */
	unsigned component; /* 0: driver; i + 1: extensions[i] */
	size_t index;
	/* Computed on first use; strings in the set's arena. */
	bool ready;
	const char *rule_id, *title, *help_uri;
	const char *category; /* an identifier-like name, when no title */
	const char *level; /* defaultConfiguration.level (static), or NULL */
	bool has_sec;
	enum sg_severity sec;
	const char *sec_text;
	int kind; /* from properties.tags; -1 when they do not say */
	bool secret_id, secret_name; /* secret_rule of rule_id, of its name */
	/* find_vuln_id of rule_id: the id it holds, vuln_id_len 0 if none. */
	const char *vuln_id;
	size_t vuln_id_len;
};

/* The location of an entry of run.artifacts: what an index resolves to. */
struct artifact {
	char *uri;  /* NULL when the entry has none */
	char *base; /* its uriBaseId, or NULL */
};

struct component {
	const json_t *obj;
	struct rule *rules;
	size_t n;
};

struct run {
	unsigned index;
	json_t *tool;  /* loaded whole: small next to the results */
	json_t *bases; /* originalUriBaseIds */
	struct artifact *artifacts; /* run.artifacts[].location */
	size_t n_artifacts, cap_artifacts;
	bool has_results;
	struct rule *rules; /* every rule, driver first */
	size_t n_rules;
	struct component *comps; /* [0] driver, [i + 1] extensions[i] */
	size_t n_comps;
	struct rule **by_id; /* rules with an id, sorted by id */
	size_t n_by_id;
	struct pending *pend;
	size_t n_pend, cap_pend;
	const char *tool_name, *tool_version;
	bool secret_tool;
	/* CodeQL's extraction diagnostics in invocations[].toolExecutionNotifications. */
	size_t files_expected, files_extracted;
	size_t n_results;
	/*
	 * The artifactLocations of the results' extras, each distinct one
	 * once ("index\x1fbase\x1furi" -> its number), resolved when the
	 * run closes.
	 */
	json_t *places;
	size_t n_places;
	/* Paths resolved so far (see resolved_path). */
	struct path_memo *memo;
	size_t memo_cap, memo_count;
};

/*
 * A result's path, by what decides it: its uri and uriBaseId as
 * interned in the set (equal strings, equal pointers; base NULL for a
 * uri without one) and whether the work directory applies (not to a
 * history finding). Everything else that decides it is fixed for the
 * run once it closes: its bases, the repository and the files there.
 */
struct path_memo {
	const char *uri, *base;
	bool work_dir, used;
	const char *path; /* in the set; NULL when there is none */
};

struct state {
	struct sg_parse_ctx *ctx;
	struct sg_findings *set;
	struct sg_jstream *js;
	struct sg_jdoc *doc; /* the result being read */
	size_t extras_bytes; /* kept for this input so far */
	/*
	 * The results' extras until their run closes, in a temporary file:
	 * held in memory they would be a second copy of every finding's
	 * extras at the moment the run closes (tens of MiB on a large log).
	 * Created on the first result that has extras. spool_text is the
	 * buffer one result's extras are read back into.
	 */
	FILE *spool;
	uint64_t spool_len;
	char *spool_text;
	size_t spool_cap;
	bool have_first;
	const char *first_tool, *first_version;
};

/* ---- errors ---- */

__attribute__((format(printf, 4, 0))) static int
vfail(struct sg_jstream *js, bool at_value, const char *where, const char *fmt,
      va_list ap)
{
	char msg[MESSAGE_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (at_value)
		return sg_js_error_at_value(js, "%s: %s", where, msg);
	return sg_js_error(js, "%s: %s", where, msg);
}

/* An error at the value last loaded (a result, the tool, invocations). */
__attribute__((format(printf, 3, 4))) static int
fail_value(struct state *st, const char *where, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(st->js, true, where, fmt, ap);
	va_end(ap);
	return rc;
}

/* An error at the reader's position (when a run closes). */
__attribute__((format(printf, 3, 4))) static int
fail_here(struct state *st, const char *where, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(st->js, false, where, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * An error about a result's member (the result itself when key is NULL
 * or the member is absent), at its value: the window still holds the
 * result read last.
 */
__attribute__((format(printf, 5, 6))) static int
fail_member(struct state *st, const struct sg_jval *res, const char *key,
	    const char *where, const char *fmt, ...)
{
	const struct sg_jval *at = key ? sg_jv_get(res, key) : NULL;
	char msg[MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sg_js_error_at_offset(st->js,
				     sg_jdoc_offset(st->doc, at ? at : res),
				     "%s: %s", where, msg);
}

static int no_memory(void)
{
	return sg_error(SG_ENOMEM, "out of memory");
}

/*
 * "runs[R].<array>[I]" into where (WHERE_MAX bytes) without printf: it
 * is made for every result and artifact, in case one of them is wrong.
 * array is one of the adapter's names ("results", "artifacts").
 */
static const char *item_where(char *where, unsigned run, const char *array,
			      size_t index)
{
	size_t n = strlen(array);
	char *p = where;

	memcpy(p, "runs[", 5);
	p = sg_put_decimal(p + 5, run);
	memcpy(p, "].", 2);
	memcpy(p + 2, array, n);
	p += 2 + n;
	*p++ = '[';
	p = sg_put_decimal(p, index);
	memcpy(p, "]", 2);
	return where;
}

/* 5 + 20 + 2 + an array's name + 1 + 20 + 2 bytes at most. */
_Static_assert(WHERE_MAX >= 50 + sizeof("artifacts"), "WHERE_MAX");

/* ---- reading jansson values ---- */

/*
 * obj[key] when it has the wanted type: 0 and *out (NULL when absent or
 * null), or -1 when it has another type.
 */
static int typed(const json_t *obj, const char *key, json_type type,
		 const json_t **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_typeof(v) != type)
		return -1;
	*out = v;
	return 0;
}

/* obj[key].text (a message or multiformatMessageString), as typed(). */
static int text_member(const json_t *obj, const char *key, const json_t **out)
{
	const json_t *m;

	*out = NULL;
	if (typed(obj, key, JSON_OBJECT, &m) < 0)
		return -1;
	return typed(m, "text", JSON_STRING, out);
}

/*
 * The same for a result, read as a document (jsondoc.h): results are
 * most of a log, so they are not built as jansson values.
 */
static int jtyped(const struct sg_jval *obj, const char *key,
		  enum sg_jtype type, const struct sg_jval **out)
{
	const struct sg_jval *v = sg_jv_get(obj, key);

	*out = NULL;
	if (!v || v->type == SG_JNULL)
		return 0;
	if (v->type != type)
		return -1;
	*out = v;
	return 0;
}

static int jtext_member(const struct sg_jval *obj, const char *key,
			const struct sg_jval **out)
{
	const struct sg_jval *m;

	*out = NULL;
	if (jtyped(obj, key, SG_JOBJECT, &m) < 0)
		return -1;
	return jtyped(m, "text", SG_JSTRING, out);
}

/* An index member: -1 when absent or null (SARIF's default), else >= 0. */
static int jindex_member(const struct sg_jval *obj, const char *key,
			 json_int_t *out)
{
	const struct sg_jval *v = sg_jv_get(obj, key);

	*out = -1;
	if (!v || v->type == SG_JNULL)
		return 0;
	if (v->type != SG_JINTEGER || v->u.integer < -1)
		return -1;
	*out = v->u.integer;
	return 0;
}

/* A line or column: 0 when absent or null, -1 when not in [0, UINT32_MAX]. */
static int jmember_u32(const struct sg_jval *obj, const char *key,
		       uint32_t *out)
{
	const struct sg_jval *v = sg_jv_get(obj, key);

	*out = 0;
	if (!v || v->type == SG_JNULL)
		return 0;
	if (v->type != SG_JINTEGER || v->u.integer < 0 ||
	    v->u.integer > (int64_t)UINT32_MAX)
		return -1;
	*out = (uint32_t)v->u.integer;
	return 0;
}

/* Copies into the set, as sg_json_string and sg_json_text make them. */
static const char *jstring(struct sg_findings *set, const struct sg_jval *v)
{
	return sg_jv_is(v, SG_JSTRING) ? sg_copy_string(set, v->u.string, v->n)
				       : NULL;
}

static const char *jtext(struct sg_findings *set, const struct sg_jval *v)
{
	return sg_jv_is(v, SG_JSTRING) ? sg_copy_text(set, v->u.string, v->n)
				       : NULL;
}

static const char *level_name(const char *text)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(text, levels[i]) == 0)
			return levels[i];
	return NULL;
}

/*
 * A security-severity value: a score (*number, or a string s holding
 * one: "8.8") or a label (Semgrep writes "MEDIUM"). 0 and *has set; -1
 * when it is neither. An empty string counts as absent.
 */
static int rate(struct sg_findings *set, const double *number, const char *s,
		size_t len, bool *has, enum sg_severity *sev,
		const char **text)
{
	char buf[32], *end;
	const char *whole = s;
	double score;

	*has = false;
	if (number) {
		score = *number;
		if (!isfinite(score) || score < 0)
			return -1;
		snprintf(buf, sizeof(buf), "%.15g", score);
		*text = sg_findings_strdup(set, buf);
		*sev = sg_severity_from_score(score);
		*has = true;
		return *text ? 0 : no_memory();
	}
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return 0;
	score = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end != s && !*end && isfinite(score) && score >= 0) {
		*sev = sg_severity_from_score(score);
	} else if (sg_severity_parse(s, sev) < 0) {
		/* Level words ("ERROR", "warning") as some producers write. */
		size_t n = strlen(s);

		if (n >= sizeof(buf))
			return -1;
		for (size_t i = 0; i <= n; i++)
			buf[i] = (char)tolower((unsigned char)s[i]);
		if (sg_severity_from_sarif_level(buf, sev) < 0)
			return -1;
	}
	*text = sg_copy_text(set, whole, len);
	*has = true;
	return *text ? 0 : no_memory();
}

/* properties["security-severity"] of a rule (see rate). */
static int security_severity(struct sg_findings *set, const json_t *props,
			     bool *has, enum sg_severity *sev,
			     const char **text)
{
	const json_t *v = json_object_get(props, "security-severity");
	double score;

	*has = false;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_number(v)) {
		score = json_number_value(v);
		return rate(set, &score, NULL, 0, has, sev, text);
	}
	if (!json_is_string(v))
		return -1;
	return rate(set, NULL, json_string_value(v), json_string_length(v),
		    has, sev, text);
}

/* The same of a result. */
static int jsecurity_severity(struct sg_findings *set,
			      const struct sg_jval *props, bool *has,
			      enum sg_severity *sev, const char **text)
{
	const struct sg_jval *v = sg_jv_get(props, "security-severity");
	double score;

	*has = false;
	if (!v || v->type == SG_JNULL)
		return 0;
	if (v->type == SG_JINTEGER || v->type == SG_JREAL) {
		score = v->type == SG_JREAL ? v->u.real : (double)v->u.integer;
		return rate(set, &score, NULL, 0, has, sev, text);
	}
	if (v->type != SG_JSTRING)
		return -1;
	return rate(set, NULL, v->u.string, v->n, has, sev, text);
}

/*
 * properties.tags: "secret" or "secrets", else "vulnerability", else
 * "misconfiguration".
 */
struct tag_kinds {
	bool secret, vuln, misconf;
};

static void note_tag(struct tag_kinds *k, const char *t)
{
	k->secret |= strcasecmp(t, "secret") == 0 ||
		     strcasecmp(t, "secrets") == 0;
	k->vuln |= strcasecmp(t, "vulnerability") == 0;
	k->misconf |= strcasecmp(t, "misconfiguration") == 0;
}

static int tag_kind(const struct tag_kinds *k)
{
	if (k->secret)
		return SG_KIND_SECRET;
	if (k->vuln)
		return SG_KIND_VULNERABILITY;
	if (k->misconf)
		return SG_KIND_MISCONFIGURATION;
	return -1;
}

static int kind_from_tags(const json_t *props, int *kind)
{
	struct tag_kinds k = {0};
	const json_t *tags, *tag;
	size_t i;

	*kind = -1;
	if (typed(props, "tags", JSON_ARRAY, &tags) < 0)
		return -1;
	json_array_foreach(tags, i, tag) {
		if (!json_is_string(tag))
			return -1;
		note_tag(&k, json_string_value(tag));
	}
	*kind = tag_kind(&k);
	return 0;
}

static int jkind_from_tags(const struct sg_jval *props, int *kind)
{
	struct tag_kinds k = {0};
	const struct sg_jval *tags;

	*kind = -1;
	if (jtyped(props, "tags", SG_JARRAY, &tags) < 0)
		return -1;
	for (size_t i = 0; i < sg_jv_size(tags); i++) {
		const char *t = sg_jv_string(sg_jv_at(tags, i));

		if (!t)
			return -1;
		note_tag(&k, t);
	}
	*kind = tag_kind(&k);
	return 0;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * The first CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx inside a rule id (Trivy:
 * "CVE-2019-1549/libcrypto1.1", Grype, Anchore "ANCHOREVULN_CVE-...").
 */
static bool find_vuln_id(const char *s, const char **start, size_t *len)
{
	for (const char *p = s; *p; p++) {
		if (strncmp(p, "CVE-", 4) == 0 && digits(p + 4, 4) &&
		    p[8] == '-' && digits(p + 9, 4)) {
			size_t n = 13;

			while (isdigit((unsigned char)p[n]))
				n++;
			*start = p;
			*len = n;
			return true;
		}
		if (strncmp(p, "GHSA-", 5) == 0) {
			size_t n = 5;
			bool ok = true;

			for (int g = 0; g < 3 && ok; g++) {
				for (int k = 0; k < 4 && ok; k++)
					ok = isalnum((unsigned char)p[n++]);
				if (ok && g < 2)
					ok = p[n++] == '-';
			}
			if (ok) {
				*start = p;
				*len = n;
				return true;
			}
		}
	}
	return false;
}

/* ---- identity material ---- */

struct entry {
	const char *key, *value;
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key,
		      ((const struct entry *)b)->key);
}

/*
 * Fingerprint keys whose value hashes only a line's text (documented so by
 * their producers), whichever member they are in: flawfinder writes
 * contextHash/v1 under "fingerprints", GitHub and CodeQL write
 * primaryLocationLineHash. Two results on identical lines share them.
 */
static bool is_line_text_hash(const char *key)
{
	return strncmp(key, "contextHash/", 12) == 0 ||
	       strncmp(key, "primaryLocationLineHash", 23) == 0;
}

/* True when obj has a string entry that is not a line-text hash. */
static bool names_one_result(const struct sg_jval *obj)
{
	for (size_t i = 0; i < sg_jv_size(obj); i++) {
		const struct sg_jval *v = sg_jv_at(obj, i);

		if (v->type == SG_JSTRING && !is_line_text_hash(v->key))
			return true;
	}
	return false;
}

/* "label:hex" in the set (no printf: this runs for every result). */
static const char *labelled_digest(struct sg_findings *set, const char *label,
				   const char hex[65])
{
	size_t n = strlen(label);
	char *out = sg_arena_alloc_bytes(&set->arena, n + 1 + 64 + 1);

	if (!out)
		return NULL;
	memcpy(out, label, n);
	out[n] = ':';
	memcpy(out + n + 1, hex, 65);
	return out;
}

/* Entries and text of a result's fingerprints fit here without malloc. */
#define IDENTITY_ENTRIES 16
#define IDENTITY_TEXT 1024

/*
 * partialFingerprints or fingerprints: their string entries sorted by key,
 * "k=v" joined with '\n', as a digest (values other than strings, e.g.
 * Black Duck's nested objects, are not SARIF and are ignored). *out is
 * NULL when there is no string entry.
 */
static int producer_identity(struct sg_findings *set,
			     const struct sg_jval *obj, const char *label,
			     const char **out)
{
	struct entry small_entries[IDENTITY_ENTRIES], *entries = small_entries;
	char small_text[IDENTITY_TEXT], *buf = small_text, hex[65];
	size_t n = 0, len = 0, size = sg_jv_size(obj);

	*out = NULL;
	if (size == 0)
		return 0;
	if (size > IDENTITY_ENTRIES &&
	    !(entries = calloc(size, sizeof(*entries))))
		return no_memory();
	for (size_t i = 0; i < size; i++) {
		const struct sg_jval *v = sg_jv_at(obj, i);

		if (v->type != SG_JSTRING)
			continue;
		entries[n].key = v->key;
		entries[n].value = v->u.string;
		len += v->key_len + strlen(entries[n].value) + 2;
		n++;
	}
	if (n > 1)
		qsort(entries, n, sizeof(*entries), entry_cmp);
	if (n && len + 1 > sizeof(small_text) && !(buf = malloc(len + 1))) {
		if (entries != small_entries)
			free(entries);
		return no_memory();
	}
	len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t nk = strlen(entries[i].key);
		size_t nv = strlen(entries[i].value);

		if (i)
			buf[len++] = '\n';
		memcpy(buf + len, entries[i].key, nk);
		len += nk;
		buf[len++] = '=';
		memcpy(buf + len, entries[i].value, nv);
		len += nv;
	}
	/* A failed digest leaves *out NULL: the result fails below. */
	if (n && sg_sha256_hex(buf, len, hex) == 0)
		*out = labelled_digest(set, label, hex);
	if (buf != small_text)
		free(buf);
	if (entries != small_entries)
		free(entries);
	return !n || *out ? 0 : no_memory();
}

static const char *digest_identity(struct sg_findings *set, const char *label,
				   const char *data, size_t len)
{
	char hex[65];

	if (sg_sha256_hex(data, len, hex))
		return NULL;
	return labelled_digest(set, label, hex);
}

/* ---- tool names ---- */

/* "CodeQL" -> "codeql", "Semgrep OSS" -> "semgrep-oss"; "" -> "unknown". */
static const char *tool_name(struct sg_findings *set, const char *name)
{
	char buf[SG_TOOL_NAME_MAX + 1];

	sg_tool_name_from_driver(name, buf);
	return sg_findings_intern(set, buf, strlen(buf));
}

/* ---- secret scanners ---- */

/*
 * Producers whose every result is a secret, by the tool name derived from
 * the driver (any spelling that contains one: "Gitleaks",
 * "gitleaks-action", "TruffleHog OSS", "detect secrets").
 */
static const char *const secret_scanners[] = {
	"gitleaks",   "trufflehog", "secretlint",   "detect-secrets",
	"ggshield",   "gitguardian", "kingfisher",  "noseyparker",
	"nosey-parker", "git-secrets", "ripsecrets", "whispers",
	NULL,
};

static bool secret_scanner(const char *tool)
{
	for (size_t i = 0; tool && secret_scanners[i]; i++)
		if (strstr(tool, secret_scanners[i]))
			return true;
	return false;
}

/* driver.informationUri naming one (a renamed driver of the same tool). */
static bool secret_scanner_uri(const char *uri)
{
	char lower[256];
	size_t n;

	if (!uri)
		return false;
	for (n = 0; uri[n] && n + 1 < sizeof(lower); n++)
		lower[n] = (char)tolower((unsigned char)uri[n]);
	lower[n] = '\0';
	return secret_scanner(lower);
}

/*
 * A rule whose id or name says it detects secrets: "secret-detection"
 * (GitLab), or a "secret"/"secrets" segment of a dotted or slashed id
 * (Semgrep's "generic.secrets.security.detected-aws-key").
 */
static bool secret_rule(const char *id)
{
	/*
	 * The phrases are "secret" and one of these, in any case: find
	 * "secret" (its first letter first: this runs once per result),
	 * then look at what follows.
	 */
	static const char *const tails[] = {
		"-detection", "_detection", "s-detection",
		"s_detection", "detection", " detection",
		NULL,
	};
	const char *p = id;

	if (!id)
		return false;
	for (const char *s = id; *s; s++) {
		if ((*s | 0x20) != 's' || strncasecmp(s, "secret", 6) != 0)
			continue;
		for (size_t i = 0; tails[i]; i++)
			if (strncasecmp(s + 6, tails[i], strlen(tails[i])) == 0)
				return true;
	}
	while (*p) {
		size_t n = strcspn(p, "./:");

		if ((n == 6 && strncasecmp(p, "secret", 6) == 0) ||
		    (n == 7 && strncasecmp(p, "secrets", 7) == 0))
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

/*
 * A gitleaks result under another driver name: v8 puts the commit's
 * metadata in partialFingerprints (commitSha with commitMessage), v7 the
 * matched text in properties.offender.
 */
static bool gitleaks_shaped(const struct sg_jval *pf,
			    const struct sg_jval *props)
{
	return (sg_jv_get(pf, "commitSha") && sg_jv_get(pf, "commitMessage")) ||
	       sg_jv_get(props, "offender");
}

/* ---- the tool object ---- */

static int check_component(struct state *st, const json_t *comp,
			   const char *where)
{
	const json_t *v, *rules, *rule;
	size_t i;

	if (!json_is_object(comp))
		return fail_value(st, where, "must be an object");
	if (typed(comp, "name", JSON_STRING, &v) < 0)
		return fail_value(st, where, "'name' must be a string");
	if (typed(comp, "version", JSON_STRING, &v) < 0)
		return fail_value(st, where, "'version' must be a string");
	if (typed(comp, "semanticVersion", JSON_STRING, &v) < 0)
		return fail_value(st, where,
				  "'semanticVersion' must be a string");
	if (typed(comp, "rules", JSON_ARRAY, &rules) < 0)
		return fail_value(st, where, "'rules' must be an array");
	json_array_foreach(rules, i, rule) {
		if (!json_is_object(rule))
			return fail_value(st, where,
					  "rules[%zu] must be an object", i);
		if (typed(rule, "id", JSON_STRING, &v) < 0)
			return fail_value(
			    st, where, "rules[%zu]: 'id' must be a string", i);
	}
	return 0;
}

static int read_tool(struct state *st, struct run *run)
{
	char where[WHERE_MAX];
	const json_t *driver, *exts, *ext;
	json_t *tool;
	size_t i;
	int rc = sg_js_load(st->js, &tool);

	if (rc < 0)
		return rc;
	if (json_is_null(tool)) {
		json_decref(tool);
		return 0;
	}
	run->tool = tool;
	snprintf(where, sizeof(where), "runs[%u].tool", run->index);
	if (!json_is_object(tool))
		return fail_value(st, where, "must be an object");
	if (typed(tool, "driver", JSON_OBJECT, &driver) < 0)
		return fail_value(st, where, "'driver' must be an object");
	if (driver) {
		snprintf(where, sizeof(where), "runs[%u].tool.driver",
			 run->index);
		rc = check_component(st, driver, where);
		if (rc < 0)
			return rc;
	}
	snprintf(where, sizeof(where), "runs[%u].tool", run->index);
	if (typed(tool, "extensions", JSON_ARRAY, &exts) < 0)
		return fail_value(st, where, "'extensions' must be an array");
	json_array_foreach(exts, i, ext) {
		snprintf(where, sizeof(where), "runs[%u].tool.extensions[%zu]",
			 run->index, i);
		rc = check_component(st, ext, where);
		if (rc < 0)
			return rc;
	}
	/* The SARIF report keeps the producer's rules: hand the object on. */
	if (!st->ctx->meta->sarif_tools &&
	    !(st->ctx->meta->sarif_tools = json_array()))
		return no_memory();
	if (json_array_append(st->ctx->meta->sarif_tools, tool) < 0)
		return no_memory();
	return 0;
}

static int rule_cmp(const void *a, const void *b)
{
	const struct rule *x = *(const struct rule *const *)a;
	const struct rule *y = *(const struct rule *const *)b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	if (x->component != y->component)
		return x->component < y->component ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The rule tables of a run: by component and index, and by id. */
static int index_rules(struct run *run)
{
	const json_t *driver = NULL, *exts = NULL, *comp, *rules;
	size_t total = 0, k = 0;

	if (!run->tool)
		return 0;
	driver = json_object_get(run->tool, "driver");
	exts = json_object_get(run->tool, "extensions");
	run->n_comps = 1 + (json_is_array(exts) ? json_array_size(exts) : 0);
	run->comps = calloc(run->n_comps, sizeof(*run->comps));
	if (!run->comps)
		return no_memory();
	for (size_t c = 0; c < run->n_comps; c++) {
		comp = c == 0 ? driver : json_array_get(exts, c - 1);
		run->comps[c].obj = json_is_object(comp) ? comp : NULL;
		rules = json_object_get(comp, "rules");
		run->comps[c].n =
		    json_is_array(rules) ? json_array_size(rules) : 0;
		total += run->comps[c].n;
	}
	run->rules = calloc(total ? total : 1, sizeof(*run->rules));
	run->by_id = calloc(total ? total : 1, sizeof(*run->by_id));
	if (!run->rules || !run->by_id)
		return no_memory();
	run->n_rules = total;
	for (size_t c = 0; c < run->n_comps; c++) {
		rules = json_object_get(run->comps[c].obj, "rules");
		run->comps[c].rules = run->rules + k;
		for (size_t i = 0; i < run->comps[c].n; i++, k++) {
			struct rule *r = &run->rules[k];

			r->obj = json_array_get(rules, i);
			r->id =
			    json_string_value(json_object_get(r->obj, "id"));
			r->component = (unsigned)c;
			r->index = i;
			r->kind = -1;
			if (r->id)
				run->by_id[run->n_by_id++] = r;
		}
	}
	qsort(run->by_id, run->n_by_id, sizeof(*run->by_id), rule_cmp);
	return 0;
}

/* The first rule with this id, the driver's before the extensions'. */
static struct rule *rule_by_id(const struct run *run, const char *id)
{
	size_t lo = 0, hi = run->n_by_id;

	if (!id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(run->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < run->n_by_id && strcmp(run->by_id[lo]->id, id) == 0)
		return run->by_id[lo];
	return NULL;
}

static void rule_where(const struct run *run, const struct rule *r, char *where,
		       size_t size)
{
	if (r->component == 0)
		snprintf(where, size, "runs[%u].tool.driver.rules[%zu]",
			 run->index, r->index);
	else
		snprintf(where, size, "runs[%u].tool.extensions[%u].rules[%zu]",
			 run->index, r->component - 1, r->index);
}

/*
 * Whether a rule text says more than its id: not empty, and neither the
 * id itself nor a text around it ("Semgrep Finding: rules.x").
 */
static bool says_more(const json_t *text, const char *id)
{
	const char *t = json_string_value(text);

	if (!t)
		return false;
	while (isspace((unsigned char)*t))
		t++;
	if (!*t)
		return false;
	if (!id || !*id)
		return true;
	return strcasecmp(t, id) != 0 && !(strlen(id) >= 3 && strstr(t, id));
}

/* Copy what findings take from a rule, once per rule. */
static int prepare_rule(struct state *st, const struct run *run, struct rule *r)
{
	struct sg_findings *set = st->set;
	char where[WHERE_MAX];
	const json_t *v, *conf, *props, *name, *short_desc, *full_desc;
	int rc;

	if (r->ready)
		return 0;
	rule_where(run, r, where, sizeof(where));
	r->rule_id =
	    r->id ? sg_json_string(set, json_object_get(r->obj, "id")) : NULL;
	if (text_member(r->obj, "shortDescription", &short_desc) < 0)
		return fail_here(st, where,
				 "'shortDescription' must be an "
				 "object with a string 'text'");
	if (typed(r->obj, "name", JSON_STRING, &name) < 0)
		return fail_here(st, where, "'name' must be a string");
	if (text_member(r->obj, "fullDescription", &full_desc) < 0)
		return fail_here(st, where,
				 "'fullDescription' must be an "
				 "object with a string 'text'");
	/*
	 * A readable name ("AWS Access Key") first, then the descriptions;
	 * a name that repeats the id (clang, CodeQL, Semgrep) says nothing,
	 * and an identifier-like one ("OsPackageVulnerability") names a
	 * category: it comes after the result's message.
	 */
	if (says_more(name, r->id) && strchr(json_string_value(name), ' '))
		v = name;
	else if (says_more(short_desc, r->id))
		v = short_desc;
	else if (says_more(full_desc, r->id))
		v = full_desc;
	else
		v = NULL;
	r->title = sg_json_text(set, v);
	if (says_more(name, r->id) && !v)
		r->category = sg_json_text(set, name);
	if (typed(r->obj, "helpUri", JSON_STRING, &v) < 0)
		return fail_here(st, where, "'helpUri' must be a string");
	r->help_uri = sg_json_string(set, v);
	if (typed(r->obj, "defaultConfiguration", JSON_OBJECT, &conf) < 0 ||
	    typed(conf, "level", JSON_STRING, &v) < 0)
		return fail_here(st, where,
				 "'defaultConfiguration' must be an "
				 "object with a string 'level'");
	if (v && !(r->level = level_name(json_string_value(v))))
		return fail_here(st, where,
				 "'defaultConfiguration.level' must "
				 "be one of error, warning, note, "
				 "none");
	if (typed(r->obj, "properties", JSON_OBJECT, &props) < 0)
		return fail_here(st, where, "'properties' must be an object");
	rc = security_severity(set, props, &r->has_sec, &r->sec, &r->sec_text);
	if (rc == SG_ENOMEM)
		return rc;
	if (rc < 0)
		return fail_here(st, where,
				 "'properties.security-severity' "
				 "must be a score or a severity");
	if (kind_from_tags(props, &r->kind) < 0)
		return fail_here(st, where,
				 "'properties.tags' must be an "
				 "array of strings");
	r->secret_id = secret_rule(r->rule_id);
	r->secret_name = secret_rule(json_string_value(name));
	if (r->rule_id &&
	    !find_vuln_id(r->rule_id, &r->vuln_id, &r->vuln_id_len))
		r->vuln_id_len = 0;
	r->ready = true;
	return 0;
}

/*
 * Whether a result's ruleId names this rule: equal, or a hierarchical id
 * below it ("rule/sub", SARIF 3.27.5). No id to compare is no conflict.
 */
static bool same_rule(const char *result_id, const char *rule_id)
{
	size_t n;

	if (!result_id || !rule_id)
		return true;
	n = strlen(rule_id);
	return strncmp(result_id, rule_id, n) == 0 &&
	       (result_id[n] == '\0' || result_id[n] == '/');
}

/*
 * A result's rule: rule.toolComponent.index + rule.index (extensions),
 * else ruleIndex or rule.index (driver), else its id in the driver then
 * the extensions. An index that points nowhere is fine when the id
 * resolves (hand-moved rules); otherwise the log is inconsistent and
 * the severity could come from the wrong rule.
 */
static int resolve_rule(struct state *st, const struct run *run,
			const struct pending *p, const char *id,
			struct rule **out)
{
	char where[WHERE_MAX];
	const struct component *comp = NULL;
	json_int_t index = -1;
	const char *what = NULL;

	*out = NULL;
	/*
	 * A run without a tool or with no rules at all (Checkov; CodeQL 2.0
	 * wrote "rules": [] with ruleIndex 0) gives no metadata to get wrong:
	 * its indices point nowhere, and the result stands on its own.
	 */
	if (run->n_rules == 0)
		return 0;
	item_where(where, run->index, "results", p->result);
	if (p->ref_by_name) {
		*out = rule_by_id(run, id);
		return 0;
	}
	if (p->ref_component >= 0) {
		if ((size_t)p->ref_component + 1 >= run->n_comps) {
			*out = rule_by_id(run, id);
			if (*out)
				return 0;
			return fail_here(st, where,
					 "rule.toolComponent.index %lld out of "
					 "range (%zu extensions)",
					 (long long)p->ref_component,
					 run->n_comps - 1);
		}
		comp = &run->comps[p->ref_component + 1];
		index = p->ref_index;
		what = "rule.index";
	} else if (p->rule_index >= 0) {
		/* Equal to rule.index when both are given (SARIF 3.27.6). */
		comp = &run->comps[0];
		index = p->rule_index;
		what = "ruleIndex";
	} else if (p->ref_index >= 0) {
		comp = &run->comps[0];
		index = p->ref_index;
		what = "rule.index";
	}
	if (comp && index >= 0 && (size_t)index < comp->n) {
		struct rule *r = &comp->rules[index];

		if (same_rule(id, r->id)) {
			*out = r;
			return 0;
		}
		/* Anchore writes ruleIndex 0 for every result: trust the id. */
		*out = rule_by_id(run, id);
		if (*out)
			return 0;
		return fail_here(st, where,
				 "ruleId does not match the rule at %s %lld, "
				 "and no rule has that id",
				 what, (long long)index);
	}
	*out = rule_by_id(run, id);
	if (*out || !comp || index < 0)
		return 0;
	if (comp == &run->comps[0])
		return fail_here(st, where, "%s %lld out of range (%zu rules)",
				 what, (long long)index, comp->n);
	return fail_here(st, where,
			 "%s %lld out of range (%zu rules in "
			 "tool.extensions[%lld])",
			 what, (long long)index, comp->n,
			 (long long)p->ref_component);
}

/* ---- messages ---- */

/* Fill {0}, {1}... from arguments; "{{" and "}}" are literal braces. */
static const char *format_message(struct sg_findings *set, const char *tmpl,
				  const char **args, size_t n_args)
{
	size_t cap = 256, len = 0;
	char *buf = malloc(cap);
	const char *out;

	if (!buf)
		return NULL;
	for (const char *p = tmpl; *p && len < SG_TEXT_MAX;) {
		const char *piece = p;
		size_t n = 1;

		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			p += 2;
		} else if (p[0] == '{' && isdigit((unsigned char)p[1])) {
			char *end;
			unsigned long k = strtoul(p + 1, &end, 10);

			if (*end == '}' && k < n_args && args[k]) {
				piece = args[k];
				n = strlen(piece);
				p = end + 1;
			} else {
				p++;
			}
		} else {
			p++;
		}
		if (len + n + 1 > cap) {
			char *grown;

			while (len + n + 1 > cap)
				cap *= 2;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				return NULL;
			}
			buf = grown;
		}
		memcpy(buf + len, piece, n);
		len += n;
	}
	if (len > SG_TEXT_MAX) {
		len = SG_TEXT_MAX;
		while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
			len--;
	}
	out = sg_findings_strndup(set, buf, len);
	free(buf);
	return out;
}

/* message.id: the rule's messageStrings, else its component's globals. */
static int template_message(struct state *st, const struct run *run,
			    const struct rule *r, const struct pending *p,
			    const char **out)
{
	const json_t *strings, *text = NULL;
	const json_t *comp = r ? run->comps[r->component].obj : NULL;
	const char *tmpl;
	char where[WHERE_MAX];

	*out = NULL;
	if (!r)
		return 0;
	rule_where(run, r, where, sizeof(where));
	if (typed(r->obj, "messageStrings", JSON_OBJECT, &strings) < 0 ||
	    text_member(strings, p->message_id, &text) < 0)
		return fail_here(st, where,
				 "'messageStrings' must map ids to "
				 "objects with a string 'text'");
	if (!text &&
	    (typed(comp, "globalMessageStrings", JSON_OBJECT, &strings) < 0 ||
	     text_member(strings, p->message_id, &text) < 0))
		return fail_here(st, where,
				 "'globalMessageStrings' of its "
				 "tool component must map ids to "
				 "objects with a string 'text'");
	if (!text)
		return 0;
	tmpl = sg_json_text(st->set, text);
	*out = tmpl ? format_message(st->set, tmpl, p->args, p->n_args) : NULL;
	return *out ? 0 : no_memory();
}

/* ---- locations ---- */

static bool has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return false;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	       *p == '.')
		p++;
	return *p == ':' && p - s > 1; /* "C:" is a drive */
}

static bool is_absolute(const char *s)
{
	return s[0] == '/' || s[0] == '\\' ||
	       (isalpha((unsigned char)s[0]) && s[1] == ':');
}

/*
 * An originalUriBaseIds entry as one URI: its uri joined to its own base's
 * (a chain). NULL when an id in the chain is unknown, the chain loops, or
 * it has no uri: the base is unknown then.
 */
static const char *resolve_base(struct sg_findings *set, const json_t *bases,
				const char *name, int depth)
{
	const json_t *entry = json_object_get(bases, name);
	const char *uri, *parent_name, *parent = NULL;

	if (!json_is_object(entry) || depth > BASE_DEPTH_MAX)
		return NULL;
	uri = json_string_value(json_object_get(entry, "uri"));
	parent_name = json_string_value(json_object_get(entry, "uriBaseId"));
	if (!uri)
		return NULL;
	while (isspace((unsigned char)*uri))
		uri++;
	if (has_scheme(uri) || is_absolute(uri))
		return uri; /* an absolute uri ignores its uriBaseId */
	if (parent_name) {
		parent = resolve_base(set, bases, parent_name, depth + 1);
		if (!parent)
			return NULL;
		return sg_uri_join(set, parent, uri);
	}
	return uri;
}

/*
 * A relative artifactLocation.uri with a uriBaseId. A file:// (or absolute
 * path) base that lies in the repository makes the path relative to it;
 * an unknown base, a non-file base (https://...) or a base outside the
 * repository (Trivy's "file:///") leaves the uri as repository-relative.
 */
static const char *based_path(struct sg_findings *set, const json_t *bases,
			      const char *uri, const char *base_id,
			      const char *root, const char *work_dir,
			      bool ran_there)
{
	const char *base = resolve_base(set, bases, base_id, 0);
	const char *path;

	if (!base)
		return sg_uri_normalize_from(set, uri, root, work_dir, ran_there);
	if (strncmp(base, "file:", 5) == 0 || is_absolute(base)) {
		path = sg_uri_normalize(set, sg_uri_join(set, base, uri), root);
		if (path && !is_absolute(path))
			return path;
		return sg_uri_normalize_from(set, uri, root, work_dir, ran_there);
	}
	if (has_scheme(base))
		return sg_uri_normalize_from(set, uri, root, work_dir, ran_there);
	return sg_uri_normalize_from(set, sg_uri_join(set, base, uri), root,
				     work_dir, ran_there);
}

/*
 * based_path, or sg_uri_normalize_from for a uri without a base, once per
 * distinct (uri, base, work_dir) in the run: a log names each file many
 * times, and resolving one (decoding, tidying, joining, looking for it
 * in the work directory) costs more than the rest of a result. *out as
 * those give it; -1 when out of memory.
 */
static size_t memo_slot(const char *uri, const char *base, bool work_dir,
			size_t cap)
{
	uint64_t h = ((uintptr_t)uri * 0x9E3779B97F4A7C15ULL) ^
		     (uintptr_t)base ^ work_dir;

	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static int resolved_path(struct state *st, struct run *run, const char *uri,
			 const char *base, bool work_dir, const char **out)
{
	const struct sg_parse_ctx *ctx = st->ctx;
	const char *wd = work_dir ? ctx->work_dir : NULL;
	struct path_memo *m;
	size_t j;

	if (run->memo_count * 2 >= run->memo_cap &&
	    run->memo_count < PATH_MEMO_MAX) {
		size_t cap = run->memo_cap ? run->memo_cap * 2 : 256;
		struct path_memo *grown = calloc(cap, sizeof(*grown));

		if (!grown)
			return no_memory();
		for (size_t i = 0; i < run->memo_cap; i++) {
			struct path_memo *old = &run->memo[i];

			if (!old->used)
				continue;
			j = memo_slot(old->uri, old->base, old->work_dir, cap);
			while (grown[j].used)
				j = (j + 1) & (cap - 1);
			grown[j] = *old;
		}
		free(run->memo);
		run->memo = grown;
		run->memo_cap = cap;
	}
	j = memo_slot(uri, base, work_dir, run->memo_cap);
	for (m = &run->memo[j]; m->used; m = &run->memo[j]) {
		if (m->uri == uri && m->base == base &&
		    m->work_dir == work_dir) {
			*out = m->path;
			return 0;
		}
		j = (j + 1) & (run->memo_cap - 1);
	}
	if (base)
		*out = based_path(st->set, run->bases, uri, base,
				  ctx->repo_root, wd,
				  ctx->scanner_ran_in_work_dir);
	else
		*out = sg_uri_normalize_from(st->set, uri, ctx->repo_root, wd,
					     ctx->scanner_ran_in_work_dir);
	/* Full: the table keeps a free slot, so lookups still end. */
	if (run->memo_count >= PATH_MEMO_MAX)
		return 0;
	*m = (struct path_memo){.uri = uri, .base = base,
				.work_dir = work_dir, .used = true,
				.path = *out};
	run->memo_count++;
	return 0;
}

/* ---- extras: related locations, code flows, logical locations ---- */

/*
 * These are rebuilt member by member from what SARIF defines, so nothing
 * else rides along: no snippet (it may hold a secret), no thread flow
 * "state" (variable values), no index into run-level arrays that the
 * report does not have. Malformed parts are left out: they decide no
 * verdict. They are written as compact JSON straight from the result's
 * document, byte for byte as json_dumps(JSON_COMPACT) of the same
 * members would be (finding.h: the SARIF writer splices the text).
 * Each artifactLocation is written as {"uri": "\u0001N"}: N numbers its
 * (index, uriBaseId, uri), resolved once per run when it closes (its
 * bases and artifacts may come after the results) and put in place by
 * finish_extras without parsing the extras again.
 */

/*
 * An object or array being written. Members are added after jw_next;
 * one that comes out empty is taken back (jw_undo), and so is the whole
 * container when it closes empty, unless it is kept so.
 */
struct jw {
	struct sg_jbuf *b;
	size_t start, n;
};

static void jw_open(struct jw *w, struct sg_jbuf *b, const char *open)
{
	w->b = b;
	w->start = b->len;
	w->n = 0;
	sg_jbuf_add(b, open, 1);
}

/*
 * Start an element (key NULL) or a member; returns where to undo to.
 * Keys are the writer's own names (plain ASCII, short): written as they
 * are, with the comma, in one append.
 */
static size_t jw_next(struct jw *w, const char *key)
{
	size_t at = w->b->len, n = 0, len = key ? strlen(key) : 0;
	char text[64];

	if (len > sizeof(text) - 4) {
		if (w->n)
			sg_jbuf_add(w->b, ",", 1);
		sg_jbuf_add(w->b, "\"", 1);
		sg_jbuf_add(w->b, key, len);
		sg_jbuf_add(w->b, "\":", 2);
		return at;
	}
	if (w->n)
		text[n++] = ',';
	if (key) {
		text[n++] = '"';
		memcpy(text + n, key, len);
		n += len;
		text[n++] = '"';
		text[n++] = ':';
	}
	if (n)
		sg_jbuf_add(w->b, text, n);
	return at;
}

static void jw_undo(struct sg_jbuf *b, size_t at)
{
	if (!b->failed && b->len > at) {
		b->len = at;
		b->data[at] = '\0';
	}
}

/* Keep (written is true) or take back what jw_next started at at. */
static void jw_end(struct jw *w, size_t at, bool written)
{
	if (written)
		w->n++;
	else
		jw_undo(w->b, at);
}

/* Close; false (and nothing written) when empty and not keep_empty. */
static bool jw_close(struct jw *w, const char *close, bool keep_empty)
{
	if (!w->n && !keep_empty) {
		jw_undo(w->b, w->start);
		return false;
	}
	sg_jbuf_add(w->b, close, 1);
	return true;
}

/*
 * A member copied when it has the type: an integer >= 0, or a string of
 * at most EXTRA_TEXT_MAX bytes without \x01 (which marks a place).
 */
static bool copyable(const struct sg_jval *v, enum sg_jtype type)
{
	if (!v || v->type != type)
		return false;
	if (type == SG_JINTEGER)
		return v->u.integer >= 0;
	return v->n <= EXTRA_TEXT_MAX && !memchr(v->u.string, 1, v->n);
}

static void copy_member(struct jw *w, const struct sg_jval *in,
			const char *key, enum sg_jtype type)
{
	const struct sg_jval *v = sg_jv_get(in, key);

	if (!copyable(v, type))
		return;
	jw_next(w, key);
	if (type == SG_JINTEGER)
		sg_jbuf_integer(w->b, v->u.integer);
	else
		sg_jbuf_string(w->b, v->u.string, v->n);
	w->n++;
}

static bool write_region(struct sg_jbuf *b, const struct sg_jval *region)
{
	static const char *const keys[] = {
	    "startLine",  "startColumn", "endLine",    "endColumn",
	    "charOffset", "charLength",	 "byteOffset", "byteLength",
	};
	enum { N_KEYS = sizeof(keys) / sizeof(keys[0]) };
	const struct sg_jval *found[N_KEYS] = {0};
	struct jw o;

	if (!sg_jv_is(region, SG_JOBJECT))
		return false;
	/*
	 * One pass over the region's few members (a region has three or
	 * four of the eight; keys are unique), written in keys' order.
	 */
	for (uint32_t m = 0; m < region->n; m++) {
		const struct sg_jval *v = &region->u.items[m];

		for (size_t i = 0; i < N_KEYS; i++) {
			if (v->key[0] == keys[i][0] &&
			    strcmp(v->key, keys[i]) == 0) {
				found[i] = v;
				break;
			}
		}
	}
	jw_open(&o, b, "{");
	for (size_t i = 0; i < N_KEYS; i++) {
		if (!copyable(found[i], SG_JINTEGER))
			continue;
		jw_next(&o, keys[i]);
		sg_jbuf_integer(b, found[i]->u.integer);
		o.n++;
	}
	return jw_close(&o, "}", false);
}

/* {"text": ...} of a message with text (one given by id only: none). */
static bool write_message(struct sg_jbuf *b, const struct sg_jval *m)
{
	struct jw o;

	if (!sg_jv_is(m, SG_JOBJECT))
		return false;
	jw_open(&o, b, "{");
	copy_member(&o, m, "text", SG_JSTRING);
	return jw_close(&o, "}", false);
}

static bool write_logicals(struct sg_jbuf *b, const struct sg_jval *list)
{
	static const char *const keys[] = {"name", "fullyQualifiedName",
					   "decoratedName", "kind"};
	struct jw a, o;

	jw_open(&a, b, "[");
	for (size_t i = 0; sg_jv_is(list, SG_JARRAY) && i < list->n; i++) {
		size_t at = jw_next(&a, NULL);

		if (i == EXTRA_LIST_MAX) {
			jw_undo(b, at);
			break;
		}
		jw_open(&o, b, "{");
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			copy_member(&o, &list->u.items[i], keys[k], SG_JSTRING);
		jw_end(&a, at, jw_close(&o, "}", false));
	}
	return jw_close(&a, "]", false);
}

/*
 * The number of an artifactLocation's place, "index\x1fbase\x1furi" in
 * run->places (added when new). -1 when out of memory.
 */
static long long place_number(struct run *run, const struct sg_jval *art)
{
	const struct sg_jval *index = sg_jv_get(art, "index");
	const struct sg_jval *uri = sg_jv_get(art, "uri");
	const struct sg_jval *base = sg_jv_get(art, "uriBaseId");
	const char *u = copyable(uri, SG_JSTRING) ? uri->u.string : "";
	const char *bs = copyable(base, SG_JSTRING) ? base->u.string : "";
	const json_t *known;
	size_t nu = strlen(u), nb = strlen(bs), n = nu + nb + 32;
	char small[256], *key = small, *p;
	long long number;

	if (!run->places && !(run->places = json_object()))
		return -1;
	if (n > sizeof(small) && !(key = malloc(n)))
		return -1;
	/* "index\x1fbase\x1furi" without printf (once per location). */
	if (copyable(index, SG_JINTEGER))
		p = sg_put_decimal(key, (unsigned long long)index->u.integer);
	else
		p = (char *)memcpy(key, "-1", 2) + 2;
	*p++ = '\x1f';
	memcpy(p, bs, nb);
	p += nb;
	*p++ = '\x1f';
	memcpy(p, u, nu + 1);
	known = json_object_get(run->places, key);
	if (known) {
		number = (long long)json_integer_value(known);
	} else {
		number = (long long)run->n_places;
		if (json_object_set_new(run->places, key,
					json_integer((json_int_t)number)) < 0)
			number = -1;
		else
			run->n_places++;
	}
	if (key != small)
		free(key);
	return number;
}

static bool write_location(struct sg_jbuf *b, struct run *run,
			   const struct sg_jval *loc)
{
	const struct sg_jval *phys = sg_jv_get(loc, "physicalLocation");
	const struct sg_jval *art = sg_jv_get(phys, "artifactLocation");
	struct jw o, p;
	size_t at;

	if (!sg_jv_is(loc, SG_JOBJECT))
		return false;
	jw_open(&o, b, "{");
	copy_member(&o, loc, "id", SG_JINTEGER);
	at = jw_next(&o, "message");
	jw_end(&o, at, write_message(b, sg_jv_get(loc, "message")));
	at = jw_next(&o, "logicalLocations");
	jw_end(&o, at, write_logicals(b, sg_jv_get(loc, "logicalLocations")));
	if (sg_jv_is(art, SG_JOBJECT)) {
		static const char open[] = "{\"uri\":\"\\u0001",
				  close[] = "\"}";
		long long number = place_number(run, art);
		char marker[48], *end;

		if (number < 0) {
			b->failed = true; /* out of memory: the caller says so */
			number = 0;
		}
		jw_next(&o, "physicalLocation");
		jw_open(&p, b, "{");
		jw_next(&p, "artifactLocation");
		memcpy(marker, open, sizeof(open) - 1);
		end = sg_put_decimal(marker + sizeof(open) - 1,
				  (unsigned long long)number);
		memcpy(end, close, sizeof(close) - 1);
		end += sizeof(close) - 1;
		sg_jbuf_add(b, marker, (size_t)(end - marker));
		p.n++;
		at = jw_next(&p, "region");
		jw_end(&p, at, write_region(b, sg_jv_get(phys, "region")));
		at = jw_next(&p, "contextRegion");
		jw_end(&p, at,
		       write_region(b, sg_jv_get(phys, "contextRegion")));
		jw_close(&p, "}", true);
		o.n++;
	}
	return jw_close(&o, "}", false);
}

/* The locations of list but its skip-th, at most max of them. */
static bool write_locations(struct sg_jbuf *b, struct run *run,
			    const struct sg_jval *list, size_t skip,
			    size_t max)
{
	struct jw a;

	jw_open(&a, b, "[");
	for (size_t i = 0; sg_jv_is(list, SG_JARRAY) && i < list->n; i++) {
		size_t at;

		if (i == skip)
			continue;
		if (a.n == max)
			break;
		at = jw_next(&a, NULL);
		jw_end(&a, at, write_location(b, run, &list->u.items[i]));
	}
	return jw_close(&a, "]", false);
}

/* One threadFlowLocation; kept even when empty ({}). */
static void write_thread_flow_location(struct sg_jbuf *b, struct run *run,
				       const struct sg_jval *tfl)
{
	static const char *const ints[] = {"nestingLevel", "executionOrder"};
	const struct sg_jval *kinds = sg_jv_get(tfl, "kinds");
	struct jw t, ka;
	size_t at;

	jw_open(&t, b, "{");
	at = jw_next(&t, "location");
	jw_end(&t, at, write_location(b, run, sg_jv_get(tfl, "location")));
	for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++)
		copy_member(&t, tfl, ints[k], SG_JINTEGER);
	copy_member(&t, tfl, "importance", SG_JSTRING);
	copy_member(&t, tfl, "module", SG_JSTRING);
	if (sg_jv_is(kinds, SG_JARRAY)) {
		/* Its strings, as many as there are; [] when none. */
		jw_next(&t, "kinds");
		jw_open(&ka, b, "[");
		for (size_t k = 0; k < kinds->n; k++) {
			const struct sg_jval *v = &kinds->u.items[k];

			if (v->type != SG_JSTRING)
				continue;
			jw_next(&ka, NULL);
			sg_jbuf_string(b, v->u.string, v->n);
			ka.n++;
		}
		jw_close(&ka, "]", true);
		t.n++;
	}
	jw_close(&t, "}", true);
}

/* A threadFlow needs at least one location. */
static bool write_thread_flow(struct sg_jbuf *b, struct run *run,
			      const struct sg_jval *tf)
{
	const struct sg_jval *locs = sg_jv_get(tf, "locations");
	struct jw o, a;
	size_t at;

	if (!sg_jv_is(tf, SG_JOBJECT))
		return false;
	jw_open(&o, b, "{");
	copy_member(&o, tf, "id", SG_JSTRING);
	at = jw_next(&o, "message");
	jw_end(&o, at, write_message(b, sg_jv_get(tf, "message")));
	jw_next(&o, "locations");
	jw_open(&a, b, "[");
	for (size_t i = 0; sg_jv_is(locs, SG_JARRAY) && i < locs->n; i++) {
		if (a.n == EXTRA_LIST_MAX)
			break;
		jw_next(&a, NULL);
		write_thread_flow_location(b, run, &locs->u.items[i]);
		a.n++;
	}
	if (!jw_close(&a, "]", false)) {
		jw_undo(b, o.start);
		return false;
	}
	o.n++;
	return jw_close(&o, "}", true);
}

static bool write_code_flows(struct sg_jbuf *b, struct run *run,
			     const struct sg_jval *flows)
{
	struct jw a, o, tfs;

	jw_open(&a, b, "[");
	for (size_t i = 0; sg_jv_is(flows, SG_JARRAY) && i < flows->n; i++) {
		const struct sg_jval *cf = &flows->u.items[i];
		const struct sg_jval *list = sg_jv_get(cf, "threadFlows");
		size_t at, at_message;

		if (cf->type != SG_JOBJECT)
			continue;
		at = jw_next(&a, NULL);
		jw_open(&o, b, "{");
		at_message = jw_next(&o, "message");
		jw_end(&o, at_message, write_message(b, sg_jv_get(cf, "message")));
		jw_next(&o, "threadFlows");
		jw_open(&tfs, b, "[");
		for (size_t j = 0; sg_jv_is(list, SG_JARRAY) && j < list->n;
		     j++) {
			size_t at_tf = jw_next(&tfs, NULL);

			jw_end(&tfs, at_tf,
			       write_thread_flow(b, run, &list->u.items[j]));
		}
		if (!jw_close(&tfs, "]", false)) {
			jw_undo(b, at);
			continue;
		}
		o.n++;
		jw_close(&o, "}", true);
		a.n++;
	}
	return jw_close(&a, "]", false);
}

/*
 * The extras of a result as compact JSON (new, malloc'd; NULL when it
 * has none). Over EXTRAS_MAX, code flows go first, then the rest; over
 * the input's EXTRAS_TOTAL_MAX, all: each such cut is counted.
 */
static int spool_extras(struct state *st, const struct sg_jbuf *text,
			struct pending *p)
{
	if (!st->spool && !(st->spool = tmpfile()))
		return sg_error(SG_EIO,
				"%s: cannot create a temporary file for the "
				"SARIF extras: %s",
				sg_jstream_name(st->js), strerror(errno));
	if (fwrite(text->data, 1, text->len, st->spool) != text->len)
		return sg_error(SG_EIO,
				"%s: cannot write the SARIF extras to a "
				"temporary file: %s",
				sg_jstream_name(st->js), strerror(errno));
	p->extras_at = st->spool_len;
	p->extras_len = text->len;
	st->spool_len += text->len;
	return 0;
}

/* A pending result's extras, read back: *out NUL-terminated, in st. */
static int unspool_extras(struct state *st, const struct pending *p,
			  const char **out)
{
	if (p->extras_len + 1 > st->spool_cap) {
		char *t = realloc(st->spool_text, p->extras_len + 1);

		if (!t)
			return no_memory();
		st->spool_text = t;
		st->spool_cap = p->extras_len + 1;
	}
	if (fflush(st->spool) != 0 ||
	    pread(fileno(st->spool), st->spool_text, p->extras_len,
		  (off_t)p->extras_at) != (ssize_t)p->extras_len)
		return sg_error(SG_EIO,
				"%s: cannot read the SARIF extras back from "
				"a temporary file",
				sg_jstream_name(st->js));
	st->spool_text[p->extras_len] = '\0';
	*out = st->spool_text;
	return 0;
}

static int keep_extras(struct state *st, struct run *run,
		       const struct sg_jval *res, size_t primary,
		       struct pending *p)
{
	/* In the order they are written; dropped from the first on. */
	enum { LOCATIONS, RELATED, FLOWS, LOGICALS, PARTS };
	static const char *const names[PARTS] = {
	    "locations", "relatedLocations", "codeFlows", "logicalLocations"};
	static const int drop_order[PARTS] = {FLOWS, RELATED, LOCATIONS,
					      LOGICALS};
	const struct sg_jval *locs = sg_jv_get(res, "locations");
	struct sg_jbuf part[PARTS], text;
	bool present[PARTS], cut = false, failed = false;
	size_t n_present = 0;
	int rc = 0;

	p->extras_len = 0;
	for (int k = 0; k < PARTS; k++)
		sg_jbuf_init(&part[k]);
	present[LOCATIONS] = write_locations(&part[LOCATIONS], run, locs,
					     primary, EXTRA_LOCATIONS_MAX);
	present[RELATED] = write_locations(&part[RELATED], run,
					   sg_jv_get(res, "relatedLocations"),
					   SIZE_MAX, EXTRA_LIST_MAX);
	present[FLOWS] = write_code_flows(&part[FLOWS], run,
					  sg_jv_get(res, "codeFlows"));
	present[LOGICALS] = write_logicals(
	    &part[LOGICALS],
	    sg_jv_get(sg_jv_is(locs, SG_JARRAY) ? sg_jv_at(locs, primary)
						: NULL,
		      "logicalLocations"));
	sg_jbuf_init(&text);
	for (int k = 0; k < PARTS; k++) {
		failed |= part[k].failed;
		n_present += present[k];
	}
	for (int k = 0; !failed && n_present > 0; k++) {
		struct jw o;

		jw_open(&o, &text, "{");
		for (int i = 0; i < PARTS; i++) {
			if (!present[i])
				continue;
			jw_next(&o, names[i]);
			sg_jbuf_add(&text, part[i].data, part[i].len);
			o.n++;
		}
		jw_close(&o, "}", true);
		if (text.failed) {
			failed = true;
			break;
		}
		if (text.len <= EXTRAS_MAX &&
		    st->extras_bytes + text.len <= EXTRAS_TOTAL_MAX)
			break;
		sg_jbuf_release(&text);
		cut = true;
		if (st->extras_bytes >= EXTRAS_TOTAL_MAX || k == PARTS) {
			n_present = 0;
			break;
		}
		n_present -= present[drop_order[k]];
		present[drop_order[k]] = false;
	}
	for (int k = 0; k < PARTS; k++)
		sg_jbuf_release(&part[k]);
	if (failed) {
		sg_jbuf_release(&text);
		return no_memory();
	}
	st->ctx->meta->extras_cut += cut;
	if (n_present > 0) {
		rc = spool_extras(st, &text, p);
		st->extras_bytes += text.len;
	}
	sg_jbuf_release(&text);
	return rc;
}

/*
 * Each place's repository path as a JSON string ("null" when it cannot
 * be told: no uri, an index past the artifacts), resolved as the
 * primary location's is. New array of n_places malloc'd strings.
 */
static int resolve_places(struct state *st, struct run *run, char ***out)
{
	const char *key, *root = st->ctx->repo_root;
	const json_t *v;
	char **enc = calloc(run->n_places + 1, sizeof(*enc));

	*out = enc;
	if (!enc)
		return no_memory();
	json_object_foreach((json_t *)run->places, key, v) {
		const char *base = strchr(key, '\x1f') + 1;
		const char *uri = strchr(base, '\x1f') + 1;
		char *base_copy = strndup(base, (size_t)(uri - 1 - base));
		long long index = strtoll(key, NULL, 10);
		const char *path = NULL;
		json_t *str;

		if (!base_copy)
			return no_memory();
		if (!*uri && index >= 0 && (size_t)index < run->n_artifacts) {
			uri = run->artifacts[index].uri;
			free(base_copy);
			base_copy = run->artifacts[index].base
					? strdup(run->artifacts[index].base)
					: strdup("");
			if (!base_copy)
				return no_memory();
		}
		if (uri && *uri && *base_copy) {
			/* Most places are also a result's own location. */
			const char *u = sg_findings_intern(st->set, uri,
							   strlen(uri));
			const char *b = sg_findings_intern(st->set, base_copy,
							   strlen(base_copy));

			if (!u || !b || resolved_path(st, run, u, b, true,
						      &path) < 0) {
				free(base_copy);
				return no_memory();
			}
		} else if (uri && *uri)
			path = sg_uri_normalize(st->set, uri, root);
		free(base_copy);
		/* Not UTF-8 after %XX decoding: no place, not bad JSON. */
		str = path ? json_string(path) : NULL;
		enc[json_integer_value(v)] =
		    str ? json_dumps(str, JSON_ENCODE_ANY) : strdup("null");
		json_decref(str);
		if (!enc[json_integer_value(v)])
			return no_memory();
	}
	return 0;
}

static void free_places(char **enc, size_t n)
{
	for (size_t i = 0; enc && i < n; i++)
		free(enc[i]);
	free(enc);
}

/*
 * The pending extras with each "\x01N" marker (written by jansson as
 * "\u0001N") replaced by its place, into the finding (the set's spool:
 * out of memory, as they grow with the input).
 */
static int finish_extras(struct state *st, const struct run *run,
			 const struct pending *p, char *const *places,
			 struct sg_finding *f)
{
	static const char marker[] = "\"\\u0001";
	const size_t ml = sizeof(marker) - 1;
	const char *t, *m, *extras = NULL;
	size_t len = 0;
	char *out, *o;
	int rc;

	/* A secret scanner's locations stay out of every report. */
	if (!p->extras_len || f->kind == SG_KIND_SECRET)
		return 0;
	rc = unspool_extras(st, p, &extras);
	if (rc < 0)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		out = pass ? malloc(len + 1) : NULL;
		o = out;
		if (pass && !out)
			return no_memory();
		for (t = extras; (m = strstr(t, marker)); t = m) {
			char *end;
			unsigned long long n = strtoull(m + ml, &end, 10);
			const char *put = n < run->n_places && *end == '"'
					      ? places[n]
					      : "null";

			if (pass) {
				memcpy(o, t, (size_t)(m - t));
				o += m - t;
				memcpy(o, put, strlen(put));
				o += strlen(put);
			} else {
				len += (size_t)(m - t) + strlen(put);
			}
			m = *end == '"' ? end + 1 : m + ml;
		}
		if (pass) {
			memcpy(o, t, strlen(t) + 1);
		} else {
			len += strlen(t);
		}
	}
	rc = sg_finding_set_sarif_extras(st->set, f, out, len);
	free(out);
	return rc;
}

/* ---- results ---- */

static int push_pending(struct run *run, const struct pending *p)
{
	if (run->n_pend == run->cap_pend) {
		size_t cap = run->cap_pend ? run->cap_pend * 2 : 64;
		struct pending *grown =
		    realloc(run->pend, cap * sizeof(*grown));

		if (!grown)
			return no_memory();
		run->pend = grown;
		run->cap_pend = cap;
	}
	run->pend[run->n_pend++] = *p;
	return 0;
}

static bool valid_result_kind(const char *kind)
{
	static const char *const kinds[] = {
	    "pass", "fail", "open", "review", "notApplicable", "informational",
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/*
 * The commit of a history finding: gitleaks' SARIF puts it in
 * partialFingerprints.commitSha (a run of zeros when there is none). In
 * the set, or NULL.
 */
static const char *history_commit(struct sg_findings *set,
				  const struct sg_jval *res)
{
	const char *s = sg_jv_string(
	    sg_jv_get(sg_jv_get(res, "partialFingerprints"), "commitSha"));
	size_t n = s ? strspn(s, "0123456789abcdefABCDEF") : 0;

	if (n < 7 || n > 64 || s[n] || strspn(s, "0") == n)
		return NULL;
	return sg_findings_intern(set, s, n);
}

/* The first physicalLocation of result.locations into f and p. */
static int read_location(struct state *st, struct run *run, const char *where,
			 const struct sg_jval *res, struct sg_finding *f,
			 struct pending *p, const struct sg_jval **snippet,
			 size_t *primary, const struct sg_jval **context)
{
	const struct sg_jval *locs, *loc, *phys = NULL, *art, *region, *v;
	const struct sg_jval *uri, *base, *ctx_region;
	struct sg_location *l = &f->location;
	const char *u;
	size_t i;

	*snippet = *context = NULL;
	*primary = 0;
	if (jtyped(res, "locations", SG_JARRAY, &locs) < 0)
		return fail_member(st, res, "locations", where, "'locations' must be an array");
	for (i = 0; i < sg_jv_size(locs); i++) {
		loc = sg_jv_at(locs, i);
		if (jtyped(loc, "physicalLocation", SG_JOBJECT, &phys) < 0 ||
		    !sg_jv_is(loc, SG_JOBJECT))
			return fail_member(st, res, "locations", where,
					  "locations[%zu] must be an object "
					  "with an object 'physicalLocation'",
					  i);
		if (phys)
			break;
	}
	if (!locs || i == sg_jv_size(locs))
		return 0;
	*primary = i;
	if (jtyped(phys, "artifactLocation", SG_JOBJECT, &art) < 0 ||
	    jtyped(art, "uri", SG_JSTRING, &uri) < 0 ||
	    jtyped(art, "uriBaseId", SG_JSTRING, &base) < 0)
		return fail_member(st, res, "locations", where,
				  "locations[%zu].physicalLocation: "
				  "'artifactLocation' must be an object with "
				  "string 'uri' and 'uriBaseId'",
				  i);
	if (jtyped(phys, "region", SG_JOBJECT, &region) < 0)
		return fail_member(st, res, "locations", where,
				  "locations[%zu].physicalLocation: 'region' "
				  "must be an object",
				  i);
	if (jmember_u32(region, "startLine", &l->start_line) < 0 ||
	    jmember_u32(region, "endLine", &l->end_line) < 0 ||
	    jmember_u32(region, "startColumn", &l->start_column) < 0 ||
	    jmember_u32(region, "endColumn", &l->end_column) < 0)
		return fail_member(st, res, "locations", where,
				  "locations[%zu].physicalLocation.region: "
				  "lines and columns must be non-negative "
				  "integers",
				  i);
	if (!l->end_line)
		l->end_line = l->start_line;
	if (jtext_member(region, "snippet", &v) < 0)
		return fail_member(st, res, "locations", where,
				  "locations[%zu].physicalLocation.region: "
				  "'snippet' must be an object with a string "
				  "'text'",
				  i);
	*snippet = v;
	/* Only to redact a secret's message: a malformed one is no snippet. */
	if (jtyped(phys, "contextRegion", SG_JOBJECT, &ctx_region) == 0 &&
	    jtext_member(ctx_region, "snippet", &v) == 0)
		*context = v;
	if (jindex_member(art, "index", &p->artifact) < 0)
		return fail_member(st, res, "locations", where,
				  "locations[%zu].physicalLocation."
				  "artifactLocation: 'index' must be a "
				  "non-negative integer",
				  i);
	if (!uri) {
		/* artifactLocation.index alone: resolved when the run closes. */
		return 0;
	}
	p->artifact = -1; /* a uri wins over the index (SARIF 3.4.5) */
	if (base) {
		/* Bases may come later in the run: resolve when it closes. */
		p->uri = jstring(st->set, uri);
		p->uri_base = jstring(st->set, base);
		return p->uri && p->uri_base ? 0 : no_memory();
	}
	if (run->memo_count >= PATH_MEMO_MAX) {
		/* Not remembered: no need to keep the raw uri either. */
		l->path = sg_uri_normalize_from(
			st->set, uri->u.string, st->ctx->repo_root,
			l->commit ? NULL : st->ctx->work_dir,
			st->ctx->scanner_ran_in_work_dir);
		return 0;
	}
	/* Up to a NUL byte ("\u0000"), as a C string is read. */
	u = sg_findings_intern(st->set, uri->u.string, strlen(uri->u.string));
	if (!u)
		return no_memory();
	return resolved_path(st, run, u, NULL, !l->commit, &l->path);
}

/*
 * result.suppressions: suppressed only when there is at least one and every
 * one is accepted (a missing status means accepted: SARIF 2.1.0 3.34.4), as
 * GitHub reads them; one underReview or rejected keeps the result open.
 * *out is the kind of the first ("suppressed" when it names none).
 */
static int read_suppression(struct state *st, const char *where,
			    const struct sg_jval *res, const char **out)
{
	const struct sg_jval *sups, *sup, *status, *kind, *first_kind = NULL;
	bool all_accepted = true;
	size_t i;

	*out = NULL;
	if (jtyped(res, "suppressions", SG_JARRAY, &sups) < 0)
		return fail_member(st, res, "suppressions", where, "'suppressions' must be an array");
	for (i = 0; i < sg_jv_size(sups); i++) {
		sup = sg_jv_at(sups, i);
		if (!sg_jv_is(sup, SG_JOBJECT) ||
		    jtyped(sup, "status", SG_JSTRING, &status) < 0 ||
		    jtyped(sup, "kind", SG_JSTRING, &kind) < 0)
			return fail_member(st, res, "suppressions", where,
					  "suppressions[%zu] must be an object "
					  "with string 'kind' and 'status'",
					  i);
		if (status && strcmp(status->u.string, "accepted"))
			all_accepted = false;
		if (i == 0)
			first_kind = kind;
	}
	if (!sups || sg_jv_size(sups) == 0 || !all_accepted)
		return 0;
	*out = first_kind ? jstring(st->set, first_kind)
			  : sg_findings_strdup(st->set, "suppressed");
	return *out ? 0 : no_memory();
}

static int read_message(struct state *st, const char *where,
			const struct sg_jval *res, struct sg_finding *f,
			struct pending *p)
{
	const struct sg_jval *msg, *text, *id, *args;

	if (jtyped(res, "message", SG_JOBJECT, &msg) < 0 ||
	    jtyped(msg, "text", SG_JSTRING, &text) < 0 ||
	    jtyped(msg, "id", SG_JSTRING, &id) < 0 ||
	    jtyped(msg, "arguments", SG_JARRAY, &args) < 0)
		return fail_member(st, res, "message", where,
				  "'message' must be an object with string "
				  "'text' and 'id' and array 'arguments'");
	if (!text && jtyped(msg, "markdown", SG_JSTRING, &text) < 0)
		return fail_member(st, res, "message", where,
				  "'message.markdown' must be a string");
	if (text) {
		f->message = jtext(st->set, text);
		return f->message ? 0 : no_memory();
	}
	if (!id)
		return 0;
	p->message_id = jstring(st->set, id);
	p->n_args = sg_jv_size(args);
	p->args = p->n_args ? sg_findings_strv(st->set, p->n_args) : NULL;
	if (!p->message_id || (p->n_args && !p->args))
		return no_memory();
	for (size_t i = 0; i < p->n_args; i++) {
		const struct sg_jval *arg = sg_jv_at(args, i);

		if (arg->type != SG_JSTRING)
			return fail_member(st, res, "message", where,
					  "message.arguments[%zu] must be a "
					  "string",
					  i);
		p->args[i] = jtext(st->set, arg);
	}
	return 0;
}

static int read_rule_ref(struct state *st, const char *where,
			 const struct sg_jval *res, const struct sg_jval **id,
			 struct pending *p)
{
	const struct sg_jval *rule, *tc, *rule_id;

	if (jtyped(res, "ruleId", SG_JSTRING, id) < 0)
		return fail_member(st, res, "ruleId", where, "'ruleId' must be a string");
	if (jindex_member(res, "ruleIndex", &p->rule_index) < 0)
		return fail_member(st, res, "ruleIndex", where,
				  "'ruleIndex' must be a non-negative integer");
	if (jtyped(res, "rule", SG_JOBJECT, &rule) < 0 ||
	    jtyped(rule, "id", SG_JSTRING, &rule_id) < 0 ||
	    jtyped(rule, "toolComponent", SG_JOBJECT, &tc) < 0)
		return fail_member(st, res, "rule", where,
				  "'rule' must be an object with a string "
				  "'id' and an object 'toolComponent'");
	if (jindex_member(rule, "index", &p->ref_index) < 0 ||
	    jindex_member(tc, "index", &p->ref_component) < 0)
		return fail_member(st, res, "rule", where,
				  "'rule.index' and 'rule.toolComponent.index' "
				  "must be non-negative integers");
	/* A component named by guid or name only: its rule is found by id. */
	p->ref_by_name = tc && p->ref_component < 0;
	if (!*id)
		*id = rule_id;
	return 0;
}

/* A transient copy of a snippet's text (see struct pending). */
static int keep_snippet(char **out, const struct sg_jval *text)
{
	size_t n;

	*out = NULL;
	if (!text)
		return 0;
	n = text->n;
	if (n > SNIPPET_KEEP)
		n = SNIPPET_KEEP;
	*out = strndup(text->u.string, n);
	return *out ? 0 : -1;
}

/* One result: append its finding now; the rule is resolved later. */
static int read_result(struct state *st, struct run *run,
		       const struct sg_jval *res, size_t index)
{
	struct sg_findings *set = st->set;
	struct pending p = {.result = index, .artifact = -1};
	struct sg_finding tmp = {0}, *f;
	const struct sg_jval *v, *props, *rule_id, *snippet, *context, *pf, *fp;
	const char *supp;
	char where[WHERE_MAX];
	size_t primary;
	int rc;

	item_where(where, run->index, "results", index);
	if (!sg_jv_is(res, SG_JOBJECT))
		return fail_member(st, res, NULL, where, "must be an object");
	if (jtyped(res, "kind", SG_JSTRING, &v) < 0 ||
	    (v && !valid_result_kind(v->u.string)))
		return fail_member(st, res, "kind", where,
				  "'kind' must be one of fail, open, review, "
				  "informational, pass, notApplicable");
	if (v) {
		const char *kind = v->u.string;

		/* Checks that passed are not findings. */
		if (strcmp(kind, "pass") == 0 ||
		    strcmp(kind, "notApplicable") == 0)
			return 0;
		p.not_fail = strcmp(kind, "fail") != 0;
	}
	/* A baseline's "absent" result was fixed: it is not a finding now. */
	if (jtyped(res, "baselineState", SG_JSTRING, &v) < 0)
		return fail_member(st, res, "baselineState", where, "'baselineState' must be a string");
	if (v && strcmp(v->u.string, "absent") == 0)
		return 0;
	if (jtyped(res, "level", SG_JSTRING, &v) < 0 ||
	    (v && !(p.level = level_name(v->u.string))))
		return fail_member(st, res, "level", where,
				  "'level' must be one of error, warning, "
				  "note, none");
	rc = read_rule_ref(st, where, res, &rule_id, &p);
	if (rc < 0)
		return rc;
	if (jtyped(res, "properties", SG_JOBJECT, &props) < 0)
		return fail_member(st, res, "properties", where, "'properties' must be an object");
	rc = jsecurity_severity(set, props, &p.has_sec, &p.sec, &p.sec_text);
	if (rc == SG_ENOMEM)
		return rc;
	if (rc < 0)
		return fail_member(st, res, "properties", where,
				  "'properties.security-severity' must be a "
				  "score or a severity");
	rc = read_message(st, where, res, &tmp, &p);
	if (rc < 0)
		return rc;
	/* Before the location: a history finding's path is from the root. */
	tmp.location.commit = history_commit(set, res);
	rc = read_location(st, run, where, res, &tmp, &p, &snippet, &primary,
			   &context);
	if (rc < 0)
		return rc;
	if (set->keep_sarif_extras) {
		rc = keep_extras(st, run, res, primary, &p);
		if (rc < 0)
			return rc;
	}
	rc = read_suppression(st, where, res, &supp);
	if (rc < 0)
		return rc;
	if (jtyped(res, "partialFingerprints", SG_JOBJECT, &pf) < 0)
		return fail_member(st, res, "partialFingerprints", where,
				   "'partialFingerprints' and 'fingerprints' "
				   "must be objects");
	if (jtyped(res, "fingerprints", SG_JOBJECT, &fp) < 0)
		return fail_member(st, res, "fingerprints", where,
				   "'partialFingerprints' and 'fingerprints' "
				   "must be objects");
	/*
	 * "fingerprints" is the result's stable identity (SARIF 3.27.16):
	 * results sharing it are one, unless all it holds is a hash of the
	 * line's text (is_line_text_hash). partialFingerprints (3.27.17)
	 * only contribute. Where the identity names a context, the gate
	 * numbers the results that share it. sg1 preferred
	 * partialFingerprints and took every fingerprint as unique.
	 */
	rc = producer_identity(set, fp, "fingerprints", &p.identity);
	if (rc == 0) {
		const char *partial = NULL;

		rc = producer_identity(set, pf, "partialFingerprints",
				       &partial);
		p.unique = p.identity && names_one_result(fp);
		if (rc == 0 && partial && p.identity)
			p.identity_v1 = partial;
		else if (rc == 0 && partial)
			p.identity = partial;
	}
	if (rc < 0)
		return rc;
	if (snippet) {
		const char *s = snippet->u.string;
		size_t n = snippet->n;

		/*
		 * Whether it is a secret is known only when the run closes:
		 * keep both digests, never the text.
		 */
		p.secret_identity =
		    sg_secret_identity(set, s, n, tmp.location.start_line);
		if (!p.secret_identity)
			return no_memory();
		if (!p.identity) {
			p.identity = digest_identity(set, "snippet", s, n);
			if (!p.identity)
				return no_memory();
		}
	}
	tmp.rule_id = jstring(set, rule_id);
	sg_finding_cold_mut(set, &tmp)->producer_suppression = supp;
	tmp.input_index = st->ctx->input_index;
	{
		int k;

		/* Malformed result tags say nothing (rule tags are checked). */
		p.tagged_secret = (jkind_from_tags(props, &k) == 0 &&
				   k == SG_KIND_SECRET) ||
				  gitleaks_shaped(pf, props);
	}
	f = sg_findings_append(set);
	if (!f)
		return no_memory();
	*f = tmp;
	p.finding = set->count - 1;
	if (keep_snippet(&p.snippets[0], snippet) < 0 ||
	    keep_snippet(&p.snippets[1], context) < 0 ||
	    push_pending(run, &p) < 0) {
		free(p.snippets[0]);
		free(p.snippets[1]);
		return no_memory();
	}
	return 0;
}

/*
 * The members of a result that findings use; codeFlows and the rest are
 * skipped unparsed (they are most of a CodeQL log's bytes) unless a
 * report shows them (keep_sarif_extras).
 */
static bool result_member_wanted(const char *key, size_t len, void *arg)
{
	bool extras = *(const bool *)arg;
	/*
	 * By length, then first byte, then the rest: this runs for every
	 * member of every result. Keys are NUL-terminated and hold no NUL
	 * (jsondoc.h). The members only extras need are kept only for the
	 * reports that show them.
	 */
	static const struct {
		const char *name;
		bool extra;
	} wanted[][3] = {
		[4] = {{"kind", false}, {"rule", false}},
		[5] = {{"level", false}},
		[6] = {{"ruleId", false}},
		[7] = {{"message", false}},
		[9] = {{"ruleIndex", false}, {"locations", false},
		       {"codeFlows", true}},
		[10] = {{"properties", false}},
		[12] = {{"suppressions", false}, {"fingerprints", false}},
		[13] = {{"baselineState", false}},
		[16] = {{"relatedLocations", true}},
		[19] = {{"partialFingerprints", false}},
	};

	if (len >= sizeof(wanted) / sizeof(wanted[0]))
		return false;
	for (size_t i = 0; i < 3 && wanted[len][i].name; i++) {
		const char *name = wanted[len][i].name;

		if (key[0] == name[0] && memcmp(key, name, len) == 0)
			return extras || !wanted[len][i].extra;
	}
	return false;
}

/*
 * One result as a document of the members findings use; the others are
 * checked as strictly, not kept. Errors found later point at the result.
 */
static int load_result(struct state *st, const struct run *run, size_t index,
		       const struct sg_jval **out)
{
	bool extras = st->set->keep_sarif_extras;
	int c = sg_js_peek(st->js);

	*out = NULL;
	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(st->js,
				   "runs[%u].results[%zu]: must be an "
				   "object",
				   run->index, index);
	return sg_js_load_doc(st->js, st->doc, result_member_wanted, &extras,
			      out);
}

static int read_results(struct state *st, struct run *run)
{
	char where[WHERE_MAX];
	size_t i = 0;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	snprintf(where, sizeof(where), "runs[%u]", run->index);
	if (c == 'n')
		return fail_here(st, where,
				 "no 'results' (the tool did not report "
				 "results; a failed or incomplete scan)");
	if (c != '[')
		return fail_here(st, where, "'results' must be an array");
	run->has_results = true;
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1) {
		const struct sg_jval *res;

		rc = load_result(st, run, i, &res);
		if (rc < 0)
			break;
		rc = read_result(st, run, res, i++);
	}
	run->n_results = i;
	return rc;
}

/*
 * CodeQL says which files it expected to extract ("<lang>/baseline/
 * expected-extracted-files", "cli/expected-extracted-files/<lang>") and
 * which it did ("<lang>/diagnostics/successfully-extracted-files"), one
 * notification per file.
 */
static void count_extraction(struct run *run, const json_t *inv)
{
	const json_t *n;
	size_t i;

	json_array_foreach(json_object_get(inv, "toolExecutionNotifications"),
			   i, n) {
		const char *id = json_string_value(json_object_get(
			json_object_get(n, "descriptor"), "id"));

		if (!id)
			continue;
		if (strstr(id, "/diagnostics/successfully-extracted-files"))
			run->files_extracted++;
		else if (strstr(id, "/baseline/expected-extracted-files") ||
			 strncmp(id, "cli/expected-extracted-files", 28) == 0)
			run->files_expected++;
	}
}

static int read_invocations(struct state *st, struct run *run)
{
	char where[WHERE_MAX];
	json_t *invs, *inv;
	size_t i;
	int rc = sg_js_load(st->js, &invs);

	if (rc < 0)
		return rc;
	snprintf(where, sizeof(where), "runs[%u]", run->index);
	if (!json_is_array(invs) && !json_is_null(invs))
		rc = fail_value(st, where, "'invocations' must be an array");
	json_array_foreach(invs, i, inv) {
		const json_t *ok = json_object_get(inv, "executionSuccessful");

		if (rc < 0)
			break;
		if (!json_is_object(inv) ||
		    (ok && !json_is_boolean(ok) && !json_is_null(ok)))
			rc = fail_value(st, where,
					"invocations[%zu] must be an object "
					"with a boolean 'executionSuccessful'",
					i);
		else if (json_is_false(ok))
			/* The tool says so: its results are partial at best. */
			rc = fail_value(st, where,
					"the tool reported a failed scan "
					"(executionSuccessful: false)");
		else
			count_extraction(run, inv);
	}
	json_decref(invs);
	return rc;
}

/* The commits the run says it analysed (revisionId), into the input's meta. */
static int read_provenance(struct state *st, const struct run *run)
{
	char where[WHERE_MAX];
	json_t *vcps, *vcp;
	size_t i;
	int rc = sg_js_load(st->js, &vcps);

	if (rc < 0)
		return rc;
	snprintf(where, sizeof(where), "runs[%u].versionControlProvenance",
		 run->index);
	if (!json_is_array(vcps) && !json_is_null(vcps))
		rc = fail_value(st, where, "must be an array");
	json_array_foreach(vcps, i, vcp) {
		const json_t *rev = json_object_get(vcp, "revisionId");

		if (rc < 0)
			break;
		if (!json_is_object(vcp) ||
		    (rev && !json_is_string(rev) && !json_is_null(rev))) {
			rc = fail_value(st, where, "[%zu] must be an object "
					"with a string 'revisionId'", i);
		} else if (json_is_string(rev) &&
			   sg_input_meta_add_commit(st->set, st->ctx->meta,
						    json_string_value(rev)) < 0) {
			rc = fail_value(st, where, "[%zu].revisionId: not a "
					"commit id (7 to 64 hex digits)", i);
		}
	}
	json_decref(vcps);
	return rc;
}

static int read_bases(struct state *st, struct run *run)
{
	char where[WHERE_MAX];
	const char *name;
	const json_t *entry, *v;
	int rc = sg_js_load(st->js, &run->bases);

	if (rc < 0)
		return rc;
	snprintf(where, sizeof(where), "runs[%u].originalUriBaseIds",
		 run->index);
	if (!json_is_object(run->bases) && !json_is_null(run->bases))
		return fail_value(st, where, "must be an object");
	json_object_foreach(run->bases, name, entry) {
		if (!json_is_object(entry) ||
		    typed(entry, "uri", JSON_STRING, &v) < 0 ||
		    typed(entry, "uriBaseId", JSON_STRING, &v) < 0)
			return fail_value(st, where,
					  "each entry must be an object with "
					  "string 'uri' and 'uriBaseId'");
	}
	return 0;
}

/*
 * One entry of run.artifacts: only its location is kept; "contents" (a
 * whole file, maybe) and the rest are skipped unparsed.
 */
static int read_artifact(struct state *st, struct run *run, size_t i)
{
	char key[SG_JS_KEY_MAX], where[WHERE_MAX];
	struct artifact *a;
	int rc, c = sg_js_peek(st->js);

	item_where(where, run->index, "artifacts", i);
	if (c < 0)
		return c;
	if (run->n_artifacts == run->cap_artifacts) {
		size_t cap = run->cap_artifacts ? run->cap_artifacts * 2 : 64;
		struct artifact *grown =
		    realloc(run->artifacts, cap * sizeof(*grown));

		if (!grown)
			return no_memory();
		run->artifacts = grown;
		run->cap_artifacts = cap;
	}
	a = &run->artifacts[run->n_artifacts++];
	memset(a, 0, sizeof(*a));
	if (c != '{')
		return fail_here(st, where, "must be an object");
	rc = sg_js_begin_object(st->js);
	while (rc >= 0 && (rc = sg_js_next_key(st->js, key)) == 1) {
		const struct sg_jval *loc, *uri, *base;

		if (strcmp(key, "location") != 0) {
			rc = sg_js_skip(st->js);
			continue;
		}
		rc = sg_js_load_doc(st->js, st->doc, NULL, NULL, &loc);
		if (rc < 0)
			break;
		if ((!sg_jv_is(loc, SG_JOBJECT) && !sg_jv_is_null(loc)) ||
		    jtyped(loc, "uri", SG_JSTRING, &uri) < 0 ||
		    jtyped(loc, "uriBaseId", SG_JSTRING, &base) < 0)
			return fail_value(st, where,
					  "'location' must be an object with "
					  "string 'uri' and 'uriBaseId'");
		free(a->uri);
		free(a->base);
		a->uri = uri ? strdup(uri->u.string) : NULL;
		a->base = base ? strdup(base->u.string) : NULL;
		if ((uri && !a->uri) || (base && !a->base))
			return no_memory();
	}
	return rc;
}

static int read_artifacts(struct state *st, struct run *run)
{
	char where[WHERE_MAX];
	size_t i = 0;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_skip(st->js);
	snprintf(where, sizeof(where), "runs[%u]", run->index);
	if (c != '[')
		return fail_here(st, where, "'artifacts' must be an array");
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1)
		rc = read_artifact(st, run, i++);
	return rc;
}

/* ---- closing a run ---- */

/* A message's first line as a title, cut at TITLE_MAX bytes. */
static const char *first_line(struct sg_findings *set, const char *message)
{
	char buf[TITLE_MAX + 1];
	size_t n = strcspn(message, "\r\n");

	while (n && isspace((unsigned char)message[n - 1]))
		n--;
	if (n <= TITLE_MAX)
		return sg_findings_strndup(set, message, n);
	n = TITLE_MAX - 3;
	while (n > 0 && ((unsigned char)message[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, message, n);
	memcpy(buf + n, "...", 4);
	return sg_findings_strdup(set, buf);
}

/*
 * The path of an artifactLocation given by index alone: the artifact's
 * own location (with its own uriBaseId). An index past the end of
 * run.artifacts is an inconsistent log, as a rule index would be.
 */
static int artifact_path(struct state *st, const struct run *run,
			 const struct pending *p, const char **out)
{
	const struct artifact *a;

	*out = NULL;
	if ((size_t)p->artifact >= run->n_artifacts) {
		char where[WHERE_MAX];

		item_where(where, run->index, "results", p->result);
		return fail_here(st, where,
				 "artifactLocation.index %lld out of range "
				 "(%zu artifacts)",
				 (long long)p->artifact, run->n_artifacts);
	}
	a = &run->artifacts[p->artifact];
	if (!a->uri)
		return 0;
	if (a->base)
		*out = based_path(st->set, run->bases, a->uri, a->base,
				  st->ctx->repo_root, st->ctx->work_dir,
				  st->ctx->scanner_ran_in_work_dir);
	else
		*out = sg_uri_normalize(st->set, a->uri, st->ctx->repo_root);
	return 0;
}

/* *text without the result's snippets or anything secret-looking. */
static int redact_shown(struct sg_findings *set, const char **text,
			const struct pending *p)
{
	const char *needles[] = {p->snippets[0], p->snippets[1], NULL};
	char *safe;

	if (!*text)
		return 0;
	safe = sg_redact_with(*text, needles[0] ? needles : needles + 1);
	if (!safe)
		return no_memory();
	if (strcmp(safe, *text) != 0)
		*text = sg_findings_strdup(set, safe);
	free(safe);
	return *text ? 0 : no_memory();
}

/*
 * A secret's fingerprint keeps its digests; what is shown (the message,
 * and the title, which may be the message) has neither the snippet nor
 * anything secret-looking.
 */
static int redact_secret(struct sg_findings *set, struct sg_finding *f,
			 const struct pending *p)
{
	int rc = redact_shown(set, &f->message, p);

	return rc < 0 ? rc : redact_shown(set, &f->title, p);
}

static int complete_finding(struct state *st, struct run *run,
			    const struct pending *p, char *const *places)
{
	struct sg_findings *set = st->set;
	struct sg_finding *f = &set->items[p->finding];
	struct rule *r = NULL;
	const char *identity, *identity_v1, *vid = NULL;
	size_t vlen = 0;
	bool has_vid;
	int rc = resolve_rule(st, run, p, f->rule_id, &r);

	if (rc < 0)
		return rc;
	if (r) {
		rc = prepare_rule(st, run, r);
		if (rc < 0)
			return rc;
		if (!f->rule_id)
			f->rule_id = r->rule_id;
	}
	f->tool = run->tool_name;
	f->tool_version = run->tool_version;
	sg_finding_cold_mut(set, f)->help_uri = r ? r->help_uri : NULL;

	/* Ids are interned: most results share their rule's own id. */
	if (r && f->rule_id == r->rule_id) {
		vid = r->vuln_id;
		vlen = r->vuln_id_len;
		has_vid = vlen > 0;
	} else {
		has_vid = f->rule_id && find_vuln_id(f->rule_id, &vid, &vlen);
	}
	if (run->secret_tool || p->tagged_secret ||
	    (r && r->kind == SG_KIND_SECRET) ||
	    (r && f->rule_id == r->rule_id ? r->secret_id
					   : secret_rule(f->rule_id)) ||
	    (r && r->secret_name))
		f->kind = SG_KIND_SECRET;
	else if (r && r->kind >= 0)
		f->kind = (enum sg_kind)r->kind;
	else if (has_vid)
		f->kind = SG_KIND_VULNERABILITY;
	else
		f->kind = SG_KIND_CODE;
	if (f->kind == SG_KIND_VULNERABILITY && has_vid) {
		sg_finding_cold_mut(set, f)->ids = sg_findings_strv(set, 1);
		if (!sg_finding_cold(f)->ids ||
		    !(sg_finding_cold(f)->ids[0] =
			  sg_findings_strndup(set, vid, vlen)))
			return no_memory();
		sg_finding_cold_mut(set, f)->n_ids = 1;
	}

	if (p->has_sec) {
		f->severity = p->sec;
		sg_finding_cold_mut(set, f)->tool_severity = p->sec_text;
	} else if (r && r->has_sec) {
		f->severity = r->sec;
		sg_finding_cold_mut(set, f)->tool_severity = r->sec_text;
	} else {
		/* SARIF 3.27.10: kinds other than "fail" default to none. */
		const char *level = p->level;

		if (!level)
			level = p->not_fail ? "none" : r ? r->level : NULL;
		if (!level && f->kind == SG_KIND_SECRET) {
			/*
			 * The spec: gitleaks findings are high; so is any
			 * secret whose producer gives no level.
			 */
			f->severity = SG_SEV_HIGH;
		} else {
			if (!level)
				level = "warning";
			(void)sg_severity_from_sarif_level(level, &f->severity);
			sg_finding_cold_mut(set, f)->tool_severity = level;
		}
	}

	if (!f->message && p->message_id) {
		rc = template_message(st, run, r, p, &f->message);
		if (rc < 0)
			return rc;
	}
	if (r && r->title)
		f->title = r->title;
	else if (f->message && *f->message)
		f->title = first_line(set, f->message);
	else
		f->title = r && r->category ? r->category : f->rule_id;
	if (f->message && !f->title)
		return no_memory();
	if (p->artifact >= 0) {
		rc = artifact_path(st, run, p, &f->location.path);
		if (rc < 0)
			return rc;
	} else if (p->uri) {
		rc = resolved_path(st, run, p->uri, p->uri_base,
				   !f->location.commit, &f->location.path);
		if (rc < 0)
			return rc;
	}

	rc = finish_extras(st, run, p, places, f);
	if (rc < 0)
		return rc;
	if (f->kind == SG_KIND_SECRET && p->secret_identity) {
		rc = sg_fingerprint_compute(set, f, p->secret_identity);
		return rc < 0 ? rc : redact_secret(set, f, p);
	}
	/* Only the producer's own fingerprints name one result. */
	f->context_identity = !p->unique;
	identity = p->identity;
	identity_v1 = p->identity_v1;
	if (!identity) {
		/*
		 * The message, numbered by the gate in line order: stable when
		 * unrelated lines move. sg1 hashed the line in, and merged two
		 * results on one line.
		 */
		char label[32];
		const char *m = f->message ? f->message : "";

		snprintf(label, sizeof(label), "line:%u",
			 f->location.start_line);
		identity_v1 = digest_identity(set, label, m, strlen(m));
		identity = digest_identity(set, "message", m, strlen(m));
		if (!identity || !identity_v1)
			return no_memory();
	}
	if (identity_v1) {
		rc = sg_fingerprint_compute(set, f, identity_v1);
		if (rc == 0)
			rc = sg_fingerprint_keep_v1(set, f);
		if (rc < 0)
			return rc;
	}
	rc = sg_fingerprint_compute(set, f, identity);
	if (rc < 0 || f->kind != SG_KIND_SECRET)
		return rc;
	return redact_secret(set, f, p);
}

static int finish_run(struct state *st, struct run *run)
{
	/* --tool sarif says "read SARIF", not "name it sarif": the driver names it. */
	const char *forced = st->ctx->forced_tool &&
				     strcmp(st->ctx->forced_tool, "sarif") != 0
			     ? st->ctx->forced_tool
			     : NULL;
	const json_t *driver = json_object_get(run->tool, "driver");
	const json_t *version;
	const char *derived;
	char **places = NULL;
	int rc;

	if (!run->has_results) {
		char where[WHERE_MAX];

		snprintf(where, sizeof(where), "runs[%u]", run->index);
		return fail_here(st, where,
				 "no 'results' (the tool did not report "
				 "results; a failed or incomplete scan)");
	}
	if (run->files_expected && !run->files_extracted && !run->n_results &&
	    !st->ctx->meta->nothing_scanned)
		st->ctx->meta->nothing_scanned =
			"the analysis extracted none of the files it expected "
			"(no successfully-extracted-files diagnostic): no "
			"code was analysed";
	rc = index_rules(run);
	if (rc < 0)
		return rc;
	derived = tool_name(st->set,
			    json_string_value(json_object_get(driver, "name")));
	run->tool_name = forced ? sg_findings_strdup(st->set, forced) : derived;
	version = json_object_get(driver, "semanticVersion");
	if (!json_is_string(version))
		version = json_object_get(driver, "version");
	run->tool_version = sg_json_string(st->set, version);
	if (!derived || !run->tool_name || (version && !run->tool_version))
		return no_memory();
	run->secret_tool = secret_scanner(derived) ||
			   (forced && secret_scanner(forced)) ||
			   secret_scanner_uri(json_string_value(
				   json_object_get(driver, "informationUri")));
	if (!st->have_first) {
		st->have_first = true;
		st->first_tool = run->tool_name;
		st->first_version = run->tool_version;
	}
	rc = resolve_places(st, run, &places);
	for (size_t i = 0; rc == 0 && i < run->n_pend; i++) {
		rc = complete_finding(st, run, &run->pend[i], places);
	}
	free_places(places, run->n_places);
	return rc;
}

static void run_release(struct run *run)
{
	for (size_t i = 0; i < run->n_pend; i++) {
		free(run->pend[i].snippets[0]);
		free(run->pend[i].snippets[1]);
	}
	json_decref(run->tool);
	json_decref(run->bases);
	for (size_t i = 0; i < run->n_artifacts; i++) {
		free(run->artifacts[i].uri);
		free(run->artifacts[i].base);
	}
	free(run->artifacts);
	json_decref(run->places);
	free(run->memo);
	free(run->rules);
	free(run->comps);
	free(run->by_id);
	free(run->pend);
}

static int read_run(struct state *st, unsigned index)
{
	struct run run = {.index = index};
	char key[SG_JS_KEY_MAX];
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(st->js, "runs[%u]: must be an object",
				   index);
	rc = sg_js_begin_object(st->js);
	while (rc >= 0 && (rc = sg_js_next_key(st->js, key)) == 1) {
		if (strcmp(key, "tool") == 0)
			rc = read_tool(st, &run);
		else if (strcmp(key, "results") == 0)
			rc = read_results(st, &run);
		else if (strcmp(key, "invocations") == 0)
			rc = read_invocations(st, &run);
		else if (strcmp(key, "originalUriBaseIds") == 0)
			rc = read_bases(st, &run);
		else if (strcmp(key, "versionControlProvenance") == 0)
			rc = read_provenance(st, &run);
		else if (strcmp(key, "artifacts") == 0)
			rc = read_artifacts(st, &run);
		else /* graphs, taxonomies...: not needed */
			rc = sg_js_skip(st->js);
	}
	if (rc >= 0)
		rc = finish_run(st, &run);
	run_release(&run);
	return rc;
}

static int read_runs(struct state *st)
{
	unsigned index = 0;
	bool any = false;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_error(st->js, "'runs' is null (the tool failed "
					   "before it produced a run)");
	if (c != '[')
		return sg_js_error(st->js, "'runs' must be an array");
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1) {
		any = true;
		rc = read_run(st, index++);
	}
	/* A log without a run says no tool ran: not a clean scan. */
	if (rc >= 0 && !any)
		return sg_js_error(st->js, "'runs' is empty: no tool ran, so "
					   "nothing was scanned");
	return rc;
}

/* "version": exactly "2.1.0". */
static int check_version(struct state *st, const json_t *v)
{
	char quoted[QUOTE_MAX + 4];
	const char *s;
	size_t n, i;

	if (!json_is_string(v))
		return sg_js_error_at_value(st->js,
					    "unsupported SARIF version: "
					    "'version' must be the string "
					    "\"" SARIF_VERSION "\"");
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == strlen(SARIF_VERSION) && strcmp(s, SARIF_VERSION) == 0)
		return 0;
	/* A version string is no secret; still, keep it short and printable. */
	for (i = 0; i < n && i < QUOTE_MAX; i++)
		quoted[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	quoted[i] = '\0';
	if (n > QUOTE_MAX)
		memcpy(quoted + i, "...", 4);
	/* Not even 20 characters of a secret-looking value (whole or cut). */
	{
		char *whole = strndup(s, n), *safe = sg_redact_secrets(quoted);
		char *safe_whole = whole ? sg_redact_secrets(whole) : NULL;
		bool same = safe && strcmp(safe, quoted) == 0 && safe_whole &&
			    strcmp(safe_whole, whole) == 0;

		free(safe);
		free(safe_whole);
		free(whole);
		if (!same)
			return sg_js_error_at_value(
			    st->js, "unsupported SARIF version in 'version' "
				    "(secgate reads SARIF " SARIF_VERSION ")");
	}
	return sg_js_error_at_value(st->js,
				    "unsupported SARIF version '%s' (secgate "
				    "reads SARIF " SARIF_VERSION ")",
				    quoted);
}

static int parse_log(struct sg_parse_ctx *ctx, struct state *st)
{
	char key[SG_JS_KEY_MAX];
	bool have_version = false, have_runs = false;
	int rc, c = sg_js_peek(ctx->js);

	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(ctx->js,
				   "a SARIF log must be a JSON object");
	rc = sg_js_begin_object(ctx->js);
	while (rc >= 0 && (rc = sg_js_next_key(ctx->js, key)) == 1) {
		if (strcmp(key, "version") == 0) {
			json_t *v;

			rc = sg_js_load(ctx->js, &v);
			if (rc < 0)
				break;
			/* Wrong before the runs: stop before reading them. */
			rc = check_version(st, v);
			json_decref(v);
			have_version = true;
		} else if (strcmp(key, "runs") == 0) {
			/*
			 * "version" may come last (sorted keys): the caller
			 * drops these findings if it turns out wrong.
			 */
			rc = read_runs(st);
			have_runs = true;
		} else {
			rc = sg_js_skip(ctx->js);
		}
	}
	if (rc < 0)
		return rc;
	if (!have_version)
		return sg_js_error(ctx->js,
				   "unsupported SARIF version: the log "
				   "has no 'version' (secgate reads "
				   "SARIF " SARIF_VERSION ")");
	if (!have_runs)
		return sg_js_error(ctx->js, "not a SARIF log: no 'runs'");
	if (st->have_first && (!ctx->forced_tool ||
			       strcmp(ctx->forced_tool, "sarif") == 0))
		ctx->meta->tool = st->first_tool;
	if (st->have_first)
		ctx->meta->tool_version = st->first_version;
	ctx->meta->format = "sarif-" SARIF_VERSION;
	return 0;
}

static int parse(struct sg_parse_ctx *ctx)
{
	struct state st = {.ctx = ctx, .set = ctx->out, .js = ctx->js};
	int rc = sg_jdoc_new(&st.doc);

	if (rc < 0)
		return rc;
	rc = parse_log(ctx, &st);
	sg_jdoc_free(st.doc);
	if (st.spool)
		fclose(st.spool);
	free(st.spool_text);
	return rc;
}

/* "$schema" alone is not enough: CycloneDX and others carry one too. */
static bool prefix_mentions_sarif(const struct sg_sniff *sniff)
{
	size_t n = sniff->len < 4096 ? sniff->len : 4096;

	for (size_t i = 0; i + 5 <= n; i++)
		if (strncasecmp(sniff->prefix + i, "sarif", 5) == 0)
			return true;
	return false;
}

static int detect(const struct sg_sniff *sniff)
{
	if (sniff->top != '{')
		return 0;
	if (sg_sniff_has_key(sniff, "runs"))
		return 90;
	if (sg_sniff_has_key(sniff, "$schema"))
		return prefix_mentions_sarif(sniff) ? 90 : 30;
	if (sg_sniff_has_key(sniff, "version"))
		return 40;
	return 0;
}

const struct sg_adapter sg_adapter_sarif = {
    .version = SG_ADAPTER_VERSION,
    .name = "sarif",
    .formats = "SARIF 2.1.0 (CodeQL, Semgrep, Trivy, gitleaks, Grype, "
	       "Bandit, flawfinder and any other producer)",
    .detect = detect,
    .parse = parse,
};
