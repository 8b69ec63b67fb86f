/*
 * Splicing a finding's sarif_extras into the SARIF report (sarif_extras.h)
 * with a small scanner over its compact JSON. What makes a scan safe: the
 * text is jansson's compact output (finding.h), so it has no whitespace,
 * and inside a JSON string every '"' is escaped as \" ; a scan that
 * starts outside a string and steps over each string from its opening
 * quote to its closing one (skipping each backslash and the byte after
 * it) therefore only ever meets a '"' that opens a string, and a string
 * followed by ':' is a key. No text of a message can pose as a key.
 *
 * The bytes copied are those json_dumps(JSON_COMPACT) writes after
 * json_loads of the same text: jansson writes back what it read from its
 * own output (same escapes, member order, integers).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sarif_extras.h"

/*
 * After the string whose opening quote is at p; NULL when unterminated.
 * Its closing quote is the first '"' after an even number of
 * backslashes (each pair is one escaped backslash).
 */
static const char *string_end(const char *p, const char *end)
{
	const char *q;

	for (p++; p < end; p = q + 1) {
		const char *b;

		if (!(q = memchr(p, '"', (size_t)(end - p))))
			return NULL;
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return q + 1;
	}
	return NULL;
}

/* What a scan inside a container stops at: quotes and brackets. */
static const bool structural[256] = {
    ['"'] = true, ['{'] = true, ['['] = true, ['}'] = true, [']'] = true,
};

const char *sg_sarif_extras_value_end(const char *p, const char *end)
{
	size_t depth = 0;

	if (p >= end)
		return NULL;
	if (*p == '"')
		return string_end(p, end);
	if (*p != '{' && *p != '[') {
		const char *s = p;

		while (p < end && !strchr(",}]\"{[:", *p))
			p++;
		return p > s ? p : NULL;
	}
	while (p < end) {
		/* Between strings: ':' ',' and scalars, skipped by table. */
		while (!structural[(unsigned char)*p])
			if (++p == end)
				return NULL;
		switch (*p) {
		case '"':
			if (!(p = string_end(p, end)))
				return NULL;
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0)
				return p + 1;
			break;
		default:
			break;
		}
		p++;
	}
	return NULL;
}

/*
 * The member whose key's opening quote is at p, in an object that ends
 * before end: its key (quotes included) and its value. Returns where the
 * next member starts (after the ','), the object's end (at the '}'), or
 * NULL when malformed.
 */
static const char *member_at(const char *p, const char *end,
			     const char **key_stop, const char **value,
			     const char **value_stop)
{
	const char *key_end = string_end(p, end), *ve;

	if (!key_end || key_end >= end || *key_end != ':')
		return NULL;
	if (!(ve = sg_sarif_extras_value_end(key_end + 1, end)) || ve >= end)
		return NULL;
	*key_stop = key_end;
	*value = key_end + 1;
	*value_stop = ve;
	if (*ve == ',' && ve + 1 < end && ve[1] == '"')
		return ve + 1;
	return *ve == '}' ? ve : NULL;
}

static bool key_is(const char *key, const char *key_stop, const char *name)
{
	size_t n = strlen(name);

	return (size_t)(key_stop - key) == n + 2 &&
	       memcmp(key + 1, name, n) == 0;
}

int sg_sarif_extras_member(const char *obj, const char *obj_end,
			   const char *name, const char **value,
			   const char **value_stop)
{
	const char *p = obj + 1, *key_stop;

	if (obj >= obj_end || *obj != '{')
		return 0;
	if (p < obj_end && *p == '}')
		return 0;
	while (p < obj_end && *p == '"') {
		const char *next = member_at(p, obj_end, &key_stop, value,
					     value_stop);

		if (!next)
			return -1;
		if (key_is(p, key_stop, name))
			return 1;
		p = next;
	}
	return p < obj_end && *p == '}' ? 0 : -1;
}

int sg_sarif_extras_split(struct sg_sarif_extras *out, const char *text)
{
	static const char *const names[] = {"locations", "relatedLocations",
					    "codeFlows", "logicalLocations"};
	struct sg_sarif_extras_value *slots[] = {
	    &out->locations, &out->related, &out->code_flows, &out->logicals};
	const char *end = text + strlen(text), *p = text + 1;

	memset(out, 0, sizeof(*out));
	if (*text != '{')
		return -1;
	while (p < end && *p == '"') {
		const char *key_stop, *v, *ve;
		const char *next = member_at(p, end, &key_stop, &v, &ve);

		if (!next)
			return -1;
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (key_is(p, key_stop, names[i])) {
				slots[i]->text = v;
				slots[i]->len = (size_t)(ve - v);
			}
		p = next;
	}
	/* The object's '}' must end the text. */
	return p + 1 == end && *p == '}' ? 0 : -1;
}

