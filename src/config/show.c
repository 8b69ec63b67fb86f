/*
 * `secgate config show`: the effective configuration as YAML, each setting
 * with where it came from.
 */
#include <stdio.h>

#include "config_internal.h"

/*
 * A YAML double-quoted string: always valid, whatever the text. The second
 * '#' of "##[" is written \x23 (the same text to YAML), so a printed value
 * is never a GitHub runner command.
 */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const char *start = s; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '#' && s > start && s[-1] == '#' && s[1] == '[')
			fputs("\\x23", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void put_list(FILE *out, const char *const *v, size_t n)
{
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		put_quoted(out, v[i]);
	}
	fputc(']', out);
}

static void put_origin(FILE *out, const struct sg_config *c,
		       enum sg_origin origin)
{
	fprintf(out, "  # from: %s", sg_origin_name(origin));
	if (origin == SG_ORIGIN_PROFILE && c->profile) {
		fputc(' ', out);
		for (const char *p = c->profile; *p; p++)
			fputc(*p >= 0x20 && *p < 0x7f ? *p : '?', out);
	}
	fputc('\n', out);
}

static const char *threshold_name(const struct sg_threshold *t)
{
	return t->none ? "none" : sg_severity_name(t->severity);
}

static void show_comment(FILE *out, const char *label, const char *value)
{
	fprintf(out, "# %s: ", label);
	for (const char *p = value; *p; p++)
		fputc((unsigned char)*p >= 0x20 && *p != 0x7f ? *p : '?', out);
	fputc('\n', out);
}

static void show_env(FILE *out, const struct sg_env_config *e,
		     const char *indent)
{
	if (e->n_files) {
		fprintf(out, "%sfiles: ", indent);
		put_list(out, e->files, e->n_files);
		fputc('\n', out);
	}
	if (e->n_rules)
		fprintf(out, "%srules:\n", indent);
	for (size_t i = 0; i < e->n_rules; i++) {
		const struct sg_env_rule *r = &e->rules[i];

		fprintf(out, "%s  - key: ", indent);
		put_quoted(out, r->key);
		fputc('\n', out);
		if (r->required)
			fprintf(out, "%s    required: true\n", indent);
		if (r->has_range)
			fprintf(out, "%s    range: [%g, %g]\n", indent,
				r->range_min, r->range_max);
		if (r->min_length)
			fprintf(out, "%s    min_length: %u\n", indent,
				r->min_length);
		if (r->pattern) {
			fprintf(out, "%s    pattern: ", indent);
			put_quoted(out, r->pattern);
			fputc('\n', out);
		}
		if (r->n_one_of) {
			fprintf(out, "%s    one_of: ", indent);
			put_list(out, r->one_of, r->n_one_of);
			fputc('\n', out);
		}
		if (r->n_forbidden)
			fprintf(out, "%s    forbidden: %zu values\n", indent,
				r->n_forbidden);
		if (r->https_only)
			fprintf(out, "%s    https_only: true\n", indent);
		if (r->has_severity)
			fprintf(out, "%s    severity: %s\n", indent,
				sg_severity_name(r->severity));
	}
}

static void show_headers(FILE *out, const struct sg_headers_config *h,
			 const char *indent)
{
	fprintf(out, "%surls: ", indent);
	put_list(out, h->urls, h->n_urls);
	fputc('\n', out);
	if (h->ca_file) {
		fprintf(out, "%sca_file: ", indent);
		put_quoted(out, h->ca_file);
		fputc('\n', out);
	}
	if (h->disallowed_origin) {
		fprintf(out, "%sdisallowed_origin: ", indent);
		put_quoted(out, h->disallowed_origin);
		fputc('\n', out);
	}
	fprintf(out, "%shttp_redirect: %s\n", indent,
		h->http_redirect ? "true" : "false");
	if (h->http_port)
		fprintf(out, "%shttp_port: %u\n", indent, h->http_port);
	if (h->max_redirects)
		fprintf(out, "%smax_redirects: %u\n", indent,
			h->max_redirects);
	if (h->authorization_env) /* the name; the value is never shown */
		fprintf(out, "%sauthorization_env: %s\n", indent,
			h->authorization_env);
}

