/*
 * overrides: entries that change the threshold or the severity of the
 * findings they match by tool, kind and/or rule (the file or a profile).
 */
#include <string.h>

#include "config_internal.h"

enum { O_TOOL, O_KIND, O_RULE, O_FAIL_ON, O_SEVERITY, O_COUNT };
static const char *const override_keys[O_COUNT] = {
    [O_TOOL] = "tool",	     [O_KIND] = "kind",		[O_RULE] = "rule",
    [O_FAIL_ON] = "fail_on", [O_SEVERITY] = "severity",
};

static int parse_override(struct loader *L, const struct ynode *at,
			  const char *where, struct sg_override *o)
{
	static const char *const kinds[SG_KIND_COUNT] = {
	    "secret", "vulnerability", "misconfiguration", "code", "license",
	};
	const struct ynode *m = cfg_deref(at);
	struct keyset ks = {0};
	char buf[64];

	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	memset(o, 0, sizeof(*o));
	o->line = at->line;
	o->column = at->column;
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0, kind = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, override_keys, O_COUNT,
				  (1u << O_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, override_keys[idx]);
		switch (idx) {
		case O_TOOL:
			rc = cfg_get_string(L, v, sub, false, &o->tool);
			break;
		case O_KIND:
			rc = cfg_get_enum(L, v, sub, kinds, SG_KIND_COUNT,
					  &kind);
			/* kinds[] follows enum sg_kind. */
			o->has_kind = true;
			o->kind = (enum sg_kind)kind;
			break;
		case O_RULE:
			rc = cfg_get_string(L, v, sub, false, &o->rule);
			break;
		case O_FAIL_ON:
			rc = cfg_get_threshold(L, v, sub, &o->fail_on);
			break;
		case O_SEVERITY:
			rc = cfg_get_severity(L, v, sub, &o->severity);
			o->has_severity = true;
			break;
		}
		if (rc)
			return rc;
	}
	if (!(ks.seen & (1u << O_TOOL | 1u << O_KIND | 1u << O_RULE)))
		return cfg_fail(
		    L, at, where,
		    "needs at least one of tool, kind, rule (what it "
		    "applies to)");
	if (!(ks.seen & (1u << O_FAIL_ON | 1u << O_SEVERITY)))
		return cfg_fail(
		    L, at, where,
		    "needs at least one of fail_on, severity (what it "
		    "changes)");
	return 0;
}

int cfg_parse_overrides(struct loader *L, const struct ynode *at,
			const char *where, struct layer *ly)
{
	const struct ynode *seq;
	size_t i = 0;

	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	ly->overrides = NULL;
	ly->n_overrides = 0;
	if (!seq || !seq->count)
		return 0;
	ly->overrides =
	    sg_arena_alloc(L->out, seq->count * sizeof(*ly->overrides));
	if (!ly->overrides)
		return cfg_no_memory();
	for (const struct ynode *item = seq->first; item; item = item->next) {
		char sub[256];

		cfg_indexed(sub, sizeof(sub), where, i);
		if (parse_override(L, item, sub, &ly->overrides[i]))
			return SG_EUSAGE;
		i++;
	}
	ly->n_overrides = i;
	return 0;
}
