/*
 * Typed values from the configuration's tree (strings, booleans, days,
 * durations, thresholds, severities, enumerations, lists) and the keys of
 * a mapping: known, given once, with a hint for near misses.
 */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"
#include "path_glob.h"

/* ---- typed values ---- */

int cfg_threshold_from_text(const char *s, struct sg_threshold *out)
{
	static const char *const names[] = {"critical", "high", "medium", "low",
					    "info"};
	static const enum sg_severity sevs[] = {SG_SEV_CRITICAL, SG_SEV_HIGH,
						SG_SEV_MEDIUM, SG_SEV_LOW,
						SG_SEV_INFO};

	if (!strcmp(s, "none")) {
		out->set = true;
		out->none = true;
		out->severity = SG_SEV_CRITICAL;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			out->set = true;
			out->none = false;
			out->severity = sevs[i];
			return 0;
		}
	}
	return -1;
}

/* A severity to count or override as: not "unknown", not "none". */
int cfg_severity_from_text(const char *s, enum sg_severity *out)
{
	struct sg_threshold t;

	if (cfg_threshold_from_text(s, &t) < 0 || t.none)
		return -1;
	*out = t.severity;
	return 0;
}

int cfg_bool_from_text(const char *s, bool *out)
{
	if (!strcmp(s, "true")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "false")) {
		*out = false;
		return 0;
	}
	return -1;
}

int cfg_days_from_text(const char *s, unsigned *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 6)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v > MAX_DAYS)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A scalar's text; NULL (after the error) for collections and null. */
int cfg_get_text(struct loader *L, const struct ynode *at, const char *where,
		 const char *expected, const char **out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];

	if (n->type != Y_SCALAR || cfg_is_null(n))
		return cfg_fail(L, at, where, "must be %s, not %s", expected,
				cfg_describe(n, buf, sizeof(buf)));
	if (strlen(n->value) != n->len)
		return cfg_fail(L, at, where,
				"must not contain a NUL character");
	*out = n->value;
	return 0;
}

/* A string copied into the configuration; empty only when allow_empty. */
int cfg_get_string(struct loader *L, const struct ynode *at, const char *where,
		   bool allow_empty, const char **out)
{
	const struct ynode *n = cfg_deref(at);
	const char *text = NULL;

	if (cfg_get_text(L, at, where, "a string", &text))
		return SG_EUSAGE;
	/* "true" in a string field is almost always a mistake: ask for quotes.
	 */
	if (n->plain && (!strcmp(text, "true") || !strcmp(text, "false")))
		return cfg_fail(L, at, where,
				"must be a string, not a boolean (quote it)");
	if (!allow_empty && !*text)
		return cfg_fail(L, at, where, "must not be empty");
	*out = sg_arena_strndup(L->out, text, n->len);
	return *out ? 0 : cfg_no_memory();
}

int cfg_get_bool(struct loader *L, const struct ynode *at, const char *where,
		 bool *out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && n->plain &&
	    !cfg_bool_from_text(n->value, out))
		return 0;
	if (n->type == Y_SCALAR && !n->plain)
		return cfg_fail(L, at, where,
				"must be true or false, not a quoted string");
	return cfg_fail(L, at, where, "must be true or false, not %s",
			cfg_describe(n, buf, sizeof(buf)));
}

int cfg_get_days(struct loader *L, const struct ynode *at, const char *where,
		 unsigned *out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && n->plain &&
	    !cfg_days_from_text(n->value, out))
		return 0;
	return cfg_fail(L, at, where,
			"must be a whole number of days from 0 to %d, not %s",
			MAX_DAYS, cfg_describe(n, buf, sizeof(buf)));
}

int cfg_get_duration(struct loader *L, const struct ynode *at,
		     const char *where, unsigned *out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];

	if (n->type == Y_SCALAR && !cfg_is_null(n) &&
	    strlen(n->value) == n->len && !sg_parse_duration(n->value, out))
		return 0;
	return cfg_fail(L, at, where,
			"must be seconds or a duration such as 90s, 5m or 1h, "
			"not %s",
			cfg_describe(n, buf, sizeof(buf)));
}

int cfg_get_threshold(struct loader *L, const struct ynode *at,
		      const char *where, struct sg_threshold *out)
{
	const char *text;
	char buf[64];

	if (cfg_get_text(L, at, where, "one of " THRESHOLDS, &text))
		return SG_EUSAGE;
	if (cfg_threshold_from_text(text, out) < 0)
		return cfg_fail(L, at, where,
				"must be one of " THRESHOLDS ", not %s",
				cfg_describe(at, buf, sizeof(buf)));
	return 0;
}

int cfg_get_severity(struct loader *L, const struct ynode *at,
		     const char *where, enum sg_severity *out)
{
	const char *text;
	char buf[64];

	if (cfg_get_text(L, at, where, "one of " SEVERITIES, &text))
		return SG_EUSAGE;
	if (cfg_severity_from_text(text, out) < 0)
		return cfg_fail(L, at, where,
				"must be one of " SEVERITIES ", not %s",
				cfg_describe(at, buf, sizeof(buf)));
	return 0;
}

