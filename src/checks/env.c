/*
 * The `env` check: deployment settings in dotenv files against the rule
 * pack of production-hardening runbooks (docs/checks.md) and the user's
 * rules (tools.env.rules). A finding names the file, line, key and the
 * property that failed; the value itself is never printed, stored or
 * hashed. A malformed line is an error naming the file and line.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "check.h"
#include "dotenv.h"
#include "secgate/error.h"
#include "secgate/path.h"

#define ENV_DEFAULT_FILE ".env.production"
#define SECRET_MIN_LENGTH 32
#define SECRET_MIN_ENTROPY 3.0 /* bits per character */
#define KEY_LIST_BYTES 32

/* ---- matching names ---- */

/* Names are compared in upper case: the patterns are written so. */
static bool key_matches(const char *key, const char *const *patterns)
{
	char upper[256];
	size_t n = 0;

	for (; key[n] && n + 1 < sizeof(upper); n++)
		upper[n] = (char)toupper((unsigned char)key[n]);
	upper[n] = '\0';
	for (size_t i = 0; patterns[i]; i++)
		if (fnmatch(patterns[i], upper, 0) == 0)
			return true;
	return false;
}

/* Whether the lowercased value contains needle (lowercase). */
static bool contains_nocase(const char *lower_value, const char *needle)
{
	return strstr(lower_value, needle) != NULL;
}

static const char *const secret_keys[] = {
    "*SECRET*", "*_KEY", "*TOKEN*", "*PASSWORD*", "*PASSWD*", "*_SALT", NULL,
};
/* Names that match secret_keys but hold settings, not secrets. */
static const char *const not_secret_keys[] = {
    "*_MINUTES", "*_SECONDS",	"*_HOURS",  "*_DAYS",	    "*_TTL",
    "*_EXPIRE",	 "*_EXPIRES",	"*_EXPIRY", "*_EXPIRATION", "*_LIFETIME",
    "*_LENGTH",	 "*_ALGORITHM", "*_ALG",    "*_HEADER",	    "*_NAME",
    "*_FILE",	 "*_PATH",	"*_URL",    "*_ENABLED",    "*_TYPE",
    "*_ID",	 "*_PREVIOUS*", "*_KEYS",   NULL,
};
static const char *const origin_keys[] = {"*CORS*ORIGIN*", "*ALLOWED_ORIGINS*",
					  NULL};
static const char *const cookie_keys[] = {"*COOKIE_SECURE*", NULL};
static const char *const database_keys[] = {"DATABASE_URL", "*_DATABASE_URL",
					    "*DATABASE_URI*", NULL};
static const char *const debug_keys[] = {"DEBUG",    "*_DEBUG",	   "DEBUG_MODE",
					 "DEV_MODE", "*_DEV_MODE", NULL};
static const char *const rotation_keys[] = {"*_PREVIOUS*", NULL};
static const char *const key_list_keys[] = {"*_KEYS", NULL};

/* ---- properties of values (never printed) ---- */

