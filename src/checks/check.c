/*
 * The table of built-in checks and what they share: running one as an
 * input of the pipeline, and appending a finding with its fingerprint.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/path.h"

static const struct sg_check *const check_table[] = {
    &sg_check_env,
    &sg_check_headers,
    NULL,
};

const struct sg_check *sg_check_find(const char *name)
{
	for (size_t i = 0; check_table[i]; i++)
		if (strcmp(check_table[i]->name, name) == 0)
			return check_table[i];
	return NULL;
}

int sg_check_report(struct sg_check_ctx *ctx, const struct sg_check_finding *cf,
		    const char *fmt, ...)
{
	struct sg_findings *set = ctx->out;
	struct sg_finding *f;
	char rule[128], message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	snprintf(rule, sizeof(rule), "%s.%s", ctx->name, cf->rule);
	f = sg_findings_append(set);
	if (!f)
		return sg_error(SG_ENOMEM, "out of memory");
	f->tool = sg_findings_intern(set, ctx->name, strlen(ctx->name));
	f->tool_version = ctx->meta->tool_version;
	f->kind = SG_KIND_MISCONFIGURATION;
	f->rule_id = sg_findings_intern(set, rule, strlen(rule));
	f->title = sg_findings_intern(set, cf->title, strlen(cf->title));
	f->message = sg_findings_strdup(set, message);
	f->severity = cf->severity;
	sg_finding_cold_mut(set, f)->tool_severity =
	    sg_severity_name(cf->severity);
	if (cf->path)
		f->location.path =
		    sg_findings_intern(set, cf->path, strlen(cf->path));
	f->location.start_line = cf->line;
	f->location.end_line = cf->line;
	f->location.start_column = cf->column;
	sg_finding_cold_mut(set, f)->help_uri =
	    cf->help_uri
		? sg_findings_intern(set, cf->help_uri, strlen(cf->help_uri))
		: NULL;
	f->input_index = ctx->input_index;
	if (!f->tool || !f->rule_id || !f->title || !f->message ||
	    (cf->path && !f->location.path))
		return sg_error(SG_ENOMEM, "out of memory");
	return sg_fingerprint_compute(set, f, cf->identity);
}

int sg_check_run(void *opaque, struct sg_findings *set,
		 struct sg_input_meta *meta, uint32_t index)
{
	struct sg_check_ctx *ctx = opaque;
	const struct sg_check *check = sg_check_find(ctx->name);
	struct timespec start, end;
	int rc;

	if (!check)
		return sg_error(SG_EUSAGE, "%s: not a built-in check",
				ctx->name);
	ctx->out = set;
	ctx->meta = meta;
	ctx->input_index = index;
	if (ctx->config && ctx->config->path && !ctx->config_path)
		ctx->config_path =
		    sg_path_normalize(set, ctx->config->path, ctx->repo_root);
	meta->tool = check->name;
	meta->format = "secgate-check";
	meta->tool_version = sg_findings_strdup(set, SECGATE_VERSION);
	if (!meta->tool_version)
		return sg_error(SG_ENOMEM, "out of memory");
	clock_gettime(CLOCK_MONOTONIC, &start);
	rc = check->run(ctx);
	clock_gettime(CLOCK_MONOTONIC, &end);
	ctx->seconds = (double)(end.tv_sec - start.tv_sec) +
		       (double)(end.tv_nsec - start.tv_nsec) / 1e9;
	if (rc < 0)
		sg_error_prefix(check->name);
	return rc;
}
