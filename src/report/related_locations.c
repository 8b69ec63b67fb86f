/*
 * Related locations out of a finding's sarif_extras (compact JSON the
 * SARIF adapter wrote, with each artifactLocation already a repository
 * path), for the reports that list them.
 */
#include <string.h>

#include "secgate/jsondoc.h"
#include "secgate/jsonstream.h"

#include "related_locations.h"

/*
 * The list is read with the document reader (one pool, no allocation per
 * value): this runs for every finding that has extras, once per report.
 */
size_t sg_related_locations(const struct sg_finding *f, size_t max,
			    sg_related_fn fn, void *arg)
{
	const char *key, *end;
	struct sg_jstream *js = NULL;
	struct sg_jdoc *doc = NULL;
	const struct sg_jval *list = NULL;
	size_t n = 0;

	if (!f->sarif_extras || f->kind == SG_KIND_SECRET)
		return 0;
	/*
	 * Parse only that member: code flows are most of the bytes. In the
	 * adapter's compact JSON the key follows '{' or ','; inside a string
	 * its quotes would be escaped. The array runs to the end of the
	 * text at most (the reader stops at its closing bracket).
	 */
	key = f->sarif_extras;
	while ((key = strstr(key, "\"relatedLocations\":")) &&
	       key[-1] != '{' && key[-1] != ',')
		key++;
	if (!key)
		return 0;
	key += strlen("\"relatedLocations\":");
	end = key + strlen(key);
	if (sg_jstream_open_buffer(&js, "sarif_extras", key,
				   (size_t)(end - key)) < 0 ||
	    sg_jdoc_new(&doc) < 0 ||
	    sg_js_load_doc(js, doc, NULL, NULL, &list) < 0)
		list = NULL;
	n = sg_jv_is(list, SG_JARRAY) ? sg_jv_size(list) : 0;
	for (size_t i = 0; i < n && i < max; i++) {
		const struct sg_jval *loc = sg_jv_at(list, i);
		const struct sg_jval *phys = sg_jv_get(loc, "physicalLocation");
		const struct sg_jval *line =
		    sg_jv_get(sg_jv_get(phys, "region"), "startLine");
		int64_t l = sg_jv_is(line, SG_JINTEGER) ? line->u.integer : 0;

		fn(arg,
		   sg_jv_string(sg_jv_get(sg_jv_get(phys, "artifactLocation"),
					  "uri")),
		   l > 0 && l <= UINT32_MAX ? (uint32_t)l : 0,
		   sg_jv_string(sg_jv_get(sg_jv_get(loc, "message"), "text")));
	}
	sg_jdoc_free(doc);
	sg_jstream_free(js);
	return n;
}
