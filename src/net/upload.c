/*
 * SARIF upload to GitHub code scanning (see upload.h): the pre-flight checks
 * on the log (streaming, any producer's SARIF 2.1.0), gzip with zlib and
 * base64 with OpenSSL, and the REST calls with libcurl — TLS verified, no
 * redirects, capped bodies, retries that honour GitHub's rate-limit headers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <zlib.h>

#include "sanitize.h"
#include "secgate/error.h"
#include "secgate/jsonstream.h"
#include "upload.h"
#include "version.h"

/* ---- checks on the log ---- */

struct check {
	struct sg_jstream *js;
	struct sg_sarif_summary *sum;
	char *name; /* the first run's driver name */
	bool mixed; /* runs name different drivers */
	bool have_version;
};

/* Why a failed or empty log must not reach code scanning. */
#define WHY_FAILED                                                             \
	"the tool failed: uploading this log would mark every open alert "     \
	"of the category fixed"

static int check_notifications(struct check *st, const json_t *notes,
			       unsigned run, unsigned inv)
{
	size_t i;
	const json_t *n;

	if (!json_is_array(notes))
		return 0;
	json_array_foreach(notes, i, n)
	{
		const json_t *d = json_object_get(n, "descriptor");
		const json_t *id = json_object_get(d, "id");

		/* secgate's own report records an unreadable input so. */
		if (json_is_string(id) &&
		    strcmp(json_string_value(id), "secgate/input-failed") == 0)
			return sg_js_error_at_value(
			    st->js,
			    "runs[%u].invocations[%u]: secgate recorded a "
			    "failed input (toolExecutionNotifications[%zu]): "
			    "%s",
			    run, inv, i, WHY_FAILED);
	}
	return 0;
}

static int check_invocations(struct check *st, unsigned run)
{
	unsigned i = 0;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_skip(st->js);
	if (c != '[')
		return sg_js_error(
		    st->js, "runs[%u]: 'invocations' must be an array", run);
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1) {
		json_t *inv = NULL;
		const json_t *ok;

		rc = sg_js_load(st->js, &inv);
		if (rc < 0)
			break;
		ok = json_object_get(inv, "executionSuccessful");
		if (!json_is_object(inv))
			rc = sg_js_error_at_value(
			    st->js,
			    "runs[%u].invocations[%u]: must be an object", run,
			    i);
		else if (json_is_false(ok))
			rc = sg_js_error_at_value(
			    st->js,
			    "runs[%u].invocations[%u]: executionSuccessful is "
			    "false: %s",
			    run, i, WHY_FAILED);
		else
			rc = check_notifications(
			    st,
			    json_object_get(inv, "toolExecutionNotifications"),
			    run, i);
		json_decref(inv);
		i++;
	}
	return rc < 0 ? rc : 0;
}

static int check_results(struct check *st, unsigned run, size_t *count)
{
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c != '[')
		return sg_js_error(st->js,
				   "runs[%u]: 'results' must be an array (a "
				   "run without results would mark every open "
				   "alert fixed)",
				   run);
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1) {
		if (++*count > SG_UPLOAD_MAX_RESULTS)
			return sg_js_error(st->js,
					   "runs[%u] has more than %d results, "
					   "GitHub's limit per run: split the "
					   "analysis or narrow its rules",
					   run, SG_UPLOAD_MAX_RESULTS);
		rc = sg_js_skip(st->js);
	}
	return rc < 0 ? rc : 0;
}

static int check_tool(struct check *st, unsigned run)
{
	json_t *tool = NULL;
	const json_t *name;
	int rc = sg_js_load(st->js, &tool);

	if (rc < 0)
		return rc;
	name = json_object_get(json_object_get(tool, "driver"), "name");
	if (!json_is_string(name)) {
		json_decref(tool);
		return sg_js_error_at_value(
		    st->js, "runs[%u]: 'tool.driver.name' must be a string",
		    run);
	}
	if (!st->name) {
		st->name = strdup(json_string_value(name));
		if (!st->name)
			rc = sg_error(SG_ENOMEM, "out of memory");
	} else if (strcmp(st->name, json_string_value(name)) != 0) {
		st->mixed = true;
	}
	json_decref(tool);
	return rc;
}

