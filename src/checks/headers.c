/*
 * The `headers` check: a live probe of deployed URLs (tools.headers.urls)
 * with libcurl. For each URL: the page (redirects followed, capped) and a
 * random path that should be a 404, each checked for HSTS, nosniff, frame
 * protection, Referrer-Policy, CSP, cookie flags and version-revealing
 * headers; a CORS preflight and a GET from a disallowed Origin; and, when
 * asked, the http:// form's permanent redirect to https://. Findings sit
 * at the .secgate.yml line naming the URL. docs/checks.md has each rule.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/rand.h>

#include "check.h"
#include "http_probe.h"
#include "sanitize.h"
#include "secgate/error.h"

#define DEFAULT_TIMEOUT 30
#define DEFAULT_REDIRECTS 5
#define DEFAULT_ORIGIN "https://secgate-probe.invalid"
#define HSTS_MIN_AGE 31536000L

struct target {
	struct sg_check_ctx *ctx;
	const struct sg_headers_config *cfg;
	const char *url;
	unsigned line, column;
	const char *ca_file;	   /* absolute, or NULL */
	const char *authorization; /* from the environment, or NULL */
	unsigned timeout;
};

/* Which response a finding is about: its name in identities and messages. */
struct response_kind {
	const char *id;	   /* "page", "not-found", ... (identity) */
	const char *label; /* "the page", ... (message) */
};

static const struct response_kind PAGE = {"page", "the page"};
static const struct response_kind NOT_FOUND = {"not-found", "a missing page"};
static const struct response_kind PREFLIGHT = {"preflight",
					       "the CORS preflight"};
static const struct response_kind ORIGIN_GET = {"origin-get",
						"a GET with Origin"};
static const struct response_kind PLAIN_HTTP = {"http", "the http:// form"};

static int report(const struct target *t, const struct response_kind *k,
		  const char *rule, enum sg_severity sev, const char *title,
		  const char *detail, const char *what)
{
	char identity[2300];
	struct sg_check_finding f = {
	    .rule = rule,
	    .severity = sev,
	    .title = title,
	    .path = t->ctx->config_path,
	    .line = t->line,
	    .column = t->column,
	    .identity = identity,
	};

	snprintf(identity, sizeof(identity), "url:%s response:%s%s%s", t->url,
		 k->id, detail ? " " : "", detail ? detail : "");
	return sg_check_report(t->ctx, &f, "%s (%s): %s", t->url, k->label,
			       what);
}

/* A header value made safe and short for a message. */
static const char *shown(const char *v, char *buf, size_t size)
{
	sg_terminal_safe(buf, size, v);
	return buf;
}