int sg_sarif_extras_members(const char *obj, const char *obj_end,
			    const char *const *names, size_t n,
			    struct sg_sarif_extras_value *values)
{
	const char *p = obj + 1, *key_stop, *v, *ve;

	memset(values, 0, n * sizeof(*values));
	if (obj >= obj_end || *obj != '{')
		return 0;
	if (p < obj_end && *p == '}')
		return 0;
	while (p < obj_end && *p == '"') {
		const char *next = member_at(p, obj_end, &key_stop, &v, &ve);

		if (!next)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!values[i].text && key_is(p, key_stop, names[i])) {
				values[i].text = v;
				values[i].len = (size_t)(ve - v);
			}
		p = next;
	}
	return p < obj_end && *p == '}' ? 0 : -1;
}

char *sg_sarif_extras_string(const char *s, const char *s_end)
{
	size_t n = (size_t)(s_end - s) - 2;
	json_t *v;
	char *copy;

	if (!memchr(s + 1, '\\', n))
		return strndup(s + 1, n);
	v = json_loadb(s, (size_t)(s_end - s), JSON_DECODE_ANY, NULL);
	copy = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
	json_decref(v);
	return copy;
}

/*
 * The member "physicalLocation" whose key starts at key and value is
 * [v, ve): written with its artifactLocation rewritten, or left out with
 * the comma that joined it (out holds the text before key; start is
 * where this copy began in out). Returns where the copy goes on.
 */
static const char *physical_location(struct sg_json_out *out, size_t start,
				     const char *key, const char *v,
				     const char *ve, const char *end,
				     sg_sarif_artifact_fn artifact, void *arg)
{
	const char *a = NULL, *ae = NULL, *u = NULL, *ue = NULL;
	int rc = sg_sarif_extras_member(v, ve, "artifactLocation", &a, &ae);
	char *path;

	if (rc > 0)
		rc = sg_sarif_extras_member(a, ae, "uri", &u, &ue);
	if (rc < 0) {
		out->failed = true;
		return ve;
	}
	if (rc > 0 && *u == '"') {
		if (!(path = sg_sarif_extras_string(u, ue))) {
			out->failed = true;
			return ve;
		}
		sg_json_out_write(out, key, (size_t)(a - key));
		artifact(out, path, arg);
		free(path);
		sg_json_out_write(out, ae, (size_t)(ve - ae));
		return ve;
	}
	/* Left out: drop the comma before it, or else the one after it. */
	if (out->len > start && out->data[out->len - 1] == ',')
		out->len--;
	else if (ve < end && *ve == ',')
		ve++;
	return ve;
}

void sg_sarif_extras_copy(struct sg_json_out *out, const char *value,
			  size_t n, sg_sarif_artifact_fn artifact, void *arg)
{
	static const char key[] = "\"physicalLocation\"";
	const size_t key_len = sizeof(key) - 1;
	const char *end = value + n, *done = value, *p = value, *q;
	size_t start = out->len;

	/* p is always outside a string, so q is an opening quote. */
	while ((q = memchr(p, '"', (size_t)(end - p)))) {
		const char *s_end = string_end(q, end), *ve;

		if (!s_end) {
			out->failed = true;
			return;
		}
		p = s_end;
		if ((size_t)(s_end - q) != key_len ||
		    memcmp(q, key, key_len) != 0 || s_end == end ||
		    *s_end != ':')
			continue;
		if (!(ve = sg_sarif_extras_value_end(s_end + 1, end))) {
			out->failed = true;
			return;
		}
		sg_json_out_write(out, done, (size_t)(q - done));
		done = p = physical_location(out, start, q, s_end + 1, ve,
					     end, artifact, arg);
	}
	sg_json_out_write(out, done, (size_t)(end - done));
}

bool sg_sarif_extras_has_related_id(const struct sg_sarif_extras *x,
				    long long id)
{
	const char *p = x->related.text, *end;

	if (!p || *p != '[') /* none: no arithmetic on a NULL pointer */
		return false;
	end = p + x->related.len;
	for (p++; p < end && *p != ']';) {
		const char *e = sg_sarif_extras_value_end(p, end), *v, *ve, *d;

		if (!e)
			return false;
		/* jansson's integers: an optional '-' and digits only. */
		if (sg_sarif_extras_member(p, e, "id", &v, &ve) > 0) {
			d = v + (*v == '-');
			while (d < ve && *d >= '0' && *d <= '9')
				d++;
			if (d == ve && ve > v + (*v == '-') &&
			    strtoll(v, NULL, 10) == id)
				return true;
		}
		p = e < end && *e == ',' ? e + 1 : e;
	}
	return false;
}