static int check_run(struct check *st, unsigned run)
{
	char key[SG_JS_KEY_MAX];
	bool have_results = false, have_tool = false;
	size_t count = 0;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(st->js, "runs[%u]: must be an object", run);
	rc = sg_js_begin_object(st->js);
	while (rc >= 0 && (rc = sg_js_next_key(st->js, key)) == 1) {
		if (strcmp(key, "results") == 0) {
			have_results = true;
			rc = check_results(st, run, &count);
		} else if (strcmp(key, "invocations") == 0) {
			rc = check_invocations(st, run);
		} else if (strcmp(key, "tool") == 0) {
			have_tool = true;
			rc = check_tool(st, run);
		} else {
			rc = sg_js_skip(st->js);
		}
	}
	if (rc < 0)
		return rc;
	if (!have_tool)
		return sg_js_error(st->js, "runs[%u]: no 'tool'", run);
	if (!have_results)
		return sg_js_error(st->js,
				   "runs[%u]: no 'results' array (the results "
				   "were not computed: uploading would mark "
				   "every open alert fixed)",
				   run);
	st->sum->results += count;
	return 0;
}

static int check_runs(struct check *st)
{
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c == 'n')
		return sg_js_error(st->js, "'runs' is null (the tool failed): "
					   "nothing to upload");
	if (c != '[')
		return sg_js_error(st->js, "'runs' must be an array");
	rc = sg_js_begin_array(st->js);
	while (rc >= 0 && (rc = sg_js_next_item(st->js)) == 1) {
		if (st->sum->runs >= SG_UPLOAD_MAX_RUNS)
			return sg_js_error(st->js,
					   "the log has more than %d runs, "
					   "GitHub's limit per upload: upload "
					   "the tools' logs separately",
					   SG_UPLOAD_MAX_RUNS);
		rc = check_run(st, (unsigned)st->sum->runs);
		if (rc >= 0)
			st->sum->runs++;
	}
	return rc < 0 ? rc : 0;
}

static int check_version(struct check *st)
{
	json_t *v = NULL;
	int rc = sg_js_load(st->js, &v);

	if (rc < 0)
		return rc;
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.1.0") != 0)
		rc = sg_js_error_at_value(st->js,
					  "not a SARIF 2.1.0 log: 'version' "
					  "must be \"2.1.0\" (GitHub code "
					  "scanning reads only 2.1.0)");
	json_decref(v);
	st->have_version = true;
	return rc;
}

static int check_log(struct check *st)
{
	char key[SG_JS_KEY_MAX];
	bool have_runs = false;
	int rc, c = sg_js_peek(st->js);

	if (c < 0)
		return c;
	if (c != '{')
		return sg_js_error(st->js,
				   "not a SARIF log: expected a JSON object");
	rc = sg_js_begin_object(st->js);
	while (rc >= 0 && (rc = sg_js_next_key(st->js, key)) == 1) {
		if (strcmp(key, "version") == 0) {
			rc = check_version(st);
		} else if (strcmp(key, "runs") == 0) {
			have_runs = true;
			rc = check_runs(st);
		} else {
			rc = sg_js_skip(st->js);
		}
	}
	if (rc >= 0)
		rc = sg_js_finish(st->js);
	if (rc < 0)
		return rc;
	if (!st->have_version)
		return sg_js_error(st->js, "not a SARIF 2.1.0 log: no "
					   "'version'");
	if (!have_runs)
		return sg_js_error(st->js, "not a SARIF log: no 'runs'");
	if (st->sum->runs == 0)
		return sg_js_error(st->js, "the log has no runs: uploading it "
					   "would mark every open alert fixed");
	return 0;
}

int sg_sarif_check_upload(const char *path, struct sg_sarif_summary *out)
{
	struct sg_sarif_summary sum = {0};
	struct check st = {.sum = &sum};
	int rc = sg_jstream_open(&st.js, path, 0);

	if (rc == 0)
		rc = check_log(&st);
	sg_jstream_free(st.js);
	if (rc == 0) {
		sum.tool_name =
		    strdup(st.mixed || !st.name ? "secgate" : st.name);
		if (!sum.tool_name)
			rc = sg_error(SG_ENOMEM, "out of memory");
	}
	free(st.name);
	if (rc == 0)
		*out = sum;
	return rc;
}

void sg_sarif_summary_release(struct sg_sarif_summary *s)
{
	free(s->tool_name);
	s->tool_name = NULL;
}

/* ---- gzip + base64 ---- */

struct gz {
	z_stream z;
	unsigned char *buf;
	size_t len, cap, max;
};

