/*
 * Related locations out of a finding's sarif_extras (compact JSON the
 * SARIF adapter wrote, with each artifactLocation already a repository
 * path), for the reports that list them.
 */
#include <jansson.h>

#include "related_locations.h"

size_t sg_related_locations(const struct sg_finding *f, size_t max,
			    sg_related_fn fn, void *arg)
{
	json_t *o, *list, *loc;
	size_t i, n;

	if (!f->sarif_extras || f->kind == SG_KIND_SECRET)
		return 0;
	o = json_loads(f->sarif_extras, 0, NULL);
	list = json_object_get(o, "relatedLocations");
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
