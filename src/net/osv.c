/*
 * The OSV client (see osv.h). prefetch does the work: it takes what the
 * cache holds fresh, fetches the rest in parallel, and leaves one entry
 * per id that lookup then answers from. A failure is the entry's, never
 * the run's: the stage warns and the finding stays unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "osv.h"
#include "osv_cache.h"
#include "osv_record.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "strbuf.h"
#include "version.h"

enum entry_state { E_OK, E_ABSENT, E_FAILED };

struct entry {
	char *id;
	enum entry_state state;
	json_t *record; /* E_OK */
	char *error;    /* E_FAILED */
};

struct sg_osv_client {
	struct sg_osv_source source;
	const struct sg_osv_config *config;
	bool offline;
	bool allow_http;
	char *cache_dir; /* NULL: no cache */
	long timeout;
	struct entry *entries;
	size_t n, cap;
};

struct transfer {
	struct entry *entry;
	size_t index; /* of the entry, while entries are being added */
	json_t *stale; /* a cached record older than max_age, or NULL */
	CURL *easy;
	struct sg_strbuf body;
	bool too_big;
	long retry_after; /* seconds, -1 when not given */
	int attempts;
	double not_before; /* monotonic seconds */
	bool done;
	char error[CURL_ERROR_SIZE];
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static struct entry *find(struct sg_osv_client *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->entries[i].id, id))
			return &c->entries[i];
	return NULL;
}

static struct entry *add(struct sg_osv_client *c, const char *id)
{
	if (c->n == c->cap) {
		size_t n = c->cap ? c->cap * 2 : 16;
		struct entry *grown = realloc(c->entries, n * sizeof(*grown));

		if (!grown)
			return NULL;
		c->entries = grown;
		c->cap = n;
	}
	memset(&c->entries[c->n], 0, sizeof(c->entries[c->n]));
	c->entries[c->n].id = strdup(id);
	if (!c->entries[c->n].id)
		return NULL;
	return &c->entries[c->n++];
}

static void fail(struct entry *e, const char *why)
{
	e->state = E_FAILED;
	free(e->error);
	e->error = strdup(why);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct transfer *t = ud;
	size_t n = size * nmemb;

	if (t->body.len + n > SG_OSV_RECORD_MAX) {
		t->too_big = true;
		return 0; /* curl stops with a write error */
	}
	sg_strbuf_addn(&t->body, data, n);
	return t->body.failed ? 0 : n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct transfer *t = ud;
	size_t n = size * nmemb;

	if (n > 12 && !strncasecmp(data, "retry-after:", 12)) {
		char buf[64];
		size_t len = n - 12 < sizeof(buf) - 1 ? n - 12 : sizeof(buf) - 1;
		char *end;
		long s;

		memcpy(buf, data + 12, len);
		buf[len] = '\0';
		s = strtol(buf, &end, 10);
		if (end != buf && s >= 0)
			t->retry_after = s;
		else if (curl_getdate(buf, NULL) > 0) {
			time_t at = curl_getdate(buf, NULL), now = time(NULL);

			t->retry_after = at > now ? (long)(at - now) : 0;
		}
	}
	return n;
}

