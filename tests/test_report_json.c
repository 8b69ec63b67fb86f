/*
 * The JSON report: the fast finding writer produces exactly the bytes
 * jansson would (checked over every fixture and real report, with every
 * gate field set both ways), and the document has the documented shape.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report.h"
#include "test_util.h"

static struct sg_suppression suppression = {
	.rule = "r", .reason = "a \"quoted\" reason\nwith a newline",
	.owner = "@team", .has_expiry = true, .expires_text = "2030-01-31",
	.line = 12,
};

static char *with_writer(const struct sg_finding *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_int_equal(sg_json_finding_write(out, f), 0);
	fclose(out);
	return buf;
}

static char *with_jansson(const struct sg_finding *f)
{
	json_t *o = sg_json_finding(f);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS |
					JSON_ENSURE_ASCII);
	json_decref(o);
	return s;
}

static size_t compare_file(const char *path)
{
	struct sg_findings set;
	struct sg_input in;
	size_t n = 0;

	if (ingest_one(&set, &in, path, NULL) == 0) {
		for (size_t i = 0; i < set.count; i++) {
			struct sg_finding *f = &set.items[i];

			/* Vary the gate fields so every branch is written. */
			f->blocking = i % 2;
			f->state = (i / 2) % 2 ? SG_STATE_UNCHANGED : SG_STATE_NEW;
			sg_finding_cold_mut(&set, f)->suppressed_by =
			    i % 3 == 0 ? &suppression : NULL;
			f->suppression_expired = i % 5 == 0;
			f->excluded = i % 7 == 0;
			f->outside_diff = i % 11 == 0;
			f->reason = i % 13 ? "high >= threshold high" : NULL;
			char *a = with_writer(f), *b = with_jansson(f);
			if (strcmp(a, b) != 0)
				fail_msg("%s finding %zu:\n%s\n%s", path, i, a, b);
			free(a);
			free(b);
			n++;
		}
	}
	sg_input_release(&in);
	sg_findings_release(&set);
	return n;
}

static size_t compare_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	char path[4096];

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path))
			continue;
		n += compare_file(path);
	}
	closedir(d);
	return n;
}

static void test_report_json__writer_matches_jansson(void **state)
{
	static const char *const own[] = {"gitleaks/good", "trivy/good",
					  "pip-audit/good", "sarif/good", "demo"};
	static const char *const real[] = {"gitleaks", "trivy", "pip-audit",
					   "codeql", "sarif-other"};
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		n += compare_dir(fixture_path(own[i]));
	assert_true(n > 20);
	if (!shared_fixture_path("PROVENANCE.md")) {
		fprintf(stderr, "SKIPPED: ../shared absent; real reports not "
				"compared\n");
		return;
	}
	for (size_t i = 0; i < 5; i++) {
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s", shared_fixture_path(real[i]));
		n += compare_dir(dir);
	}
	assert_true(n > 2000);
}

static void test_report_json__hostile_strings(void **state)
{
	struct sg_finding f = {0};

	(void)state;
	f.fingerprint = "sg1:00";
	f.title = "\x01\x1f\x7f \"q\" \\ / </script> \xc3\xa9 \xe2\x80\xae "
		  "\xf0\x9f\x98\x80 \xef\xbf\xbe";
	f.message = "line1\r\nline2\t\b\f";
	f.rule_id = "::error::x";
	char *a = with_writer(&f), *b = with_jansson(&f);
	assert_string_equal(a, b);
	/* ASCII only, no raw control bytes. */
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x80);
	json_error_t err;
	json_t *back = json_loads(a, 0, &err);
	assert_non_null(back);
	assert_string_equal(json_string_value(json_object_get(back, "title")),
			    f.title);
	json_decref(back);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_json__writer_matches_jansson),
		cmocka_unit_test(test_report_json__hostile_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
