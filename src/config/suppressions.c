/*
 * suppressions: entries that silence matching findings, each with a reason,
 * optionally an owner and an expiry date.
 */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

enum {
	S_FINGERPRINT,
	S_RULE,
	S_VULNERABILITY,
	S_PACKAGE,
	S_PATH,
	S_TOOL,
	S_REASON,
	S_OWNER,
	S_EXPIRES,
	S_COUNT
};
static const char *const suppression_keys[S_COUNT] = {
    [S_FINGERPRINT] = "fingerprint",
    [S_RULE] = "rule",
    [S_VULNERABILITY] = "vulnerability",
    [S_PACKAGE] = "package",
    [S_PATH] = "path",
    [S_TOOL] = "tool",
    [S_REASON] = "reason",
    [S_OWNER] = "owner",
    [S_EXPIRES] = "expires",
};
#define S_MATCH_KEYS                                                           \
	(1u << S_FINGERPRINT | 1u << S_RULE | 1u << S_VULNERABILITY |          \
	 1u << S_PACKAGE | 1u << S_PATH)

static bool is_hex_lower(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static int check_fingerprint(struct loader *L, const struct ynode *at,
			     const char *where, char *fp)
{
	size_t n = strlen(fp);
	/* sg2, or sg1 written by an earlier version (docs/fingerprints.md). */
	bool ok = n == 36 &&
		  (!strncmp(fp, "sg2:", 4) || !strncmp(fp, "sg1:", 4));

	/* Fold case so a fingerprint copied from an uppercasing tool works. */
	for (size_t i = 4; ok && i < n; i++) {
		if (fp[i] >= 'A' && fp[i] <= 'F')
			fp[i] = (char)(fp[i] - 'A' + 'a');
		ok = is_hex_lower(fp[i]);
	}
	if (!ok)
		return cfg_fail(
		    L, at, where,
		    "must be a secgate fingerprint: 'sg2:' (or 'sg1:') "
		    "and 32 hex digits");
	return 0;
}

/*
 * "<2.0,>=1.2", "==1.4.2", "1.4.2": comma-separated comparisons that the
 * policy evaluates (==, !=, <, <=, >, >=; a bare version means ==).
 */
static int check_versions(struct loader *L, const struct ynode *at,
			  const char *where, const char *value)
{
	static const char *const ops[] = {"==", "!=", "<=", ">=", "<", ">"};
	const char *p = value;

	if (strlen(value) > 200)
		return cfg_fail(L, at, where, "is longer than 200 characters");
	for (;;) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t len = strlen(ops[i]);

			if (!strncmp(p, ops[i], len)) {
				p += len;
				break;
			}
		}
		while (*p == ' ')
			p++;
		while (p[n] && (strchr("._+!*-", p[n]) ||
				(p[n] >= '0' && p[n] <= '9') ||
				(p[n] >= 'a' && p[n] <= 'z') ||
				(p[n] >= 'A' && p[n] <= 'Z')))
			n++;
		if (!n)
			break;
		p += n;
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		if (*p != ',')
			break;
		p++;
	}
	return cfg_fail(L, at, where,
			"must be versions or comparisons separated by commas "
			"(==, !=, <, <=, >, >=), such as \"<2.0,>=1.2\" or "
			"\"1.4.2\"");
}

static int parse_package(struct loader *L, const struct ynode *at,
			 const char *where, struct sg_suppression *s)
{
	static const char *const keys[] = {"name", "versions"};
	const struct ynode *m = cfg_deref(at);
	struct keyset ks = {0};

	if (m->type != Y_MAPPING)
		return cfg_get_string(L, at, where, false, &s->package);
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (cfg_check_key(L, k, where, keys, 2, 3, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, keys[idx]);
		if (idx == 0) {
			if (cfg_get_string(L, k->next, sub, false, &s->package))
				return SG_EUSAGE;
		} else if (cfg_get_string(L, k->next, sub, false,
					  &s->package_versions) ||
			   check_versions(L, k->next, sub,
					  s->package_versions)) {
			return SG_EUSAGE;
		}
	}
	if (!s->package)
		return cfg_fail(L, at, where, "'name' is required");
	return 0;
}

static int parse_suppression(struct loader *L, const struct ynode *at,
			     const char *where, struct sg_suppression *s)
{
	const struct ynode *m = cfg_deref(at);
	struct keyset ks = {0};
	char buf[64];

	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	memset(s, 0, sizeof(*s));
	s->line = at->line;
	s->column = at->column;
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		const char *text;
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, suppression_keys, S_COUNT,
				  (1u << S_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, suppression_keys[idx]);
		switch (idx) {
		case S_FINGERPRINT:
			rc = cfg_get_string(L, v, sub, false, &s->fingerprint);
			if (!rc)
				rc = check_fingerprint(L, v, sub,
						       (char *)s->fingerprint);
			break;
		case S_RULE:
			rc = cfg_get_string(L, v, sub, false, &s->rule);
			break;
		case S_VULNERABILITY:
			rc =
			    cfg_get_string(L, v, sub, false, &s->vulnerability);
			break;
		case S_PACKAGE:
			rc = parse_package(L, v, sub, s);
			break;
		case S_PATH:
			rc = cfg_get_string(L, v, sub, false, &s->path);
			if (!rc)
				rc = cfg_check_glob(L, v, sub, s->path);
			break;
		case S_TOOL:
			/* Narrows a match; alone it would match a whole tool. */
			rc = cfg_get_string(L, v, sub, false, &s->tool);
			break;
		case S_REASON:
			rc = cfg_get_string(L, v, sub, false, &s->reason);
			if (!rc && !s->reason[strspn(s->reason, " \t\r\n")])
				rc = cfg_fail(L, v, sub, "must say why");
			break;
		case S_OWNER:
			rc = cfg_get_string(L, v, sub, false, &s->owner);
			break;
		case S_EXPIRES:
			/* A plain date is a YAML 1.1 timestamp: read its text.
			 */
			rc = cfg_get_text(L, v, sub, "a date (YYYY-MM-DD)",
					  &text);
			if (rc)
				break;
			if (sg_parse_expiry(text, &s->expires_end) < 0) {
				rc =
				    cfg_fail(L, v, sub,
					     "must be a calendar date written "
					     "YYYY-MM-DD, not %s",
					     cfg_describe(v, buf, sizeof(buf)));
				break;
			}
			s->has_expiry = true;
			memcpy(s->expires_text, text, 11);
			break;
		}
		if (rc)
			return rc;
	}
	if (!(ks.seen & S_MATCH_KEYS))
		return cfg_fail(
		    L, at, where,
		    "needs at least one of fingerprint, rule, "
		    "vulnerability, package, path (what it matches)");
	if (!s->reason)
		return cfg_fail(L, at, where, "'reason' is required");
	return 0;
}

int cfg_parse_suppressions(struct loader *L, const struct ynode *at,
			   const char *where, struct parsed *p)
{
	const struct ynode *seq;
	size_t i = 0;

	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!seq || !seq->count)
		return 0;
	p->suppressions =
	    sg_arena_alloc(L->out, seq->count * sizeof(*p->suppressions));
	if (!p->suppressions)
		return cfg_no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		cfg_indexed(sub, sizeof(sub), where, i);
		if (parse_suppression(L, item, sub, &p->suppressions[i]))
			return SG_EUSAGE;
		i++;
	}
	p->n_suppressions = i;
	return 0;
}
