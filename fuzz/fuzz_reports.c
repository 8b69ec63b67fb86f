/*
 * libFuzzer target: report text from a hostile producer through the
 * writers that escape it, checked for what each promises: the JUnit XML
 * parses (libxml2, no forbidden character), every annotation line is one
 * workflow command secgate wrote and carries no "##[", and the Markdown
 * holds no raw control character and no line the runner would read as a
 * command. The input is split at NUL bytes into the tool, rule, path,
 * title, message and input file name of one blocking finding.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "report_github.h"
#include "report_junit.h"
#include "report_markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*render_fn)(FILE *out, const struct sg_run_result *r);

static int markdown(FILE *out, const struct sg_run_result *r)
{
	return sg_report_markdown_write(out, r, 1 << 20);
}

static char *render(render_fn fn, const struct sg_run_result *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	fn(f, r);
	if (fclose(f) != 0)
		abort();
	return buf;
}

/* Does text[0, len) contain "##["? (memmem is a GNU extension.) */
static bool has_legacy_marker(const char *text, size_t len)
{
	for (size_t i = 0; i + 3 <= len; i++)
		if (text[i] == '#' && text[i + 1] == '#' && text[i + 2] == '[')
			return true;
	return false;
}

/* No line may be, or contain, a runner command secgate did not write. */
static void check_lines(const char *text, size_t len, bool annotations)
{
	const char *line = text, *end = text + len;

	if (has_legacy_marker(text, len))
		abort();
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		const char *lead = line;

		for (const char *p = line; p < stop; p++)
			if ((unsigned char)*p < 0x20 && *p != '\t')
				abort();
		while (lead < stop && (*lead == ' ' || *lead == '\t'))
			lead++;
		if (annotations) {
			if (stop > line && strncmp(line, "::error ", 8) != 0 &&
			    strncmp(line, "::warning ", 10) != 0 &&
			    strncmp(line, "::notice", 8) != 0 &&
			    strncmp(line, "::error::", 9) != 0 &&
			    strncmp(line, "::warning::", 11) != 0)
				abort();
			/* Only the leading command: no second "::" header. */
		} else if (stop - lead >= 2 && lead[0] == ':' && lead[1] == ':') {
			abort();
		}
		line = stop + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *field[6] = {"tool", "rule", "a.c", "title", "message",
				"report.json"};
	char *copy = malloc(size + 1), *p, *out;
	struct sg_findings set;
	struct sg_input input;
	struct sg_policy policy;
	struct sg_run_result r;
	struct sg_finding *f;
	size_t len, n = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; n < 6 && p <= copy + size; p += strlen(p) + 1)
		field[n++] = p;

	sg_findings_init(&set);
	sg_policy_default(&policy);
	memset(&input, 0, sizeof(input));
	input.path = field[5];
	input.meta.tool = field[0];
	f = sg_findings_append(&set);
	if (!f)
		abort();
	f->tool = sg_findings_strdup(&set, field[0]);
	f->kind = SG_KIND_CODE;
	f->severity = SG_SEV_HIGH;
	f->blocking = true;
	f->rule_id = sg_findings_strdup(&set, field[1]);
	f->location.path = sg_findings_strdup(&set, field[2]);
	f->location.start_line = 3;
	f->title = sg_findings_strdup(&set, field[3]);
	f->message = sg_findings_strdup(&set, field[4]);
	f->fingerprint = "sg1:00000000000000000000000000000000";
	input.n_findings = 1;

	memset(&r, 0, sizeof(r));
	r.set = &set;
	r.inputs = &input;
	r.n_inputs = 1;
	r.policy = &policy;
	r.verdict = SG_VERDICT_FAIL;
	r.summary.total = r.summary.blocking = 1;
	r.summary.by_severity[SG_SEV_HIGH] = 1;
	r.summary.blocking_by_severity[SG_SEV_HIGH] = 1;
	r.now = 1735689600;

	out = render(sg_report_junit_write, &r, &len);
	xmlDocPtr doc = xmlReadMemory(out, (int)len, "junit.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR |
					      XML_PARSE_NOWARNING);
	if (!doc)
		abort();
	xmlFreeDoc(doc);
	free(out);

	out = render(sg_github_annotations, &r, &len);
	check_lines(out, len, true);
	free(out);

	out = render(markdown, &r, &len);
	check_lines(out, len, false);
	free(out);

	sg_findings_release(&set);
	free(copy);
	return 0;
}