static bool equals_nocase(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static bool truthy(const char *v)
{
	return equals_nocase(v, "true") || equals_nocase(v, "1") ||
	       equals_nocase(v, "yes") || equals_nocase(v, "on");
}

static bool falsy(const char *v)
{
	return !*v || equals_nocase(v, "false") || equals_nocase(v, "0") ||
	       equals_nocase(v, "no") || equals_nocase(v, "off");
}

/* The smallest unit (up to 4 characters) the whole value repeats, or 0. */
static size_t repeat_unit(const char *v, size_t len)
{
	for (size_t p = 1; p <= 4 && p * 2 <= len; p++) {
		size_t i = p;

		while (i < len && v[i] == v[i - p])
			i++;
		if (i == len)
			return p;
	}
	return 0;
}

/* A default, a placeholder, or a template that was never filled in. */
static bool is_default(const char *v, size_t len)
{
	static const char *const equal[] = {
	    "secret", "admin",	     "password", "changeme", "example",
	    "test",   "default",     "token",	 "key",	     "root",
	    "dev",    "development", "none",	 "null",     "undefined",
	    "todo",   "fixme",	     "passw0rd", "123456",   "12345678",
	    "qwerty", "letmein",     NULL,
	};
	static const char *const within[] = {
	    "changeme",	   "change-me",	  "change_me",	  "changethis",
	    "change-this", "replaceme",	  "replace-me",	  "replace_me",
	    "dev-token",   "placeholder", "example",	  "insecure",
	    "your-secret", "your_secret", "yoursecret",	  "xxx",
	    "dummy",	   "notasecret",  "not-a-secret", NULL,
	};

	char *lower;
	bool hit = false;

	for (size_t i = 0; equal[i]; i++)
		if (equals_nocase(v, equal[i]))
			return true;
	if ((len >= 2 && v[0] == '<' && v[len - 1] == '>') || strstr(v, "${") ||
	    strstr(v, "{{") || (len >= 2 && repeat_unit(v, len) > 0))
		return true;
	lower = strdup(v);
	if (!lower)
		return false;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)lower[i]);
	for (size_t i = 0; !hit && within[i]; i++)
		hit = contains_nocase(lower, within[i]);
	explicit_bzero(lower, len);
	free(lower);
	return hit;
}

/* Shannon entropy in bits per character. */
static double entropy(const char *v, size_t len)
{
	size_t counts[256] = {0};
	double h = 0;

	for (size_t i = 0; i < len; i++)
		counts[(unsigned char)v[i]]++;
	for (size_t c = 0; c < 256; c++) {
		double p;

		if (!counts[c])
			continue;
		p = (double)counts[c] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

/*
 * Split a list ("a,b", "a b", or a JSON-like ["a", "b"]) into items:
 * new strings in *out (free with free_items). Empty items are dropped.
 */
static int split_list(const char *v, char ***out, size_t *n)
{
	size_t len = strlen(v), count = 0;
	char **items = calloc(len / 2 + 2, sizeof(char *));
	const char *p = v, *end = v + len;

	if (!items)
		return sg_error(SG_ENOMEM, "out of memory");
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end - p >= 2 && *p == '[' && end[-1] == ']') {
		p++;
		end--;
	}
	while (p < end) {
		const char *s = p, *e;

		while (p < end && *p != ',' && !isspace((unsigned char)*p))
			p++;
		e = p;
		while (s < e && (*s == '"' || *s == '\''))
			s++;
		while (e > s && (e[-1] == '"' || e[-1] == '\''))
			e--;
		if (e > s) {
			items[count] = strndup(s, (size_t)(e - s));
			if (!items[count]) {
				*out = items;
				*n = count;
				return sg_error(SG_ENOMEM, "out of memory");
			}
			count++;
		}
		while (p < end && (*p == ',' || isspace((unsigned char)*p)))
			p++;
	}
	*out = items;
	*n = count;
	return 0;
}

static void free_items(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		explicit_bzero(items[i], strlen(items[i]));
		free(items[i]);
	}
	free(items);
}

static bool is_https(const char *item)
{
	return strncasecmp(item, "https://", 8) == 0;
}

/* The host of an origin or URL, lowercased into host (may be empty). */
static void origin_host(const char *item, char *host, size_t size)
{
	const char *p = strstr(item, "://");
	size_t n = 0;

	p = p ? p + 3 : item;
	if (*p == '[') {
		const char *close = strchr(p, ']');

		n = close ? (size_t)(close - p) + 1 : strlen(p);
	} else {
		n = strcspn(p, ":/?#");
	}
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[n] = '\0';
}

static bool is_local_host(const char *host)
{
	size_t n = strlen(host);

	return !strcmp(host, "localhost") ||
	       (n > 10 && !strcmp(host + n - 10, ".localhost")) ||
	       !strncmp(host, "127.", 4) || !strcmp(host, "0.0.0.0") ||
	       !strcmp(host, "[::1]") || !strcmp(host, "[::]") ||
	       !strcmp(host, "::1");
}

/* "2, 3" into buf: the 1-based positions flagged in marks. */
static void positions(const bool *marks, size_t n, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 16 < size; i++)
		if (marks[i])
			o += (size_t)snprintf(buf + o, size - o, "%s%zu",
					      o ? ", " : "", i + 1);
}

