/*
 * gitleaks JSON reports (`gitleaks detect -f json`): v8 (RuleID, File,
 * StartLine...; v8.0.0 wrote "Context" where later versions write "Match"),
 * v7 (lowercase keys with lineNumber) and v4-v6 (v7 without lineNumber).
 * gitleaks SARIF is read by the SARIF adapter; CSV and JUnit are refused.
 * Secret, Match, Context, line and offender are only ever hashed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/adapter.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/json_util.h"
#include "secgate/path.h"

/* The keys of one report generation; v4-v6 simply lack lineNumber. */
struct keys {
	const char *format;
	const char *rule, *title, *file, *commit;
	const char *start_line, *end_line, *start_column, *end_column;
	/* Where the secret is, best first (the digest is its identity). */
	const char *secret[3];
};

static const struct keys keys_v8 = {
	.format = "gitleaks-json-v8",
	.rule = "RuleID",
	.title = "Description",
	.file = "File",
	.commit = "Commit",
	.start_line = "StartLine",
	.end_line = "EndLine",
	.start_column = "StartColumn",
	.end_column = "EndColumn",
	.secret = {"Secret", "Match", "Context"},
};

static const struct keys keys_v7 = {
	.format = "gitleaks-json-v7",
	.rule = "rule",
	.title = NULL, /* v7 rules have no description */
	.file = "file",
	.commit = "commit",
	.start_line = "lineNumber",
	.secret = {"offender", "line", NULL},
};

static int detect(const struct sg_sniff *sniff)
{
	if (sniff->top != '[' || sniff->n_keys == 0)
		return 0;
	if (sg_sniff_has_key(sniff, "RuleID") ||
	    (sg_sniff_has_key(sniff, "Secret") &&
	     sg_sniff_has_key(sniff, "File")) ||
	    (sg_sniff_has_key(sniff, "Fingerprint") &&
	     sg_sniff_has_key(sniff, "StartLine")))
		return 90;
	if (sg_sniff_has_key(sniff, "offender") ||
	    sg_sniff_has_key(sniff, "leakURL") ||
	    sg_sniff_has_key(sniff, "lineNumber") ||
	    (sg_sniff_has_key(sniff, "rule") &&
	     sg_sniff_has_key(sniff, "commitMessage")))
		return 85;
	return 0;
}

/* The members read from one finding object (v8 and v7 names both). */
enum field {
	F_RULE_V8, F_RULE_V7, F_TITLE, F_FILE_V8, F_FILE_V7, F_COMMIT_V8,
	F_COMMIT_V7, F_START_LINE, F_END_LINE, F_START_COLUMN, F_END_COLUMN,
	F_LINE_NUMBER, F_SECRET, F_MATCH, F_CONTEXT, F_OFFENDER, F_LINE_TEXT,
	F_COUNT,
};

static const char *const field_names[F_COUNT] = {
	"RuleID", "rule", "Description", "File", "file", "Commit", "commit",
	"StartLine", "EndLine", "StartColumn", "EndColumn", "lineNumber",
	"Secret", "Match", "Context", "offender", "line",
};

static bool is_number_field(enum field f)
{
	return f >= F_START_LINE && f <= F_LINE_NUMBER;
}

static bool is_secret_field(enum field f)
{
	return f >= F_SECRET;
}

/*
 * Members read only while their finding is built, from scratch: the
 * secrets (hashed) and the file (normalized into a path of the set's
 * own, so its raw spelling need not be kept).
 */
static bool is_scratch_field(enum field f)
{
	return is_secret_field(f) || f == F_FILE_V8 || f == F_FILE_V7;
}

struct member {
	bool seen;        /* the key is there (even with null) */
	bool present;     /* present and not null */
	const char *str;  /* copied into the set (see is_scratch_field) */
	size_t len;
	uint32_t num;
};

/*
 * The last few copies made for a string member: findings repeat their
 * rule, title and commit, and a value equal to a copy's bytes takes that
 * copy without hashing it into the set's interned strings again (a copy
 * depends on the bytes alone; the set only grows during a parse).
 */
#define RECENT_VALUES 8