static void show_tool(FILE *out, const struct sg_tool_config *t,
		      const char *indent)
{
	fprintf(out, "%senabled: %s\n", indent, t->enabled ? "true" : "false");
	fprintf(out, "%srequired: %s\n", indent,
		t->required ? "true" : "false");
	fprintf(out, "%stimeout: %u\n", indent, t->timeout_seconds);
	if (t->n_args) {
		fprintf(out, "%sargs: ", indent);
		put_list(out, t->args, t->n_args);
		fputc('\n', out);
	}
	if (t->path) {
		fprintf(out, "%spath: ", indent);
		put_quoted(out, t->path);
		fputc('\n', out);
	}
	if (t->mode)
		fprintf(out, "%smode: %s\n", indent, t->mode);
	if (t->target) {
		fprintf(out, "%starget: ", indent);
		put_quoted(out, t->target);
		fputc('\n', out);
	}
	if (t->n_scanners) {
		fprintf(out, "%sscanners: ", indent);
		put_list(out, t->scanners, t->n_scanners);
		fputc('\n', out);
	}
	if (t->n_requirements) {
		fprintf(out, "%srequirements: ", indent);
		put_list(out, t->requirements, t->n_requirements);
		fputc('\n', out);
	}
	if (t->sarif) {
		fprintf(out, "%ssarif: ", indent);
		put_quoted(out, t->sarif);
		fputc('\n', out);
	}
	if (t->database) {
		fprintf(out, "%sdatabase: ", indent);
		put_quoted(out, t->database);
		fputc('\n', out);
	}
	if (t->env)
		show_env(out, t->env, indent);
	if (t->headers)
		show_headers(out, t->headers, indent);
	if (!t->is_custom)
		return;
	fprintf(out, "%scommand: ", indent);
	put_list(out, t->command, t->n_command);
	fprintf(out, "\n%sformat: %s\n%soutput: ", indent, t->format, indent);
	if (t->output == SG_OUTPUT_FILE && t->output_path)
		put_quoted(out, t->output_path);
	else
		fputs("stdout", out);
	fputc('\n', out);
	if (t->n_success_exit_codes) {
		fprintf(out, "%ssuccess_exit_codes: [", indent);
		for (size_t i = 0; i < t->n_success_exit_codes; i++)
			fprintf(out, "%s%d", i ? ", " : "",
				t->success_exit_codes[i]);
		fputs("]\n", out);
	}
}

