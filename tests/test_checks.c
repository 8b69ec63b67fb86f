/*
 * The built-in check contract: a check runs as one pipeline input with the
 * all-or-nothing rule of reports (sg_ingest_check), its findings get
 * fingerprints over check, rule, path and identity (never the message or
 * the line), and the env check keeps values out of what it reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "secgate/error.h"
#include "test_util.h"

struct fake {
	struct sg_check_ctx ctx;
	int appended;
	bool fail;
	bool no_fingerprint;
};

/* A check that appends findings, then fails when asked to. */
static int fake_check(void *opaque, struct sg_findings *set,
		      struct sg_input_meta *meta, uint32_t index)
{
	struct fake *fk = opaque;
	struct sg_check_finding f = {
		.rule = "demo",
		.severity = SG_SEV_HIGH,
		.title = "Demo",
		.path = ".env.production",
		.line = 3,
		.identity = "key:A",
	};

	fk->ctx.out = set;
	fk->ctx.meta = meta;
	fk->ctx.input_index = index;
	fk->ctx.name = "env";
	meta->tool = "env";
	for (int i = 0; i < fk->appended; i++)
		if (sg_check_report(&fk->ctx, &f, "finding %d", i) < 0)
			return SG_ENOMEM;
	if (fk->no_fingerprint)
		set->items[set->count - 1].fingerprint = NULL;
	if (fk->fail)
		return sg_error(SG_EINPUT, "env: .env.production:7: broken");
	return 0;
}

static void test_checks__a_failed_check_leaves_the_set_as_it_was(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	struct fake ok = {.appended = 1}, bad = {.appended = 3, .fail = true};

	(void)state;
	sg_findings_init(&set);
	assert_int_equal(sg_ingest_check(&set, &in, "env", fake_check, &ok, 0),
			 0);
	assert_int_equal(in.n_findings, 1);
	assert_int_equal(set.count, 1);
	assert_non_null(sg_finding_sources(&set.items[0]));
	sg_input_release(&in);

	assert_int_equal(sg_ingest_check(&set, &in, "env", fake_check, &bad, 1),
			 SG_EINPUT);
	assert_int_equal(set.count, 1); /* the three are gone */
	assert_int_equal(in.status, SG_EINPUT);
	assert_string_equal(in.error, "env: .env.production:7: broken");
	assert_int_equal(in.n_findings, 0);
	sg_input_release(&in);
	sg_findings_release(&set);
}

static void test_checks__a_finding_without_fingerprint_fails(void **state)
{
	struct sg_findings set;
	struct sg_input in;
	struct fake fk = {.appended = 2, .no_fingerprint = true};

	(void)state;
	sg_findings_init(&set);
	assert_int_equal(sg_ingest_check(&set, &in, "env", fake_check, &fk, 0),
			 SG_EINPUT);
	assert_int_equal(set.count, 0);
	assert_non_null(strstr(in.error, "has no fingerprint"));
	sg_input_release(&in);
	sg_findings_release(&set);
}

static const char *report_one(struct sg_findings *set, const char *rule,
			      const char *identity, unsigned line,
			      const char *message)
{
	struct sg_input_meta meta = {0};
	struct sg_check_ctx ctx = {.out = set, .meta = &meta, .name = "env"};
	struct sg_check_finding f = {
		.rule = rule,
		.severity = SG_SEV_MEDIUM,
		.title = "T",
		.path = ".env.production",
		.line = line,
		.identity = identity,
	};

	assert_int_equal(sg_check_report(&ctx, &f, "%s", message), 0);
	assert_int_equal(set->items[set->count - 1].kind,
			 SG_KIND_MISCONFIGURATION);
	return set->items[set->count - 1].fingerprint;
}

static void test_checks__fingerprints_ignore_message_and_line(void **state)
{
	struct sg_findings set;
	const char *a, *b, *c, *d;

	(void)state;
	sg_findings_init(&set);
	a = report_one(&set, "secret-length", "key:A", 3, "A: length 3 < 32");
	b = report_one(&set, "secret-length", "key:A", 9, "A: length 5 < 32");
	c = report_one(&set, "secret-length", "key:B", 3, "A: length 3 < 32");
	d = report_one(&set, "secret-default", "key:A", 3, "A: length 3 < 32");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_string_equal(set.items[0].rule_id, "env.secret-length");
	sg_findings_release(&set);
}

static void test_checks__the_table(void **state)
{
	(void)state;
	assert_ptr_equal(sg_check_find("env"), &sg_check_env);
	assert_ptr_equal(sg_check_find("headers"), &sg_check_headers);
	assert_null(sg_check_find("gitleaks"));
	assert_int_equal(sg_check_env.version, SG_CHECK_VERSION);
	assert_int_equal(sg_check_headers.version, SG_CHECK_VERSION);
}

static void test_checks__env_reports_no_value(void **state)
{
	char dir[] = "/tmp/secgate-checks-XXXXXX", path[300];
	struct sg_findings set;
	struct sg_input in;
	struct sg_config config;
	struct sg_check_ctx ctx = {0};
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/.env.production", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("SECRET_KEY=UNITPLANTED\nDEBUG=UNITPLANTED\n", f);
	fclose(f);
	sg_config_init(&config);
	ctx.config = &config;
	ctx.repo_root = dir;
	ctx.name = "env";
	sg_findings_init(&set);
	assert_int_equal(
	    sg_ingest_check(&set, &in, "env", sg_check_run, &ctx, 0), 0);
	assert_int_equal(set.count, 2); /* length, debug */
	for (size_t i = 0; i < set.count; i++) {
		assert_null(strstr(set.items[i].message, "UNITPLANTED"));
		assert_null(strstr(set.items[i].title, "UNITPLANTED"));
		assert_string_equal(set.items[i].location.path,
				    ".env.production");
	}
	assert_string_equal(ctx.status, "checked 2 keys in 1 file");
	sg_input_release(&in);
	sg_findings_release(&set);

	/* A malformed line: the error names file and line, not the text. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("OK=1\nUNITPLANTED\n", f);
	fclose(f);
	sg_findings_init(&set);
	assert_int_equal(
	    sg_ingest_check(&set, &in, "env", sg_check_run, &ctx, 0),
	    SG_EINPUT);
	assert_non_null(strstr(in.error, "env: .env.production:2: "));
	assert_null(strstr(in.error, "UNITPLANTED"));
	sg_input_release(&in);
	sg_findings_release(&set);
	sg_config_release(&config);
	remove(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_checks__a_failed_check_leaves_the_set_as_it_was),
		cmocka_unit_test(test_checks__a_finding_without_fingerprint_fails),
		cmocka_unit_test(test_checks__fingerprints_ignore_message_and_line),
		cmocka_unit_test(test_checks__the_table),
		cmocka_unit_test(test_checks__env_reports_no_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