static int gz_over(size_t max)
{
	return sg_error(SG_EINPUT,
			"the gzip-compressed log is larger than %zu MiB, "
			"GitHub's limit per upload: upload the tools' logs "
			"separately or narrow the analysis",
			max >> 20);
}

static int gz_feed(struct gz *g, const void *data, size_t len, int flush)
{
	unsigned char chunk[1 << 16];
	int zr;

	/* zlib's avail_in is 32-bit: feed huge buffers in slices. */
	do {
		size_t part = len > (1u << 30) ? (1u << 30) : len;
		int f = part == len ? flush : Z_NO_FLUSH;

		g->z.next_in = (unsigned char *)(uintptr_t)data;
		g->z.avail_in = (uInt)part;
		do {
			size_t have;

			g->z.next_out = chunk;
			g->z.avail_out = sizeof(chunk);
			zr = deflate(&g->z, f);
			if (zr == Z_STREAM_ERROR)
				return sg_error(SG_EINPUT, "gzip failed");
			have = sizeof(chunk) - g->z.avail_out;
			if (g->len + have > g->max)
				return gz_over(g->max);
			if (g->len + have > g->cap) {
				size_t cap = g->cap ? g->cap * 2 : 1 << 16;
				unsigned char *p;

				while (cap < g->len + have)
					cap *= 2;
				p = realloc(g->buf, cap);
				if (!p)
					return sg_error(SG_ENOMEM,
							"out of memory");
				g->buf = p;
				g->cap = cap;
			}
			memcpy(g->buf + g->len, chunk, have);
			g->len += have;
		} while (g->z.avail_out == 0);
		data = (const char *)data + part;
		len -= part;
	} while (len > 0);
	return 0;
}

