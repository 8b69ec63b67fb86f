/*
 * .secgate.yml: read the file, build its tree (yaml_tree.c), validate it
 * strictly against the schema in docs/configuration.md (settings.c and one
 * file per section), then apply it and overlay a profile. Every error is
 * "<file>:<line>:<column>: <what>", exit code 2; on error the configuration
 * is untouched. config_internal.h says which file does what.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

#define MAX_BYTES (1024 * 1024)

/* ---- applying ---- */

static int apply_layer(struct sg_config *c, const struct layer *ly,
		       enum sg_origin origin)
{
	if (ly->has_fail_on) {
		c->fail_on = ly->fail_on;
		c->fail_on_origin = origin;
	}
	if (ly->has_unknown) {
		c->unknown_severity = ly->unknown;
		c->unknown_severity_origin = origin;
	}
	if (ly->has_new_only) {
		c->new_only = ly->new_only;
		c->new_only_origin = origin;
	}
	if (ly->baseline) {
		c->baseline = ly->baseline;
		c->baseline_origin = origin;
	}
	if (ly->has_honor) {
		c->honor_producer_suppressions = ly->honor;
		c->honor_origin = origin;
	}
	if (ly->has_strict) {
		c->strict = ly->strict;
		c->strict_origin = origin;
	}
	if (ly->has_expiry_warning) {
		c->expiry_warning_days = ly->expiry_warning_days;
		c->expiry_warning_origin = origin;
	}
	if (ly->has_max_age) {
		c->baseline_max_age_days = ly->max_age_days;
		c->baseline_max_age_origin = origin;
	}
	/* A profile's list replaces the file's: it can also narrow it. */
	if (ly->has_include) {
		c->include = ly->include;
		c->n_include = ly->n_include;
		c->include_origin = origin;
	}
	if (ly->has_exclude) {
		c->exclude = ly->exclude;
		c->n_exclude = ly->n_exclude;
		c->exclude_origin = origin;
	}
	/* Overrides add up: the profile's come last and win ties. */
	if (ly->n_overrides) {
		size_t n = c->n_overrides + ly->n_overrides;
		struct sg_override *all =
		    sg_arena_alloc(c->storage, n * sizeof(*all));

		if (!all)
			return cfg_no_memory();
		if (c->n_overrides)
			memcpy(all, c->overrides,
			       c->n_overrides * sizeof(*all));
		memcpy(all + c->n_overrides, ly->overrides,
		       ly->n_overrides * sizeof(*all));
		c->overrides = all;
		c->n_overrides = n;
	}
	return 0;
}

static int apply_profile(struct sg_config *c, const struct parsed *p,
			 const char *name)
{
	const struct profile *def = NULL;
	bool release = !strcmp(name, "release");

	for (size_t i = 0; i < p->n_profiles; i++)
		if (!strcmp(p->profiles[i].name, name))
			def = &p->profiles[i];
	if (release) {
		/* The built-in gate for a release; the file can adjust it. */
		c->fail_on.set = true;
		c->fail_on.none = false;
		c->fail_on.severity = SG_SEV_LOW;
		c->fail_on_origin = SG_ORIGIN_PROFILE;
		c->strict = true;
		c->strict_origin = SG_ORIGIN_PROFILE;
		c->new_only = false;
		c->new_only_origin = SG_ORIGIN_PROFILE;
		for (size_t i = 0; i < c->n_tools; i++)
			c->tools[i].required = true;
	} else if (!def) {
		char list[512], buf[64];
		size_t o = (size_t)snprintf(list, sizeof(list), "release");

		for (size_t i = 0; i < p->n_profiles && o < sizeof(list); i++)
			if (strcmp(p->profiles[i].name, "release"))
				o += (size_t)snprintf(list + o,
						      sizeof(list) - o, ", %s",
						      p->profiles[i].name);
		return sg_error(
		    SG_EUSAGE, "unknown profile '%s' (defined: %s)",
		    cfg_printable(name, strlen(name), buf, sizeof(buf)), list);
	}
	return def ? apply_layer(c, &def->layer, SG_ORIGIN_PROFILE) : 0;
}

