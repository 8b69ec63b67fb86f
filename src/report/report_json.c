/*
 * The normalized JSON report, schema 1 (docs/json-output.md). Written one
 * finding at a time with json_dumpf, never as one tree: a million findings
 * must not need a second copy in memory. One finding per line, keys
 * sorted, so the output is byte-identical for the same inputs.
 */
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "config.h"
#include "json_out.h"
#include "report.h"
#include "secgate/error.h"
#include "secgate/path.h"
#include "version.h"

#define DUMP_FLAGS \
	(JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY)

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *strv(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		if (v[i])
			json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *u32_or_null(uint32_t v)
{
	return v ? json_integer(v) : json_null();
}

/* One copy of a merged finding: where, from what, and its own verdict. */
static json_t *copy_json(const struct sg_finding *c)
{
	json_t *o = json_object();
	const struct sg_location *l = &c->location;

	json_object_set_new(o, "blocking", json_boolean(c->blocking));
	json_object_set_new(o, "commit", str_or_null(l->commit));
	json_object_set_new(o, "end_column", u32_or_null(l->end_column));
	json_object_set_new(o, "end_line", u32_or_null(l->end_line));
	json_object_set_new(o, "excluded", json_boolean(c->excluded));
	json_object_set_new(o, "fingerprint", str_or_null(c->fingerprint));
	json_object_set_new(o, "outside_diff", json_boolean(c->outside_diff));
	json_object_set_new(o, "package_version",
			    str_or_null(sg_finding_cold(c)->package.version));
	json_object_set_new(o, "path", str_or_null(l->path));
	json_object_set_new(
	    o, "producer_suppression",
	    str_or_null(sg_finding_cold(c)->producer_suppression));
	json_object_set_new(o, "reason", str_or_null(c->reason));
	json_object_set_new(o, "rule_id", str_or_null(c->rule_id));
	json_object_set_new(o, "severity",
			    json_string(sg_severity_name(c->severity)));
	json_object_set_new(o, "start_column", u32_or_null(l->start_column));
	json_object_set_new(o, "start_line", u32_or_null(l->start_line));
	json_object_set_new(
	    o, "suppressed",
	    json_boolean(sg_finding_cold(c)->suppressed_by != NULL));
	json_object_set_new(o, "tool", str_or_null(c->tool));
	json_object_set_new(o, "tool_severity",
			    str_or_null(sg_finding_cold(c)->tool_severity));
	json_object_set_new(o, "tool_version", str_or_null(c->tool_version));
	return o;
}

json_t *sg_json_finding(const struct sg_finding *f)
{
	json_t *o = json_object(), *copies = json_array();
	const struct sg_package *p = &sg_finding_cold(f)->package;

	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++)
		json_array_append_new(
		    copies, copy_json(&sg_finding_cold(f)->copies[i]));
	json_object_set_new(o, "copies", copies);

	json_object_set_new(o, "fingerprint", str_or_null(f->fingerprint));
	json_object_set_new(o, "tool", str_or_null(f->tool));
	json_object_set_new(o, "tool_version", str_or_null(f->tool_version));
	json_object_set_new(
	    o, "sources", strv(sg_finding_sources(f), sg_finding_n_sources(f)));
	json_object_set_new(o, "kind", json_string(sg_kind_name(f->kind)));
	json_object_set_new(o, "rule_id", str_or_null(f->rule_id));
	json_object_set_new(o, "title", str_or_null(f->title));
	json_object_set_new(o, "message", str_or_null(f->message));
	json_object_set_new(o, "severity",
			    json_string(sg_severity_name(f->severity)));
	json_object_set_new(o, "tool_severity",
			    str_or_null(sg_finding_cold(f)->tool_severity));
	if (sg_finding_cold(f)->severity_source)
		json_object_set_new(
		    o, "severity_source",
		    json_string(sg_finding_cold(f)->severity_source));
	json_object_set_new(o, "path", str_or_null(f->location.path));
	json_object_set_new(
	    o, "path_outside_repository",
	    json_boolean(sg_path_outside_repository(f->location.path)));
	json_object_set_new(o, "start_line", u32_or_null(f->location.start_line));
	json_object_set_new(o, "end_line", u32_or_null(f->location.end_line));
	json_object_set_new(o, "start_column",
			    u32_or_null(f->location.start_column));
	json_object_set_new(o, "end_column", u32_or_null(f->location.end_column));
	json_object_set_new(o, "commit", str_or_null(f->location.commit));
	if (p->name) {
		json_t *pkg = json_object();

		json_object_set_new(pkg, "ecosystem", str_or_null(p->ecosystem));
		json_object_set_new(pkg, "name", json_string(p->name));
		json_object_set_new(pkg, "version", str_or_null(p->version));
		json_object_set_new(pkg, "fixed_versions",
				    strv(p->fixed_versions, p->n_fixed_versions));
		json_object_set_new(pkg, "purl", str_or_null(p->purl));
		json_object_set_new(o, "package", pkg);
	} else {
		json_object_set_new(o, "package", json_null());
	}
	json_object_set_new(
	    o, "ids", strv(sg_finding_cold(f)->ids, sg_finding_cold(f)->n_ids));
	json_object_set_new(o, "help_uri",
			    str_or_null(sg_finding_cold(f)->help_uri));
	json_object_set_new(
	    o, "producer_suppression",
	    str_or_null(sg_finding_cold(f)->producer_suppression));
	json_object_set_new(o, "blocking", json_boolean(f->blocking));
	json_object_set_new(o, "reason", str_or_null(f->reason));
	json_object_set_new(o, "state", json_string(f->state == SG_STATE_UNCHANGED
							 ? "unchanged"
							 : "new"));
	json_object_set_new(
	    o, "suppressed",
	    json_boolean(sg_finding_cold(f)->suppressed_by != NULL));
	if (sg_finding_cold(f)->suppressed_by) {
		const struct sg_suppression *sp =
		    sg_finding_cold(f)->suppressed_by;
		json_t *so = json_object();

		json_object_set_new(so, "reason", str_or_null(sp->reason));
		json_object_set_new(so, "owner", str_or_null(sp->owner));
		json_object_set_new(so, "expires",
				    sp->has_expiry ? json_string(sp->expires_text)
						   : json_null());
		json_object_set_new(so, "line", json_integer(sp->line));
		json_object_set_new(o, "suppression", so);
	} else {
		json_object_set_new(o, "suppression", json_null());
	}
	json_object_set_new(o, "suppression_expired",
			    json_boolean(f->suppression_expired));
	json_object_set_new(o, "excluded", json_boolean(f->excluded));
	json_object_set_new(o, "outside_diff", json_boolean(f->outside_diff));
	return o;
}

