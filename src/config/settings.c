/*
 * The top level of .secgate.yml and its profiles: the settings a profile may
 * overlay, and the sections (paths, overrides, suppressions, tools) each
 * read by its own file.
 */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

const char *const cfg_top_keys[K_COUNT] = {
    [K_FAIL_ON] = "fail_on",
    [K_UNKNOWN_SEVERITY] = "unknown_severity",
    [K_NEW_ONLY] = "new_only",
    [K_BASELINE] = "baseline",
    [K_HONOR] = "honor_producer_suppressions",
    [K_STRICT] = "strict",
    [K_EXPIRY_WARNING] = "expiry_warning_days",
    [K_MAX_AGE] = "baseline_max_age_days",
    [K_PATHS] = "paths",
    [K_OVERRIDES] = "overrides",
    [K_SUPPRESSIONS] = "suppressions",
    [K_PROFILES] = "profiles",
    [K_TOOLS] = "tools",
    [K_ENRICH] = "enrich",
};

static int parse_profiles(struct loader *L, const struct ynode *at,
			  const char *where, struct parsed *p);

/* Settings at the top level (top != NULL) or in a profile. */
static int parse_settings(struct loader *L, const struct ynode *m,
			  const char *where, uint32_t allowed, struct layer *ly,
			  struct parsed *top)
{
	struct keyset ks = {0};

	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, cfg_top_keys, K_COUNT, allowed,
				  &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, cfg_top_keys[idx]);
		switch (idx) {
		case K_FAIL_ON:
			ly->has_fail_on = true;
			rc = cfg_get_threshold(L, v, sub, &ly->fail_on);
			break;
		case K_UNKNOWN_SEVERITY:
			ly->has_unknown = true;
			rc = cfg_get_severity(L, v, sub, &ly->unknown);
			break;
		case K_NEW_ONLY:
			ly->has_new_only = true;
			rc = cfg_get_bool(L, v, sub, &ly->new_only);
			break;
		case K_BASELINE:
			rc = cfg_get_string(L, v, sub, false, &ly->baseline);
			break;
		case K_HONOR:
			ly->has_honor = true;
			rc = cfg_get_bool(L, v, sub, &ly->honor);
			break;
		case K_STRICT:
			ly->has_strict = true;
			rc = cfg_get_bool(L, v, sub, &ly->strict);
			break;
		case K_EXPIRY_WARNING:
			ly->has_expiry_warning = true;
			rc = cfg_get_days(L, v, sub, &ly->expiry_warning_days);
			break;
		case K_MAX_AGE:
			ly->has_max_age = true;
			rc = cfg_get_days(L, v, sub, &ly->max_age_days);
			break;
		case K_PATHS:
			rc = cfg_parse_paths(L, v, sub, ly);
			break;
		case K_OVERRIDES:
			rc = cfg_parse_overrides(L, v, sub, ly);
			break;
		case K_SUPPRESSIONS:
			rc = cfg_parse_suppressions(L, v, sub, top);
			break;
		case K_PROFILES:
			rc = parse_profiles(L, v, sub, top);
			break;
		case K_TOOLS:
			rc = cfg_parse_tools(L, v, sub, top);
			break;
		case K_ENRICH:
			rc = cfg_parse_enrich(L, v, sub, top);
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_profiles(struct loader *L, const struct ynode *at,
			  const char *where, struct parsed *p)
{
	const struct ynode *m;
	const char *names[MAX_NAMED];

	if (cfg_get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	if (!m || !m->count)
		return 0;
	if (m->count / 2 > MAX_NAMED)
		return cfg_fail(L, at, where, "more than %d profiles",
				MAX_NAMED);
	p->profiles =
	    sg_arena_alloc(L->out, m->count / 2 * sizeof(*p->profiles));
	if (!p->profiles)
		return cfg_no_memory();
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		struct profile *pr = &p->profiles[p->n_profiles];
		const struct ynode *body;
		char sub[256], buf[64];

		memset(pr, 0, sizeof(*pr));
		if (cfg_get_string(L, k, where, false, &pr->name))
			return SG_EUSAGE;
		if (cfg_check_unique_name(L, k, where, names, p->n_profiles,
					  pr->name, "profile"))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where,
			 cfg_printable(pr->name, strlen(pr->name), buf,
				       sizeof(buf)));
		if (cfg_get_collection(L, k->next, sub, Y_MAPPING, &body))
			return SG_EUSAGE;
		if (body && parse_settings(L, body, sub, PROFILE_KEYS,
					   &pr->layer, NULL))
			return SG_EUSAGE;
		names[p->n_profiles++] = pr->name;
	}
	return 0;
}

int cfg_parse_root(struct loader *L, struct parsed *p)
{
	const struct ynode *root = cfg_deref(L->root);
	char buf[64];

	if (!root || cfg_is_null(root))
		return 0; /* empty, or only comments: the defaults */
	if (root->type != Y_MAPPING)
		return cfg_fail(
		    L, L->root, NULL,
		    "the configuration must be a mapping of settings, "
		    "not %s",
		    cfg_describe(root, buf, sizeof(buf)));
	return parse_settings(L, root, "", ALL_KEYS, &p->file, p);
}
