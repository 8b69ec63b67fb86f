/*
 * Adapter table and content-based format detection. The sniff reads only
 * the first bytes (at most SNIFF_BYTES of jsonstream's prefix), so
 * detection costs little on a 500 MB report; the chosen adapter then
 * validates everything it reads.
 */
#include <stdbool.h>
#include <string.h>

#include "registry.h"
#include "secgate/error.h"

static const struct sg_adapter *const adapter_table[] = {
	&sg_adapter_gitleaks,
	&sg_adapter_trivy,
	&sg_adapter_pip_audit,
	&sg_adapter_sarif,
	NULL,
};

/* --tool values; the ones without an adapter of their own read SARIF. */
static const char *const tool_names[] = {
	"gitleaks", "trivy", "pip-audit", "codeql", "sarif", NULL,
};

const struct sg_adapter *const *sg_adapters(void)
{
	return adapter_table;
}

const struct sg_adapter *sg_adapter_by_name(const char *name)
{
	for (size_t i = 0; adapter_table[i]; i++)
		if (strcmp(adapter_table[i]->name, name) == 0)
			return adapter_table[i];
	return NULL;
}

int sg_tool_name_valid(const char *tool)
{
	for (size_t i = 0; tool_names[i]; i++)
		if (strcmp(tool_names[i], tool) == 0)
			return 1;
	return 0;
}

const char *sg_tool_names(void)
{
	return "gitleaks|trivy|pip-audit|codeql|sarif";
}

bool sg_sniff_has_key(const struct sg_sniff *sniff, const char *key)
{
	for (size_t i = 0; i < sniff->n_keys; i++)
		if (strcmp(sniff->keys[i], key) == 0)
			return true;
	return false;
}

/* ---- a tolerant lexer over the prefix: it may end anywhere ---- */

/*
 * The bytes a sniff reads at most: the prefix jsonstream promises (up to
 * 1 MiB). Its window often holds more (one read of a file fills 4 MiB),
 * and lexing all of it made detection depend on how much a read
 * returned (a file against a pipe) and cost ~6 instructions per byte of
 * a large report's first value. Keys after a value that runs past this
 * point are not seen: the discriminating keys come first in every
 * format (SARIF "runs" is seen even when its value is cut, because the
 * key precedes it; Trivy "SchemaVersion", pip-audit "dependencies",
 * gitleaks "RuleID" lead their objects), and an adapter that is picked
 * validates the whole document anyway.
 */
#define SNIFF_BYTES ((size_t)1 << 20)

struct lexer {
	const char *p;
	size_t len, i;
};

/* Bytes that end a run inside a string being skipped. */
static const bool string_stop[256] = {['"'] = true, ['\\'] = true};

/* Bytes that matter while skipping a container: strings and brackets. */
static const bool structural[256] = {
    ['"'] = true, ['{'] = true, ['['] = true, ['}'] = true, [']'] = true,
};

static int lex_ws(struct lexer *lx)
{
	while (lx->i < lx->len && strchr(" \t\r\n", lx->p[lx->i]))
		lx->i++;
	return lx->i < lx->len ? (unsigned char)lx->p[lx->i] : -1;
}

/* Skip a string at i; copy it (unescaped bytes only) into out if given. */
static bool lex_string(struct lexer *lx, char *out, size_t out_size)
{
	size_t n = 0;
	bool clean = true;

	lx->i++; /* opening quote */
	while (lx->i < lx->len) {
		char c;

		if (!out) {
			/* Skipped: only a quote or a backslash matters. */
			while (lx->i < lx->len &&
			       !string_stop[(unsigned char)lx->p[lx->i]])
				lx->i++;
			if (lx->i == lx->len)
				break;
		}
		c = lx->p[lx->i++];

		if (c == '"') {
			if (out) {
				if (!clean || n >= out_size)
					n = 0; /* escaped or long: no known key */
				out[n] = '\0';
			}
			return true;
		}
		if (c == '\\') {
			clean = false;
			lx->i++;
			continue;
		}
		if (out && n < out_size)
			out[n++] = c;
	}
	return false;
}