/* ---- the fast writer: the same bytes as json_dumpf(sg_json_finding(f),
 * DUMP_FLAGS), without building a tree per finding (PERFORMANCE.md) ---- */

/* Every string of this report is written ASCII-only (JSON_ENSURE_ASCII). */
static void put_string(struct sg_json_out *out, const char *s)
{
	sg_json_out_string(out, s, SG_JSON_OUT_ASCII);
}

/* A member's key: a literal (SG_JSON_OUT_KEY). */
#define PUT_KEY(out, key, first) SG_JSON_OUT_KEY(out, key, first)

static void put_strv(struct sg_json_out *out, const char *const *v, size_t n)
{
	bool first = true;

	sg_json_out_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			continue;
		if (!first)
			sg_json_out_putc(out, ',');
		first = false;
		put_string(out, v[i]);
	}
	sg_json_out_putc(out, ']');
}

static void put_u32(struct sg_json_out *out, uint32_t v)
{
	if (v)
		sg_json_out_int(out, v);
	else
		sg_json_out_puts(out, "null");
}

static void put_bool(struct sg_json_out *out, bool v)
{
	sg_json_out_bool(out, v);
}

static void copy_into(struct sg_json_out *out, const struct sg_finding *c)
{
	const struct sg_location *l = &c->location;
	bool first = true;

	/* Keys in sorted order, as in copy_json. */
	sg_json_out_putc(out, '{');
	PUT_KEY(out, "blocking", &first);
	put_bool(out, c->blocking);
	PUT_KEY(out, "commit", &first);
	put_string(out, l->commit);
	PUT_KEY(out, "end_column", &first);
	put_u32(out, l->end_column);
	PUT_KEY(out, "end_line", &first);
	put_u32(out, l->end_line);
	PUT_KEY(out, "excluded", &first);
	put_bool(out, c->excluded);
	PUT_KEY(out, "fingerprint", &first);
	put_string(out, c->fingerprint);
	PUT_KEY(out, "outside_diff", &first);
	put_bool(out, c->outside_diff);
	PUT_KEY(out, "package_version", &first);
	put_string(out, sg_finding_cold(c)->package.version);
	PUT_KEY(out, "path", &first);
	put_string(out, l->path);
	PUT_KEY(out, "producer_suppression", &first);
	put_string(out, sg_finding_cold(c)->producer_suppression);
	PUT_KEY(out, "reason", &first);
	put_string(out, c->reason);
	PUT_KEY(out, "rule_id", &first);
	put_string(out, c->rule_id);
	PUT_KEY(out, "severity", &first);
	put_string(out, sg_severity_name(c->severity));
	PUT_KEY(out, "start_column", &first);
	put_u32(out, l->start_column);
	PUT_KEY(out, "start_line", &first);
	put_u32(out, l->start_line);
	PUT_KEY(out, "suppressed", &first);
	put_bool(out, sg_finding_cold(c)->suppressed_by != NULL);
	PUT_KEY(out, "tool", &first);
	put_string(out, c->tool);
	PUT_KEY(out, "tool_severity", &first);
	put_string(out, sg_finding_cold(c)->tool_severity);
	PUT_KEY(out, "tool_version", &first);
	put_string(out, c->tool_version);
	sg_json_out_putc(out, '}');
}