static int gz_init(struct gz *g, size_t max)
{
	memset(g, 0, sizeof(*g));
	g->max = max;
	/* windowBits 15 + 16: a gzip header and trailer, as `gzip -c`. */
	if (deflateInit2(&g->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return sg_error(SG_ENOMEM, "cannot start gzip");
	return 0;
}

/* Base64 of the compressed bytes; releases g. */
static int gz_finish_base64(struct gz *g, int rc, char **out, size_t *gzip_len)
{
	char *b64 = NULL;

	deflateEnd(&g->z);
	if (rc == 0 && g->len > (size_t)INT32_MAX)
		rc = gz_over(g->max);
	if (rc == 0) {
		b64 = malloc(4 * ((g->len + 2) / 3) + 1);
		if (!b64)
			rc = sg_error(SG_ENOMEM, "out of memory");
		else
			EVP_EncodeBlock((unsigned char *)b64, g->buf,
					(int)g->len);
	}
	free(g->buf);
	if (rc == 0) {
		*out = b64;
		if (gzip_len)
			*gzip_len = g->len;
	}
	return rc;
}

int sg_gzip_base64(const char *data, size_t len, size_t max_gzip, char **out,
		   size_t *gzip_len)
{
	struct gz g;
	int rc = gz_init(&g, max_gzip);

	if (rc < 0)
		return rc;
	rc = gz_feed(&g, data, len, Z_FINISH);
	return gz_finish_base64(&g, rc, out, gzip_len);
}

/* Re-serializing needs the whole tree: cap what jansson is given. */
#define CATEGORY_MAX_INPUT ((long long)256 << 20)

static int with_category(const char *path, const char *category, char **out,
			 size_t *len)
{
	json_error_t jerr;
	json_t *log, *run;
	size_t i, n = strlen(category);
	char *id = malloc(n + 2);
	FILE *f = fopen(path, "rb");
	long long size = -1;
	int rc = 0;

	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (f)
		fclose(f);
	if (!id) {
		return sg_error(SG_ENOMEM, "out of memory");
	} else if (size > CATEGORY_MAX_INPUT) {
		free(id);
		return sg_error(SG_EINPUT,
				"--category rewrites the log, which is limited "
				"to %lld MiB: set runs[].automationDetails.id "
				"in the tool instead",
				CATEGORY_MAX_INPUT >> 20);
	}
	/* GitHub reads the category as everything before the last '/'. */
	memcpy(id, category, n + 1);
	if (n == 0 || category[n - 1] != '/')
		memcpy(id + n, "/", 2);
	/* jansson's error text quotes the input: never show it. */
	log = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
			     &jerr);
	if (!log) {
		free(id);
		return sg_error(SG_EINPUT,
				"cannot re-read the log to set "
				"the category (line %d)",
				jerr.line);
	}
	json_array_foreach(json_object_get(log, "runs"), i, run)
	{
		if (json_object_get(run, "automationDetails"))
			continue; /* the producer's own id wins, as in the
				   * CodeQL Action */
		if (json_object_set_new(run, "automationDetails",
					json_pack("{s:s}", "id", id)) < 0)
			rc = sg_error(SG_ENOMEM, "out of memory");
	}
	free(id);
	if (rc == 0) {
		*out = json_dumps(log, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (!*out)
			rc = sg_error(SG_ENOMEM, "out of memory");
		else
			*len = strlen(*out);
	}
	json_decref(log);
	return rc;
}

int sg_sarif_encode(const char *path, const char *category, size_t max_gzip,
		    char **out, size_t *gzip_len)
{
	char buf[1 << 16];
	struct gz g;
	FILE *f;
	size_t n;
	int rc;

	if (category) {
		char *text = NULL;
		size_t len = 0;

		rc = with_category(path, category, &text, &len);
		if (rc == 0)
			rc = sg_gzip_base64(text, len, max_gzip, out, gzip_len);
		free(text);
		return rc;
	}
	f = fopen(path, "rb");
	if (!f)
		return sg_error(SG_EINPUT, "cannot open: %s", strerror(errno));
	rc = gz_init(&g, max_gzip);
	if (rc < 0) {
		fclose(f);
		return rc;
	}
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		rc = gz_feed(&g, buf, n, Z_NO_FLUSH);
	if (rc == 0 && ferror(f))
		rc = sg_error(SG_EINPUT, "cannot read: %s", strerror(errno));
	if (rc == 0)
		rc = gz_feed(&g, "", 0, Z_FINISH);
	fclose(f);
	return gz_finish_base64(&g, rc, out, gzip_len);
}

/* ---- where to send it ---- */

static bool loopback(const char *host)
{
	return strcmp(host, "127.0.0.1") == 0 ||
	       strcasecmp(host, "localhost") == 0 ||
	       strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0;
}

int sg_upload_check_api_url(const char *url, bool *allow_http)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *extra = NULL;
	const char *test = getenv("SECGATE_TEST_ALLOW_HTTP");
	int rc = 0;

	*allow_http = false;
	if (!u)
		return sg_error(SG_ENOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = sg_error(SG_EUSAGE, "the API URL is not a valid URL");
		goto done;
	}
	/* A token never travels in a URL, and a base URL has no query. */
	if (curl_url_get(u, CURLUPART_USER, &extra, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &extra, 0) == CURLUE_OK) {
		rc = sg_error(SG_EUSAGE, "the API URL must not carry a user "
					 "or password: the token comes from "
					 "the environment");
		goto done;
	}
	if (curl_url_get(u, CURLUPART_QUERY, &extra, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &extra, 0) == CURLUE_OK) {
		rc = sg_error(SG_EUSAGE, "the API URL must not have a query "
					 "or fragment");
		goto done;
	}
	if (strcasecmp(scheme, "https") == 0)
		goto done;
	if (strcasecmp(scheme, "http") != 0) {
		rc = sg_error(SG_EUSAGE, "the API URL must use https");
	} else if (!loopback(host)) {
		rc = sg_error(SG_EUSAGE,
			      "refusing plain http: the token would travel "
			      "unencrypted (the API URL must use https)");
	} else if (!test || strcmp(test, "1") != 0) {
		rc = sg_error(SG_EUSAGE,
			      "refusing plain http: the API URL must use "
			      "https (SECGATE_TEST_ALLOW_HTTP=1 permits a "
			      "loopback test server)");
	} else {
		*allow_http = true;
	}
done:
	curl_free(scheme);
	curl_free(host);
	curl_free(extra);
	curl_url_cleanup(u);
	return rc;
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

static bool segment_valid(const char *s, size_t n)
{
	if (n == 0 || n > 100 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]))
			return false;
	return true;
}

bool sg_github_repo_valid(const char *s)
{
	const char *slash = strchr(s, '/');

	return slash && segment_valid(s, (size_t)(slash - s)) &&
	       segment_valid(slash + 1, strlen(slash + 1));
}

static bool host_matches(const char *host, size_t n, const char *api_host)
{
	static const char *const github[] = {"github.com", "www.github.com",
					     "ssh.github.com"};

	for (size_t i = 0; i < sizeof(github) / sizeof(github[0]); i++)
		if (strlen(github[i]) == n &&
		    strncasecmp(host, github[i], n) == 0)
			return true;
	return api_host && strcasecmp(api_host, "api.github.com") != 0 &&
	       strlen(api_host) == n && strncasecmp(host, api_host, n) == 0;
}

