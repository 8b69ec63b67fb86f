/*
 * Ingest redacts a secret's message "<title> in <path>" by its halves
 * when they cannot interact (sg_redact_splits_at_in), the head memoized
 * across findings: each message must read exactly as redacting it whole
 * does, whether the split applies, and whichever half holds the secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/redact.h"
#include "test_util.h"

struct message_case {
	const char *title, *file;
};

static const struct message_case cases[] = {
    {"Found AKIAABCDEFGHIJKLMNOP in a config.", "src/a.py"},
    {"Found AKIAABCDEFGHIJKLMNOP in a config.", "src/b.py"},
    {"Found ABCDEFGHIJKLMNOPQRST in a config.", "src/b.py"}, /* as long */
    {"Plain title", "keys/aB3dE5gH7jK9mN1pZx9Qw2Lk8Rt5.txt"},
    {"Plain title", "ghp_aaaaaaaaaaaaaaaaaaaaaaaa/x.env"},
    {"Plain title", "src/a.py"},
    {"api_key=", "src/a.py"}, /* its value would be the "in" */
    {"Leak: token", "src/c.py"},
    {"--password", "src/d.py"},
    {"Key -----BEGIN RSA PRIVATE KEY-----", "src/e.py"},
    {"Plain title", "-----END RSA PRIVATE KEY-----"},
    {"Token in xoxb-aaaaaaaaaaaa", "src/in.py"},
};
#define N_CASES (sizeof(cases) / sizeof(*cases))

/* What the message was before any redaction (make_message's form). */
static void raw_message(const struct message_case *c, char *out, size_t size)
{
	size_t n = strlen(c->title);

	if (n > 1 && c->title[n - 1] == '.')
		n--;
	snprintf(out, size, "%.*s in %s", (int)n, c->title, c->file);
}

static void test_ingest_redact__messages_as_redacted_whole(void **state)
{
	char report[8192], raw[512];
	size_t len = 0;
	struct sg_findings set;
	struct sg_input input;

	(void)state;
	len += (size_t)snprintf(report + len, sizeof(report) - len, "[");
	for (size_t i = 0; i < N_CASES; i++)
		len += (size_t)snprintf(
		    report + len, sizeof(report) - len,
		    "%s{\"RuleID\": \"r%zu\", \"Description\": \"%s\", "
		    "\"File\": \"%s\", \"StartLine\": %zu, "
		    "\"Secret\": \"s%zu\"}",
		    i ? "," : "", i, cases[i].title, cases[i].file, i + 1, i);
	snprintf(report + len, sizeof(report) - len, "]");
	if (ingest_text(&set, &input, report, NULL) != 0)
		fail_msg("ingest: %s", input.error);
	assert_int_equal(set.count, N_CASES);
	for (size_t i = 0; i < set.count; i++) {
		const struct sg_finding *f = &set.items[i];
		const struct message_case *c =
		    &cases[f->location.start_line - 1];
		char *expect;

		/* Paths are as written here (relative, tidy). */
		assert_string_equal(f->location.path, c->file);
		raw_message(c, raw, sizeof(raw));
		expect = sg_redact_secrets(raw);
		assert_non_null(expect);
		if (strcmp(f->message, expect) != 0)
			fail_msg("case %u: message '%s', redacted whole '%s'",
				 f->location.start_line, f->message, expect);
		free(expect);
	}
	/* The cases do hide something, in heads and in paths. */
	assert_string_equal(set.items[0].message,
			    "Found " SG_REDACTED " in a config in src/a.py");
	assert_string_equal(
	    set.items[2].message,
	    "Found ABCDEFGHIJKLMNOPQRST in a config in src/b.py");
	assert_string_equal(set.items[4].message,
			    "Plain title in " SG_REDACTED "/x.env");
	sg_input_release(&input);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ingest_redact__messages_as_redacted_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