/* ---- the check ---- */

struct env_run {
	struct sg_check_ctx *ctx;
	struct sg_dotenv *files;
	size_t n_files;
	size_t keys_checked;
};

static int report(struct env_run *r, const struct sg_dotenv *d,
		  const struct sg_dotenv_entry *e, const char *rule,
		  enum sg_severity sev, const char *title, const char *message)
{
	char identity[300];
	struct sg_check_finding f = {
	    .rule = rule,
	    .severity = sev,
	    .title = title,
	    .path = d->path,
	    .line = e ? e->line : 0,
	    .column = e ? e->column : 0,
	    .identity = identity,
	};

	snprintf(identity, sizeof(identity), "key:%s", e ? e->key : "");
	return sg_check_report(r->ctx, &f, "%s", message);
}

/* The last value of key in d (borrowed), or NULL. */
static const struct sg_dotenv_entry *lookup(const struct sg_dotenv *d,
					    const char *key)
{
	for (size_t i = d->count; i-- > 0;)
		if (!strcmp(d->items[i].key, key))
			return &d->items[i];
	return NULL;
}

static int check_secret(struct env_run *r, const struct sg_dotenv *d,
			const struct sg_dotenv_entry *e)
{
	char msg[600];
	int rc = 0;
	bool dflt;

	if (!key_matches(e->key, secret_keys) ||
	    key_matches(e->key, not_secret_keys))
		return 0;
	if (e->len < SECRET_MIN_LENGTH) {
		snprintf(msg, sizeof(msg), "%s: length %zu < %d", e->key,
			 e->len, SECRET_MIN_LENGTH);
		rc = report(r, d, e, "secret-length", SG_SEV_HIGH,
			    "Production secret too short", msg);
	}
	dflt = is_default(e->value, e->len);
	if (rc == 0 && dflt) {
		snprintf(msg, sizeof(msg),
			 "%s: a known default or "
			 "placeholder value",
			 e->key);
		rc = report(r, d, e, "secret-default", SG_SEV_HIGH,
			    "Production secret is a default or placeholder",
			    msg);
	}
	if (rc == 0 && !dflt && e->len &&
	    entropy(e->value, e->len) < SECRET_MIN_ENTROPY) {
		snprintf(msg, sizeof(msg),
			 "%s: entropy %.1f bits per "
			 "character < %.1f",
			 e->key, entropy(e->value, e->len), SECRET_MIN_ENTROPY);
		rc = report(r, d, e, "secret-entropy", SG_SEV_MEDIUM,
			    "Production secret has low entropy", msg);
	}
	return rc;
}