static void finding_into(struct sg_json_out *out, const struct sg_finding *f)
{
	const struct sg_package *p = &sg_finding_cold(f)->package;
	const struct sg_location *l = &f->location;
	bool first = true;

	/* Keys in sorted order, as JSON_SORT_KEYS writes them. */
	sg_json_out_putc(out, '{');
	PUT_KEY(out, "blocking", &first);
	put_bool(out, f->blocking);
	PUT_KEY(out, "commit", &first);
	put_string(out, l->commit);
	PUT_KEY(out, "copies", &first);
	sg_json_out_putc(out, '[');
	for (size_t i = 0; i < sg_finding_cold(f)->n_copies; i++) {
		if (i)
			sg_json_out_putc(out, ',');
		copy_into(out, &sg_finding_cold(f)->copies[i]);
	}
	sg_json_out_putc(out, ']');
	PUT_KEY(out, "end_column", &first);
	put_u32(out, l->end_column);
	PUT_KEY(out, "end_line", &first);
	put_u32(out, l->end_line);
	PUT_KEY(out, "excluded", &first);
	put_bool(out, f->excluded);
	PUT_KEY(out, "fingerprint", &first);
	put_string(out, f->fingerprint);
	PUT_KEY(out, "help_uri", &first);
	put_string(out, sg_finding_cold(f)->help_uri);
	PUT_KEY(out, "ids", &first);
	put_strv(out, sg_finding_cold(f)->ids, sg_finding_cold(f)->n_ids);
	PUT_KEY(out, "kind", &first);
	put_string(out, sg_kind_name(f->kind));
	PUT_KEY(out, "message", &first);
	put_string(out, f->message);
	PUT_KEY(out, "outside_diff", &first);
	put_bool(out, f->outside_diff);
	PUT_KEY(out, "package", &first);
	if (p->name) {
		bool pf = true;

		sg_json_out_putc(out, '{');
		PUT_KEY(out, "ecosystem", &pf);
		put_string(out, p->ecosystem);
		PUT_KEY(out, "fixed_versions", &pf);
		put_strv(out, p->fixed_versions, p->n_fixed_versions);
		PUT_KEY(out, "name", &pf);
		put_string(out, p->name);
		PUT_KEY(out, "purl", &pf);
		put_string(out, p->purl);
		PUT_KEY(out, "version", &pf);
		put_string(out, p->version);
		sg_json_out_putc(out, '}');
	} else {
		sg_json_out_puts(out, "null");
	}
	PUT_KEY(out, "path", &first);
	put_string(out, l->path);
	PUT_KEY(out, "path_outside_repository", &first);
	put_bool(out, sg_path_outside_repository(l->path));
	PUT_KEY(out, "producer_suppression", &first);
	put_string(out, sg_finding_cold(f)->producer_suppression);
	PUT_KEY(out, "reason", &first);
	put_string(out, f->reason);
	PUT_KEY(out, "rule_id", &first);
	put_string(out, f->rule_id);
	PUT_KEY(out, "severity", &first);
	put_string(out, sg_severity_name(f->severity));
	if (sg_finding_cold(f)
		->severity_source) { /* only enriched findings carry it */
		PUT_KEY(out, "severity_source", &first);
		put_string(out, sg_finding_cold(f)->severity_source);
	}
	PUT_KEY(out, "sources", &first);
	put_strv(out, sg_finding_sources(f), sg_finding_n_sources(f));
	PUT_KEY(out, "start_column", &first);
	put_u32(out, l->start_column);
	PUT_KEY(out, "start_line", &first);
	put_u32(out, l->start_line);
	PUT_KEY(out, "state", &first);
	put_string(out, f->state == SG_STATE_UNCHANGED ? "unchanged" : "new");
	PUT_KEY(out, "suppressed", &first);
	put_bool(out, sg_finding_cold(f)->suppressed_by != NULL);
	PUT_KEY(out, "suppression", &first);
	if (sg_finding_cold(f)->suppressed_by) {
		const struct sg_suppression *sp =
		    sg_finding_cold(f)->suppressed_by;
		bool sf = true;

		sg_json_out_putc(out, '{');
		PUT_KEY(out, "expires", &sf);
		put_string(out, sp->has_expiry ? sp->expires_text : NULL);
		PUT_KEY(out, "line", &sf);
		put_u32(out, sp->line);
		PUT_KEY(out, "owner", &sf);
		put_string(out, sp->owner);
		PUT_KEY(out, "reason", &sf);
		put_string(out, sp->reason);
		sg_json_out_putc(out, '}');
	} else {
		sg_json_out_puts(out, "null");
	}
	PUT_KEY(out, "suppression_expired", &first);
	put_bool(out, f->suppression_expired);
	PUT_KEY(out, "title", &first);
	put_string(out, f->title);
	PUT_KEY(out, "tool", &first);
	put_string(out, f->tool);
	PUT_KEY(out, "tool_severity", &first);
	put_string(out, sg_finding_cold(f)->tool_severity);
	PUT_KEY(out, "tool_version", &first);
	put_string(out, f->tool_version);
	sg_json_out_putc(out, '}');
}

