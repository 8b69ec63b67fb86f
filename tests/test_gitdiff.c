/*
 * Diff-aware gating against scratch repositories: changed lines, new and
 * untracked files, manifests for vulnerabilities, and the refusal of a
 * base that is not there (a shallow clone must not pass silently).
 */
#include <string.h>

#include "git_fixture.h"
#include "gitdiff.h"
#include "secgate/error.h"
#include "test_util.h"

static const char ten_lines[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

static void test_gitdiff__changed_lines_and_files(void **state)
{
	char dir[256];
	struct sg_diff *d = NULL;

	(void)state;
	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "src/a.c", ten_lines), 0);
	assert_int_equal(gitfx_write(dir, "requirements.txt", "flask==2.2.2\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "base", NULL), 0);
	assert_int_equal(gitfx_branch(dir, "main"), 0);
	/* The change: line 5 edited, two lines added after 8, a new file. */
	assert_int_equal(gitfx_write(dir, "src/a.c",
				     "1\n2\n3\n4\nfive\n6\n7\n8\nx\ny\n9\n10\n"),
			 0);
	assert_int_equal(gitfx_commit_all(dir, "change", NULL), 0);
	assert_int_equal(gitfx_write(dir, "src/new.c", "int x;\n"), 0);

	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);
	assert_int_equal(sg_diff_file_count(d), 2);
	assert_true(sg_diff_lines_touched(d, "src/a.c", 5, 0));
	assert_true(sg_diff_lines_touched(d, "src/a.c", 9, 10));
	assert_true(sg_diff_lines_touched(d, "src/a.c", 1, 5));
	assert_false(sg_diff_lines_touched(d, "src/a.c", 1, 4));
	assert_false(sg_diff_lines_touched(d, "src/a.c", 11, 12));
	assert_true(sg_diff_lines_touched(d, "src/new.c", 1, 0));
	assert_false(sg_diff_file_changed(d, "requirements.txt"));

	/* Findings: one in the change, one beside it, a vuln, a no-path one. */
	struct sg_findings set;
	sg_findings_init(&set);
	struct sg_finding *f = sg_findings_append(&set);
	f->kind = SG_KIND_CODE;
	f->location.path = "src/a.c";
	f->location.start_line = 5;
	f = sg_findings_append(&set);
	f->kind = SG_KIND_CODE;
	f->location.path = "src/a.c";
	f->location.start_line = 2;
	f = sg_findings_append(&set);
	f->kind = SG_KIND_VULNERABILITY;
	sg_finding_cold_mut(&set, f)->package.ecosystem = "pypi";
	sg_finding_cold_mut(&set, f)->package.name = "flask";
	f = sg_findings_append(&set);
	f->kind = SG_KIND_SECRET;
	sg_diff_mark(d, &set);
	assert_false(set.items[0].outside_diff);
	assert_true(set.items[1].outside_diff);
	assert_true(set.items[2].outside_diff); /* no manifest changed */
	assert_false(set.items[3].outside_diff);
	sg_diff_free(d);

	/* Changing the manifest brings the vulnerability into the change. */
	assert_int_equal(gitfx_write(dir, "requirements.txt", "flask==2.2.3\n"), 0);
	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);
	sg_diff_mark(d, &set);
	assert_false(set.items[2].outside_diff);
	sg_diff_free(d);
	sg_findings_release(&set);
	gitfx_remove(dir);
}

static void test_gitdiff__missing_base_is_an_error(void **state)
{
	char dir[256];
	struct sg_diff *d = NULL;

	(void)state;
	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "a.txt", "a\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "only", NULL), 0);
	assert_int_equal(sg_diff_load(&d, dir, "origin/main"), SG_EINPUT);
	assert_non_null(strstr(sg_error_message(), "origin/main"));
	assert_non_null(strstr(sg_error_message(), "shallow"));
	assert_null(d);
	assert_int_equal(sg_diff_load(&d, "/nonexistent-dir", "main"), SG_EINPUT);
	gitfx_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gitdiff__changed_lines_and_files),
		cmocka_unit_test(test_gitdiff__missing_base_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