static int check_origins(struct env_run *r, const struct sg_dotenv *d,
			 const struct sg_dotenv_entry *e)
{
	char **items = NULL, msg[600], where[200];
	size_t n = 0;
	bool *wild, *scheme, *local;
	bool any_wild = false, any_scheme = false, any_local = false;
	int rc;

	if (!key_matches(e->key, origin_keys))
		return 0;
	if ((rc = split_list(e->value, &items, &n)) < 0) {
		free_items(items, n);
		return rc;
	}
	wild = calloc(n + 1, 3 * sizeof(bool));
	if (!wild) {
		free_items(items, n);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	scheme = wild + n + 1;
	local = scheme + n + 1;
	for (size_t i = 0; i < n; i++) {
		char host[256];

		origin_host(items[i], host, sizeof(host));
		any_wild |= wild[i] = strchr(items[i], '*') != NULL;
		any_scheme |= scheme[i] = !wild[i] && !is_https(items[i]);
		any_local |= local[i] = is_local_host(host);
	}
	if (any_wild) {
		positions(wild, n, where, sizeof(where));
		snprintf(msg, sizeof(msg), "%s: item %s of %zu is a wildcard",
			 e->key, where, n);
		rc = report(r, d, e, "cors-wildcard", SG_SEV_HIGH,
			    "CORS origins allow a wildcard", msg);
	}
	if (rc == 0 && any_scheme) {
		positions(scheme, n, where, sizeof(where));
		snprintf(msg, sizeof(msg),
			 "%s: item %s of %zu is not an "
			 "https:// origin",
			 e->key, where, n);
		rc = report(r, d, e, "cors-scheme", SG_SEV_MEDIUM,
			    "CORS origin that is not https://", msg);
	}
	if (rc == 0 && any_local) {
		positions(local, n, where, sizeof(where));
		snprintf(msg, sizeof(msg),
			 "%s: item %s of %zu is a local "
			 "address (localhost, 127.0.0.0/8, 0.0.0.0, ::1)",
			 e->key, where, n);
		rc = report(r, d, e, "cors-localhost", SG_SEV_MEDIUM,
			    "CORS origins allow a local address", msg);
	}
	free(wild);
	free_items(items, n);
	return rc;
}

static int check_flags(struct env_run *r, const struct sg_dotenv *d,
		       const struct sg_dotenv_entry *e)
{
	char msg[600];
	int rc = 0;

	if (key_matches(e->key, cookie_keys) && !truthy(e->value)) {
		snprintf(msg, sizeof(msg),
			 "%s: not true: cookies may travel "
			 "over plain http",
			 e->key);
		rc = report(r, d, e, "cookie-secure", SG_SEV_MEDIUM,
			    "Cookies not marked Secure", msg);
	}
	if (rc == 0 && key_matches(e->key, database_keys) &&
	    strncasecmp(e->value, "sqlite", 6) == 0) {
		snprintf(msg, sizeof(msg),
			 "%s: a sqlite database in "
			 "production",
			 e->key);
		rc = report(r, d, e, "database-sqlite", SG_SEV_MEDIUM,
			    "SQLite database in production", msg);
	}
	if (rc == 0 && key_matches(e->key, debug_keys) && !falsy(e->value)) {
		snprintf(msg, sizeof(msg),
			 "%s: not false: debug mode in "
			 "production",
			 e->key);
		rc = report(r, d, e, "debug-mode", SG_SEV_HIGH,
			    "Debug mode in production", msg);
	}
	return rc;
}

/* "JWT_SECRET_PREVIOUS" -> "JWT_SECRET" in out; false if nothing is left. */
static bool active_name(const char *key, char *out, size_t size)
{
	const char *p = strstr(key, "_PREVIOUS");
	size_t a, o;

	if (!p)
		return false;
	a = (size_t)(p - key);
	o = (size_t)snprintf(out, size, "%.*s%s", (int)a, key, p + 9);
	if (o >= size || !o)
		return false;
	return true;
}

static bool list_contains(char **items, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i], value))
			return true;
	return false;
}

static int check_rotation(struct env_run *r, const struct sg_dotenv *d,
			  const struct sg_dotenv_entry *e)
{
	char name[256], msg[600];
	const struct sg_dotenv_entry *active;
	char **prev = NULL, **cur = NULL;
	size_t n_prev = 0, n_cur = 0;
	bool hit = false;
	int rc;

	if (!key_matches(e->key, rotation_keys) ||
	    !active_name(e->key, name, sizeof(name)))
		return 0;
	active = lookup(d, name);
	if (!active && strlen(name) > 1 && name[strlen(name) - 1] == 'S') {
		name[strlen(name) - 1] = '\0'; /* JWT_PREVIOUS_SECRETS */
		active = lookup(d, name);
	}
	if (!active || !active->len)
		return 0;
	rc = split_list(e->value, &prev, &n_prev);
	if (rc == 0)
		rc = split_list(active->value, &cur, &n_cur);
	for (size_t i = 0; rc == 0 && i < n_cur && !hit; i++)
		hit = list_contains(prev, n_prev, cur[i]);
	if (rc == 0 && hit) {
		snprintf(msg, sizeof(msg),
			 "%s: contains the active value of "
			 "%s (line %u)",
			 e->key, name, active->line);
		rc = report(r, d, e, "rotation-active", SG_SEV_HIGH,
			    "Rotation list contains the active secret", msg);
	}
	free_items(prev, n_prev);
	free_items(cur, n_cur);
	return rc;
}