int sg_json_finding_write(FILE *out, const struct sg_finding *f)
{
	/* One buffer per thread, reused: a finding is one fwrite. */
	static _Thread_local struct sg_json_out buf;

	sg_json_out_reset(&buf);
	finding_into(&buf, f);
	if (buf.failed)
		return -1;
	return fwrite(buf.data, 1, buf.len, out) == buf.len ? 0 : -1;
}

/* {"path", "sha256"} of the binary that ran, or null (ingested reports). */
static json_t *executable_json(const char *path, const char *sha256)
{
	json_t *o;

	if (!path)
		return json_null();
	o = json_object();
	json_object_set_new(o, "path", json_string(path));
	json_object_set_new(o, "sha256", str_or_null(sha256));
	return o;
}

static json_t *input_json(const struct sg_input *in)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", json_string(in->path));
	json_object_set_new(o, "tool", str_or_null(in->meta.tool));
	json_object_set_new(o, "tool_version", str_or_null(in->meta.tool_version));
	json_object_set_new(o, "format", str_or_null(in->meta.format));
	json_object_set_new(o, "status",
			    json_string(in->status < 0 ? "error" : "ok"));
	json_object_set_new(o, "findings", json_integer((json_int_t)in->n_findings));
	json_object_set_new(o, "error", str_or_null(in->status < 0 ? in->error : NULL));
	json_object_set_new(o, "skipped_dependencies",
			    strv(in->meta.skipped, in->meta.n_skipped));
	json_object_set_new(o, "executable", executable_json(in->executable,
							     in->executable_sha256));
	return o;
}

