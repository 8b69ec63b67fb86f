/*
 * One report into the findings set (see ingest.h). This is where the
 * all-or-nothing rule is enforced for every adapter: a failed parse is
 * truncated away, so an adapter may return the error where it finds it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "registry.h"
#include "secgate/error.h"
#include "secgate/fingerprint.h"
#include "secgate/jsonstream.h"
#include "secgate/redact.h"

int sg_input_meta_add_commit(struct sg_findings *set,
			     struct sg_input_meta *meta, const char *commit)
{
	char hex[65];
	size_t n = strspn(commit, "0123456789abcdefABCDEF");
	const char **grown;

	if (n < 7 || n > 64 || commit[n] != '\0')
		return sg_error(SG_EINPUT, "a commit id must be 7 to 64 hex "
				 "digits");
	for (size_t i = 0; i <= n; i++)
		hex[i] = (char)tolower((unsigned char)commit[i]);
	for (size_t i = 0; i < meta->n_commits; i++)
		if (strcmp(meta->commits[i], hex) == 0)
			return 0;
	grown = sg_findings_strv(set, meta->n_commits + 1);
	if (!grown)
		return sg_error(SG_ENOMEM, "out of memory");
	if (meta->n_commits)
		memcpy(grown, meta->commits,
		       meta->n_commits * sizeof(*grown));
	grown[meta->n_commits] = sg_findings_intern(set, hex, n);
	if (!grown[meta->n_commits])
		return sg_error(SG_ENOMEM, "out of memory");
	meta->commits = grown;
	meta->n_commits++;
	return 0;
}

static void fail(struct sg_input *input, int rc)
{
	input->status = rc;
	free(input->error);
	input->error = strdup(sg_error_message());
}

/* "[]" or "null" with no --tool: zero findings, but from no known tool. */
static int read_empty_document(struct sg_jstream *js, struct sg_input *input)
{
	json_t *value;
	int rc = sg_js_load(js, &value);

	if (rc < 0)
		return rc;
	if (!json_is_null(value) &&
	    !(json_is_array(value) && json_array_size(value) == 0)) {
		json_decref(value);
		return sg_js_error_at_value(js, "unknown report format");
	}
	json_decref(value);
	input->meta.tool = "unknown";
	input->meta.format = "empty";
	return sg_js_finish(js);
}

/*
 * Whatever the adapter, a secret's message and title are redacted here,
 * before any writer sees them: a scanner may repeat the secret there.
 */
static int redact_text(struct sg_findings *set, const char **text)
{
	char *safe;

	if (!*text)
		return 0;
	safe = sg_redact_secrets(*text);
	if (!safe)
		return sg_error(SG_ENOMEM, "out of memory");
	if (strcmp(safe, *text) != 0)
		*text = sg_findings_strdup(set, safe);
	free(safe);
	return *text ? 0 : sg_error(SG_ENOMEM, "out of memory");
}

/*
 * Texts redacted lately and what each became. Redaction depends on the
 * text alone, and a tool's findings share a few titles (a gitleaks rule's
 * description): an equal text takes the same result unscanned. The
 * strings live in the set's arena, which only grows while a parse is
 * finished; the oldest entry makes room.
 */
#define REDACT_MEMO_SIZE 16

struct redact_memo {
	const char *in[REDACT_MEMO_SIZE], *out[REDACT_MEMO_SIZE];
	size_t next;
};

static int redact_text_memo(struct sg_findings *set, const char **text,
			    struct redact_memo *memo)
{
	const char *in = *text;
	int rc;

	if (!in)
		return 0;
	for (size_t i = 0; i < REDACT_MEMO_SIZE && memo->in[i]; i++) {
		if (strcmp(in, memo->in[i]) == 0) {
			*text = memo->out[i];
			return 0;
		}
	}
	rc = redact_text(set, text);
	if (rc == 0) {
		memo->in[memo->next] = in;
		memo->out[memo->next] = *text;
		memo->next = (memo->next + 1) % REDACT_MEMO_SIZE;
	}
	return rc;
}

/*
 * The heads of "<head> in <path>" messages redacted lately (malloc'd
 * copies, freed with the memo): a tool's messages share a few heads, its
 * rules' titles, and the head is most of each message.
 */
#define HEAD_MEMO_SIZE 16

struct head_memo {
	char *head[HEAD_MEMO_SIZE], *redacted[HEAD_MEMO_SIZE];
	size_t len[HEAD_MEMO_SIZE], next;
};

