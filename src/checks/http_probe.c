/*
 * HTTPS requests for the headers check (see http_probe.h). libcurl does
 * the protocol; this keeps the last response's headers (a redirect
 * starts a new block) and caps what a server can make us hold.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "http_probe.h"
#include "sanitize.h"
#include "secgate/error.h"

#define MAX_HEADER_BYTES (64 * 1024)
#define MAX_BODY_BYTES (4 * 1024 * 1024)
#define CONNECT_TIMEOUT 10L

struct collect {
	struct sg_probe_response *r;
	size_t header_bytes;
	size_t body_bytes;
	bool too_big;
};

static void clear_headers(struct sg_probe_response *r)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	r->n_headers = 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *opaque)
{
	struct collect *c = opaque;
	struct sg_probe_response *r = c->r;
	size_t len = size * n, name_len;
	const char *colon, *v, *end = data + len;

	c->header_bytes += len;
	if (c->header_bytes > MAX_HEADER_BYTES) {
		c->too_big = true;
		return 0;
	}
	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		clear_headers(r); /* a new response: keep only the last */
		return len;
	}
	colon = memchr(data, ':', len);
	if (!colon || colon == data || r->n_headers >= SG_PROBE_MAX_HEADERS)
		return len;
	name_len = (size_t)(colon - data);
	v = colon + 1;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	r->headers[r->n_headers].name = strndup(data, name_len);
	r->headers[r->n_headers].value = strndup(v, (size_t)(end - v));
	if (!r->headers[r->n_headers].name || !r->headers[r->n_headers].value) {
		free(r->headers[r->n_headers].name);
		free(r->headers[r->n_headers].value);
		return 0;
	}
	r->n_headers++;
	return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *opaque)
{
	struct collect *c = opaque;

	(void)data;
	c->body_bytes += size * n;
	if (c->body_bytes > MAX_BODY_BYTES) {
		c->too_big = true;
		return 0;
	}
	return size * n;
}

static void set_protocols(CURL *h, bool allow_http)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
			 allow_http ? "http,https" : "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS,
			 allow_http ? (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)
				    : (long)CURLPROTO_HTTPS);
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
}

int sg_probe(const struct sg_probe_request *req, struct sg_probe_response *out)
{
	struct sg_probe_response r = {0};
	struct collect c = {.r = &r};
	struct curl_slist *h = NULL, *added;
	char err[CURL_ERROR_SIZE] = "", origin[600], agent[64], *auth = NULL;
	CURL *curl = curl_easy_init();
	CURLcode code;
	int rc = 0;

	if (!curl)
		return sg_error(SG_ENOMEM, "out of memory");
	snprintf(agent, sizeof(agent), "secgate/%s (headers check)",
		 SECGATE_VERSION);
	if (req->origin) {
		snprintf(origin, sizeof(origin), "Origin: %s", req->origin);
		added = curl_slist_append(h, origin);
		h = added ? added : h;
		if (req->preflight && added) {
			added = curl_slist_append(
			    h, "Access-Control-Request-Method: GET");
			h = added ? added : h;
		}
		if (!added) {
			rc = sg_error(SG_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (req->authorization && !req->allow_http) {
		/* curl does not send it on to another host on a redirect. */
		size_t n = strlen(req->authorization) + 16;

		auth = malloc(n);
		if (!auth) {
			rc = sg_error(SG_ENOMEM, "out of memory");
			goto done;
		}
		snprintf(auth, n, "Authorization: %s", req->authorization);
		added = curl_slist_append(h, auth);
		if (!added) {
			rc = sg_error(SG_ENOMEM, "out of memory");
			goto done;
		}
		h = added;
	}
	curl_easy_setopt(curl, CURLOPT_URL, req->url);
	/* A custom method would also apply to redirected requests. */
	if (strcmp(req->method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->ca_file)
		curl_easy_setopt(curl, CURLOPT_CAINFO, req->ca_file);
	set_protocols(curl, req->allow_http);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, req->follow ? 1L : 0L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, (long)req->max_redirects);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
			 req->timeout_seconds < CONNECT_TIMEOUT
			     ? (long)req->timeout_seconds
			     : CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)req->timeout_seconds);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &c);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &c);
	code = curl_easy_perform(curl);
	if (code != CURLE_OK) {
		char safe[CURL_ERROR_SIZE + 64];

		if (c.too_big)
			snprintf(err, sizeof(err),
				 "the response is larger "
				 "than secgate reads");
		else if (code == CURLE_UNSUPPORTED_PROTOCOL && req->follow)
			/* Redirects are followed to https:// only. */
			snprintf(err, sizeof(err),
				 "redirects to a URL that is not https:// "
				 "(not followed)");
		sg_terminal_safe(safe, sizeof(safe),
				 *err ? err : curl_easy_strerror(code));
		rc = sg_error(SG_EINPUT, "%s: %s%s", req->url, safe,
			      code == CURLE_TOO_MANY_REDIRECTS
				  ? " (redirects are capped)"
				  : "");
		goto done;
	}
	{
		long redirects = 0;
		char *eff = NULL, *loc = NULL;

		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_getinfo(curl, CURLINFO_REDIRECT_COUNT, &redirects);
		curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &eff);
		curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &loc);
		r.n_redirects = redirects > 0 ? (size_t)redirects : 0;
		r.effective_url = strdup(eff ? eff : req->url);
		if (!req->follow) {
			const char *raw = sg_probe_header(&r, "Location");

			if (raw || loc)
				r.location = strdup(raw ? raw : loc);
		}
		if (!r.effective_url) {
			rc = sg_error(SG_ENOMEM, "out of memory");
			goto done;
		}
	}
done:
	/* The list holds a copy of the credential: wipe it too. */
	for (struct curl_slist *l = h; auth && l; l = l->next)
		OPENSSL_cleanse(l->data, strlen(l->data));
	if (auth) {
		OPENSSL_cleanse(auth, strlen(auth));
		free(auth);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(curl);
	if (rc < 0) {
		sg_probe_response_release(&r);
		return rc;
	}
	*out = r;
	return 0;
}

const char *sg_probe_header(const struct sg_probe_response *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strcasecmp(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void sg_probe_response_release(struct sg_probe_response *r)
{
	clear_headers(r);
	free(r->location);
	free(r->effective_url);
	memset(r, 0, sizeof(*r));
}
