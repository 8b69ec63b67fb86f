/*
 * tools.env: the built-in env check's section (src/checks/env.c): the
 * dotenv files and the user's rules, added to the built-in rule pack.
 * docs/checks.md has the rules; docs/configuration.md the keys.
 */
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "path_glob.h"

enum {
	R_KEY,
	R_REQUIRED,
	R_RANGE,
	R_MIN_LENGTH,
	R_PATTERN,
	R_ONE_OF,
	R_FORBIDDEN,
	R_HTTPS_ONLY,
	R_SEVERITY,
	R_TITLE,
	R_COUNT
};
static const char *const env_rule_keys[R_COUNT] = {
    [R_KEY] = "key",
    [R_REQUIRED] = "required",
    [R_RANGE] = "range",
    [R_MIN_LENGTH] = "min_length",
    [R_PATTERN] = "pattern",
    [R_ONE_OF] = "one_of",
    [R_FORBIDDEN] = "forbidden",
    [R_HTTPS_ONLY] = "https_only",
    [R_SEVERITY] = "severity",
    [R_TITLE] = "title",
};
/* The keys that check something (a rule needs one). */
#define R_CHECKS                                                               \
	((1u << R_REQUIRED) | (1u << R_RANGE) | (1u << R_MIN_LENGTH) |         \
	 (1u << R_PATTERN) | (1u << R_ONE_OF) | (1u << R_FORBIDDEN) |          \
	 (1u << R_HTTPS_ONLY))

/* A dotenv name or a glob over names (fnmatch: * ? [...]). */
static int check_env_key(struct loader *L, const struct ynode *at,
			 const char *where, const char *value)
{
	const char *why;
	size_t n = strlen(value);

	if (strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			  "0123456789_.*?[]!-") != n)
		return cfg_fail(L, at, where,
				"must be a variable name or a glob of letters, "
				"digits, '_', '.', '*', '?' and [...]");
	if (sg_glob_check(value, &why) < 0)
		return cfg_fail(L, at, where, "not a valid glob: %s", why);
	return 0;
}

static int get_number(struct loader *L, const struct ynode *at,
		      const char *where, double *out)
{
	const struct ynode *n = cfg_deref(at);
	char *end = NULL, buf[64];

	if (n->type == Y_SCALAR && n->plain && n->len) {
		*out = strtod(n->value, &end);
		if (end && !*end && isfinite(*out))
			return 0;
	}
	return cfg_fail(L, at, where, "must be a number, not %s",
			cfg_describe(n, buf, sizeof(buf)));
}

static int get_range(struct loader *L, const struct ynode *at,
		     const char *where, struct sg_env_rule *r)
{
	const struct ynode *seq = cfg_deref(at);
	char sub[256], buf[64];

	if (seq->type != Y_SEQUENCE || seq->count != 2)
		return cfg_fail(
		    L, at, where,
		    "must be a list of two numbers [min, max], not %s",
		    seq->type == Y_SEQUENCE
			? "a list of another length"
			: cfg_describe(seq, buf, sizeof(buf)));
	if (get_number(L, seq->first, cfg_indexed(sub, sizeof(sub), where, 0),
		       &r->range_min) ||
	    get_number(L, seq->first->next,
		       cfg_indexed(sub, sizeof(sub), where, 1), &r->range_max))
		return SG_EUSAGE;
	if (r->range_min > r->range_max)
		return cfg_fail(L, at, where, "min is greater than max");
	r->has_range = true;
	return 0;
}

static int get_regex(struct loader *L, const struct ynode *at,
		     const char *where, const char **out)
{
	regex_t re;
	char why[128];
	int err;

	if (cfg_get_string(L, at, where, false, out))
		return SG_EUSAGE;
	err = regcomp(&re, *out, REG_EXTENDED | REG_NOSUB);
	if (err) {
		regerror(err, &re, why, sizeof(why));
		regfree(&re);
		return cfg_fail(L, at, where,
				"not a POSIX extended regular expression: %s",
				why);
	}
	regfree(&re);
	return 0;
}

