/*
 * `secgate upload-sarif FILE`: send a SARIF 2.1.0 log to GitHub code
 * scanning. Finds the repository, commit and ref (flags, then the GitHub
 * Actions variables, then libgit2), refuses logs that GitHub would reject
 * or that would close alerts wrongly, and never prints the token.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>

#include "options.h"
#include "gitinfo.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "upload.h"

enum {
	OPT_REF = SG_OPT_FIRST_PRIVATE,
	OPT_SHA,
	OPT_REPO,
	OPT_CATEGORY,
	OPT_WAIT,
	OPT_WAIT_TIMEOUT,
	OPT_TOKEN_ENV,
	OPT_API_URL,
	OPT_TIMEOUT,
};

/* Declared in cli.h once the command is in the table; harmless twice. */
extern const struct sg_command sg_cmd_upload_sarif;

#define DEFAULT_API_URL "https://api.github.com"
#define DEFAULT_TIMEOUT 60
#define DEFAULT_WAIT_TIMEOUT 120 /* the CodeQL Action waits 2 minutes */

struct target {
	char *repo, *sha, *ref, *checkout_uri;
	const char *repo_from, *sha_from, *ref_from;
};

/* An environment variable; CI systems pass unset inputs as "". */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static bool parse_seconds(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

static bool env_name_valid(const char *s)
{
	if (!*s || (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') &&
		    *s != '_'))
		return false;
	for (; *s; s++)
		if (!(*s >= 'A' && *s <= 'Z') && !(*s >= 'a' && *s <= 'z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_')
			return false;
	return true;
}

/* Tests shorten every wait; values above 1 could only lengthen them. */
static int retry_scale(double *out)
{
	const char *s = env("SECGATE_TEST_RETRY_SCALE");
	char *end;
	double v;

	*out = 1.0;
	if (!s)
		return 0;
	v = strtod(s, &end);
	if (*end || !(v > 0 && v <= 1))
		return sg_error(SG_EUSAGE, "SECGATE_TEST_RETRY_SCALE must be a "
					   "number in (0, 1]");
	*out = v;
	return 0;
}

static bool sha_valid(char *s)
{
	size_t n = strlen(s);

	if (n != 40 && n != 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'F')
			s[i] = (char)(s[i] - 'A' + 'a');
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

/* jansson refuses invalid UTF-8: a JSON body could not hold it. */
static bool utf8_valid(const char *s)
{
	json_t *j = json_string(s);
	bool ok = j != NULL;

	json_decref(j);
	return ok;
}

static bool ref_valid(const char *s)
{
	if (!utf8_valid(s) || strncmp(s, "refs/", 5) != 0 || strlen(s) > 255 ||
	    strstr(s, ".."))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '\\')
			return false;
	return true;
}

/* What libgit2 knows: origin's URL, HEAD's commit, the branch's full ref. */
static void git_facts(char **remote, char **sha, char **ref)
{
	git_buf found = {0};
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_reference *head = NULL;
	const char *url;
	git_oid oid;
	char cwd[PATH_MAX], hex[GIT_OID_HEXSZ + 1];

	*remote = *sha = *ref = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return;
	sg_git_init();
	if (git_repository_discover(&found, cwd, 0, NULL) < 0 ||
	    git_repository_open(&repo, found.ptr) < 0)
		goto done;
	/*
	 * The configured URL, read directly: git_remote_lookup in libgit2
	 * 1.5 leaks PCRE2 match data on every call.
	 */
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string(&url, cfg, "remote.origin.url") == 0)
		*remote = strdup(url);
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
		git_oid_tostr(hex, sizeof(hex), &oid);
		*sha = strdup(hex);
	}
	if (git_repository_head(&head, repo) == 0 &&
	    git_reference_is_branch(head))
		*ref = strdup(git_reference_name(head));
done:
	git_reference_free(head);
	git_config_free(cfg);
	git_repository_free(repo);
	git_buf_dispose(&found);
}

static char *api_host(const char *api_url)
{
	CURLU *u = curl_url();
	char *host = NULL, *copy = NULL;

	if (u && curl_url_set(u, CURLUPART_URL, api_url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		copy = strdup(host);
	curl_free(host);
	curl_url_cleanup(u);
	return copy;
}

/* file:// URI of a local path, percent-encoded. New, or NULL. */
static char *file_uri(const char *path)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *out = malloc(7 + 3 * n + 1), *p = out;

	if (!out)
		return NULL;
	p += sprintf(p, "file://");
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~/", *s)) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = hexd[*s >> 4];
			*p++ = hexd[*s & 15];
		}
	}
	*p = '\0';
	return out;
}