int sg_github_repo_from_remote(const char *url, const char *api_host,
			       char **out)
{
	const char *host, *host_end, *path, *sep = strstr(url, "://");
	size_t n;
	char *repo;

	if (sep) {
		const char *auth_end;

		host = sep + 3;
		auth_end = host + strcspn(host, "/");
		/* Skip user[:password]@ (never shown: it may hold a token). */
		for (const char *p = host; p < auth_end; p++)
			if (*p == '@')
				host = p + 1;
		host_end = host + strcspn(host, ":/");
		if (host_end > auth_end)
			host_end = auth_end;
		path = *auth_end ? auth_end + 1 : auth_end;
	} else {
		/* scp-like: [user@]host:owner/name */
		const char *colon = strchr(url, ':'), *at;

		if (!colon || memchr(url, '/', (size_t)(colon - url)))
			goto not_github;
		at = memchr(url, '@', (size_t)(colon - url));
		host = at ? at + 1 : url;
		host_end = colon;
		path = colon + 1;
	}
	if (!host_matches(host, (size_t)(host_end - host), api_host))
		goto not_github;
	while (*path == '/')
		path++;
	n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n > 4 && strncmp(path + n - 4, ".git", 4) == 0)
		n -= 4;
	repo = strndup(path, n);
	if (!repo)
		return sg_error(SG_ENOMEM, "out of memory");
	if (!sg_github_repo_valid(repo)) {
		free(repo);
		goto not_github;
	}
	*out = repo;
	return 0;
not_github:
	return sg_error(SG_EUSAGE,
			"the 'origin' remote is not a GitHub repository URL: "
			"pass --repo OWNER/NAME or set GITHUB_REPOSITORY");
}

/* ---- HTTP ---- */

struct exchange {
	struct sg_http_reply reply;
	char *body;
	size_t len;
	bool too_big;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct exchange *x = ud;
	size_t n = size * nmemb;
	char *p;

	if (x->len + n > SG_UPLOAD_MAX_RESPONSE) {
		x->too_big = true;
		return 0; /* aborts the transfer */
	}
	p = realloc(x->body, x->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + x->len, data, n);
	x->body = p;
	x->len += n;
	x->body[x->len] = '\0';
	return n;
}

/* The header's value when line is "name: value", else NULL. */
static const char *header_value(const char *line, size_t len, const char *name,
				char *buf, size_t size)
{
	size_t n = strlen(name), v;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1;
	len -= n + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	v = len < size - 1 ? len : size - 1;
	memcpy(buf, line, v);
	buf[v] = '\0';
	return buf;
}

static long long parse_count(const char *s)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno || *end ? -1 : v;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct sg_http_reply *r = &((struct exchange *)ud)->reply;
	size_t n = size * nmemb;
	char buf[128];
	const char *v;

	if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
		/* A new response (e.g. after 100 Continue): forget the last. */
		r->retry_after = r->rl_remaining = -1;
		r->rl_reset = -1;
	} else if ((v = header_value(data, n, "retry-after", buf,
				     sizeof(buf)))) {
		long long s = parse_count(v);

		if (s < 0) { /* the HTTP-date form */
			time_t t = curl_getdate(v, NULL);
			time_t now = time(NULL);

			s = t > now ? (long long)(t - now) : t > 0 ? 0 : -1;
		}
		r->retry_after = s > 86400 ? 86400 : (long)s;
	} else if ((v = header_value(data, n, "x-ratelimit-remaining", buf,
				     sizeof(buf)))) {
		long long s = parse_count(v);

		r->rl_remaining = s > 1000000 ? 1000000 : (long)s;
	} else if ((v = header_value(data, n, "x-ratelimit-reset", buf,
				     sizeof(buf)))) {
		r->rl_reset = parse_count(v);
	}
	return n;
}

static void wipe_headers(struct curl_slist *h)
{
	for (; h; h = h->next)
		OPENSSL_cleanse(h->data, strlen(h->data));
}

static double jitter(void)
{
	uint32_t v = 0;

	if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		v = (uint32_t)time(NULL) * 2654435761u;
	return v / 4294967296.0;
}

