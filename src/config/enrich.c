/*
 * enrich: where severities come from for findings that have none. One
 * source so far, osv (the OSV database: API, cache, or a directory of
 * records). Only the file sets it; profiles do not.
 */
#include <string.h>

#include "config_internal.h"

static int check_url(struct loader *L, const struct ynode *at,
		     const char *where, const char *url)
{
	/* Plain http is for a server on this machine (tests), never more. */
	if (!strncmp(url, "https://", 8) && url[8])
		return 0;
	if (!strncmp(url, "http://127.0.0.1", 16) &&
	    (url[16] == ':' || url[16] == '/' || !url[16]))
		return 0;
	if (!strncmp(url, "http://localhost", 16) &&
	    (url[16] == ':' || url[16] == '/' || !url[16]))
		return 0;
	return cfg_fail(L, at, where,
			"must be an https:// URL (http:// only for 127.0.0.1 "
			"or localhost)");
}

static int parse_osv(struct loader *L, const struct ynode *at,
		     const char *where, struct sg_osv_config *osv)
{
	static const char *const keys[] = {"enabled", "url", "cache_dir",
					   "max_age", "db"};
	const struct ynode *m;
	struct keyset ks = {0};

	if (cfg_get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	for (const struct ynode *k = m ? m->first : NULL; k;
	     k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, keys, 5, 0x1f, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, keys[idx]);
		switch (idx) {
		case 0:
			rc = cfg_get_bool(L, v, sub, &osv->enabled);
			break;
		case 1:
			rc = cfg_get_string(L, v, sub, false, &osv->url);
			if (!rc)
				rc = check_url(L, v, sub, osv->url);
			break;
		case 2:
			rc = cfg_get_string(L, v, sub, false, &osv->cache_dir);
			break;
		case 3:
			rc = cfg_get_duration(L, v, sub, &osv->max_age);
			break;
		case 4:
			rc = cfg_get_string(L, v, sub, false, &osv->db);
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

int cfg_parse_enrich(struct loader *L, const struct ynode *at,
		     const char *where, struct parsed *p)
{
	static const char *const keys[] = {"osv"};
	const struct ynode *m;
	struct keyset ks = {0};

	p->has_osv = true;
	p->osv.enabled = true;
	p->osv.url = SG_OSV_DEFAULT_URL;
	p->osv.max_age = SG_OSV_DEFAULT_MAX_AGE;
	if (cfg_get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	for (const struct ynode *k = m ? m->first : NULL; k;
	     k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (cfg_check_key(L, k, where, keys, 1, 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, keys[idx]);
		if (parse_osv(L, k->next, sub, &p->osv))
			return SG_EUSAGE;
	}
	return 0;
}
