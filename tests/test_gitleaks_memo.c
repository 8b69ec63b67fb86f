/*
 * The gitleaks adapter's memos (the key at each position, the recent
 * copies of rule, title and commit) and its scratch copy of File: a
 * finding read after others must come out exactly as it does alone,
 * whatever order its members come in and however close its values are
 * to the previous ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secgate/error.h"
#include "test_util.h"

/* Findings that differ from their neighbours by as little as possible. */
static const char *const findings[] = {
    "{\"RuleID\": \"aws-access-token\", \"Description\": \"Token.\", "
    "\"StartLine\": 3, \"EndLine\": 3, \"StartColumn\": 1, "
    "\"EndColumn\": 9, \"Match\": \"k=AKIAxx\", \"Secret\": \"AKIAxx\", "
    "\"File\": \"src/a.py\", \"Commit\": "
    "\"1111111111111111111111111111111111111111\", \"Entropy\": 3.5, "
    "\"Tags\": []}",
    /* The same members in another order; an unread one where File was. */
    "{\"File\": \"src/b.py\", \"Tags\": [\"x\"], \"Secret\": \"AKIAyy\", "
    "\"Commit\": \"1111111111111111111111111111111111111112\", "
    "\"Description\": \"Token\", \"StartLine\": 4, \"Link\": \"u\", "
    "\"RuleID\": \"aws-access-token-2\"}",
    /* Values one byte shorter or longer than the last ones. */
    "{\"RuleID\": \"aws-access-toke\", \"Description\": \"Tokens\", "
    "\"StartLine\": 5, \"Secret\": \"AKIAyy\", \"File\": \"src/b.pyc\", "
    "\"Commit\": \"111111111111111111111111111111111111111\"}",
    /* Escaped spellings of earlier values, a NUL in File and in RuleID. */
    "{\"RuleID\": \"aws-access-\\u0074oken\", \"Description\": "
    "\"Tok\\u0065n.\", \"StartLine\": 6, \"Secret\": \"AKIAxx\", "
    "\"File\": \"src/\\u0000a.py\", \"Commit\": "
    "\"1111111111111111111111111111111111111111\"}",
    "{\"RuleID\": \"aws-access-token\\u0000\", \"Description\": \"Token.\", "
    "\"StartLine\": 7, \"Secret\": \"\", \"File\": \"src/a.py\", "
    "\"Commit\": \"\"}",
    /* The first finding's members again, first order. */
    "{\"RuleID\": \"aws-access-token\", \"Description\": \"Token.\", "
    "\"StartLine\": 8, \"EndLine\": 3, \"StartColumn\": 1, "
    "\"EndColumn\": 9, \"Match\": \"k=AKIAxx\", \"Secret\": \"AKIAzz\", "
    "\"File\": \"src/a.py\", \"Commit\": "
    "\"1111111111111111111111111111111111111113\", \"Entropy\": 3.5, "
    "\"Tags\": []}",
};
#define N_FINDINGS (sizeof(findings) / sizeof(*findings))

static void ingest_report(struct sg_findings *set, struct sg_input *input,
			  const char *text)
{
	if (ingest_text(set, input, text, NULL) != 0)
		fail_msg("ingest: %s", input->error);
}

static void assert_same_string(const char *what, const char *alone,
			       const char *in_sequence)
{
	if (!alone && !in_sequence)
		return;
	if (!alone || !in_sequence || strcmp(alone, in_sequence) != 0)
		fail_msg("%s: alone '%s', after others '%s'", what,
			 alone ? alone : "(null)",
			 in_sequence ? in_sequence : "(null)");
}

/* The finding with this start line (lines are unique above). */
static const struct sg_finding *at_line(const struct sg_findings *set,
					uint32_t line)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].location.start_line == line)
			return &set->items[i];
	return NULL;
}

static void test_gitleaks_memo__each_finding_as_alone(void **state)
{
	char report[8192];
	size_t len = 0;
	struct sg_findings all;
	struct sg_input all_input;

	(void)state;
	len += (size_t)snprintf(report + len, sizeof(report) - len, "[");
	for (size_t i = 0; i < N_FINDINGS; i++)
		len += (size_t)snprintf(report + len, sizeof(report) - len,
					"%s%s", i ? ",\n " : "", findings[i]);
	snprintf(report + len, sizeof(report) - len, "]");
	ingest_report(&all, &all_input, report);
	assert_int_equal(all.count, N_FINDINGS);
	for (size_t i = 0; i < N_FINDINGS; i++) {
		struct sg_findings one;
		struct sg_input one_input;
		char alone[2048];
		const struct sg_finding *a, *b;

		snprintf(alone, sizeof(alone), "[%s]", findings[i]);
		ingest_report(&one, &one_input, alone);
		assert_int_equal(one.count, 1);
		a = &one.items[0];
		b = at_line(&all, a->location.start_line);
		assert_non_null(b);
		assert_same_string("rule", a->rule_id, b->rule_id);
		assert_same_string("title", a->title, b->title);
		assert_same_string("message", a->message, b->message);
		assert_same_string("path", a->location.path, b->location.path);
		assert_same_string("commit", a->location.commit,
				   b->location.commit);
		assert_same_string("fingerprint", a->fingerprint,
				   b->fingerprint);
		assert_int_equal(a->location.end_line, b->location.end_line);
		assert_int_equal(a->location.start_column,
				 b->location.start_column);
		sg_input_release(&one_input);
		sg_findings_release(&one);
	}
	sg_input_release(&all_input);
	sg_findings_release(&all);
}

/* What the values above must read as (not only "the same as alone"). */
static void test_gitleaks_memo__values(void **state)
{
	struct sg_findings set;
	struct sg_input input;
	const struct sg_finding *f;
	char report[8192];
	size_t len = 0;

	(void)state;
	len += (size_t)snprintf(report + len, sizeof(report) - len, "[");
	for (size_t i = 0; i < N_FINDINGS; i++)
		len += (size_t)snprintf(report + len, sizeof(report) - len,
					"%s%s", i ? "," : "", findings[i]);
	snprintf(report + len, sizeof(report) - len, "]");
	ingest_report(&set, &input, report);
	assert_non_null(f = at_line(&set, 4));
	assert_string_equal(f->rule_id, "aws-access-token-2");
	assert_string_equal(f->title, "Token");
	assert_string_equal(f->location.path, "src/b.py");
	assert_non_null(f = at_line(&set, 5));
	assert_string_equal(f->rule_id, "aws-access-toke");
	assert_string_equal(f->title, "Tokens");
	assert_string_equal(f->location.path, "src/b.pyc");
	assert_string_equal(f->location.commit,
			    "111111111111111111111111111111111111111");
	assert_non_null(f = at_line(&set, 6));
	assert_string_equal(f->rule_id, "aws-access-token");
	assert_string_equal(f->title, "Token.");
	/* A path is a C string: the NUL is dropped, as it always was. */
	assert_string_equal(f->location.path, "src/a.py");
	assert_string_equal(f->message, "Token in src/a.py");
	assert_non_null(f = at_line(&set, 7));
	assert_string_equal(f->rule_id, "aws-access-token");
	assert_null(f->location.commit);
	assert_non_null(f = at_line(&set, 3));
	assert_string_equal(f->location.commit,
			    "1111111111111111111111111111111111111111");
	sg_input_release(&input);
	sg_findings_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gitleaks_memo__each_finding_as_alone),
	    cmocka_unit_test(test_gitleaks_memo__values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