static void pause_for(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static bool transport_retryable(int code)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

int sg_upload_retry_delay(const struct sg_http_reply *r, unsigned attempt,
			  time_t now, double jitter01, double *delay,
			  const char **why)
{
	bool limited =
	    r->status == 429 ||
	    (r->status == 403 && (r->secondary || r->rl_remaining == 0));
	double base;

	if (r->status == 0
		? !transport_retryable(r->transport_error)
		: !(limited || (r->status >= 500 && r->status <= 599)))
		return 0;
	if (attempt >= SG_UPLOAD_MAX_ATTEMPTS)
		return 0;
	/* Exponential backoff with "equal jitter": 1, 2, 4, 8 s halves. */
	base = (double)(1u << (attempt - 1 < 6 ? attempt - 1 : 6));
	*delay = base / 2 + jitter01 * base / 2;
	*why = "backoff";
	if (r->retry_after >= 0) {
		*delay = (double)r->retry_after;
		*why = "retry-after";
	} else if (r->rl_remaining == 0 && r->rl_reset >= 0) {
		*delay = r->rl_reset > (long long)now
			     ? (double)(r->rl_reset - (long long)now) + 1
			     : 1;
		*why = "x-ratelimit-reset";
	} else if (r->secondary) {
		/* GitHub: "wait for at least one minute before retrying". */
		*delay = SG_UPLOAD_MAX_DELAY;
		*why = "secondary rate limit";
	}
	if (*delay > SG_UPLOAD_MAX_DELAY)
		return -1;
	return 1;
}

/* Replace every copy of the token in s by "***" (in place: never longer). */
static void redact(char *s, const char *token)
{
	size_t n = token ? strlen(token) : 0;
	char *p;

	if (n < 4)
		return;
	while ((p = strstr(s, token))) {
		memcpy(p, "***", 3);
		memmove(p + 3, p + n, strlen(p + n) + 1);
	}
}

/* GitHub's "message" (and documentation_url), made safe to print. */
static void github_message(const struct exchange *x, const char *token,
			   char *out, size_t size)
{
	json_t *doc = x->body ? json_loadb(x->body, x->len, 0, NULL) : NULL;
	const char *msg = json_string_value(json_object_get(doc, "message"));
	const char *url =
	    json_string_value(json_object_get(doc, "documentation_url"));
	char raw[600];

	if (msg && url)
		snprintf(raw, sizeof(raw), "%.400s (see %.150s)", msg, url);
	else if (msg)
		snprintf(raw, sizeof(raw), "%.400s", msg);
	else
		snprintf(raw, sizeof(raw), "(no message)");
	json_decref(doc);
	redact(raw, token);
	sg_terminal_safe(out, size, raw);
}

static char *join(const char *a, const char *b, const char *c, const char *d)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s%s", a, b, c, d);
	return s;
}

static struct curl_slist *add_header(struct curl_slist *h, const char *line,
				     bool *ok)
{
	struct curl_slist *n = *ok ? curl_slist_append(h, line) : NULL;

	if (!n)
		*ok = false;
	return n ? n : h;
}

/* One HTTP exchange. 0 when a response came (any status), else <0. */
static int exchange(const struct sg_upload_opts *o, const char *url,
		    const char *body, struct exchange *x, char *err)
{
	struct curl_slist *h = NULL;
	char *auth = join("Authorization: Bearer ", o->token, "", "");
	char agent[64];
	CURL *c = curl_easy_init();
	CURLcode cc = CURLE_OUT_OF_MEMORY;
	long status = 0;
	bool ok = c && auth;

	memset(x, 0, sizeof(*x));
	x->reply.retry_after = x->reply.rl_remaining = -1;
	x->reply.rl_reset = -1;
	err[0] = '\0';
	snprintf(agent, sizeof(agent), "secgate/%s", sg_version());
	h = add_header(h, "Accept: application/vnd.github+json", &ok);
	h = add_header(h, "X-GitHub-Api-Version: 2022-11-28", &ok);
	h = add_header(h, "Expect:", &ok); /* no 100-continue round trip */
	if (body)
		h = add_header(h, "Content-Type: application/json", &ok);
	if (auth) {
		h = add_header(h, auth, &ok);
		OPENSSL_cleanse(auth, strlen(auth));
	}
	if (!ok)
		goto done;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
			 o->allow_http ? "http,https" : "https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 o->allow_http
			     ? (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)
			     : (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
			 o->timeout < 30 ? o->timeout : 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)strlen(body));
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
done:
	wipe_headers(h);
	curl_slist_free_all(h);
	free(auth);
	if (c)
		curl_easy_cleanup(c);
	if (x->too_big || cc != CURLE_OK) {
		free(x->body); /* a partial body is never read */
		x->body = NULL;
		x->len = 0;
	}
	if (x->too_big)
		return sg_error(SG_EINPUT,
				"the response is larger than %zu MiB: refusing "
				"to read it",
				SG_UPLOAD_MAX_RESPONSE >> 20);
	if (cc != CURLE_OK) {
		char safe[300];

		x->reply.transport_error = (int)cc;
		redact(err, o->token);
		sg_terminal_safe(safe, sizeof(safe),
				 err[0] ? err : curl_easy_strerror(cc));
		return sg_error(SG_EINPUT, "%s", safe);
	}
	x->reply.status = status;
	x->reply.secondary =
	    x->body && (strstr(x->body, "secondary rate limit") ||
			strstr(x->body, "Secondary rate limit"));
	return 0;
}