static bool lex_skip_value(struct lexer *lx)
{
	int c = lex_ws(lx);
	int depth = 0;

	if (c < 0)
		return false;
	if (c == '"')
		return lex_string(lx, NULL, 0);
	if (c != '{' && c != '[') {
		while (lx->i < lx->len && !strchr(",}] \t\r\n", lx->p[lx->i]))
			lx->i++;
		return lx->i < lx->len;
	}
	while (lx->i < lx->len) {
		c = (unsigned char)lx->p[lx->i];
		if (!structural[c]) {
			lx->i++;
			continue;
		}
		if (c == '"') {
			if (!lex_string(lx, NULL, 0))
				return false;
			continue;
		}
		lx->i++;
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return true;
	}
	return false;
}

/* At '{': collect its keys until the prefix or the object ends. */
static void lex_object_keys(struct lexer *lx, struct sg_sniff *out)
{
	lx->i++;
	while (out->n_keys < SG_SNIFF_MAX_KEYS) {
		int c = lex_ws(lx);

		if (c == ',') {
			lx->i++;
			c = lex_ws(lx);
		}
		if (c != '"')
			return;
		if (!lex_string(lx, out->keys[out->n_keys], SG_JS_KEY_MAX))
			return;
		out->n_keys++;
		if (lex_ws(lx) != ':')
			return;
		lx->i++;
		if (!lex_skip_value(lx))
			return;
	}
}

void sg_sniff_document(struct sg_sniff *out, const char *data, size_t len)
{
	struct lexer lx = {data, len, 0};
	int c;

	memset(out, 0, sizeof(*out));
	if (len > SNIFF_BYTES)
		len = lx.len = SNIFF_BYTES;
	out->prefix = data;
	out->len = len;
	c = lex_ws(&lx);
	if (c < 0)
		return;
	out->top = c;
	if (c == '{') {
		lex_object_keys(&lx, out);
	} else if (c == '[') {
		lx.i++;
		c = lex_ws(&lx);
		if (c == ']')
			out->empty_array = true;
		else if (c == '{')
			lex_object_keys(&lx, out);
	}
}

static const char *shape_name(const struct sg_sniff *sniff)
{
	switch (sniff->top) {
	case '{':
		return "a JSON object";
	case '[':
		return "a JSON array";
	case '<':
		return "XML (JUnit or another report, not a findings format)";
	case 'n':
		return "null";
	default:
		return "not JSON (CSV or text?)";
	}
}

int sg_detect_adapter(const struct sg_sniff *sniff, const char *forced_tool,
		      const char *input, const struct sg_adapter **out)
{
	const struct sg_adapter *best = NULL, *sarif = &sg_adapter_sarif;
	int best_score = 0;

	if (sniff->top != '{' && sniff->top != '[' && sniff->top != 'n') {
		if (forced_tool)
			return sg_error(SG_EINPUT,
					"%s: not a %s report: unknown report "
					"format: %s",
					input, forced_tool, shape_name(sniff));
		return sg_error(SG_EINPUT,
				"%s: unknown report format: %s; secgate reads "
				"gitleaks, Trivy and pip-audit JSON and SARIF "
				"2.1.0",
				input, shape_name(sniff));
	}
	/* An SBOM lists components, not findings: say so, whatever --tool says. */
	if (sniff->top == '{' && sg_sniff_has_key(sniff, "bomFormat"))
		return sg_error(SG_EINPUT,
				"%s: unknown report format: a CycloneDX SBOM "
				"is not a findings report (scan it with "
				"'trivy sbom --format json')",
				input);
	for (size_t i = 0; adapter_table[i]; i++) {
		int score = adapter_table[i]->detect(sniff);

		if (score > best_score) {
			best_score = score;
			best = adapter_table[i];
		}
	}
	if (forced_tool) {
		const struct sg_adapter *own = sg_adapter_by_name(forced_tool);

		/* An empty list or null means "no findings" in every format. */
		if (own && (sniff->empty_array || sniff->top == 'n' ||
			    own->detect(sniff) > 0)) {
			*out = own;
			return 0;
		}
		if (sarif->detect(sniff) > 0) {
			*out = sarif; /* codeql, or a tool's SARIF output */
			return 0;
		}
		return sg_error(SG_EINPUT,
				"%s: not a %s report that secgate can read "
				"(it looks like %s)",
				input, forced_tool,
				best ? best->name : shape_name(sniff));
	}
	if (!best)
		return sg_error(SG_EINPUT,
				"%s: unknown report format (%s with no keys "
				"that gitleaks, Trivy, pip-audit or SARIF "
				"write); name the tool with --tool",
				input, shape_name(sniff));
	*out = best;
	return 0;
}
