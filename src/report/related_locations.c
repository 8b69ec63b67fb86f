/*
 * Related locations out of a finding's sarif_extras (compact JSON the
 * SARIF adapter wrote, with each artifactLocation already a repository
 * path), for the reports that list them.
 */
#include <string.h>

#include <jansson.h>

#include "related_locations.h"

size_t sg_related_locations(const struct sg_finding *f, size_t max,
			    sg_related_fn fn, void *arg)
{
	const char *key;
	json_t *o, *list, *loc;
	size_t i, n;

	if (!f->sarif_extras || f->kind == SG_KIND_SECRET)
		return 0;
	/*
	 * Parse only that member: code flows are most of the bytes. In the
	 * adapter's compact JSON the key follows '{' or ','; inside a string
	 * its quotes would be escaped.
	 */
	key = f->sarif_extras;
	while ((key = strstr(key, "\"relatedLocations\":")) &&
	       key[-1] != '{' && key[-1] != ',')
		key++;
	if (!key)
		return 0;
	key += strlen("\"relatedLocations\":");
	o = json_loadb(key, strlen(key), JSON_DISABLE_EOF_CHECK, NULL);
	list = o;
	n = json_array_size(list);
	json_array_foreach(list, i, loc) {
		const json_t *phys = json_object_get(loc, "physicalLocation");
		const json_t *line = json_object_get(
		    json_object_get(phys, "region"), "startLine");
		json_int_t l = json_integer_value(line);

		if (i == max)
			break;
		fn(arg,
		   json_string_value(json_object_get(
		       json_object_get(phys, "artifactLocation"), "uri")),
		   l > 0 && l <= UINT32_MAX ? (uint32_t)l : 0,
		   json_string_value(json_object_get(
		       json_object_get(loc, "message"), "text")));
	}
	json_decref(o);
	return n;
}