struct recent_values {
	const char *copy[RECENT_VALUES]; /* byte-identical to the value */
	size_t len[RECENT_VALUES];
	unsigned next;
};

/*
 * gitleaks writes every finding's members in one order: the key at
 * position k is first compared with the previous finding's key there.
 */
#define KEY_MEMO 32

struct key_memo {
	char key[KEY_MEMO][SG_JS_KEY_MAX];
	int field[KEY_MEMO]; /* its field, or -1 for a member not read */
	bool known[KEY_MEMO];
};

/*
 * Per-parse state: scratch for secret values (they live only until
 * their digest is taken), the last values, the key memo, and the buffer
 * messages are built in.
 */
struct scratch {
	char *buf[F_COUNT];
	size_t cap[F_COUNT];
	struct recent_values recent[F_COUNT];
	struct key_memo keys;
	char *message;
	size_t message_cap;
};

static void scratch_wipe(struct scratch *sc, struct member *m)
{
	for (int i = F_SECRET; i < F_COUNT; i++)
		if (sc->buf[i] && m[i].present)
			memset(sc->buf[i], 0, m[i].len);
}

static void scratch_free(struct scratch *sc)
{
	for (int i = 0; i < F_COUNT; i++)
		free(sc->buf[i]);
	free(sc->message);
}

/* The member's copy in the set (sg_copy_text for the title). */
static const char *copy_value(struct sg_findings *set, struct recent_values *r,
			      enum field fi, const char *s, size_t len)
{
	const char *copy;

	for (unsigned i = 0; i < RECENT_VALUES && r->copy[i]; i++)
		if (r->len[i] == len && memcmp(r->copy[i], s, len) == 0)
			return r->copy[i];
	copy = fi == F_TITLE ? sg_copy_text(set, s, len)
			     : sg_copy_string(set, s, len);
	/* Only a copy of exactly these bytes (no NUL dropped, nothing cut). */
	if (copy && strlen(copy) == len && memcmp(copy, s, len) == 0) {
		r->copy[r->next] = copy;
		r->len[r->next] = len;
		r->next = (r->next + 1) % RECENT_VALUES;
	}
	return copy;
}

/* The field a member's key names (-1: not read), memo first. */
static int field_of(struct key_memo *memo, size_t position, const char *key)
{
	int fi = -1;

	if (position < KEY_MEMO && memo->known[position] &&
	    strcmp(memo->key[position], key) == 0)
		return memo->field[position];
	for (int i = 0; i < F_COUNT && fi < 0; i++)
		if (field_names[i][0] == key[0] &&
		    strcmp(key, field_names[i]) == 0)
			fi = i;
	if (position < KEY_MEMO) {
		/* key is a string of fewer than SG_JS_KEY_MAX bytes. */
		memcpy(memo->key[position], key, strlen(key) + 1);
		memo->field[position] = fi;
		memo->known[position] = true;
	}
	return fi;
}

static int read_member(struct sg_parse_ctx *ctx, struct scratch *sc,
		       enum field fi, size_t index, struct member *m)
{
	struct sg_jstream *js = ctx->js;
	int c = sg_js_peek(js), rc;

	if (c < 0)
		return c;
	m->seen = true;
	if (c == 'n')
		return sg_js_skip(js); /* null: as if absent */
	if (is_number_field(fi)) {
		int64_t v;

		if (c != '-' && (c < '0' || c > '9'))
			return sg_js_error(js, "[%zu]: '%s' must be a "
					       "non-negative integer",
					   index, field_names[fi]);
		if ((rc = sg_js_read_integer(js, &v)) < 0)
			return rc == SG_EINPUT
				       ? sg_js_error_at_value(
						 js, "[%zu]: '%s' must be a "
						     "non-negative integer",
						 index, field_names[fi])
				       : rc;
		if (v < 0 || v > (int64_t)UINT32_MAX)
			return sg_js_error_at_value(js, "[%zu]: '%s' must be a "
							"non-negative integer",
						    index, field_names[fi]);
		m->present = true;
		m->num = (uint32_t)v;
		return 0;
	}
	if (c != '"')
		return sg_js_error(js, "[%zu]: '%s' must be a %sstring", index,
				   field_names[fi],
				   fi == F_RULE_V8 || fi == F_RULE_V7 ? "non-empty "
								      : "");
	const char *s;
	size_t len;