static int start(struct sg_osv_client *c, CURLM *multi, struct transfer *t)
{
	char url[1024];

	snprintf(url, sizeof(url), "%s/v1/vulns/%s", c->config->url,
		 t->entry->id);
	t->easy = curl_easy_init();
	if (!t->easy)
		return -1;
	sg_strbuf_reset(&t->body);
	t->too_big = false;
	t->retry_after = -1;
	t->error[0] = '\0';
	t->attempts++;
	curl_easy_setopt(t->easy, CURLOPT_URL, url);
	curl_easy_setopt(t->easy, CURLOPT_USERAGENT, "secgate");
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(t->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR,
			 c->allow_http ? "http,https" : "https");
#else
	curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS,
			 c->allow_http
				 ? (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)
				 : (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT,
			 c->timeout < 10 ? c->timeout : 10L);
	curl_easy_setopt(t->easy, CURLOPT_TIMEOUT, c->timeout);
	curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->error);
	curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(t->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(t->easy, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
	return curl_multi_add_handle(multi, t->easy) == CURLM_OK ? 0 : -1;
}

/* A finished request: done, or to be retried (not_before set). */
static void finish(struct sg_osv_client *c, struct transfer *t, CURLcode rc)
{
	long status = 0;
	struct entry *e = t->entry;
	char detail[256];

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	t->done = true;
	if (t->too_big) {
		snprintf(detail, sizeof(detail),
			 "the response is over %u bytes", SG_OSV_RECORD_MAX);
		fail(e, detail);
		return;
	}
	if (rc != CURLE_OK) {
		fail(e, t->error[0] ? t->error : curl_easy_strerror(rc));
		return;
	}
	if (status == 200) {
		json_error_t err;
		json_t *record = json_loadb(t->body.data ? t->body.data : "",
					    t->body.len,
					    JSON_REJECT_DUPLICATES, &err);

		if (!record) {
			snprintf(detail, sizeof(detail),
				 "malformed JSON in the response (%s)",
				 err.text);
			fail(e, detail);
			return;
		}
		e->state = E_OK;
		e->record = record;
		if (c->cache_dir &&
		    sg_osv_cache_write(c->cache_dir, e->id, t->body.data,
				       t->body.len) < 0) {
			fputs("secgate: warning: OSV cache: ", stderr);
			sg_fputs_terminal(stderr, sg_error_message());
			fputc('\n', stderr);
		}
		return;
	}
	if (status == 404) {
		e->state = E_ABSENT;
		return;
	}
	if ((status == 429 || status >= 500) && t->attempts < SG_OSV_ATTEMPTS) {
		long delay = t->retry_after >= 0 ? t->retry_after
						  : 1L << (t->attempts - 1);

		if (delay > SG_OSV_MAX_DELAY)
			delay = SG_OSV_MAX_DELAY;
		t->not_before = now_seconds() + (double)delay;
		t->done = false;
		return;
	}
	snprintf(detail, sizeof(detail), "HTTP status %ld", status);
	fail(e, detail);
}

static void fetch_all(struct sg_osv_client *c, struct transfer *ts, size_t n)
{
	CURLM *multi = curl_multi_init();
	size_t running = 0, left = n;

	if (!multi) {
		for (size_t i = 0; i < n; i++)
			fail(ts[i].entry, "cannot start libcurl");
		return;
	}
	while (left) {
		double now = now_seconds(), wake = 0;
		int still = 0, queued;
		CURLMsg *msg;

		for (size_t i = 0; i < n && running < SG_OSV_PARALLEL; i++) {
			struct transfer *t = &ts[i];

			if (t->done || t->easy)
				continue;
			if (t->not_before > now) {
				if (!wake || t->not_before < wake)
					wake = t->not_before;
				continue;
			}
			if (start(c, multi, t) < 0) {
				curl_easy_cleanup(t->easy); /* NULL is fine */
				t->easy = NULL;
				fail(t->entry, "cannot start a request");
				t->done = true;
				left--;
				continue;
			}
			running++;
		}
		if (!running) {
			if (wake > now)
				sleep_seconds(wake - now);
			continue;
		}
		curl_multi_perform(multi, &still);
		while ((msg = curl_multi_info_read(multi, &queued))) {
			struct transfer *t = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&t);
			finish(c, t, msg->data.result);
			curl_multi_remove_handle(multi, t->easy);
			curl_easy_cleanup(t->easy);
			t->easy = NULL;
			running--;
			if (t->done)
				left--;
		}
		if (running)
			curl_multi_poll(multi, NULL, 0, 200, NULL);
	}
	curl_multi_cleanup(multi);
}

static void note_stale(const char *id, const char *why)
{
	fputs("secgate: note: OSV: using the cached record of ", stderr);
	sg_fputs_terminal(stderr, id);
	fputs(", older than enrich.osv.max_age (", stderr);
	sg_fputs_terminal(stderr, why);
	fputs(")\n", stderr);
}