/* Bytes that base64 (standard or URL-safe, padding optional) decodes to; -1 if
 * not base64. */
static int base64_length(const char *s)
{
	size_t n = strlen(s), pad = 0, m;
	unsigned char *in, *out;
	int got;

	while (n && s[n - 1] == '=') {
		n--;
		pad++;
	}
	if (!n || pad > 2 || n % 4 == 1 || n > 4096)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("+/-_", s[i]))
			return -1;
	m = (n + 3) / 4 * 4;
	in = malloc(m + 1);
	out = malloc(m);
	if (!in || !out) {
		free(in);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < m; i++)
		in[i] = i >= n	      ? '='
			: s[i] == '-' ? '+'
			: s[i] == '_' ? '/'
				      : (unsigned char)s[i];
	in[m] = '\0';
	got = EVP_DecodeBlock(out, in, (int)m);
	explicit_bzero(out, m);
	explicit_bzero(in, m);
	free(in);
	free(out);
	return got < 0 ? -1 : got - (int)(m - n);
}

static int check_key_list(struct env_run *r, const struct sg_dotenv *d,
			  const struct sg_dotenv_entry *e)
{
	static const char *const active_suffixes[] = {
	    "_ACTIVE_KEY_ID", "_CURRENT_KEY_ID", "_KEY_ID", "_ACTIVE_ID", NULL,
	};
	char **items = NULL, msg[600], where[200], name[300];
	size_t n = 0, bad_count = 0;
	bool *bad;
	const struct sg_dotenv_entry *active = NULL;
	int rc;

	if (!key_matches(e->key, key_list_keys))
		return 0;
	if ((rc = split_list(e->value, &items, &n)) < 0) {
		free_items(items, n);
		return rc;
	}
	bad = calloc(n + 1, sizeof(bool));
	if (!bad) {
		free_items(items, n);
		return sg_error(SG_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		char *colon = strchr(items[i], ':');

		bad[i] = !colon || colon == items[i] ||
			 strspn(items[i], "abcdefghijklmnopqrstuvwxyz"
					  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					  "0123456789_.-") !=
			     (size_t)(colon - items[i]) ||
			 base64_length(colon + 1) != KEY_LIST_BYTES;
		bad_count += bad[i];
		if (colon)
			*colon = '\0'; /* the id, for the active-id test */
		else
			items[i][0] = '\0';
	}
	if (bad_count || !n) {
		positions(bad, n, where, sizeof(where));
		if (n)
			snprintf(msg, sizeof(msg),
				 "%s: item %s of %zu is not "
				 "id:base64 of %d bytes",
				 e->key, where, n, KEY_LIST_BYTES);
		else
			snprintf(msg, sizeof(msg), "%s: an empty key list",
				 e->key);
		rc = report(r, d, e, "key-list-format", SG_SEV_HIGH,
			    "Malformed key list", msg);
	}
	size_t stem = strlen(e->key) - 5; /* without "_KEYS" */
	for (size_t i = 0; rc == 0 && !active && active_suffixes[i]; i++) {
		snprintf(name, sizeof(name), "%.*s%s", (int)stem, e->key,
			 active_suffixes[i]);
		active = lookup(d, name);
	}
	if (rc == 0 && active && !list_contains(items, n, active->value)) {
		snprintf(msg, sizeof(msg),
			 "%s: does not contain the active "
			 "key id of %s (line %u)",
			 e->key, name, active->line);
		rc = report(r, d, e, "key-list-active", SG_SEV_HIGH,
			    "Key list lacks the active key", msg);
	}
	free(bad);
	free_items(items, n);
	return rc;
}

/* ---- the user's rules ---- */

static enum sg_severity rule_severity(const struct sg_env_rule *u)
{
	return u->has_severity ? u->severity : SG_SEV_MEDIUM;
}

static int user_report(struct env_run *r, const struct sg_dotenv *d,
		       const struct sg_dotenv_entry *e,
		       const struct sg_env_rule *u, const char *property,
		       const char *dflt_title, const char *message)
{
	char rule[64], title[300];

	snprintf(rule, sizeof(rule), "rule.%s", property);
	snprintf(title, sizeof(title), "%s", u->title ? u->title : dflt_title);
	return report(r, d, e, rule, rule_severity(u), title, message);
}

static int check_user_rule(struct env_run *r, const struct sg_dotenv *d,
			   const struct sg_dotenv_entry *e,
			   const struct sg_env_rule *u, const regex_t *re)
{
	char msg[700];
	int rc = 0;

	if (u->has_range) {
		char *end = NULL;
		double v = e->len ? strtod(e->value, &end) : 0;
		bool number = e->len && end && *end == '\0' && isfinite(v);

		if (!number || v < u->range_min || v > u->range_max) {
			snprintf(msg, sizeof(msg), "%s: %s [%g, %g]", e->key,
				 number ? "outside" : "not a number in",
				 u->range_min, u->range_max);
			rc = user_report(r, d, e, u, "range",
					 "Setting out of range", msg);
		}
	}
	if (rc == 0 && u->min_length && e->len < u->min_length) {
		snprintf(msg, sizeof(msg), "%s: length %zu < %u", e->key,
			 e->len, u->min_length);
		rc = user_report(r, d, e, u, "min-length", "Setting too short",
				 msg);
	}
	if (rc == 0 && re && regexec(re, e->value, 0, NULL, 0) != 0) {
		snprintf(msg, sizeof(msg),
			 "%s: does not match the pattern "
			 "of the rule at line %u",
			 e->key, u->line);
		rc = user_report(r, d, e, u, "pattern",
				 "Setting does not match its pattern", msg);
	}
	if (rc == 0 && u->n_one_of) {
		bool found = false;
		size_t o = 0;
		char allowed[400] = "";

		for (size_t i = 0; i < u->n_one_of; i++) {
			found |= !strcmp(e->value, u->one_of[i]);
			if (o < sizeof(allowed))
				o += (size_t)snprintf(
				    allowed + o, sizeof(allowed) - o, "%s%s",
				    i ? ", " : "", u->one_of[i]);
		}
		if (!found) {
			snprintf(msg, sizeof(msg), "%s: not one of %s", e->key,
				 allowed);
			rc =
			    user_report(r, d, e, u, "one-of",
					"Setting has a value not allowed", msg);
		}
	}
	for (size_t i = 0; rc == 0 && i < u->n_forbidden; i++) {
		if (strcmp(e->value, u->forbidden[i]))
			continue;
		snprintf(msg, sizeof(msg),
			 "%s: a forbidden value (item %zu "
			 "of the rule at line %u)",
			 e->key, i + 1, u->line);
		rc = user_report(r, d, e, u, "forbidden",
				 "Setting has a forbidden value", msg);
	}
	if (rc == 0 && u->https_only) {
		char **items = NULL, where[200];
		size_t n = 0;
		bool *bad = NULL, any = false;

		rc = split_list(e->value, &items, &n);
		if (rc == 0 && !(bad = calloc(n + 1, sizeof(bool))))
			rc = sg_error(SG_ENOMEM, "out of memory");
		for (size_t i = 0; rc == 0 && i < n; i++)
			any |= bad[i] = !is_https(items[i]);
		if (rc == 0 && any) {
			positions(bad, n, where, sizeof(where));
			snprintf(msg, sizeof(msg),
				 "%s: item %s of %zu is not "
				 "https://",
				 e->key, where, n);
			rc = user_report(r, d, e, u, "https-only",
					 "Setting lists a URL that is not "
					 "https://",
					 msg);
		}
		free(bad);
		free_items(items, n);
	}
	return rc;
}

static int check_user_rules(struct env_run *r, const struct sg_dotenv *d,
			    const struct sg_env_config *cfg)
{
	int rc = 0;

	for (size_t k = 0; rc == 0 && cfg && k < cfg->n_rules; k++) {
		const struct sg_env_rule *u = &cfg->rules[k];
		regex_t re;
		bool have_re = false, seen = false;

		if (u->pattern) {
			if (regcomp(&re, u->pattern, REG_EXTENDED | REG_NOSUB))
				return sg_error(
				    SG_EUSAGE,
				    "tools.env.rules[%zu]"
				    ".pattern: not a POSIX extended "
				    "regular expression",
				    k);
			have_re = true;
		}
		for (size_t i = 0; rc == 0 && i < d->count; i++) {
			if (fnmatch(u->key, d->items[i].key, 0) != 0)
				continue;
			seen = true;
			rc = check_user_rule(r, d, &d->items[i], u,
					     have_re ? &re : NULL);
		}
		if (rc == 0 && u->required && !seen) {
			char msg[400], identity[300];
			struct sg_check_finding f = {
			    .rule = "rule.required",
			    .severity = rule_severity(u),
			    .title = u->title ? u->title
					      : "Required setting missing",
			    .path = d->path,
			    .identity = identity,
			};

			snprintf(identity, sizeof(identity), "required:%s",
				 u->key);
			snprintf(msg, sizeof(msg),
				 "%s: required, not set in "
				 "this file",
				 u->key);
			rc = sg_check_report(r->ctx, &f, "%s", msg);
		}
		if (have_re)
			regfree(&re);
	}
	return rc;
}

/* ---- running it ---- */

static int check_file(struct env_run *r, const struct sg_dotenv *d,
		      const struct sg_env_config *cfg)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < d->count; i++) {
		const struct sg_dotenv_entry *e = &d->items[i];

		rc = check_secret(r, d, e);
		if (rc == 0)
			rc = check_origins(r, d, e);
		if (rc == 0)
			rc = check_flags(r, d, e);
		if (rc == 0)
			rc = check_rotation(r, d, e);
		if (rc == 0)
			rc = check_key_list(r, d, e);
	}
	r->keys_checked += d->count;
	return rc == 0 ? check_user_rules(r, d, cfg) : rc;
}