static int parse_env_rule(struct loader *L, const struct ynode *at,
			  const char *where, struct sg_env_rule *r)
{
	const struct ynode *m = cfg_deref(at);
	struct keyset ks = {0};
	char buf[64];
	unsigned v;

	memset(r, 0, sizeof(*r));
	r->line = at->line;
	r->column = at->column;
	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *val = k->next, *n = cfg_deref(k->next);
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, env_rule_keys, R_COUNT,
				  (1u << R_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, env_rule_keys[idx]);
		switch (idx) {
		case R_KEY:
			rc = cfg_get_string(L, val, sub, false, &r->key);
			if (!rc)
				rc = check_env_key(L, val, sub, r->key);
			break;
		case R_REQUIRED:
			rc = cfg_get_bool(L, val, sub, &r->required);
			break;
		case R_RANGE:
			rc = get_range(L, val, sub, r);
			break;
		case R_MIN_LENGTH:
			if (n->type != Y_SCALAR || !n->plain ||
			    cfg_days_from_text(n->value, &v) < 0 || v == 0 ||
			    v > 4096)
				rc =
				    cfg_fail(L, val, sub,
					     "must be a whole number from 1 to "
					     "4096, not %s",
					     cfg_describe(n, buf, sizeof(buf)));
			else
				r->min_length = v;
			break;
		case R_PATTERN:
			rc = get_regex(L, val, sub, &r->pattern);
			break;
		case R_ONE_OF:
			rc = cfg_get_string_list(L, val, sub, true, NULL,
						 &r->one_of, &r->n_one_of);
			if (!rc && !r->n_one_of)
				rc = cfg_fail(L, val, sub,
					      "must list at least one value");
			break;
		case R_FORBIDDEN:
			rc =
			    cfg_get_string_list(L, val, sub, true, NULL,
						&r->forbidden, &r->n_forbidden);
			if (!rc && !r->n_forbidden)
				rc = cfg_fail(L, val, sub,
					      "must list at least one value");
			break;
		case R_HTTPS_ONLY:
			rc = cfg_get_bool(L, val, sub, &r->https_only);
			break;
		case R_SEVERITY:
			rc = cfg_get_severity(L, val, sub, &r->severity);
			r->has_severity = !rc;
			break;
		case R_TITLE:
			rc = cfg_get_string(L, val, sub, false, &r->title);
			break;
		}
		if (rc)
			return rc;
	}
	if (!(ks.seen & (1u << R_KEY)))
		return cfg_fail(L, at, where, "'key' is required");
	if (!(ks.seen & R_CHECKS))
		return cfg_fail(L, at, where,
				"says nothing to check: add required, range, "
				"min_length, pattern, one_of, forbidden or "
				"https_only");
	return 0;
}

static int parse_env_rules(struct loader *L, const struct ynode *at,
			   const char *where, struct sg_env_config *env)
{
	const struct ynode *seq;
	size_t i = 0;

	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!seq || !seq->count)
		return 0;
	if (seq->count > 1000)
		return cfg_fail(L, at, where, "more than 1000 rules");
	env->rules = sg_arena_alloc(L->out, seq->count * sizeof(*env->rules));
	if (!env->rules)
		return cfg_no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		cfg_indexed(sub, sizeof(sub), where, i);
		if (parse_env_rule(L, item, sub, &env->rules[i]))
			return SG_EUSAGE;
		i++;
	}
	env->n_rules = i;
	return 0;
}

enum { E_ENABLED, E_FILES, E_RULES, E_COUNT };
static const char *const env_keys[E_COUNT] = {
    [E_ENABLED] = "enabled",
    [E_FILES] = "files",
    [E_RULES] = "rules",
};

int cfg_parse_env_section(struct loader *L, const struct ynode *pos,
			  const struct ynode *at, const char *where,
			  struct sg_tool_config *t)
{
	struct sg_env_config *env;
	const struct ynode *m;
	struct keyset ks = {0};
	char buf[64];

	env = cfg_check_section_begin(L, pos, "env", sizeof(*env), t);
	if (!env)
		return cfg_no_memory();
	t->env = env;
	m = cfg_deref(at);
	if (cfg_is_null(m))
		return 0; /* "env:" alone: .env.production and the pack */
	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, env_keys, E_COUNT,
				  (1u << E_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, env_keys[idx]);
		switch (idx) {
		case E_ENABLED:
			rc = cfg_get_bool(L, v, sub, &t->enabled);
			break;
		case E_FILES:
			rc = cfg_get_string_list(L, v, sub, false, NULL,
						 &env->files, &env->n_files);
			if (!rc && !env->n_files)
				rc = cfg_fail(L, v, sub,
					      "must list at least one file");
			break;
		case E_RULES:
			rc = parse_env_rules(L, v, sub, env);
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}