/* One of names (a static string is kept); *index says which. */
int cfg_get_enum(struct loader *L, const struct ynode *at, const char *where,
		 const char *const *names, size_t count, size_t *index)
{
	char list[256], buf[64];
	const char *text;
	size_t o = 0;

	list[0] = '\0';
	for (size_t i = 0; i < count; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", names[i]);
	if (cfg_get_text(L, at, where, "a string", &text))
		return SG_EUSAGE;
	for (size_t i = 0; i < count; i++) {
		if (!strcmp(text, names[i])) {
			*index = i;
			return 0;
		}
	}
	return cfg_fail(L, at, where, "must be one of %s, not %s", list,
			cfg_describe(at, buf, sizeof(buf)));
}

/*
 * A collection, or NULL for an empty value: "suppressions:" with every
 * entry commented out is an empty list, not an error.
 */
int cfg_get_collection(struct loader *L, const struct ynode *at,
		       const char *where, enum ytype type,
		       const struct ynode **out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];

	*out = NULL;
	if (cfg_is_null(n))
		return 0;
	if (n->type != type)
		return cfg_fail(L, at, where, "must be %s, not %s",
				type == Y_MAPPING ? "a mapping" : "a list",
				cfg_describe(n, buf, sizeof(buf)));
	*out = n;
	return 0;
}

/* A list of strings (new array in the configuration). */
int cfg_get_string_list(struct loader *L, const struct ynode *at,
			const char *where, bool allow_empty, cfg_check_fn check,
			const char ***out, size_t *count)
{
	const struct ynode *seq;
	size_t i = 0;

	*out = NULL;
	*count = 0;
	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!seq || !seq->count)
		return 0;
	*out = sg_arena_alloc(L->out, seq->count * sizeof(**out));
	if (!*out)
		return cfg_no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		cfg_indexed(sub, sizeof(sub), where, i);
		if (cfg_get_string(L, item, sub, allow_empty, &(*out)[i]))
			return SG_EUSAGE;
		if (check && check(L, item, sub, (*out)[i]))
			return SG_EUSAGE;
		i++;
	}
	*count = i;
	return 0;
}

int cfg_check_glob(struct loader *L, const struct ynode *at, const char *where,
		   const char *value)
{
	const char *why;

	if (sg_glob_check(value, &why) < 0)
		return cfg_fail(L, at, where, "not a valid path pattern: %s",
				why);
	return 0;
}

/* ---- keys ---- */

/* "fail-on" and "Fail_On" are near misses of "fail_on". */
static bool near_miss(const char *typed, const char *name)
{
	for (; *typed && *name; typed++, name++) {
		char c = *typed;

		if (c == '-' || c == ' ')
			c = '_';
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *name)
			return false;
	}
	return !*typed && !*name;
}

/*
 * The key of a mapping entry: a string among names[] whose bit is in
 * allowed, given once. *index is its position in names.
 */
int cfg_check_key(struct loader *L, const struct ynode *at, const char *where,
		  const char *const *names, size_t count, uint32_t allowed,
		  struct keyset *ks, size_t *index)
{
	const struct ynode *k = cfg_deref(at);
	char list[512], hint[96], buf[64];
	size_t o = 0;

	if (k->type != Y_SCALAR || cfg_is_null(k))
		return cfg_fail(L, at, where, "keys must be strings, not %s",
				cfg_describe(k, buf, sizeof(buf)));
	for (size_t i = 0; i < count; i++) {
		if (!(allowed & (1u << i)) || strcmp(k->value, names[i]))
			continue;
		if (ks->seen & (1u << i))
			return cfg_fail(L, at, where,
					"duplicate key '%s' (first at line %u)",
					names[i], ks->line[i]);
		ks->seen |= 1u << i;
		ks->line[i] = at->line;
		*index = i;
		return 0;
	}
	list[0] = '\0';
	hint[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		if (!(allowed & (1u << i)))
			continue;
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      o ? ", " : "", names[i]);
		if (o >= sizeof(list))
			o = sizeof(list) - 1;
		if (near_miss(k->value, names[i]))
			snprintf(hint, sizeof(hint), "; did you mean '%s'?",
				 names[i]);
	}
	return cfg_fail(L, at, where, "unknown key '%s' (allowed: %s)%s",
			cfg_printable(k->value, k->len, buf, sizeof(buf)), list,
			hint);
}

/* Names given as map keys (profile names): unique, pairwise. */
int cfg_check_unique_name(struct loader *L, const struct ynode *at,
			  const char *where, const char *const *seen, size_t n,
			  const char *name, const char *what)
{
	char buf[64];

	for (size_t i = 0; i < n; i++)
		if (!strcmp(seen[i], name))
			return cfg_fail(L, at, where, "duplicate %s '%s'", what,
					cfg_printable(name, strlen(name), buf,
						      sizeof(buf)));
	return 0;
}