void sg_config_show(const struct sg_config *c, FILE *out)
{
	size_t n_custom = 0;

	fputs("# secgate: the effective configuration\n", out);
	show_comment(out, "file", c->path ? c->path : "(none: defaults)");
	if (c->profile)
		show_comment(out, "profile", c->profile);
	fprintf(out, "fail_on: %s", threshold_name(&c->fail_on));
	put_origin(out, c, c->fail_on_origin);
	fprintf(out, "unknown_severity: %s",
		sg_severity_name(c->unknown_severity));
	put_origin(out, c, c->unknown_severity_origin);
	fprintf(out, "new_only: %s", c->new_only ? "true" : "false");
	put_origin(out, c, c->new_only_origin);
	fputs("baseline: ", out);
	put_quoted(out, c->baseline ? c->baseline : "");
	put_origin(out, c, c->baseline_origin);
	fprintf(out, "honor_producer_suppressions: %s",
		c->honor_producer_suppressions ? "true" : "false");
	put_origin(out, c, c->honor_origin);
	fprintf(out, "strict: %s", c->strict ? "true" : "false");
	put_origin(out, c, c->strict_origin);
	fprintf(out, "expiry_warning_days: %u", c->expiry_warning_days);
	put_origin(out, c, c->expiry_warning_origin);
	fprintf(out, "baseline_max_age_days: %u", c->baseline_max_age_days);
	put_origin(out, c, c->baseline_max_age_origin);

	fputs("paths:\n  include: ", out);
	put_list(out, c->include, c->n_include);
	put_origin(out, c, c->include_origin);
	fputs("  exclude: ", out);
	put_list(out, c->exclude, c->n_exclude);
	put_origin(out, c, c->exclude_origin);

	fputs(c->n_overrides ? "overrides:\n" : "overrides: []\n", out);
	for (size_t i = 0; i < c->n_overrides; i++) {
		const struct sg_override *o = &c->overrides[i];
		const char *lead = "  - ";

		if (o->tool) {
			fputs(lead, out);
			fputs("tool: ", out);
			put_quoted(out, o->tool);
			fputc('\n', out);
			lead = "    ";
		}
		if (o->has_kind) {
			fprintf(out, "%skind: %s\n", lead,
				sg_kind_name(o->kind));
			lead = "    ";
		}
		if (o->rule) {
			fprintf(out, "%srule: ", lead);
			put_quoted(out, o->rule);
			fputc('\n', out);
			lead = "    ";
		}
		if (o->fail_on.set) {
			fprintf(out, "%sfail_on: %s\n", lead,
				threshold_name(&o->fail_on));
			lead = "    ";
		}
		if (o->has_severity)
			fprintf(out, "%sseverity: %s\n", lead,
				sg_severity_name(o->severity));
	}

	fputs(c->n_suppressions ? "suppressions:\n" : "suppressions: []\n",
	      out);
	for (size_t i = 0; i < c->n_suppressions; i++) {
		const struct sg_suppression *s = &c->suppressions[i];
		const struct {
			const char *key, *value;
		} fields[] = {
		    {"fingerprint", s->fingerprint},
		    {"rule", s->rule},
		    {"vulnerability", s->vulnerability},
		    {"path", s->path},
		    {"tool", s->tool},
		    {"reason", s->reason},
		    {"owner", s->owner},
		};
		const char *lead = "  - ";

		for (size_t j = 0; j < sizeof(fields) / sizeof(fields[0]);
		     j++) {
			if (!fields[j].value)
				continue;
			fprintf(out, "%s%s: ", lead, fields[j].key);
			put_quoted(out, fields[j].value);
			fputc('\n', out);
			lead = "    ";
		}
		if (s->package) {
			fprintf(out, "%spackage: {name: ", lead);
			put_quoted(out, s->package);
			if (s->package_versions) {
				fputs(", versions: ", out);
				put_quoted(out, s->package_versions);
			}
			fputs("}\n", out);
		}
		if (s->has_expiry)
			fprintf(out, "    expires: %s\n", s->expires_text);
	}

	fputs(c->n_tools ? "tools:\n" : "tools: {}\n", out);
	for (size_t i = 0; i < c->n_tools; i++) {
		if (c->tools[i].is_custom) {
			n_custom++;
			continue;
		}
		fprintf(out, "  %s:\n", c->tools[i].name);
		show_tool(out, &c->tools[i], "    ");
	}
	if (n_custom)
		fputs("  custom:\n", out);
	for (size_t i = 0; i < c->n_tools; i++) {
		if (!c->tools[i].is_custom)
			continue;
		fputs("    - name: ", out);
		put_quoted(out, c->tools[i].name);
		fputc('\n', out);
		show_tool(out, &c->tools[i], "      ");
	}

	fputs("enrich:\n  osv:\n", out);
	fprintf(out, "    enabled: %s\n", c->osv.enabled ? "true" : "false");
	fputs("    url: ", out);
	put_quoted(out, c->osv.url);
	fputc('\n', out);
	if (c->osv.cache_dir) {
		fputs("    cache_dir: ", out);
		put_quoted(out, c->osv.cache_dir);
		fputc('\n', out);
	}
	fprintf(out, "    max_age: %u\n", c->osv.max_age);
	if (c->osv.db) {
		fputs("    db: ", out);
		put_quoted(out, c->osv.db);
		fputc('\n', out);
	}
}