/* The value of directive name in a ';'-separated header (borrowed span). */
static bool directive(const char *header, const char *name, const char **v,
		      size_t *n)
{
	size_t len = strlen(name);

	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t span = end ? (size_t)(end - p) : strlen(p);

		if (span >= len && !strncasecmp(p, name, len) &&
		    (span == len || p[len] == '=' || p[len] == ' ' ||
		     p[len] == '\t')) {
			const char *s = p + len;

			while (s < p + span &&
			       (*s == ' ' || *s == '=' || *s == '\t'))
				s++;
			if (v) {
				*v = s;
				*n = (size_t)(p + span - s);
			}
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

static bool has_token(const char *s, size_t n, const char *token)
{
	size_t len = strlen(token);

	for (size_t i = 0; i + len <= n; i++)
		if (!strncasecmp(s + i, token, len) &&
		    (i == 0 || isspace((unsigned char)s[i - 1])) &&
		    (i + len == n || isspace((unsigned char)s[i + len])))
			return true;
	return false;
}

static int check_hsts(const struct target *t, const struct response_kind *k,
		      const struct sg_probe_response *r)
{
	const char *v = sg_probe_header(r, "Strict-Transport-Security"), *age;
	char what[200];
	size_t n;
	long seconds = -1;

	if (!v)
		return report(t, k, "hsts", SG_SEV_HIGH, "HSTS missing", NULL,
			      "no Strict-Transport-Security header");
	if (directive(v, "max-age", &age, &n)) {
		char digits[24] = "";
		size_t o = 0;

		for (size_t i = 0; i < n && o + 1 < sizeof(digits); i++)
			if (isdigit((unsigned char)age[i]))
				digits[o++] = age[i];
			else if (age[i] != '"')
				break;
		digits[o] = '\0';
		seconds = o ? strtol(digits, NULL, 10) : -1;
	}
	if (seconds < HSTS_MIN_AGE) {
		if (seconds < 0)
			snprintf(what, sizeof(what),
				 "Strict-Transport-Security "
				 "without a max-age");
		else
			snprintf(what, sizeof(what),
				 "Strict-Transport-Security "
				 "max-age %ld < %ld",
				 seconds, HSTS_MIN_AGE);
		return report(t, k, "hsts", SG_SEV_MEDIUM, "HSTS too short",
			      "max-age", what);
	}
	if (!directive(v, "includeSubDomains", NULL, NULL))
		return report(t, k, "hsts", SG_SEV_MEDIUM,
			      "HSTS without includeSubDomains",
			      "includeSubDomains",
			      "Strict-Transport-Security without "
			      "includeSubDomains");
	return 0;
}

static int check_nosniff(const struct target *t, const struct response_kind *k,
			 const struct sg_probe_response *r)
{
	const char *v = sg_probe_header(r, "X-Content-Type-Options");

	if (v && !strcasecmp(v, "nosniff"))
		return 0;
	return report(t, k, "nosniff", SG_SEV_MEDIUM,
		      "X-Content-Type-Options not nosniff", NULL,
		      v ? "X-Content-Type-Options is not nosniff"
			: "no X-Content-Type-Options header");
}

static int check_frames(const struct target *t, const struct response_kind *k,
			const struct sg_probe_response *r)
{
	const char *xfo = sg_probe_header(r, "X-Frame-Options");
	const char *csp = sg_probe_header(r, "Content-Security-Policy"), *fa;
	size_t n;

	if (xfo && !strcasecmp(xfo, "DENY"))
		return 0;
	if (csp && directive(csp, "frame-ancestors", &fa, &n) &&
	    has_token(fa, n, "'none'"))
		return 0;
	return report(t, k, "frame-options", SG_SEV_MEDIUM,
		      "Framing not denied", NULL,
		      xfo ? "X-Frame-Options is not DENY and the CSP has no "
			    "frame-ancestors 'none'"
			  : "no X-Frame-Options DENY and no CSP "
			    "frame-ancestors 'none'");
}

static int check_referrer(const struct target *t, const struct response_kind *k,
			  const struct sg_probe_response *r)
{
	static const char *const allowed[] = {
	    "strict-origin-when-cross-origin",
	    "no-referrer",
	    "same-origin",
	    "strict-origin",
	    NULL,
	};
	const char *v = sg_probe_header(r, "Referrer-Policy");
	char last[64] = "";

	if (v) {
		/* Browsers use the last policy they understand. */
		const char *p = strrchr(v, ',');
		size_t n;

		p = p ? p + 1 : v;
		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t");
		if (n < sizeof(last))
			snprintf(last, sizeof(last), "%.*s", (int)n, p);
		for (size_t i = 0; allowed[i]; i++)
			if (!strcasecmp(last, allowed[i]))
				return 0;
	}
	return report(t, k, "referrer-policy", SG_SEV_LOW,
		      "Referrer-Policy missing or weak", NULL,
		      v ? "Referrer-Policy is not one of "
			  "strict-origin-when-cross-origin, no-referrer, "
			  "same-origin, strict-origin"
			: "no Referrer-Policy header");
}

static int check_csp(const struct target *t, const struct response_kind *k,
		     const struct sg_probe_response *r)
{
	const char *v = sg_probe_header(r, "Content-Security-Policy"), *src;
	const char *which = "script-src";
	char what[200];
	size_t n;

	if (!v)
		return report(t, k, "csp", SG_SEV_MEDIUM, "CSP missing", NULL,
			      "no Content-Security-Policy header");
	if (!directive(v, "script-src", &src, &n)) {
		which = "default-src";
		if (!directive(v, "default-src", &src, &n))
			return report(t, k, "csp", SG_SEV_MEDIUM,
				      "CSP does not restrict scripts", NULL,
				      "Content-Security-Policy has neither "
				      "script-src nor default-src");
	}
	if (!has_token(src, n, "'unsafe-inline'") &&
	    !has_token(src, n, "'unsafe-eval'"))
		return 0;
	snprintf(what, sizeof(what), "Content-Security-Policy %s allows %s",
		 which,
		 has_token(src, n, "'unsafe-inline'") ? "'unsafe-inline'"
						      : "'unsafe-eval'");
	return report(t, k, "csp-unsafe", SG_SEV_MEDIUM,
		      "CSP allows unsafe scripts", NULL, what);
}

static int check_cookies(const struct target *t, const struct response_kind *k,
			 const struct sg_probe_response *r)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < r->n_headers; i++) {
		const char *v = r->headers[i].value, *ss, *attrs;
		char name[80], safe[100], what[300], missing[80] = "";
		size_t n = strcspn(v, "=;"), o = 0;

		if (strcasecmp(r->headers[i].name, "Set-Cookie"))
			continue;
		/* The name only: a cookie's value is never shown. */
		snprintf(name, sizeof(name), "%.*s", (int)(n < 64 ? n : 64), v);
		attrs = strchr(v, ';') ? strchr(v, ';') : "";
		if (!directive(attrs, "Secure", NULL, NULL))
			o += (size_t)snprintf(missing + o, sizeof(missing) - o,
					      " Secure");
		if (!directive(attrs, "HttpOnly", NULL, NULL))
			o += (size_t)snprintf(missing + o, sizeof(missing) - o,
					      " HttpOnly");
		if (!directive(attrs, "SameSite", &ss, &n) ||
		    !((n == 3 && !strncasecmp(ss, "Lax", 3)) ||
		      (n == 6 && !strncasecmp(ss, "Strict", 6))))
			snprintf(missing + o, sizeof(missing) - o,
				 " SameSite=Lax|Strict");
		if (!*missing)
			continue;
		shown(name, safe, sizeof(safe));
		snprintf(what, sizeof(what), "cookie '%s' lacks%s", safe,
			 missing);
		rc = report(t, k, "cookies", SG_SEV_MEDIUM,
			    "Cookie without Secure, HttpOnly or SameSite", safe,
			    what);
	}
	return rc;
}