static char *join_path(const char *root, const char *path)
{
	size_t n = strlen(root) + strlen(path) + 2;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s/%s", root, path);
	return out;
}

static int env_run(struct sg_check_ctx *ctx)
{
	const struct sg_env_config *cfg = ctx->tool ? ctx->tool->env : NULL;
	static const char *const default_files[] = {ENV_DEFAULT_FILE};
	const char *const *names =
	    cfg && cfg->n_files ? cfg->files : default_files;
	size_t n = cfg && cfg->n_files ? cfg->n_files : 1;
	struct env_run r = {.ctx = ctx};
	struct sg_dotenv *files = calloc(n, sizeof(*files));
	int rc = 0;

	if (!files)
		return sg_error(SG_ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *full = names[i][0] == '/'
				 ? strdup(names[i])
				 : join_path(ctx->repo_root, names[i]);
		struct stat st;

		files[i].path =
		    sg_path_normalize(ctx->out, names[i], ctx->repo_root);
		if (!full || !files[i].path) {
			free(full);
			rc = sg_error(SG_ENOMEM, "out of memory");
			break;
		}
		if (stat(full, &st) != 0)
			rc = sg_error(
			    SG_EINPUT, "%s: no such file%s", files[i].path,
			    cfg && cfg->n_files ? ""
						: " (the default dotenv file; "
						  "set tools.env.files)");
		else if (!S_ISREG(st.st_mode))
			rc = sg_error(SG_EINPUT, "%s: not a regular file",
				      files[i].path);
		else
			rc = sg_dotenv_read(&files[i], full);
		free(full);
	}
	r.files = files;
	r.n_files = n;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = check_file(&r, &files[i], cfg);
	if (rc == 0)
		snprintf(ctx->status, sizeof(ctx->status),
			 "checked %zu key%s in %zu file%s", r.keys_checked,
			 r.keys_checked == 1 ? "" : "s", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		sg_dotenv_release(&files[i]);
	free(files);
	return rc;
}

const struct sg_check sg_check_env = {
    .version = SG_CHECK_VERSION,
    .name = "env",
    .summary = "deployment settings in dotenv files (.env.production)",
    .run = env_run,
};