static json_t *summary_json(const struct sg_summary *s)
{
	json_t *o = json_object(), *by = json_object(), *bby = json_object();

	for (int i = SG_SEV_COUNT - 1; i >= 0; i--) {
		json_object_set_new(by, sg_severity_name((enum sg_severity)i),
				    json_integer((json_int_t)s->by_severity[i]));
		json_object_set_new(bby, sg_severity_name((enum sg_severity)i),
				    json_integer((json_int_t)s->blocking_by_severity[i]));
	}
	json_object_set_new(o, "results", json_integer((json_int_t)s->results));
	json_object_set_new(o, "merged_duplicates",
			    json_integer((json_int_t)s->merged_duplicates));
	json_object_set_new(o, "merged_across_tools",
			    json_integer((json_int_t)s->merged_across_tools));
	json_object_set_new(o, "total", json_integer((json_int_t)s->total));
	json_object_set_new(o, "blocking", json_integer((json_int_t)s->blocking));
	json_object_set_new(o, "new", json_integer((json_int_t)s->new_findings));
	json_object_set_new(o, "unchanged", json_integer((json_int_t)s->unchanged));
	json_object_set_new(o, "absent", json_integer((json_int_t)s->absent));
	json_object_set_new(o, "baseline_not_read",
			    json_integer((json_int_t)s->not_read));
	json_object_set_new(o, "suppressed", json_integer((json_int_t)s->suppressed));
	json_object_set_new(o, "expired_suppression",
			    json_integer((json_int_t)s->expired));
	json_object_set_new(o, "excluded", json_integer((json_int_t)s->excluded));
	json_object_set_new(o, "outside_diff",
			    json_integer((json_int_t)s->outside_diff));
	json_object_set_new(o, "stale_suppressions",
			    json_integer((json_int_t)s->stale_suppressions));
	json_object_set_new(o, "by_severity", by);
	json_object_set_new(o, "blocking_by_severity", bby);
	return o;
}

static int dump(FILE *out, json_t *value)
{
	int rc = value ? json_dumpf(value, out, DUMP_FLAGS) : -1;

	json_decref(value);
	return rc;
}

int sg_report_json_write(FILE *out, const struct sg_run_result *r)
{
	json_t *policy = json_object();
	int rc = 0;

	fprintf(out, "{\"schema\":%d,\"secgate\":", SG_JSON_SCHEMA_VERSION);
	rc |= dump(out, json_string(sg_version()));
	fputs(",\"verdict\":", out);
	rc |= dump(out, json_string(sg_verdict_name(r->verdict)));
	json_object_set_new(policy, "fail_on",
			    json_string(r->policy->never_fail
						? "none"
						: sg_severity_name(r->policy->fail_on)));
	json_object_set_new(policy, "unknown_severity",
			    json_string(sg_severity_name(r->policy->unknown_as)));
	fputs(",\"policy\":", out);
	rc |= dump(out, policy);
	fputs(",\n\"inputs\":[", out);
	for (size_t i = 0; i < r->n_inputs; i++) {
		fputs(i ? ",\n" : "\n", out);
		rc |= dump(out, input_json(&r->inputs[i]));
	}
	fputs("],\n\"findings\":[", out);
	for (size_t i = 0; i < r->set->count; i++) {
		fputs(i ? ",\n" : "\n", out);
		rc |= sg_json_finding_write(out, &r->set->items[i]);
	}
	fputs("],\n\"absent\":[", out);
	for (size_t i = 0, n = 0; r->baseline && i < r->baseline->count; i++) {
		const struct sg_baseline_entry *e = &r->baseline->entries[i];
		json_t *a;

		if (!sg_baseline_entry_absent(e))
			continue;
		a = json_object();
		json_object_set_new(a, "fingerprint", json_string(e->fingerprint));
		json_object_set_new(a, "tool", str_or_null(e->tool));
		json_object_set_new(a, "kind", str_or_null(e->kind));
		json_object_set_new(a, "rule_id", str_or_null(e->rule_id));
		json_object_set_new(a, "path", str_or_null(e->path));
		json_object_set_new(a, "title", str_or_null(e->title));
		json_object_set_new(a, "added", str_or_null(e->added));
		fputs(n++ ? ",\n" : "\n", out);
		rc |= dump(out, a);
	}
	fputs("],\n\"summary\":", out);
	rc |= dump(out, summary_json(&r->summary));
	fputs("}\n", out);
	if (rc || ferror(out))
		return sg_error(SG_EIO, "cannot write the JSON report");
	return 0;
}