	if ((rc = sg_js_read_string(js, &s, &len)) < 0)
		return rc;
	m->present = true;
	m->len = len;
	if (is_scratch_field(fi)) {
		if (sc->cap[fi] < len + 1) {
			char *b = realloc(sc->buf[fi], len + 1);
			if (!b)
				return sg_error(SG_ENOMEM, "out of memory");
			sc->buf[fi] = b;
			sc->cap[fi] = len + 1;
		}
		if (is_secret_field(fi) || !memchr(s, 0, len)) {
			memcpy(sc->buf[fi], s, len);
		} else {
			/* A path is a C string: NULs dropped, as before. */
			size_t j = 0;

			for (size_t i = 0; i < len; i++)
				if (s[i])
					sc->buf[fi][j++] = s[i];
			m->len = len = j;
		}
		sc->buf[fi][len] = '\0';
		m->str = sc->buf[fi];
		return 0;
	}
	m->str = copy_value(ctx->out, &sc->recent[fi], fi, s, len);
	return m->str ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

/* v7 --no-git and some v8 test reports write "" or "0000..." for no commit. */
static bool real_commit(const char *s)
{
	if (!s || !*s)
		return false;
	return s[strspn(s, "0")] != '\0';
}

/* "<title> in <path>", without the title's final period; interned. */
static const char *make_message(struct sg_findings *set, struct scratch *sc,
				const char *title, const char *path)
{
	static const char in[] = " in ";
	size_t n = strlen(title), path_len, len;

	if (!path)
		return title;
	if (n > 1 && title[n - 1] == '.')
		n--;
	path_len = strlen(path);
	len = n + sizeof(in) - 1 + path_len;
	if (sc->message_cap < len) {
		char *grown = realloc(sc->message, len);

		if (!grown)
			return NULL;
		sc->message = grown;
		sc->message_cap = len;
	}
	memcpy(sc->message, title, n);
	memcpy(sc->message + n, in, sizeof(in) - 1);
	memcpy(sc->message + n + sizeof(in) - 1, path, path_len);
	/* The same rule in the same file repeats across commits: one copy. */
	return sg_findings_intern(set, sc->message, len);
}

static int add_finding(struct sg_parse_ctx *ctx, struct scratch *sc,
		       struct member *m, size_t index, const struct keys *k)
{
	struct sg_jstream *js = ctx->js;
	struct sg_findings *set = ctx->out;
	bool v8 = k == &keys_v8;
	const struct member *rule = &m[v8 ? F_RULE_V8 : F_RULE_V7];
	const struct member *file = &m[v8 ? F_FILE_V8 : F_FILE_V7];
	const struct member *commit = &m[v8 ? F_COMMIT_V8 : F_COMMIT_V7];
	const struct member *secret = NULL;
	struct sg_location loc = {0};
	struct sg_finding *f;
	char identity[SG_SECRET_IDENTITY_MAX];

	if (!rule->present || rule->len == 0)
		return sg_js_error_at_value(js,
					    "[%zu]: '%s' must be a non-empty "
					    "string",
					    index, k->rule);
	if (v8) {
		loc.start_line = m[F_START_LINE].num;
		loc.end_line = m[F_END_LINE].num;
		loc.start_column = m[F_START_COLUMN].num;
		loc.end_column = m[F_END_COLUMN].num;
	} else {
		/* v7 matched line by line: the finding ends where it starts. */
		loc.start_line = loc.end_line = m[F_LINE_NUMBER].num;
	}
	/* The first secret-bearing member present is hashed. */
	static const enum field v8_secrets[] = {F_SECRET, F_MATCH, F_CONTEXT};
	static const enum field v7_secrets[] = {F_OFFENDER, F_LINE_TEXT};
	const enum field *order = v8 ? v8_secrets : v7_secrets;
	size_t n_order = v8 ? 3 : 2;
	for (size_t i = 0; i < n_order && !secret; i++)
		if (m[order[i]].present)
			secret = &m[order[i]];