static int resolve(struct target *t, const char *repo, const char *sha,
		   const char *ref, const char *api_url)
{
	char *g_remote = NULL, *g_sha = NULL, *g_ref = NULL, *root = NULL;
	int rc = 0;

	if (!repo && (repo = env("GITHUB_REPOSITORY")))
		t->repo_from = "GITHUB_REPOSITORY";
	if (!sha && (sha = env("GITHUB_SHA")))
		t->sha_from = "GITHUB_SHA";
	if (!ref && (ref = env("GITHUB_REF")))
		t->ref_from = "GITHUB_REF";
	if (!repo || !sha || !ref)
		git_facts(&g_remote, &g_sha, &g_ref);
	if (repo) {
		if (!sg_github_repo_valid(repo)) {
			rc = sg_error(SG_EUSAGE,
				      "%s must be OWNER/NAME (letters, digits, "
				      "'-', '_' and '.')",
				      t->repo_from ? t->repo_from : "--repo");
			goto done;
		}
		t->repo = strdup(repo);
	} else if (g_remote) {
		char *host = api_host(api_url);

		rc = sg_github_repo_from_remote(g_remote, host, &t->repo);
		free(host);
		if (rc < 0)
			goto done;
		t->repo_from = "the 'origin' remote";
	} else {
		rc = sg_error(SG_EUSAGE,
			      "cannot tell the repository: pass --repo "
			      "OWNER/NAME or set GITHUB_REPOSITORY (no "
			      "'origin' remote here)");
		goto done;
	}
	if (sha) {
		t->sha = strdup(sha);
	} else if (g_sha) {
		t->sha = g_sha;
		g_sha = NULL;
		t->sha_from = "HEAD";
	} else {
		rc = sg_error(SG_EUSAGE,
			      "cannot tell the commit: pass --sha or set "
			      "GITHUB_SHA (no git repository with a commit "
			      "here)");
		goto done;
	}
	if (t->sha && !sha_valid(t->sha)) {
		rc = sg_error(SG_EUSAGE,
			      "%s must be a full commit id (40 hex "
			      "digits)",
			      t->sha_from ? t->sha_from : "--sha");
		goto done;
	}
	if (ref) {
		t->ref = strdup(ref);
	} else if (g_ref) {
		t->ref = g_ref;
		g_ref = NULL;
		t->ref_from = "the current branch";
	} else {
		rc = sg_error(SG_EUSAGE,
			      "cannot tell the ref: pass --ref (e.g. "
			      "refs/heads/main or refs/pull/42/merge) or set "
			      "GITHUB_REF (HEAD is detached or there is no "
			      "repository)");
		goto done;
	}
	if (t->ref && !ref_valid(t->ref)) {
		rc = sg_error(SG_EUSAGE,
			      "%s must be a full ref such as refs/heads/main "
			      "or refs/pull/42/merge",
			      t->ref_from ? t->ref_from : "--ref");
		goto done;
	}
	rc = sg_git_repo_root(&root);
	if (rc < 0)
		goto done;
	t->checkout_uri = file_uri(root);
	if (!t->repo || !t->sha || !t->ref || !t->checkout_uri)
		rc = sg_error(SG_ENOMEM, "out of memory");
done:
	free(root);
	free(g_remote);
	free(g_sha);
	free(g_ref);
	return rc;
}

static void target_release(struct target *t)
{
	free(t->repo);
	free(t->sha);
	free(t->ref);
	free(t->checkout_uri);
}