static int check_server(const struct target *t, const struct response_kind *k,
			const struct sg_probe_response *r)
{
	const char *server = sg_probe_header(r, "Server");
	const char *powered = sg_probe_header(r, "X-Powered-By");
	char what[300], a[100], b[100];

	if (server && strpbrk(server, "0123456789") == NULL)
		server = NULL; /* a product name without a version is fine */
	if (!server && !powered)
		return 0;
	if (server && powered)
		snprintf(what, sizeof(what),
			 "Server '%s' and X-Powered-By "
			 "'%s' reveal versions",
			 shown(server, a, sizeof(a)),
			 shown(powered, b, sizeof(b)));
	else if (server)
		snprintf(what, sizeof(what), "Server '%s' reveals a version",
			 shown(server, a, sizeof(a)));
	else
		snprintf(what, sizeof(what),
			 "X-Powered-By '%s' reveals the "
			 "stack",
			 shown(powered, b, sizeof(b)));
	return report(t, k, "server-version", SG_SEV_LOW,
		      "Server reveals its software version", NULL, what);
}

static int check_response(const struct target *t, const struct response_kind *k,
			  const struct sg_probe_response *r)
{
	int (*const rules[])(const struct target *,
			     const struct response_kind *,
			     const struct sg_probe_response *) = {
	    check_hsts, check_nosniff, check_frames, check_referrer,
	    check_csp,	check_cookies, check_server,
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(rules) / sizeof(*rules); i++)
		rc = rules[i](t, k, r);
	return rc;
}

static void request(struct sg_probe_request *q, const struct target *t,
		    const char *url)
{
	memset(q, 0, sizeof(*q));
	q->url = url;
	q->method = "GET";
	q->follow = true;
	q->max_redirects =
	    t->cfg->max_redirects ? t->cfg->max_redirects : DEFAULT_REDIRECTS;
	q->ca_file = t->ca_file;
	q->timeout_seconds = t->timeout;
	q->authorization = t->authorization;
}