static void exchange_release(struct exchange *x)
{
	free(x->body);
	x->body = NULL;
}

/*
 * An exchange with retries. 0 with the final response in *x (any status:
 * the caller judges it), or <0 when no response came (message set).
 */
static int request(const struct sg_upload_opts *o, const char *what,
		   const char *url, const char *body, struct exchange *x,
		   unsigned *attempts)
{
	char err[CURL_ERROR_SIZE];

	for (unsigned attempt = 1;; attempt++) {
		*attempts = attempt;
		double delay = 0;
		const char *why = "";
		int rc = exchange(o, url, body, x, err), retry;

		if (rc < 0 && x->too_big) {
			char msg[300];

			snprintf(msg, sizeof(msg), "%s", sg_error_message());
			return sg_error(SG_EINPUT, "%s: %s", what, msg);
		}
		retry = sg_upload_retry_delay(&x->reply, attempt, time(NULL),
					      jitter(), &delay, &why);
		if (retry == 1) {
			if (o->log) {
				char safe[400];

				if (rc < 0)
					sg_terminal_safe(safe, sizeof(safe),
							 sg_error_message());
				else
					snprintf(safe, sizeof(safe), "HTTP %ld",
						 x->reply.status);
				fprintf(o->log,
					"secgate: %s: %s (attempt %u of %d); "
					"retrying in %.1f s (%s)\n",
					what, safe, attempt,
					SG_UPLOAD_MAX_ATTEMPTS, delay, why);
			}
			exchange_release(x);
			pause_for(delay * o->scale);
			continue;
		}
		if (retry < 0) {
			char msg[400];

			github_message(x, o->token, msg, sizeof(msg));
			rc =
			    sg_error(SG_EINPUT,
				     "%s: rate limited (HTTP %ld): GitHub asks "
				     "to wait %.0f s, longer than secgate "
				     "waits (%.0f s); try again later: %s",
				     what, x->reply.status, delay,
				     SG_UPLOAD_MAX_DELAY, msg);
			exchange_release(x);
			return rc;
		}
		if (rc < 0) {
			char msg[700];

			snprintf(msg, sizeof(msg), "%s", sg_error_message());
			return sg_error(SG_EINPUT,
					"%s: %s (after %u attempt%s)", what,
					msg, attempt, attempt == 1 ? "" : "s");
		}
		return 0;
	}
}

/* The message for a final non-success status. */
static int refused(const struct sg_upload_opts *o, const char *what,
		   const struct exchange *x, unsigned attempts)
{
	char msg[600], tries[48] = "";
	const char *hint = "";
	long s = x->reply.status;

	github_message(x, o->token, msg, sizeof(msg));
	if (s >= 300 && s <= 399)
		hint = " (a redirect: secgate does not follow redirects; check "
		       "--api-url and --repo, the repository may have moved)";
	else if (s == 401)
		hint = " (check the token)";
	else if (s == 403)
		hint = " (the token needs the security_events write "
		       "permission; code scanning must be enabled)";
	else if (s == 404)
		hint = " (no such repository, or the token cannot see it)";
	else if (s == 413)
		hint = " (the upload is too large for GitHub)";
	if (attempts > 1)
		snprintf(tries, sizeof(tries), " (after %u attempts)",
			 attempts);
	return sg_error(SG_EINPUT, "%s: GitHub answered HTTP %ld: %s%s%s", what,
			s, msg, hint, tries);
}

