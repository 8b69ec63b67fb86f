/*
 * libFuzzer target: a SARIF report from a hostile producer read with its
 * extras kept, then written as secgate's SARIF report. Checked: the log
 * is JSON, and each finding's extras spliced by sarif_extras.c are the
 * bytes jansson writes after loading them and rewriting each
 * artifactLocation the same way (the path the writer replaced).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "config.h"
#include "ingest.h"
#include "report_sarif.h"
#include "sarif_extras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void artifact(struct sg_json_out *out, const char *path, void *arg)
{
	(void)arg;
	sg_json_out_puts(out, "{\"uri\":");
	sg_json_out_string(out, path, SG_JSON_OUT_UTF8);
	sg_json_out_putc(out, '}');
}

/* The old way: extra_uri of the SARIF writer, through jansson. */
static void reference_uri(json_t *loc)
{
	json_t *phys = json_object_get(loc, "physicalLocation");
	const char *path = json_string_value(json_object_get(
	    json_object_get(phys, "artifactLocation"), "uri"));

	if (!phys)
		return;
	if (!path)
		json_object_del(loc, "physicalLocation");
	else
		json_object_set_new(phys, "artifactLocation",
				    json_pack("{ss}", "uri", path));
}

static void reference(json_t *o)
{
	static const char *const lists[] = {"locations", "relatedLocations"};
	json_t *v, *cf, *tf, *tfl;
	size_t i, j, k;

	for (size_t l = 0; l < 2; l++)
		json_array_foreach(json_object_get(o, lists[l]), i, v)
			reference_uri(v);
	json_array_foreach(json_object_get(o, "codeFlows"), i, cf) {
		json_array_foreach(json_object_get(cf, "threadFlows"), j, tf) {
			json_array_foreach(json_object_get(tf, "locations"), k,
					   tfl) {
				reference_uri(json_object_get(tfl, "location"));
			}
		}
	}
}

static void check_member(const struct sg_sarif_extras_value *v,
			 const json_t *want)
{
	struct sg_json_out out = {0};
	char *text;

	if (!want != !v->text)
		abort();
	if (!want)
		return;
	text = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
	sg_sarif_extras_copy(&out, v->text, v->len, artifact, NULL);
	if (!text || out.failed || out.len != strlen(text) ||
	    memcmp(out.data, text, out.len) != 0)
		abort();
	free(text);
	sg_json_out_release(&out);
}

static void check_extras(const char *extras)
{
	struct sg_sarif_extras x;
	/* NUL is allowed: the SARIF reader keeps it in messages. */
	json_t *o = json_loads(extras, JSON_ALLOW_NUL, NULL);

	/* What the adapter wrote is one JSON object (jansson's output). */
	if (!json_is_object(o) || sg_sarif_extras_split(&x, extras) < 0)
		abort();
	reference(o);
	check_member(&x.locations, json_object_get(o, "locations"));
	check_member(&x.related, json_object_get(o, "relatedLocations"));
	check_member(&x.code_flows, json_object_get(o, "codeFlows"));
	json_decref(o);
}

/* The log is one JSON document (a producer's NUL is kept, escaped). */
static void check_log(char *log)
{
	json_t *v = json_loads(log, JSON_ALLOW_NUL, NULL);

	if (!v)
		abort();
	json_decref(v);
	free(log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct sg_sarif_options options = {0};
	struct sg_findings set;
	struct sg_input input;
	struct sg_policy policy;
	struct sg_run_result r = {0};
	char *log = NULL;
	size_t len = 0;
	FILE *out;

	sg_findings_init(&set);
	set.keep_sarif_extras = true;
	if (sg_ingest_buffer(&set, &input, "fuzz.sarif", (const char *)data,
			     size, "sarif", "/repo", 0) == 0) {
		for (size_t i = 0; i < set.count; i++)
			if (sg_finding_sarif_extras(&set.items[i]))
				check_extras(
				    sg_finding_sarif_extras(&set.items[i]));
		sg_policy_default(&policy);
		r.set = &set;
		r.inputs = &input;
		r.n_inputs = 1;
		r.policy = &policy;
		if (!devnull && !(devnull = fopen("/dev/null", "w")))
			abort();
		options.warnings = devnull; /* the cuts' warnings */
		out = open_memstream(&log, &len);
		if (!out)
			abort();
		if (sg_report_sarif_write_with(out, &r, NULL, &options) != 0)
			abort(); /* from a report that was read: never */
		if (fclose(out) != 0)
			abort();
		check_log(log);
	}
	sg_input_release(&input);
	sg_findings_release(&set);
	return 0;
}
