/*
 * Uploading a SARIF log to GitHub code scanning (REST API 2022-11-28,
 * POST /repos/{owner}/{repo}/code-scanning/sarifs) with libcurl: the checks
 * that refuse a log GitHub would reject or misread, gzip + base64, retries,
 * and polling the processing status. The command is cmd_upload.c.
 */
#ifndef SECGATE_UPLOAD_H
#define SECGATE_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/*
 * GitHub's hard limits ("SARIF support for code scanning"): above them an
 * upload is rejected. "10 MB" is read as 10 MiB: a file between 10^7 and
 * 10 MiB that GitHub still rejects comes back as its own 413 message.
 */
#define SG_UPLOAD_MAX_GZIP ((size_t)10 << 20)
#define SG_UPLOAD_MAX_RUNS 20
#define SG_UPLOAD_MAX_RESULTS 25000 /* per run */

#define SG_UPLOAD_MAX_RESPONSE ((size_t)1 << 20) /* response bodies kept */
#define SG_UPLOAD_MAX_ATTEMPTS 5    /* per request, first one included */
#define SG_UPLOAD_MAX_DELAY 60.0    /* seconds: longest wait between attempts */
#define SG_UPLOAD_POLL_INTERVAL 5.0 /* seconds between status polls */

/* What the checks learnt about the log. */
struct sg_sarif_summary {
	size_t runs;
	size_t results;	 /* over all runs */
	char *tool_name; /* new: see sg_sarif_check_upload */
};

/*
 * Read the log at path (streaming) and refuse, with SG_EINPUT and a message
 * naming the reason, what must not be uploaded: not JSON, not SARIF 2.1.0,
 * no runs, more than SG_UPLOAD_MAX_RUNS runs or SG_UPLOAD_MAX_RESULTS
 * results in a run, a run without a 'results' array, an invocation with
 * executionSuccessful false, or a secgate input-failed notification.
 * tool_name is the driver name all runs share, else "secgate" (several
 * tools in one log: secgate's own report). Release with
 * sg_sarif_summary_release.
 */
int sg_sarif_check_upload(const char *path, struct sg_sarif_summary *out);

void sg_sarif_summary_release(struct sg_sarif_summary *s);

/*
 * The log as base64(gzip(bytes)), NUL-terminated (*out new). With category
 * set, each run without runAutomationDetails gets automationDetails.id
 * "<category>/" (as the CodeQL Action does) and the log is re-serialized;
 * otherwise the file's bytes are sent unchanged. SG_EINPUT when the gzip
 * output exceeds max_gzip bytes (the message names the limit).
 */
int sg_sarif_encode(const char *path, const char *category, size_t max_gzip,
		    char **out, size_t *gzip_len);

/* The same for bytes in memory (for tests). */
int sg_gzip_base64(const char *data, size_t len, size_t max_gzip, char **out,
		   size_t *gzip_len);

/*
 * Check the API base URL: https, or http only to 127.0.0.1, localhost or
 * [::1] when SECGATE_TEST_ALLOW_HTTP=1; no user, query or fragment.
 * *allow_http is set for the test mode. SG_EUSAGE when refused.
 */
int sg_upload_check_api_url(const char *url, bool *allow_http);

/*
 * "owner/name" from a remote URL on github.com (or on api_host, for GitHub
 * Enterprise Server; may be NULL): https://host/o/n(.git), git@host:o/n,
 * ssh://git@host/o/n. *out new. SG_EUSAGE when it is not one.
 */
int sg_github_repo_from_remote(const char *url, const char *api_host,
			       char **out);

/* Whether s is a valid "owner/name". */
bool sg_github_repo_valid(const char *s);

/* The request context. */
struct sg_upload_opts {
	const char *api_url; /* base, e.g. https://api.github.com */
	const char *repo;    /* owner/name */
	const char *token;   /* borrowed; never printed */
	long timeout;	     /* seconds per attempt (connect included) */
	bool allow_http;     /* from sg_upload_check_api_url */
	double scale;	     /* multiplies every wait (tests); 1 normally */
	FILE *log;	     /* retry and progress notes; NULL: none */
};

/*
 * POST the upload. body is the request JSON. On 202, *id is the upload id
 * (new). SG_EINPUT when GitHub refuses it or the attempts run out, with
 * GitHub's message (sanitized, the token redacted) in the error slot.
 */
int sg_upload_post(const struct sg_upload_opts *o, const char *body, char **id);

/*
 * Poll the upload's processing status until "complete" (0) or "failed"
 * (SG_EINPUT, GitHub's errors in the message), or until wait_timeout
 * seconds pass (SG_EINPUT).
 */
int sg_upload_wait(const struct sg_upload_opts *o, const char *id,
		   double wait_timeout);

/* The upload's status URL (new):
 * {api_url}/repos/{repo}/code-scanning/sarifs/{id}. */
char *sg_upload_status_url(const struct sg_upload_opts *o, const char *id);

/* What one HTTP exchange told the retry logic. */
struct sg_http_reply {
	long status;	     /* 0: no HTTP response (transport error) */
	int transport_error; /* CURLcode, 0 when a response came */
	long retry_after;    /* seconds, -1 when absent */
	long rl_remaining;   /* x-ratelimit-remaining, -1 when absent */
	long long
	    rl_reset;	/* x-ratelimit-reset (epoch seconds), -1 when absent */
	bool secondary; /* body says "secondary rate limit" */
};

/*
 * Whether to try again after reply r (attempt is the 1-based attempt just
 * made) and after how many seconds (*delay, nominal, before scaling; why is
 * a static note like "retry-after"). jitter is in [0, 1). Returns 1 to
 * retry, 0 not to (not retryable, or attempts used up), -1 when GitHub
 * asks for a longer wait than SG_UPLOAD_MAX_DELAY (give up, say so).
 */
int sg_upload_retry_delay(const struct sg_http_reply *r, unsigned attempt,
			  time_t now, double jitter, double *delay,
			  const char **why);

#endif
