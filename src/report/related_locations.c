/*
 * Related locations out of a finding's sarif_extras (compact JSON the
 * SARIF adapter wrote, with each artifactLocation already a repository
 * path), for the reports that list them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "related_locations.h"
#include "sarif_extras.h"

/* The members names[0..n) of the object v, all absent when malformed. */
static void members(const struct sg_sarif_extras_value *v,
		    const char *const *names, size_t n,
		    struct sg_sarif_extras_value *out)
{
	const char *text = v->text ? v->text : "";

	if (sg_sarif_extras_members(text, text + v->len, names, n, out) < 0)
		memset(out, 0, n * sizeof(*out));
}

/* Member name of the object v: its value (text NULL when absent). */
static struct sg_sarif_extras_value
member(const struct sg_sarif_extras_value *v, const char *name)
{
	struct sg_sarif_extras_value out;

	members(v, &name, 1, &out);
	return out;
}

/* The string v: new, or NULL (not a string, or out of memory). */
static char *string_of(struct sg_sarif_extras_value v)
{
	return v.text && *v.text == '"'
		   ? sg_sarif_extras_string(v.text, v.text + v.len)
		   : NULL;
}

/*
 * The line v: a JSON integer from 1 to UINT32_MAX (jansson writes
 * integers as digits with an optional '-'), else 0.
 */
static uint32_t line_of(struct sg_sarif_extras_value v)
{
	uint64_t line = 0;

	if (!v.text || !v.len)
		return 0;
	for (size_t i = 0; i < v.len; i++) {
		if (v.text[i] < '0' || v.text[i] > '9')
			return 0; /* '-', a fraction, an exponent, text */
		line = line * 10 + (uint64_t)(v.text[i] - '0');
		if (line > UINT32_MAX)
			return 0;
	}
	return (uint32_t)line;
}

/*
 * One related location [p, e): each object read once for the members
 * wanted (physicalLocation and message, then artifactLocation and
 * region), not once per value.
 */
static void one_location(const char *p, const char *e, sg_related_fn fn,
			 void *arg)
{
	static const char *const loc_names[] = {"physicalLocation",
						"message"};
	static const char *const phys_names[] = {"artifactLocation",
						 "region"};
	struct sg_sarif_extras_value whole = {p, (size_t)(e - p)}, loc[2],
				     phys[2];
	char *path, *text;

	members(&whole, loc_names, 2, loc);
	members(&loc[0], phys_names, 2, phys);
	path = string_of(member(&phys[0], "uri"));
	text = string_of(member(&loc[1], "text"));
	fn(arg, path, line_of(member(&phys[1], "startLine")), text);
	free(path);
	free(text);
}

/*
 * Read with the extras scanner (sarif_extras.h), without a document:
 * this runs for every finding that has extras, once per report, and the
 * reader's document was most of the cost.
 */
size_t sg_related_locations(const struct sg_finding *f, size_t max,
			    sg_related_fn fn, void *arg)
{
	const char *key, *p, *end;
	size_t n = 0;

	if (!sg_finding_sarif_extras(f) || f->kind == SG_KIND_SECRET)
		return 0;
	/*
	 * Only that member: code flows are most of the bytes. In the
	 * adapter's compact JSON the key follows '{' or ','; inside a string
	 * its quotes would be escaped. The array runs to the end of the
	 * text at most.
	 */
	key = sg_finding_sarif_extras(f);
	while ((key = strstr(key, "\"relatedLocations\":")) &&
	       key[-1] != '{' && key[-1] != ',')
		key++;
	if (!key)
		return 0;
	p = key + strlen("\"relatedLocations\":");
	end = p + strlen(p);
	if (*p != '[')
		return 0;
	/* Count first: a malformed list lists nothing (as before). */
	for (const char *e = p + 1; e < end && *e != ']'; n++) {
		if (!(e = sg_sarif_extras_value_end(e, end)) || e == end)
			return 0;
		if (*e == ',')
			e++;
	}
	for (size_t i = 0; i < n && i < max; i++) {
		const char *e = sg_sarif_extras_value_end(++p, end);

		one_location(p, e, fn, arg);
		p = e; /* at the ',' before the next one */
	}
	return n;
}