static void head_memo_free(struct head_memo *memo)
{
	for (size_t i = 0; i < HEAD_MEMO_SIZE; i++) {
		free(memo->head[i]);
		free(memo->redacted[i]);
	}
}

/* head[0, len) redacted (borrowed from the memo), or NULL out of memory. */
static const char *redacted_head(struct head_memo *memo, const char *head,
				 size_t len)
{
	size_t at = memo->next;
	char *copy, *redacted;

	for (size_t i = 0; i < HEAD_MEMO_SIZE && memo->head[i]; i++)
		if (memo->len[i] == len &&
		    memcmp(memo->head[i], head, len) == 0)
			return memo->redacted[i];
	copy = strndup(head, len);
	redacted = copy ? sg_redact_secrets(copy) : NULL;
	if (!redacted) {
		free(copy);
		return NULL;
	}
	free(memo->head[at]);
	free(memo->redacted[at]);
	memo->head[at] = copy;
	memo->redacted[at] = redacted;
	memo->len[at] = len;
	memo->next = (at + 1) % HEAD_MEMO_SIZE;
	return redacted;
}

/*
 * A secret's message. One that reads "<head> in <path>" (the finding's
 * path) whose halves cannot interact (sg_redact_splits_at_in) is
 * redacted as its head, memoized, and its path: the same text as
 * redacting it whole, for a fraction of the scanning.
 */
static int redact_message(struct sg_findings *set, struct sg_finding *f,
			  struct head_memo *memo)
{
	static const char in[] = " in ";
	const char *m = f->message, *path = f->location.path, *head_red;
	size_t m_len, path_len, head_len;
	char *path_red, *joined;
	int rc = 0;

	if (!m || !path)
		return redact_text(set, &f->message);
	m_len = strlen(m);
	path_len = strlen(path);
	if (m_len < path_len + sizeof(in) - 1 ||
	    memcmp(m + m_len - path_len, path, path_len) != 0 ||
	    memcmp(m + m_len - path_len - (sizeof(in) - 1), in,
		   sizeof(in) - 1) != 0)
		return redact_text(set, &f->message);
	head_len = m_len - path_len - (sizeof(in) - 1);
	if (!sg_redact_splits_at_in(m, head_len, path))
		return redact_text(set, &f->message);
	head_red = redacted_head(memo, m, head_len);
	path_red = head_red ? sg_redact_secrets(path) : NULL;
	if (!path_red)
		return sg_error(SG_ENOMEM, "out of memory");
	if (strlen(head_red) == head_len &&
	    memcmp(head_red, m, head_len) == 0 && strcmp(path_red, path) == 0) {
		free(path_red); /* nothing to hide: the message stays */
		return 0;
	}
	size_t head_red_len = strlen(head_red), path_red_len = strlen(path_red);

	joined = malloc(head_red_len + sizeof(in) - 1 + path_red_len + 1);
	if (joined) {
		memcpy(joined, head_red, head_red_len);
		memcpy(joined + head_red_len, in, sizeof(in) - 1);
		memcpy(joined + head_red_len + sizeof(in) - 1, path_red,
		       path_red_len + 1);
		f->message = sg_findings_strdup(set, joined);
	}
	if (!joined || !f->message)
		rc = sg_error(SG_ENOMEM, "out of memory");
	free(joined);
	free(path_red);
	return rc;
}

/* Check what a parse appended from start on; give each its sources. */
static int finish_findings(struct sg_findings *set, size_t start,
			   const char *name, uint32_t index)
{
	struct redact_memo titles = {{NULL}, {NULL}, 0};
	struct head_memo heads;
	int rc = 0;

	memset(&heads, 0, sizeof(heads));
	for (size_t i = start; i < set->count && rc == 0; i++) {
		struct sg_finding *f = &set->items[i];

		if (!f->fingerprint) {
			rc = sg_error(SG_EINPUT, "%s: internal: finding %zu "
					 "has no fingerprint",
				      name, i - start);
			break;
		}
		/* Its own tool, without a list (finding.h: sources_own_tool). */
		if (!sg_finding_n_sources(f))
			f->sources_own_tool = true;
		f->input_index = index;
		if (f->kind == SG_KIND_SECRET) {
			/* The title too: a producer's title may be its message. */
			rc = redact_message(set, f, &heads);
			if (rc == 0)
				rc = redact_text_memo(set, &f->title, &titles);
		}
	}
	head_memo_free(&heads);
	return rc;
}

