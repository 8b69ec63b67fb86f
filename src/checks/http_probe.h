/*
 * One HTTPS request for the headers check, with libcurl: TLS verification
 * always on (a private CA by file), redirects capped, timeouts, no
 * credentials, no cookies kept; only the final response's status and
 * headers are kept (the body is read and dropped, capped).
 */
#ifndef SECGATE_HTTP_PROBE_H
#define SECGATE_HTTP_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#define SG_PROBE_MAX_HEADERS 128

struct sg_probe_header {
	char *name;  /* as sent (compare case-insensitively) */
	char *value; /* trimmed */
};

struct sg_probe_response {
	long status;
	char *location;	     /* Location of a response not followed, or NULL */
	char *effective_url; /* the last URL fetched */
	struct sg_probe_header headers[SG_PROBE_MAX_HEADERS];
	size_t n_headers;
	size_t n_redirects;
};

struct sg_probe_request {
	const char *url;
	const char *method; /* "GET" or "OPTIONS" */
	const char *origin; /* an Origin header, or NULL */
	const char
	    *authorization; /* an Authorization value, or NULL (https only) */
	bool preflight;	    /* add Access-Control-Request-Method */
	bool follow;	    /* follow redirects (https only) */
	unsigned max_redirects;
	bool allow_http;     /* the http:// redirect probe */
	const char *ca_file; /* absolute, or NULL: the system's CAs */
	unsigned timeout_seconds;
};

/*
 * Fetch; fill *out (release with sg_probe_response_release). A transport
 * failure (DNS, connect, TLS, timeout, too many redirects) is SG_EINPUT
 * with "<url>: <why>"; any HTTP status is a response.
 */
int sg_probe(const struct sg_probe_request *req, struct sg_probe_response *out);

/* The first value of header name (borrowed), or NULL. */
const char *sg_probe_header(const struct sg_probe_response *r,
			    const char *name);

void sg_probe_response_release(struct sg_probe_response *r);

#endif