static char *request_body(const struct target *t, const char *sarif,
			  const char *tool_name)
{
	json_t *o = json_object();
	char *s = NULL;

	if (o &&
	    json_object_set_new(o, "commit_sha", json_string(t->sha)) == 0 &&
	    json_object_set_new(o, "ref", json_string(t->ref)) == 0 &&
	    json_object_set_new(o, "sarif", json_string_nocheck(sarif)) == 0 &&
	    json_object_set_new(o, "checkout_uri",
				json_string(t->checkout_uri)) == 0 &&
	    json_object_set_new(o, "tool_name", json_string(tool_name)) == 0)
		s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static int fail(int rc)
{
	sg_print_error(sg_error_message());
	return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
}

static int refuse(int rc)
{
	sg_print_error(sg_error_message());
	fputs("secgate: upload-sarif: nothing was uploaded\n", stderr);
	return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_ERROR;
}

static int run_upload(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"ref", required_argument, NULL, OPT_REF},
	    {"sha", required_argument, NULL, OPT_SHA},
	    {"repo", required_argument, NULL, OPT_REPO},
	    {"category", required_argument, NULL, OPT_CATEGORY},
	    {"wait", no_argument, NULL, OPT_WAIT},
	    {"wait-timeout", required_argument, NULL, OPT_WAIT_TIMEOUT},
	    {"token-env", required_argument, NULL, OPT_TOKEN_ENV},
	    {"api-url", required_argument, NULL, OPT_API_URL},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    SG_OPTION_HELP,
	    SG_OPTIONS_END,
	};
	const struct sg_command *self = &sg_cmd_upload_sarif;
	const char *ref = NULL, *sha = NULL, *repo = NULL, *category = NULL;
	const char *token_env = "GITHUB_TOKEN", *api_url = NULL, *file;
	long timeout = DEFAULT_TIMEOUT, wait_timeout = DEFAULT_WAIT_TIMEOUT;
	bool wait = false;
	struct sg_upload_opts o = {.log = stderr};
	struct sg_sarif_summary sum = {0};
	struct target t = {0};
	char *sarif = NULL, *body = NULL, *id = NULL, *status_url = NULL;
	size_t gzip_len = 0;
	int c, rc;

	sg_getopt_reset();
	while ((c = sg_getopt(self, argc, argv, longopts)) != -1) {
		switch (c) {
		case OPT_REF:
			ref = optarg;
			break;
		case OPT_SHA:
			sha = optarg;
			break;
		case OPT_REPO:
			repo = optarg;
			break;
		case OPT_CATEGORY:
			category = optarg;
			break;
		case OPT_WAIT:
			wait = true;
			break;
		case OPT_WAIT_TIMEOUT:
			if (!parse_seconds(optarg, 86400, &wait_timeout))
				return sg_usage_error(self,
						      "--wait-timeout must be "
						      "1 to 86400 seconds");
			break;
		case OPT_TOKEN_ENV:
			token_env = optarg;
			if (!env_name_valid(token_env))
				return sg_usage_error(
				    self, "--token-env must name an "
					  "environment variable");
			break;
		case OPT_API_URL:
			api_url = optarg;
			break;
		case OPT_TIMEOUT:
			if (!parse_seconds(optarg, 3600, &timeout))
				return sg_usage_error(self,
						      "--timeout must be 1 to "
						      "3600 seconds");
			break;
		case SG_OPT_HELP:
			return SG_EXIT_PASS;
		default:
			return SG_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return sg_usage_error(self, "no SARIF file given");
	if (optind + 1 < argc)
		return sg_usage_error(self, "one SARIF file per upload");
	file = argv[optind];
	if (strcmp(file, "-") == 0)
		return sg_usage_error(self, "FILE must be a file: the log is "
					    "read twice (checks, then upload)");
	if (category &&
	    (!*category || strlen(category) > 255 || !utf8_valid(category)))
		return sg_usage_error(self, "--category must be 1 to 255 "
					    "bytes of UTF-8");

	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (!api_url && !(api_url = env("GITHUB_API_URL")))
		api_url = DEFAULT_API_URL;
	o.api_url = api_url;
	o.timeout = timeout;
	rc = retry_scale(&o.scale);
	if (rc == 0)
		rc = sg_upload_check_api_url(api_url, &o.allow_http);
	if (rc < 0) {
		rc = fail(rc);
		goto done;
	}
	o.token = env(token_env);
	if (!o.token) {
		char msg[200];

		snprintf(msg, sizeof(msg),
			 "no token: set %s to a token with the "
			 "security_events write permission",
			 token_env);
		sg_print_error(msg);
		rc = SG_EXIT_USAGE;
		goto done;
	}
	for (const char *p = o.token; *p; p++) {
		if ((unsigned char)*p < 0x21 || *p == 0x7f) {
			char msg[200];

			/* Never the value: only where it came from. */
			snprintf(msg, sizeof(msg),
				 "the token in %s contains white space or a "
				 "control character",
				 token_env);
			sg_print_error(msg);
			rc = SG_EXIT_USAGE;
			goto done;
		}
	}
	rc = resolve(&t, repo, sha, ref, api_url);
	if (rc < 0) {
		rc = fail(rc);
		goto done;
	}
	o.repo = t.repo;

	rc = sg_sarif_check_upload(file, &sum);
	if (rc < 0) {
		rc = refuse(rc);
		goto done;
	}
	rc = sg_sarif_encode(file, category, SG_UPLOAD_MAX_GZIP, &sarif,
			     &gzip_len);
	if (rc < 0) {
		sg_error_prefix(file);
		rc = refuse(rc);
		goto done;
	}
	body = request_body(&t, sarif, sum.tool_name);
	if (!body) {
		rc = fail(sg_error(SG_ENOMEM, "out of memory"));
		goto done;
	}
	rc = sg_upload_post(&o, body, &id);
	if (rc < 0) {
		rc = fail(rc);
		goto done;
	}
	status_url = sg_upload_status_url(&o, id);
	printf("uploaded ");
	sg_fputs_terminal(stdout, file);
	printf(" to ");
	sg_fputs_terminal(stdout, t.repo);
	printf(": %zu run%s, %zu result%s, %zu bytes gzip\n",
	       sum.runs, sum.runs == 1 ? "" : "s", sum.results,
	       sum.results == 1 ? "" : "s", gzip_len);
	printf("  commit ");
	sg_fputs_terminal(stdout, t.sha);
	printf(", ref ");
	sg_fputs_terminal(stdout, t.ref);
	printf("\n  upload id: ");
	sg_fputs_terminal(stdout, id);
	printf("\n  status: ");
	sg_fputs_terminal(stdout, status_url);
	printf("\n");
	fflush(stdout);
	rc = SG_EXIT_PASS;
	if (wait) {
		if (sg_upload_wait(&o, id, (double)wait_timeout) < 0) {
			rc = fail(SG_EINPUT);
		} else {
			printf("  processing: complete\n");
		}
	}
done:
	free(status_url);
	free(id);
	free(body);
	free(sarif);
	sg_sarif_summary_release(&sum);
	target_release(&t);
	curl_global_cleanup();
	return rc;
}

const struct sg_command sg_cmd_upload_sarif = {
    .name = "upload-sarif",
    .summary = "upload a SARIF log to GitHub code scanning",
    .usage = "secgate upload-sarif FILE [--ref REF] [--sha SHA] "
	     "[--repo OWNER/NAME]\n"
	     "       [--category C] [--wait] [--wait-timeout SECONDS] "
	     "[--token-env NAME]\n"
	     "       [--api-url URL] [--timeout SECONDS]",
    .help = "Sends FILE (SARIF 2.1.0, gzip + base64) to the code scanning\n"
	    "API of GitHub (POST /repos/OWNER/NAME/code-scanning/sarifs).\n\n"
	    "  --repo OWNER/NAME  else GITHUB_REPOSITORY, else the 'origin'\n"
	    "                     remote (github.com or the --api-url host)\n"
	    "  --sha SHA          else GITHUB_SHA, else HEAD\n"
	    "  --ref REF          else GITHUB_REF, else the current branch\n"
	    "                     (refs/heads/X); pull requests:\n"
	    "                     refs/pull/N/merge or refs/pull/N/head\n"
	    "  --category C       runs without automationDetails get the id\n"
	    "                     \"C/\" (one category per analysis)\n"
	    "  --wait             wait until GitHub has processed the upload\n"
	    "  --wait-timeout S   how long --wait waits (default 120)\n"
	    "  --token-env NAME   the variable holding the token (default\n"
	    "                     GITHUB_TOKEN; needs security_events: write)\n"
	    "  --api-url URL      else GITHUB_API_URL, else\n"
	    "                     https://api.github.com (https only)\n"
	    "  --timeout S        per request, connecting included "
	    "(default 60)\n\n"
	    "Refuses (nothing is sent) a file that is not SARIF 2.1.0, a run\n"
	    "whose tool failed (executionSuccessful false) or that has no\n"
	    "'results' array, and logs over GitHub's limits (10 MiB gzip,\n"
	    "20 runs, 25000 results per run). Retries on 5xx, 429 and rate\n"
	    "limits, honouring Retry-After and x-ratelimit-reset. The token\n"
	    "is never printed. See docs/upload-sarif.md.\n\n"
	    "Exit codes: 0 uploaded (and processed, with --wait); 2 usage or\n"
	    "configuration (no token, bad flags, unknown repository); 3 the\n"
	    "log was refused, GitHub refused it or processing failed.\n",
    .run = run_upload,
};