struct sg_arena *cfg_storage(struct sg_config *c)
{
	if (!c->storage) {
		struct sg_arena *a = malloc(sizeof(*a));

		if (!a)
			return NULL;
		sg_arena_init(a);
		c->storage = a;
	}
	return c->storage;
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return sg_error(SG_EUSAGE,
				"%s: cannot open the configuration: "
				"%s",
				path, strerror(errno));
	buf = malloc(MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		return cfg_no_memory();
	}
	n = fread(buf, 1, MAX_BYTES + 1, f);
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		return sg_error(SG_EUSAGE,
				"%s: cannot read the configuration: "
				"%s",
				path, strerror(e));
	}
	fclose(f);
	if (n > MAX_BYTES) {
		free(buf);
		return sg_error(SG_EUSAGE,
				"%s: larger than 1 MiB, which no "
				"configuration needs",
				path);
	}
	*out = buf;
	*len = n;
	return 0;
}

/* ---- the interface ---- */

void sg_config_init(struct sg_config *config)
{
	memset(config, 0, sizeof(*config));
	config->fail_on.severity = SG_SEV_HIGH;
	config->unknown_severity = SG_SEV_HIGH;
	config->new_only = false;
	config->baseline = ".secgate-baseline.json";
	config->expiry_warning_days = 14;
	config->osv.enabled = true;
	config->osv.url = SG_OSV_DEFAULT_URL;
	config->osv.max_age = SG_OSV_DEFAULT_MAX_AGE;
}

void sg_config_release(struct sg_config *config)
{
	if (config->storage) {
		sg_arena_release(config->storage);
		free(config->storage);
	}
	free(config->path);
	free(config->profile);
	memset(config, 0, sizeof(*config));
}

int sg_config_load(struct sg_config *config, const char *path,
		   const char *profile)
{
	struct sg_config tmp;
	struct loader L;
	struct parsed parsed;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	/* Built aside and swapped in: on error *config is untouched. */
	sg_config_init(&tmp);
	memset(&L, 0, sizeof(L));
	memset(&parsed, 0, sizeof(parsed));
	sg_arena_init(&L.scratch);
	L.file = path;
	L.out = cfg_storage(&tmp);
	if (!L.out) {
		rc = cfg_no_memory();
		goto out;
	}
	if (path) {
		rc = read_file(path, &buf, &len);
		if (!rc)
			rc = cfg_build_tree(&L, buf, len);
		if (!rc)
			rc = cfg_parse_root(&L, &parsed);
		if (!rc)
			rc = apply_layer(&tmp, &parsed.file, SG_ORIGIN_FILE);
		if (rc)
			goto out;
		tmp.suppressions = parsed.suppressions;
		tmp.n_suppressions = parsed.n_suppressions;
		tmp.tools = parsed.tools;
		tmp.n_tools = parsed.n_tools;
		if (parsed.has_osv)
			tmp.osv = parsed.osv;
		tmp.path = strdup(path);
		if (!tmp.path) {
			rc = cfg_no_memory();
			goto out;
		}
	}
	if (profile) {
		rc = apply_profile(&tmp, &parsed, profile);
		if (rc)
			goto out;
		tmp.profile = strdup(profile);
		if (!tmp.profile) {
			rc = cfg_no_memory();
			goto out;
		}
	}
	sg_config_release(config);
	*config = tmp;
	sg_config_init(&tmp); /* now owned by *config */
	rc = 0;
out:
	sg_config_release(&tmp);
	sg_arena_release(&L.scratch);
	free(buf);
	return rc;
}

const struct sg_tool_config *sg_config_tool(const struct sg_config *config,
					    const char *name)
{
	for (size_t i = 0; i < config->n_tools; i++)
		if (!strcmp(config->tools[i].name, name))
			return &config->tools[i];
	return NULL;
}

const char *sg_origin_name(enum sg_origin origin)
{
	switch (origin) {
	case SG_ORIGIN_FILE:
		return "file";
	case SG_ORIGIN_PROFILE:
		return "profile";
	case SG_ORIGIN_ENV:
		return "env";
	case SG_ORIGIN_FLAG:
		return "flag";
	default:
		return "default";
	}
}
