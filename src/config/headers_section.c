/*
 * tools.headers: the built-in headers check's section (src/checks/
 * headers.c): the deployed URLs to probe, each keeping the line that
 * names it (findings point there), a private CA, the CORS probe's origin
 * and the http:// redirect probe. docs/configuration.md has the keys.
 */
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/*
 * An https:// URL with a host and no user name or password in it (they
 * would be printed with every finding).
 */
static int check_probe_url(struct loader *L, const struct ynode *at,
			   const char *where, const char *value, bool any_path)
{
	const char *host = value + 8;
	size_t authority = strcspn(host, "/?#");

	if (strncmp(value, "https://", 8) != 0)
		return cfg_fail(L, at, where, "must be an https:// URL%s",
				any_path ? "" : " (an origin)");
	for (const char *p = value; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return cfg_fail(L, at, where,
					"must not contain spaces or control "
					"characters");
	if (!authority || host[0] == ':')
		return cfg_fail(L, at, where, "has no host");
	if (memchr(host, '@', authority))
		return cfg_fail(L, at, where,
				"must not contain a user name or password");
	if (!any_path && host[authority])
		return cfg_fail(
		    L, at, where,
		    "must be an origin: scheme, host and port only");
	return 0;
}

static int check_url_item(struct loader *L, const struct ynode *at,
			  const char *where, const char *value)
{
	return check_probe_url(L, at, where, value, true);
}

static int get_small_number(struct loader *L, const struct ynode *at,
			    const char *where, unsigned min, unsigned max,
			    unsigned *out)
{
	const struct ynode *n = cfg_deref(at);
	char buf[64];
	unsigned long v = 0;
	size_t len = n->type == Y_SCALAR ? strlen(n->value) : 0;

	if (n->type == Y_SCALAR && n->plain && len && len <= 6 &&
	    strspn(n->value, "0123456789") == len) {
		v = strtoul(n->value, NULL, 10);
		if (v >= min && v <= max) {
			*out = (unsigned)v;
			return 0;
		}
	}
	return cfg_fail(L, at, where,
			"must be a whole number from %u to %u, not %s", min,
			max, cfg_describe(n, buf, sizeof(buf)));
}

static int parse_urls(struct loader *L, const struct ynode *at,
		      const char *where, struct sg_headers_config *h)
{
	const struct ynode *seq;
	size_t i = 0;

	if (cfg_get_string_list(L, at, where, false, check_url_item, &h->urls,
				&h->n_urls))
		return SG_EUSAGE;
	if (cfg_get_collection(L, at, where, Y_SEQUENCE, &seq))
		return SG_EUSAGE;
	if (!h->n_urls)
		return cfg_fail(L, at, where, "must list at least one URL");
	if (h->n_urls > 100)
		return cfg_fail(L, at, where, "more than 100 URLs");
	h->url_lines = sg_arena_alloc(L->out, h->n_urls * sizeof(unsigned));
	h->url_columns = sg_arena_alloc(L->out, h->n_urls * sizeof(unsigned));
	if (!h->url_lines || !h->url_columns)
		return cfg_no_memory();
	/* Findings point at the line that names the URL. */
	for (const struct ynode *item = seq->first; item; item = item->next) {
		h->url_lines[i] = item->line;
		h->url_columns[i] = item->column;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(h->urls[j], h->urls[i]))
				return cfg_fail(
				    L, item, where,
				    "lists a URL twice (first at line "
				    "%u)",
				    h->url_lines[j]);
		i++;
	}
	return 0;
}

enum {
	H_ENABLED,
	H_TIMEOUT,
	H_URLS,
	H_CA_FILE,
	H_ORIGIN,
	H_HTTP_REDIRECT,
	H_HTTP_PORT,
	H_MAX_REDIRECTS,
	H_AUTHORIZATION_ENV,
	H_COUNT
};
static const char *const headers_keys[H_COUNT] = {
    [H_ENABLED] = "enabled",
    [H_TIMEOUT] = "timeout",
    [H_URLS] = "urls",
    [H_CA_FILE] = "ca_file",
    [H_ORIGIN] = "disallowed_origin",
    [H_HTTP_REDIRECT] = "http_redirect",
    [H_HTTP_PORT] = "http_port",
    [H_MAX_REDIRECTS] = "max_redirects",
    [H_AUTHORIZATION_ENV] = "authorization_env",
};

/* An environment variable's name: the value itself never is in a file. */
static int check_env_name(struct loader *L, const struct ynode *at,
			  const char *where, const char *name)
{
	size_t n = strlen(name);

	if (!n || n > 128 || (name[0] >= '0' && name[0] <= '9') ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_") != n)
		return cfg_fail(L, at, where,
				"must be the name of an environment variable "
				"(letters, digits, '_'), not a value");
	return 0;
}

int cfg_parse_headers_section(struct loader *L, const struct ynode *pos,
			      const struct ynode *at, const char *where,
			      struct sg_tool_config *t)
{
	struct sg_headers_config *h;
	const struct ynode *m;
	struct keyset ks = {0};
	char buf[64];

	h = cfg_check_section_begin(L, pos, "headers", sizeof(*h), t);
	if (!h)
		return cfg_no_memory();
	t->headers = h;
	m = cfg_deref(at);
	if (cfg_is_null(m))
		return cfg_fail(L, at, where,
				"'urls' is required: the "
				"deployed https:// URLs to probe");
	if (m->type != Y_MAPPING)
		return cfg_fail(L, at, where, "must be a mapping, not %s",
				cfg_describe(m, buf, sizeof(buf)));
	for (const struct ynode *k = m->first; k; k = k->next->next) {
		const struct ynode *v = k->next;
		char sub[256];
		size_t idx = 0;
		int rc = 0;

		if (cfg_check_key(L, k, where, headers_keys, H_COUNT,
				  (1u << H_COUNT) - 1, &ks, &idx))
			return SG_EUSAGE;
		cfg_join(sub, sizeof(sub), where, headers_keys[idx]);
		switch (idx) {
		case H_ENABLED:
			rc = cfg_get_bool(L, v, sub, &t->enabled);
			break;
		case H_TIMEOUT:
			rc = cfg_get_duration(L, v, sub, &t->timeout_seconds);
			break;
		case H_URLS:
			rc = parse_urls(L, v, sub, h);
			break;
		case H_CA_FILE:
			rc = cfg_get_string(L, v, sub, false, &h->ca_file);
			break;
		case H_ORIGIN:
			rc = cfg_get_string(L, v, sub, false,
					    &h->disallowed_origin);
			if (!rc)
				rc = check_probe_url(
				    L, v, sub, h->disallowed_origin, false);
			break;
		case H_HTTP_REDIRECT:
			rc = cfg_get_bool(L, v, sub, &h->http_redirect);
			break;
		case H_HTTP_PORT:
			rc = get_small_number(L, v, sub, 1, 65535,
					      &h->http_port);
			break;
		case H_MAX_REDIRECTS:
			rc = get_small_number(L, v, sub, 0, 20,
					      &h->max_redirects);
			break;
		case H_AUTHORIZATION_ENV:
			rc = cfg_get_string(L, v, sub, false,
					    &h->authorization_env);
			if (!rc)
				rc = check_env_name(L, v, sub,
						    h->authorization_env);
			break;
		}
		if (rc)
			return rc;
	}
	if (!h->n_urls)
		return cfg_fail(L, at, where,
				"'urls' is required: the "
				"deployed https:// URLs to probe");
	return 0;
}