	f = sg_findings_append(set);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	f->tool = ctx->forced_tool ? ctx->forced_tool : "gitleaks";
	f->kind = SG_KIND_SECRET;
	f->rule_id = rule->str;
	f->title = v8 && m[F_TITLE].present && m[F_TITLE].len ? m[F_TITLE].str
							      : f->rule_id;
	if (commit->present && real_commit(commit->str))
		loc.commit = commit->str;
	/* History findings name paths as git does: from the root. */
	loc.path = sg_path_normalize_from(set,
					  file->present ? file->str : NULL,
					  ctx->repo_root,
					  loc.commit ? NULL : ctx->work_dir,
					  ctx->scanner_ran_in_work_dir);
	f->location = loc;
	f->severity = SG_SEV_HIGH;
	f->message = f->title ? make_message(set, sc, f->title, loc.path)
			      : NULL;
	f->input_index = ctx->input_index;
	if (!f->rule_id || !f->title || !f->message)
		return sg_error(SG_ENOMEM, "out of memory");
	if (sg_secret_identity_into(identity, secret ? secret->str : NULL,
				    secret ? secret->len : 0,
				    loc.start_line) < 0)
		return SG_ENOMEM;
	return sg_fingerprint_compute(set, f, identity);
}

/* One finding object, member by member: no jansson tree per finding. */
static int read_finding(struct sg_parse_ctx *ctx, struct scratch *sc,
			size_t index, const struct keys **version)
{
	struct sg_jstream *js = ctx->js;
	struct member m[F_COUNT];
	char key[SG_JS_KEY_MAX];
	size_t position = 0;
	int rc;

	memset(m, 0, sizeof(m));
	if (sg_js_peek(js) != '{') {
		rc = sg_js_peek(js);
		return rc < 0 ? rc
			      : sg_js_error(js, "[%zu]: expected a finding "
						"object",
					    index);
	}
	if ((rc = sg_js_begin_object(js)) < 0)
		return rc;
	while ((rc = sg_js_next_key(js, key)) == 1) {
		int fi = field_of(&sc->keys, position++, key);

		rc = fi < 0 ? sg_js_skip(js)
			    : read_member(ctx, sc, (enum field)fi, index, &m[fi]);
		if (rc < 0)
			break;
	}
	if (rc == 0) {
		if (m[F_RULE_V8].seen) {
			*version = &keys_v8;
		} else if (m[F_RULE_V7].seen) {
			*version = &keys_v7;
		} else {
			rc = sg_js_error(js, "[%zu]: expected 'RuleID' (v8) or "
					     "'rule' (v4-v7)",
					 index);
		}
	}
	if (rc == 0)
		rc = add_finding(ctx, sc, m, index, *version);
	scratch_wipe(sc, m);
	return rc;
}

static int parse(struct sg_parse_ctx *ctx)
{
	struct sg_jstream *js = ctx->js;
	struct scratch sc;
	size_t index = 0;
	int c, rc;

	c = sg_js_peek(js);
	if (c < 0)
		return c;
	/* gitleaks v7 writes null when it finds nothing; v8 writes []. */
	ctx->meta->format = c == 'n' ? keys_v7.format : keys_v8.format;
	if (c == 'n')
		return sg_js_skip(js);
	if (c != '[')
		return sg_js_error(js,
				   "expected an array of gitleaks findings");
	if ((rc = sg_js_begin_array(js)) < 0)
		return rc;
	memset(&sc, 0, sizeof(sc));
	while ((rc = sg_js_next_item(js)) == 1) {
		const struct keys *k = NULL;

		if ((rc = read_finding(ctx, &sc, index, &k)) < 0)
			break;
		if (index == 0)
			ctx->meta->format = k->format;
		index++;
	}
	scratch_free(&sc);
	return rc;
}

const struct sg_adapter sg_adapter_gitleaks = {
	.version = SG_ADAPTER_VERSION,
	.name = "gitleaks",
	.formats = "gitleaks JSON v8 and v4-v7 (gitleaks SARIF: see sarif)",
	.detect = detect,
	.parse = parse,
};