/* The URL with another path, or another scheme and port (new, curl_free). */
static char *derive_url(const char *url, const char *path, bool http,
			unsigned http_port)
{
	CURLU *u = curl_url();
	char *out = NULL, port[16];

	if (!u)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto done;
	if (path && (curl_url_set(u, CURLUPART_PATH, path, 0) != CURLUE_OK ||
		     curl_url_set(u, CURLUPART_QUERY, NULL, 0) != CURLUE_OK))
		goto done;
	if (http) {
		snprintf(port, sizeof(port), "%u", http_port ? http_port : 80);
		if (curl_url_set(u, CURLUPART_SCHEME, "http", 0) != CURLUE_OK ||
		    curl_url_set(u, CURLUPART_PORT,
				 http_port && http_port != 80 ? port : NULL,
				 0) != CURLUE_OK)
			goto done;
	}
	curl_url_get(u, CURLUPART_URL, &out, 0);
done:
	curl_url_cleanup(u);
	return out;
}

static int check_cors(const struct target *t, const struct response_kind *k,
		      const struct sg_probe_response *r, const char *origin)
{
	const char *acao = sg_probe_header(r, "Access-Control-Allow-Origin");
	const char *acac =
	    sg_probe_header(r, "Access-Control-Allow-Credentials");
	bool creds = acac && !strcasecmp(acac, "true");
	char what[300];

	if (!acao)
		return 0;
	if (!strcmp(acao, "*")) {
		snprintf(what, sizeof(what),
			 "Access-Control-Allow-Origin "
			 "is *%s",
			 creds ? " with Access-Control-Allow-"
				 "Credentials: true"
			       : "");
		return report(t, k, "cors-wildcard",
			      creds ? SG_SEV_HIGH : SG_SEV_MEDIUM,
			      "CORS allows any origin", NULL, what);
	}
	if (strcasecmp(acao, origin) != 0)
		return 0;
	snprintf(what, sizeof(what),
		 "the disallowed origin is reflected in "
		 "Access-Control-Allow-Origin%s",
		 creds ? " with Access-Control-Allow-Credentials: true" : "");
	return report(t, k, "cors-reflected",
		      creds ? SG_SEV_CRITICAL : SG_SEV_HIGH,
		      "CORS reflects a disallowed origin", NULL, what);
}

static int check_http_redirect(const struct target *t)
{
	struct sg_probe_request q;
	struct sg_probe_response r;
	char *url = derive_url(t->url, NULL, true, t->cfg->http_port);
	char what[300];
	int rc;

	if (!url)
		return sg_error(SG_EINPUT, "%s: cannot form its http:// URL",
				t->url);
	request(&q, t, url);
	q.follow = false;
	q.allow_http = true;
	q.authorization = NULL; /* never a credential over plain http */
	rc = sg_probe(&q, &r);
	curl_free(url);
	if (rc < 0)
		return rc;
	if ((r.status == 301 || r.status == 308) && r.location &&
	    !strncasecmp(r.location, "https://", 8)) {
		sg_probe_response_release(&r);
		return 0;
	}
	if (r.status == 301 || r.status == 308)
		snprintf(what, sizeof(what),
			 "http:// redirects (%ld) to a "
			 "URL that is not https://",
			 r.status);
	else if (r.status >= 300 && r.status < 400)
		snprintf(what, sizeof(what),
			 "http:// redirects with %ld, not "
			 "a permanent 301 or 308",
			 r.status);
	else
		snprintf(what, sizeof(what),
			 "http:// answers %ld instead of "
			 "redirecting to https://",
			 r.status);
	sg_probe_response_release(&r);
	return report(t, &PLAIN_HTTP, "http-redirect", SG_SEV_MEDIUM,
		      "http:// does not redirect to https://", NULL, what);
}

