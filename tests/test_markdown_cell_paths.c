/*
 * The Markdown writer escapes short plain cells straight from the value
 * and every other cell through its copy and sg_terminal_safe()
 * (report_markdown.c, cell_escape). Both paths must give what the one
 * path gave before: here a reference built the old way (copy, CR/LF/tab
 * to spaces, sanitize, escape, cap) is compared with the title cell of
 * each row the real writer renders, for values on both sides of every
 * condition of the short path (length 200, ':', '#', non-ASCII, controls,
 * '@' before a name, Markdown punctuation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_markdown.h"
#include "sanitize.h"
#include "strbuf.h"
#include "test_util.h"

#define CELL_MAX_CHARS 200  /* as in report_markdown.c */
#define CELL_MAX_INPUT 1024
#define ZWSP "\xE2\x80\x8B"

/* ---- the reference: one path for every value ---- */

static void ref_cell(struct sg_strbuf *b, const char *s)
{
	char raw[CELL_MAX_INPUT + 1], safe[CELL_MAX_INPUT + 1];
	const char *p;
	size_t n, chars = 0;
	bool cut;

	if (!s || !*s) {
		sg_strbuf_add(b, "—");
		return;
	}
	for (n = 0; s[n] && n < CELL_MAX_INPUT; n++)
		raw[n] = s[n] == '\r' || s[n] == '\n' || s[n] == '\t' ? ' '
								    : s[n];
	raw[n] = '\0';
	cut = s[n] != '\0';
	p = sg_terminal_safe(safe, sizeof(safe), raw);
	for (; *p && chars < CELL_MAX_CHARS; chars++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x80) {
			size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

			sg_strbuf_addn(b, p, len);
			p += len;
			continue;
		}
		if (c == '&')
			sg_strbuf_add(b, "&amp;");
		else if (c == '<')
			sg_strbuf_add(b, "&lt;");
		else if (c == '>')
			sg_strbuf_add(b, "&gt;");
		else if (c == '@') {
			unsigned char next = (unsigned char)p[1];

			sg_strbuf_add(b, "@");
			if ((next >= 'a' && next <= 'z') ||
			    (next >= 'A' && next <= 'Z') ||
			    (next >= '0' && next <= '9') || next == '_' ||
			    next == '-')
				sg_strbuf_add(b, ZWSP);
		} else if (strchr("\\|*_`~[]#!()$", c)) {
			sg_strbuf_addn(b, "\\", 1);
			sg_strbuf_addn(b, p, 1);
		} else {
			sg_strbuf_addn(b, p, 1);
		}
		p++;
	}
	if (*p || cut)
		sg_strbuf_add(b, "…");
}

/* ---- values on both sides of the short path's conditions ---- */

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 17, *x ^= *x << 5;
	return *x;
}

static void make_value(char *v, size_t len, uint32_t *x)
{
	static const char *const odd[] = {
	    ":", "#", "@a", "@ ", "|", "*", "_", "`", "~", "[", "]", "!",
	    "(", ")", "$", "\\", "&", "<", ">", "\t", "\n", "\r", "\x01",
	    "\x7f", "caf\xC3\xA9", "\xE2\x80\xAE", "\xC2\x9B", "\xFF",
	    /* the runner's command shapes sg_terminal_safe rewrites */
	    "::error::", "::", "##[group]", "##[", "::add-mask::x"};
	size_t n = 0;
	bool plain = next(x) % 2;

	while (n < len) {
		const char *piece;
		char one[2] = {0, 0};

		if (plain || next(x) % 6) {
			one[0] = (char)('a' + next(x) % 26);
			if (next(x) % 9 == 0)
				one[0] = ' ';
			piece = one;
		} else {
			piece = odd[next(x) % (sizeof(odd) / sizeof(odd[0]))];
		}
		if (n + strlen(piece) > len)
			break;
		memcpy(v + n, piece, strlen(piece));
		n += strlen(piece);
	}
	v[n] = '\0';
}

static void test_markdown_cell_paths__both_paths_as_before(void **state)
{
	static const size_t lengths[] = {1,   2,   7,   8,   9,    63,
					 199, 200, 201, 202, 1023, 1024,
					 1025, 1500};
	/* Where sg_terminal_safe rewrites ':' and '#': at a line start. */
	static const char *const fixed[] = {
	    ":", " :", "::error::x", "  ::warning file=a::y", "a::b",
	    "#[x", "a##", "##[group]x", "x ##[y", "plain", "@alice",
	    "a@b", "__init__", "C:\\temp"};
	enum { N = 600 };
	char (*values)[1600] = calloc(N, sizeof(*values));
	struct sg_findings set;
	struct sg_policy policy;
	struct sg_run_result r;
	uint32_t x = 362436069u;
	char *out = NULL;
	size_t out_len = 0;
	FILE *f;

	(void)state;
	assert_non_null(values);
	sg_findings_init(&set);
	sg_policy_default(&policy);
	memset(&r, 0, sizeof(r));
	r.set = &set;
	r.policy = &policy;
	for (size_t i = 0; i < N; i++) {
		struct sg_finding *fi = sg_findings_append(&set);
		char rule[32];

		assert_non_null(fi);
		if (i < sizeof(fixed) / sizeof(fixed[0]))
			snprintf(values[i], sizeof(values[i]), "%s", fixed[i]);
		else
			make_value(values[i],
				   lengths[next(&x) % (sizeof(lengths) /
						       sizeof(lengths[0]))],
				   &x);
		snprintf(rule, sizeof(rule), "r%zu", i);
		fi->tool = "trivy";
		fi->kind = SG_KIND_VULNERABILITY;
		fi->severity = SG_SEV_HIGH;
		fi->blocking = true;
		fi->rule_id = sg_findings_strdup(&set, rule);
		fi->title = sg_findings_strdup(&set, values[i]);
		fi->fingerprint = "sg1:0000";
	}
	sg_summary_compute(&set, NULL, NULL, &r.summary);
	r.verdict = SG_VERDICT_FAIL;
	f = open_memstream(&out, &out_len);
	assert_non_null(f);
	assert_int_equal(sg_report_markdown_write(f, &r, 0), 0);
	assert_int_equal(fclose(f), 0);

	for (size_t i = 0; i < N; i++) {
		struct sg_strbuf want = {0};
		char prefix[64];
		const char *row, *cell, *eol;

		snprintf(prefix, sizeof(prefix),
			 "\n| high | trivy | r%zu | — | — | ", i);
		row = strstr(out, prefix);
		assert_non_null(row);
		cell = row + strlen(prefix);
		eol = strchr(cell, '\n');
		assert_non_null(eol);
		assert_true(eol - cell >= 2 && memcmp(eol - 2, " |", 2) == 0);
		ref_cell(&want, values[i]);
		assert_false(want.failed);
		if ((size_t)(eol - 2 - cell) != want.len ||
		    memcmp(cell, want.data, want.len) != 0)
			fail_msg("value %zu: cell %.*s, the old way %s", i,
				 (int)(eol - 2 - cell), cell, want.data);
		sg_strbuf_release(&want);
	}
	free(out);
	sg_findings_release(&set);
	free(values);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markdown_cell_paths__both_paths_as_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
