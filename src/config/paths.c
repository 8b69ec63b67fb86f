/*
 * paths: the include and exclude patterns that decide which findings'
 * paths count (the file or a profile).
 */
#include "config_internal.h"

int cfg_parse_paths(struct loader *L, const struct ynode *at, const char *where,
		    struct layer *ly)
{
	static const char *const keys[] = {"include", "exclude"};
	const struct ynode *m;
	struct keyset ks = {0};

	if (cfg_get_collection(L, at, where, Y_MAPPING, &m))
		return SG_EUSAGE;
	for (const struct ynode *k = m ? m->first : NULL; k;
	     k = k->next->next) {
		char sub[256];
		size_t idx = 0;

		if (cfg_check_key(L, k, where, keys, 2, 3, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, keys[idx]);
		if (idx == 0) {
			ly->has_include = true;
			if (cfg_get_string_list(L, k->next, sub, false,
						cfg_check_glob, &ly->include,
						&ly->n_include))
				return SG_EUSAGE;
		} else {
			ly->has_exclude = true;
			if (cfg_get_string_list(L, k->next, sub, false,
						cfg_check_glob, &ly->exclude,
						&ly->n_exclude))
				return SG_EUSAGE;
		}
	}
	return 0;
}