static int probe_url(struct target *t, size_t *requests)
{
	const char *origin = t->cfg->disallowed_origin
				 ? t->cfg->disallowed_origin
				 : DEFAULT_ORIGIN;
	struct sg_probe_request q;
	struct sg_probe_response r;
	unsigned char random[8];
	char path[64], *missing;
	int rc;

	/* The page itself. */
	request(&q, t, t->url);
	if ((rc = sg_probe(&q, &r)) < 0)
		return rc;
	rc = check_response(t, &PAGE, &r);
	sg_probe_response_release(&r);
	++*requests;
	if (rc < 0)
		return rc;

	/* A path that should not exist: error pages need the headers too. */
	if (RAND_bytes(random, sizeof(random)) != 1)
		return sg_error(SG_EINPUT,
				"no random bytes for the probe path");
	snprintf(path, sizeof(path),
		 "/secgate-probe-%02x%02x%02x%02x%02x%02x"
		 "%02x%02x",
		 random[0], random[1], random[2], random[3], random[4],
		 random[5], random[6], random[7]);
	missing = derive_url(t->url, path, false, 0);
	if (!missing)
		return sg_error(SG_EINPUT, "%s: not a URL", t->url);
	request(&q, t, missing);
	rc = sg_probe(&q, &r);
	curl_free(missing);
	if (rc < 0)
		return rc;
	rc = check_response(t, &NOT_FOUND, &r);
	sg_probe_response_release(&r);
	++*requests;
	if (rc < 0)
		return rc;

	/* CORS from an origin that must not be allowed. */
	request(&q, t, t->url);
	q.authorization = NULL; /* a browser's preflight carries none */
	q.method = "OPTIONS";
	q.origin = origin;
	q.preflight = true;
	q.follow = false;
	if ((rc = sg_probe(&q, &r)) < 0)
		return rc;
	rc = check_cors(t, &PREFLIGHT, &r, origin);
	sg_probe_response_release(&r);
	++*requests;
	if (rc < 0)
		return rc;
	request(&q, t, t->url);
	q.origin = origin;
	if ((rc = sg_probe(&q, &r)) < 0)
		return rc;
	rc = check_cors(t, &ORIGIN_GET, &r, origin);
	sg_probe_response_release(&r);
	++*requests;
	if (rc == 0 && t->cfg->http_redirect) {
		rc = check_http_redirect(t);
		++*requests;
	}
	return rc;
}

static int headers_run(struct sg_check_ctx *ctx)
{
	const struct sg_headers_config *cfg =
	    ctx->tool ? ctx->tool->headers : NULL;
	const char *authorization = NULL;
	char *ca = NULL;
	size_t requests = 0;
	int rc = 0;

	if (!cfg || !cfg->n_urls)
		return sg_error(SG_EINPUT,
				"no URLs to probe: list them under "
				"tools.headers.urls in .secgate.yml");
	if (cfg->authorization_env) {
		authorization = getenv(cfg->authorization_env);
		if (!authorization || !*authorization)
			return sg_error(SG_EINPUT,
					"authorization_env: the "
					"environment variable %s is not set",
					cfg->authorization_env);
		for (const char *p = authorization; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return sg_error(SG_EINPUT,
						"authorization_env: "
						"%s holds a control character",
						cfg->authorization_env);
	}
	if (cfg->ca_file) {
		size_t n = strlen(ctx->repo_root) + strlen(cfg->ca_file) + 2;

		ca = malloc(n);
		if (!ca)
			return sg_error(SG_ENOMEM, "out of memory");
		if (cfg->ca_file[0] == '/')
			snprintf(ca, n, "%s", cfg->ca_file);
		else
			snprintf(ca, n, "%s/%s", ctx->repo_root, cfg->ca_file);
		FILE *f = fopen(ca, "r");
		if (!f) {
			free(ca);
			return sg_error(SG_EINPUT, "ca_file %s: cannot read",
					cfg->ca_file);
		}
		fclose(f);
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(ca);
		return sg_error(SG_EINPUT, "libcurl cannot start");
	}
	for (size_t i = 0; rc == 0 && i < cfg->n_urls; i++) {
		struct target t = {
		    .ctx = ctx,
		    .cfg = cfg,
		    .url = cfg->urls[i],
		    .line = cfg->url_lines ? cfg->url_lines[i] : 0,
		    .column = cfg->url_columns ? cfg->url_columns[i] : 0,
		    .ca_file = ca,
		    .authorization = authorization,
		    .timeout = ctx->tool->timeout_seconds
				   ? ctx->tool->timeout_seconds
				   : DEFAULT_TIMEOUT,
		};

		rc = probe_url(&t, &requests);
	}
	curl_global_cleanup();
	free(ca);
	if (rc == 0)
		snprintf(ctx->status, sizeof(ctx->status),
			 "probed %zu URL%s with %zu requests", cfg->n_urls,
			 cfg->n_urls == 1 ? "" : "s", requests);
	return rc;
}

const struct sg_check sg_check_headers = {
    .version = SG_CHECK_VERSION,
    .name = "headers",
    .summary = "security headers, cookies and CORS of deployed URLs",
    .run = headers_run,
};
