/*
 * pip-audit JSON (`pip-audit -f json`): the object form of pip-audit 2.x,
 * {"dependencies": [...], "fixes": [...]}, and the bare list of
 * dependencies that pip-audit 1.x wrote. Each vulnerability of each
 * dependency is a finding; skipped dependencies go into the input's meta.
 */
#include <stdio.h>
#include <string.h>

#include "secgate/adapter.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/json_util.h"

#define OSV_URL "https://osv.dev/vulnerability/"

struct skipped {
	const char **names; /* in the set's arena, grown by doubling */
	size_t count, capacity;
	const char *first_reason;
};

struct dep_ctx {
	struct sg_parse_ctx *ctx;
	const char *prefix; /* "dependencies" or "" (the legacy list) */
	size_t index;
	struct skipped skipped;
};

static int detect(const struct sg_sniff *sniff)
{
	if (sniff->top == '{' && sg_sniff_has_key(sniff, "dependencies"))
		return 90;
	if (sniff->top == '[' && sg_sniff_has_key(sniff, "name") &&
	    (sg_sniff_has_key(sniff, "vulns") ||
	     sg_sniff_has_key(sniff, "skip_reason")))
		return 85;
	return 0;
}

/* An optional array of strings (NULL when absent or null). */
static int string_array(struct dep_ctx *d, const json_t *obj, size_t vuln,
			const char *key, const json_t **out)
{
	const json_t *v = json_object_get(obj, key), *item;
	size_t i;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_array(v)) {
		json_array_foreach (v, i, item)
			if (!json_is_string(item))
				break;
		if (i == json_array_size(v)) {
			*out = v;
			return 0;
		}
	}
	return sg_js_error_at_value(d->ctx->js,
				    "%s[%zu].vulns[%zu]: '%s' must be an "
				    "array of strings",
				    d->prefix, d->index, vuln, key);
}