/* Read an opened stream (taken: freed here) into set. */
static int ingest_stream(struct sg_findings *set, struct sg_input *input,
			 struct sg_jstream *js, int rc, const char *forced_tool,
			 const char *repo_root, const char *work_dir,
			 bool ran_there, uint32_t index)
{
	const struct sg_adapter *adapter = NULL;
	struct sg_sniff sniff;
	size_t start = set->count, prefix_len;
	const char *prefix;

	if (rc < 0)
		goto done;
	prefix = sg_jstream_prefix(js, &prefix_len);
	sg_sniff_document(&sniff, prefix, prefix_len);
	if (!forced_tool && (sniff.empty_array || sniff.top == 'n')) {
		rc = read_empty_document(js, input);
		goto done;
	}
	rc = sg_detect_adapter(&sniff, forced_tool, sg_jstream_name(js),
			       &adapter);
	if (rc < 0 && (sniff.top == '{' || sniff.top == '[')) {
		/*
		 * No format matched: a cut-off or malformed document says
		 * so (with its position) rather than "unknown format".
		 */
		char why[1024];
		int unknown = rc;

		snprintf(why, sizeof(why), "%s", sg_error_message());
		rc = sg_js_skip(js);
		if (rc == 0)
			rc = sg_js_finish(js);
		if (rc == 0)
			rc = sg_error(unknown, "%s", why);
	}
	if (rc < 0)
		goto done;

	struct sg_parse_ctx ctx = {
		.js = js,
		.out = set,
		.input_index = index,
		.forced_tool = forced_tool,
		.repo_root = repo_root,
		.work_dir = work_dir,
		.scanner_ran_in_work_dir = ran_there,
		.meta = &input->meta,
	};
	input->meta.tool = forced_tool ? forced_tool : adapter->name;
	rc = adapter->parse(&ctx);
	if (rc < 0)
		goto done;
	rc = sg_js_finish(js);
	if (rc < 0)
		goto done;
	rc = finish_findings(set, start, sg_jstream_name(js), index);
	if (rc < 0)
		goto done;
	input->n_findings = set->count - start;
done:
	if (rc < 0) {
		sg_findings_truncate(set, start);
		input->n_findings = 0;
		json_decref(input->meta.sarif_tools);
		input->meta.sarif_tools = NULL;
		fail(input, rc);
	}
	sg_jstream_free(js);
	return rc;
}

int sg_ingest_file_at(struct sg_findings *set, struct sg_input *input,
		      const char *path, const char *forced_tool,
		      const char *repo_root, const char *work_dir,
		      bool ran_there, uint32_t index)
{
	struct sg_jstream *js = NULL;
	int rc;

	memset(input, 0, sizeof(*input));
	input->path = path;
	rc = sg_jstream_open(&js, path, 0);
	return ingest_stream(set, input, js, rc, forced_tool, repo_root,
			     work_dir, ran_there, index);
}

int sg_ingest_file(struct sg_findings *set, struct sg_input *input,
		   const char *path, const char *forced_tool,
		   const char *repo_root, uint32_t index)
{
	return sg_ingest_file_at(set, input, path, forced_tool, repo_root,
				 NULL, false, index);
}

int sg_ingest_buffer(struct sg_findings *set, struct sg_input *input,
		     const char *name, const char *data, size_t len,
		     const char *forced_tool, const char *repo_root,
		     uint32_t index)
{
	struct sg_jstream *js = NULL;
	int rc;

	memset(input, 0, sizeof(*input));
	input->path = name;
	rc = sg_jstream_open_buffer(&js, name, data, len);
	return ingest_stream(set, input, js, rc, forced_tool, repo_root, NULL,
			     false, index);
}

int sg_ingest_check(struct sg_findings *set, struct sg_input *input,
		    const char *name, sg_check_fn check, void *ctx,
		    uint32_t index)
{
	size_t start = set->count;
	int rc;

	memset(input, 0, sizeof(*input));
	input->path = name;
	rc = check(ctx, set, &input->meta, index);
	if (rc == 0)
		rc = finish_findings(set, start, name, index);
	if (rc < 0) {
		sg_findings_truncate(set, start);
		fail(input, rc);
		return rc;
	}
	input->n_findings = set->count - start;
	return 0;
}

void sg_input_release(struct sg_input *input)
{
	free(input->error);
	input->error = NULL;
	json_decref(input->meta.sarif_tools);
	input->meta.sarif_tools = NULL;
}