static char *endpoint(const struct sg_upload_opts *o, const char *tail)
{
	size_t n = strlen(o->api_url);
	char *base = strndup(o->api_url, n), *url;

	if (!base)
		return NULL;
	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	url = join(base, "/repos/", o->repo, tail);
	free(base);
	return url;
}

char *sg_upload_status_url(const struct sg_upload_opts *o, const char *id)
{
	char *tail = join("/code-scanning/sarifs/", id, "", "");
	char *url = tail ? endpoint(o, tail) : NULL;

	free(tail);
	return url;
}

static bool id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 100)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '-' &&
		    id[i] != '_')
			return false;
	return true;
}

int sg_upload_post(const struct sg_upload_opts *o, const char *body, char **id)
{
	struct exchange x;
	char *url = endpoint(o, "/code-scanning/sarifs");
	json_t *doc = NULL;
	const char *v;
	unsigned attempts = 0;
	int rc;

	if (!url)
		return sg_error(SG_ENOMEM, "out of memory");
	rc = request(o, "upload", url, body, &x, &attempts);
	free(url);
	if (rc < 0)
		return rc;
	if (x.reply.status < 200 || x.reply.status > 299) {
		rc = refused(o, "upload refused", &x, attempts);
		exchange_release(&x);
		return rc;
	}
	if (x.body)
		doc = json_loadb(x.body, x.len, 0, NULL);
	v = json_string_value(json_object_get(doc, "id"));
	/* The id goes into the status URL: accept only a plain token. */
	if (!v || !id_valid(v))
		rc = sg_error(SG_EINPUT,
			      "GitHub accepted the upload (HTTP %ld) but sent "
			      "no usable upload id",
			      x.reply.status);
	else if (!(*id = strdup(v)))
		rc = sg_error(SG_ENOMEM, "out of memory");
	json_decref(doc);
	exchange_release(&x);
	return rc;
}

static int processing_failed(const struct sg_upload_opts *o, const json_t *doc)
{
	const json_t *errs = json_object_get(doc, "errors"), *e;
	char list[700] = "", safe[300];
	size_t i, used = 0;

	json_array_foreach(errs, i, e)
	{
		char raw[300];

		if (!json_is_string(e) || i >= 10)
			continue;
		snprintf(raw, sizeof(raw), "%s", json_string_value(e));
		redact(raw, o->token);
		sg_terminal_safe(safe, sizeof(safe), raw);
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%s", used ? "; " : "", safe);
		if (used >= sizeof(list))
			break;
	}
	return sg_error(SG_EINPUT, "GitHub could not process the upload: %s",
			used ? list : "(no errors given)");
}

static double monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int sg_upload_wait(const struct sg_upload_opts *o, const char *id,
		   double wait_timeout)
{
	char *url = sg_upload_status_url(o, id);
	double deadline = monotonic() + wait_timeout * o->scale;
	int rc = 0;

	if (!url)
		return sg_error(SG_ENOMEM, "out of memory");
	if (o->log)
		fprintf(o->log,
			"secgate: waiting for GitHub to process the upload "
			"(up to %.0f s)\n",
			wait_timeout);
	for (;;) {
		struct exchange x;
		json_t *doc = NULL;
		const char *st;
		unsigned attempts = 0;

		rc = request(o, "upload status", url, NULL, &x, &attempts);
		if (rc < 0)
			break;
		if (x.reply.status != 200) {
			rc = refused(o, "upload status", &x, attempts);
			exchange_release(&x);
			break;
		}
		if (x.body)
			doc = json_loadb(x.body, x.len, 0, NULL);
		exchange_release(&x);
		st = json_string_value(
		    json_object_get(doc, "processing_status"));
		if (st && strcmp(st, "complete") == 0) {
			rc = 0;
		} else if (st && strcmp(st, "failed") == 0) {
			rc = processing_failed(o, doc);
		} else if (!st || strcmp(st, "pending") != 0) {
			rc =
			    sg_error(SG_EINPUT, "upload status: GitHub sent no "
						"known processing_status");
		} else if (monotonic() + SG_UPLOAD_POLL_INTERVAL * o->scale >
			   deadline) {
			rc = sg_error(SG_EINPUT,
				      "GitHub has not finished processing the "
				      "upload after %.0f s (still pending): "
				      "check the status URL later",
				      wait_timeout);
		} else {
			json_decref(doc);
			pause_for(SG_UPLOAD_POLL_INTERVAL * o->scale);
			continue;
		}
		json_decref(doc);
		break;
	}
	free(url);
	return rc;
}