/* OSV ids are plain ASCII; anything else is percent-encoded into the URL. */
static const char *osv_url(struct sg_findings *set, const char *id)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(id), j = sizeof(OSV_URL) - 1;
	char *out = sg_arena_alloc(&set->arena, j + 3 * n + 1);

	if (!out)
		return NULL;
	memcpy(out, OSV_URL, j);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~:", c)) {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hex[c >> 4];
			out[j++] = hex[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

/* [id] + aliases, without empty or repeated ids. */
static const char **make_ids(struct sg_findings *set, const char *id,
			     const json_t *aliases, size_t *n_out)
{
	size_t n = 1 + json_array_size(aliases), k = 0, i;
	const char **ids = sg_findings_strv(set, n);
	const json_t *item;

	if (!ids)
		return NULL;
	ids[k++] = id;
	json_array_foreach (aliases, i, item) {
		const char *alias = sg_json_string(set, item);
		size_t j;

		if (!alias)
			return NULL;
		for (j = 0; j < k && strcmp(ids[j], alias) != 0; j++)
			;
		if (*alias && j == k)
			ids[k++] = alias;
	}
	*n_out = k;
	return ids;
}

static const char *make_title(struct sg_findings *set, const char *id,
			      const char *name, const char *version)
{
	size_t len = strlen(id) + 2 + strlen(name) +
		     (version ? 1 + strlen(version) : 0);
	char *out = sg_arena_alloc(&set->arena, len + 1);

	if (!out)
		return NULL;
	snprintf(out, len + 1, "%s: %s%s%s", id, name, version ? " " : "",
		 version ? version : "");
	return out;
}

static int add_vuln(struct dep_ctx *d, const json_t *vuln, size_t v,
		    const char *name, const char *version)
{
	struct sg_parse_ctx *ctx = d->ctx;
	struct sg_findings *set = ctx->out;
	const json_t *id = json_object_get(vuln, "id");
	const json_t *desc = json_object_get(vuln, "description");
	const json_t *fixes, *aliases;
	struct sg_finding *f;
	const json_t *item;
	size_t i;
	int rc;

	if (!json_is_object(vuln))
		return sg_js_error_at_value(ctx->js,
					    "%s[%zu].vulns[%zu]: expected a "
					    "vulnerability object",
					    d->prefix, d->index, v);
	if (!json_is_string(id) || json_string_length(id) == 0)
		return sg_js_error_at_value(ctx->js,
					    "%s[%zu].vulns[%zu]: 'id' must be "
					    "a string",
					    d->prefix, d->index, v);
	if (desc && !json_is_null(desc) && !json_is_string(desc))
		return sg_js_error_at_value(ctx->js,
					    "%s[%zu].vulns[%zu]: "
					    "'description' must be a string",
					    d->prefix, d->index, v);
	if ((rc = string_array(d, vuln, v, "fix_versions", &fixes)) < 0 ||
	    (rc = string_array(d, vuln, v, "aliases", &aliases)) < 0)
		return rc;

	f = sg_findings_append(set);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	f->tool = ctx->forced_tool ? ctx->forced_tool : "pip-audit";
	f->kind = SG_KIND_VULNERABILITY;
	f->rule_id = sg_json_string(set, id);
	if (!f->rule_id)
		return sg_error(SG_ENOMEM, "out of memory");
	sg_finding_cold_mut(set, f)->ids = make_ids(
	    set, f->rule_id, aliases, &sg_finding_cold_mut(set, f)->n_ids);
	f->title = make_title(set, f->rule_id, name, version);
	f->message = sg_json_text(set, desc);
	/* No severity in pip-audit: the policy's unknown_severity decides. */
	f->severity = SG_SEV_UNKNOWN;
	sg_finding_cold_mut(set, f)->package.ecosystem = "pypi";
	sg_finding_cold_mut(set, f)->package.name = name;
	sg_finding_cold_mut(set, f)->package.version = version;
	sg_finding_cold_mut(set, f)->package.n_fixed_versions =
	    json_array_size(fixes);
	sg_finding_cold_mut(set, f)->package.fixed_versions =
	    sg_findings_strv(set, sg_finding_cold(f)->package.n_fixed_versions);
	if (!sg_finding_cold(f)->ids || !f->title ||
	    !sg_finding_cold(f)->package.fixed_versions ||
	    (desc && json_is_string(desc) && !f->message))
		return sg_error(SG_ENOMEM, "out of memory");
	json_array_foreach (fixes, i, item) {
		sg_finding_cold(f)->package.fixed_versions[i] =
		    sg_json_string(set, item);
		if (!sg_finding_cold(f)->package.fixed_versions[i])
			return sg_error(SG_ENOMEM, "out of memory");
	}
	if (!sg_finding_cold(f)->package.n_fixed_versions)
		sg_finding_cold_mut(set, f)->package.fixed_versions = NULL;
	sg_finding_cold_mut(set, f)->help_uri = osv_url(set, f->rule_id);
	if (!sg_finding_cold(f)->help_uri)
		return sg_error(SG_ENOMEM, "out of memory");
	f->input_index = ctx->input_index;
	return sg_fingerprint_compute(set, f, NULL);
}

static int add_skipped(struct dep_ctx *d, const char *name,
		       const json_t *reason)
{
	struct sg_findings *set = d->ctx->out;
	struct skipped *s = &d->skipped;

	if (s->count == s->capacity) {
		size_t cap = s->capacity ? 2 * s->capacity : 16;
		const char **names = sg_findings_strv(set, cap);

		if (!names)
			return sg_error(SG_ENOMEM, "out of memory");
		if (s->count)
			memcpy(names, s->names, s->count * sizeof(*names));
		s->names = names;
		s->capacity = cap;
	}
	s->names[s->count++] = name;
	if (!s->first_reason) {
		s->first_reason = sg_json_text(set, reason);
		if (!s->first_reason)
			return sg_error(SG_ENOMEM, "out of memory");
	}
	return 0;
}

static int read_dependency(struct dep_ctx *d)
{
	struct sg_parse_ctx *ctx = d->ctx;
	struct sg_jstream *js = ctx->js;
	const json_t *name, *version, *vulns, *reason, *vuln;
	const char *name_s, *version_s = NULL;
	json_t *dep;
	size_t v;
	int rc = 0;

	if ((rc = sg_js_load(js, &dep)) < 0)
		return rc;
	if (!json_is_object(dep)) {
		rc = sg_js_error_at_value(js,
					  "%s[%zu]: expected a dependency "
					  "object",
					  d->prefix, d->index);
		goto done;
	}
	name = json_object_get(dep, "name");
	version = json_object_get(dep, "version");
	vulns = json_object_get(dep, "vulns");
	reason = json_object_get(dep, "skip_reason");
	if (!json_is_string(name) || json_string_length(name) == 0) {
		rc = sg_js_error_at_value(js, "%s[%zu]: 'name' must be a "
					      "non-empty string",
					  d->prefix, d->index);
		goto done;
	}
	if (version && !json_is_null(version) && !json_is_string(version)) {
		rc = sg_js_error_at_value(js, "%s[%zu]: 'version' must be a "
					      "string",
					  d->prefix, d->index);
		goto done;
	}
	if (reason && !json_is_null(reason) && !json_is_string(reason)) {
		rc = sg_js_error_at_value(js, "%s[%zu]: 'skip_reason' must be "
					      "a string",
					  d->prefix, d->index);
		goto done;
	}
	if (reason && json_is_null(reason))
		reason = NULL;
	if (vulns && !json_is_array(vulns)) {
		rc = sg_js_error_at_value(js, "%s[%zu]: 'vulns' must be an "
					      "array",
					  d->prefix, d->index);
		goto done;
	}
	/* Audited dependencies always have vulns: a gap is not "clean". */
	if (!vulns && !reason) {
		rc = sg_js_error_at_value(js, "%s[%zu]: expected 'vulns' or "
					      "'skip_reason'",
					  d->prefix, d->index);
		goto done;
	}
	name_s = sg_json_string(ctx->out, name);
	if (version && json_is_string(version))
		version_s = sg_json_string(ctx->out, version);
	if (!name_s || (json_is_string(version) && !version_s)) {
		rc = sg_error(SG_ENOMEM, "out of memory");
		goto done;
	}
	if (reason && (rc = add_skipped(d, name_s, reason)) < 0)
		goto done;
	json_array_foreach (vulns, v, vuln)
		if ((rc = add_vuln(d, vuln, v, name_s, version_s)) < 0)
			goto done;
done:
	json_decref(dep);
	return rc;
}

static int read_dependencies(struct dep_ctx *d)
{
	struct sg_jstream *js = d->ctx->js;
	int c = sg_js_peek(js), rc;

	if (c < 0)
		return c;
	if (c != '[')
		return sg_js_error(js, "%s: expected an array of dependencies",
				   *d->prefix ? d->prefix : "top level");
	if ((rc = sg_js_begin_array(js)) < 0)
		return rc;
	for (d->index = 0; (rc = sg_js_next_item(js)) == 1; d->index++)
		if ((rc = read_dependency(d)) < 0)
			return rc;
	return rc;
}

static int read_object(struct dep_ctx *d)
{
	struct sg_jstream *js = d->ctx->js;
	char key[SG_JS_KEY_MAX];
	bool seen = false;
	int rc;

	if ((rc = sg_js_begin_object(js)) < 0)
		return rc;
	while ((rc = sg_js_next_key(js, key)) == 1) {
		if (strcmp(key, "dependencies") == 0) {
			seen = true;
			rc = read_dependencies(d);
		} else {
			rc = sg_js_skip(js); /* "fixes", and keys to come */
		}
		if (rc < 0)
			return rc;
	}
	if (rc == 0 && !seen)
		return sg_js_error(js, "expected a 'dependencies' array");
	return rc;
}

static int parse(struct sg_parse_ctx *ctx)
{
	struct dep_ctx d = {.ctx = ctx, .prefix = ""};
	int c = sg_js_peek(ctx->js), rc;

	if (c < 0)
		return c;
	if (c == '{') {
		ctx->meta->format = "pip-audit-json";
		d.prefix = "dependencies";
		rc = read_object(&d);
	} else if (c == '[') {
		ctx->meta->format = "pip-audit-json-legacy";
		rc = read_dependencies(&d);
	} else if (c == 'n') {
		/* Only with --tool: null means no findings in every format. */
		ctx->meta->format = "pip-audit-json";
		rc = sg_js_skip(ctx->js);
	} else {
		return sg_js_error(ctx->js, "expected a pip-audit report "
					    "(an object with 'dependencies')");
	}
	if (rc < 0)
		return rc;
	/* An audit of nothing is not a clean audit. */
	if (c != 'n' && d.index == 0)
		ctx->meta->nothing_scanned = "the report lists no dependency: "
					     "nothing was audited";
	else if (c != 'n' && d.skipped.count == d.index)
		ctx->meta->nothing_scanned = "every dependency was skipped: "
					     "nothing was audited";
	ctx->meta->n_skipped = d.skipped.count;
	ctx->meta->skipped = d.skipped.count ? d.skipped.names : NULL;
	ctx->meta->skipped_reason = d.skipped.first_reason;
	return 0;
}

const struct sg_adapter sg_adapter_pip_audit = {
	.version = SG_ADAPTER_VERSION,
	.name = "pip-audit",
	.formats = "pip-audit JSON (-f json; 2.x object and 1.x list)",
	.detect = detect,
	.parse = parse,
};