static void prefetch(void *ctx, const char *const *ids, size_t n)
{
	struct sg_osv_client *c = ctx;
	struct transfer *ts = calloc(n ? n : 1, sizeof(*ts));
	size_t n_fetch = 0;

	for (size_t i = 0; i < n; i++) {
		struct entry *e;
		json_t *cached = NULL;
		int64_t age = 0;
		int rc = 0;

		if (find(c, ids[i]) || !(e = add(c, ids[i])))
			continue;
		if (c->cache_dir) {
			rc = sg_osv_cache_read(c->cache_dir, ids[i], &cached,
					       &age);
			if (rc < 0) {
				fputs("secgate: warning: OSV cache: ", stderr);
				sg_fputs_terminal(stderr, sg_error_message());
				fputc('\n', stderr);
			}
		}
		if (rc == 1 && age <= (int64_t)c->config->max_age) {
			e->state = E_OK;
			e->record = cached;
		} else if (c->offline) {
			if (rc == 1) {
				note_stale(ids[i], "offline");
				e->state = E_OK;
				e->record = cached;
			} else {
				fail(e, "offline, and not in the cache");
			}
		} else if (!ts) {
			json_decref(cached);
			fail(e, "out of memory");
		} else {
			ts[n_fetch].index = (size_t)(e - c->entries);
			ts[n_fetch].stale = rc == 1 ? cached : NULL;
			n_fetch++;
		}
	}
	/* The entries' array may have moved while adding: fetch after. */
	for (size_t i = 0; i < n_fetch; i++)
		ts[i].entry = &c->entries[ts[i].index];
	if (n_fetch)
		fetch_all(c, ts, n_fetch);
	for (size_t i = 0; i < n_fetch; i++) {
		struct transfer *t = &ts[i];

		if (t->entry->state == E_FAILED && t->stale) {
			note_stale(t->entry->id, t->entry->error);
			t->entry->state = E_OK;
			t->entry->record = t->stale;
			t->stale = NULL;
		}
		json_decref(t->stale);
		sg_strbuf_release(&t->body);
	}
	free(ts);
}

static int lookup(void *ctx, const char *id, json_t **record)
{
	struct sg_osv_client *c = ctx;
	struct entry *e = find(c, id);

	if (!e) {
		const char *one[1] = {id};

		prefetch(c, one, 1);
		if (!(e = find(c, id)))
			return sg_error(SG_ENOMEM, "out of memory");
	}
	switch (e->state) {
	case E_OK:
		*record = json_incref(e->record);
		return 1;
	case E_ABSENT:
		return 0;
	default:
		return sg_error(SG_EINPUT, "%s: %s", e->id, e->error);
	}
}

static bool loopback_url(const char *url)
{
	static const char *const prefixes[] = {"http://127.0.0.1",
					       "http://localhost"};

	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(url, prefixes[i], n) &&
		    (url[n] == ':' || url[n] == '/' || !url[n]))
			return true;
	}
	return false;
}

int sg_osv_client_new(struct sg_osv_client **out, const struct sg_osv_config *cfg,
		      bool offline)
{
	struct sg_osv_client *c = calloc(1, sizeof(*c));
	const char *timeout = getenv("SECGATE_OSV_TIMEOUT");

	*out = NULL;
	if (!c)
		return sg_error(SG_ENOMEM, "out of memory");
	c->config = cfg;
	c->offline = offline;
	c->allow_http = loopback_url(cfg->url);
	c->timeout = SG_OSV_TIMEOUT;
	if (timeout && atol(timeout) > 0 && atol(timeout) <= 600)
		c->timeout = atol(timeout);
	if (sg_osv_cache_dir(&c->cache_dir, cfg->cache_dir) < 0) {
		free(c);
		return SG_ENOMEM;
	}
	c->source.name = offline ? "OSV cache (offline)" : "OSV API";
	c->source.prefetch = prefetch;
	c->source.lookup = lookup;
	c->source.ctx = c;
	*out = c;
	return 0;
}

void sg_osv_client_free(struct sg_osv_client *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].id);
		free(c->entries[i].error);
		json_decref(c->entries[i].record);
	}
	free(c->entries);
	free(c->cache_dir);
	free(c);
}

const struct sg_osv_source *sg_osv_client_source(struct sg_osv_client *c)
{
	return &c->source;
}
