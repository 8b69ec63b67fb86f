/*
 * The change under --diff-base (issue 11, family 5): its commits (merge
 * base..head, libgit2 revwalk) touch history findings whose file is gone;
 * a pushed commit's tree is diffed instead of the work tree; each
 * ecosystem's manifest names count; an unmapped ecosystem is touched.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "git_fixture.h"
#include "gitdiff.h"
#include "secgate/error.h"
#include "test_util.h"

/* Delete dir/rel and stage the deletion (git rm). */
static void gitfx_remove_file(const char *dir, const char *rel)
{
	char path[512];
	git_repository *repo = NULL;
	git_index *index = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(git_repository_open(&repo, dir), 0);
	assert_int_equal(git_repository_index(&index, repo), 0);
	assert_int_equal(git_index_remove_bypath(index, rel), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	git_repository_free(repo);
}

static struct sg_finding *add(struct sg_findings *set, enum sg_kind kind,
			      const char *path, uint32_t line,
			      const char *commit, const char *ecosystem)
{
	struct sg_finding *f = sg_findings_append(set);

	assert_non_null(f);
	f->kind = kind;
	f->location.path = path;
	f->location.start_line = f->location.end_line = line;
	f->location.commit = commit;
	sg_finding_cold_mut(set, f)->package.ecosystem = ecosystem;
	return f;
}

static void test_diff_change__commits_of_the_change(void **state)
{
	char dir[256], base[41], added[41], removed[41], abbrev[8], upper[41];
	struct sg_diff *d = NULL;
	struct sg_findings set;

	(void)state;
	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "README", "x\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "base", base), 0);
	assert_int_equal(gitfx_branch(dir, "main"), 0);
	assert_int_equal(gitfx_write(dir, "secret.env", "KEY=1\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "add", added), 0);
	gitfx_remove_file(dir, "secret.env");
	assert_int_equal(gitfx_commit_all(dir, "remove", removed), 0);

	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);
	assert_true(sg_diff_commit_in_change(d, added));
	assert_true(sg_diff_commit_in_change(d, removed));
	assert_false(sg_diff_commit_in_change(d, base));
	memcpy(abbrev, added, 7);
	abbrev[7] = '\0';
	assert_true(sg_diff_commit_in_change(d, abbrev));
	for (size_t i = 0; i < 41; i++)
		upper[i] = (char)(added[i] >= 'a' && added[i] <= 'f'
					  ? added[i] - 'a' + 'A'
					  : added[i]);
	assert_true(sg_diff_commit_in_change(d, upper));
	assert_false(sg_diff_commit_in_change(d, "abc"));
	assert_false(sg_diff_commit_in_change(d, NULL));
	assert_false(sg_diff_commit_in_change(d, "zzzzzzzzzz"));

	sg_findings_init(&set);
	/* Committed and deleted within the change: touched. */
	add(&set, SG_KIND_SECRET, "secret.env", 1, added, NULL);
	/* The same file and line from a commit before the change: not. */
	add(&set, SG_KIND_SECRET, "secret.env", 1, base, NULL);
	sg_diff_mark(d, &set);
	assert_false(set.items[0].outside_diff);
	assert_true(set.items[1].outside_diff);
	sg_findings_release(&set);
	sg_diff_free(d);

	/* The pushed commit's tree, not the work tree (which is dirty). */
	assert_int_equal(gitfx_write(dir, "dirty.txt", "1\n"), 0);
	assert_int_equal(sg_diff_load_at(&d, dir, "main", added), 0);
	assert_true(sg_diff_file_changed(d, "secret.env"));
	assert_false(sg_diff_file_changed(d, "dirty.txt"));
	assert_true(sg_diff_commit_in_change(d, added));
	assert_false(sg_diff_commit_in_change(d, removed));
	sg_diff_free(d);
	assert_int_equal(sg_diff_load_at(&d, dir, "main", "0123456789"),
			 SG_EINPUT);
	gitfx_remove(dir);
}

static void expect_manifest(const char *manifest, const char *ecosystem,
			    bool touched)
{
	char dir[256];
	struct sg_diff *d = NULL;
	struct sg_findings set;

	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "README", "x\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "base", NULL), 0);
	assert_int_equal(gitfx_branch(dir, "main"), 0);
	assert_int_equal(gitfx_write(dir, manifest, "x==1\n"), 0);
	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);
	sg_findings_init(&set);
	add(&set, SG_KIND_VULNERABILITY, NULL, 0, NULL, ecosystem);
	sg_diff_mark(d, &set);
	if (set.items[0].outside_diff == touched)
		fail_msg("%s for %s: expected %s", manifest, ecosystem,
			 touched ? "touched" : "outside the change");
	sg_findings_release(&set);
	sg_diff_free(d);
	gitfx_remove(dir);
}

static void test_diff_change__manifest_names(void **state)
{
	(void)state;
	expect_manifest("requirements/prod.txt", "pypi", true);
	expect_manifest("svc/requirements/base.txt", "pypi", true);
	expect_manifest("dev-requirements.txt", "pypi", true);
	expect_manifest("constraints.txt", "pypi", true);
	expect_manifest("Requirements.TXT", "pypi", true);
	expect_manifest("pylock.toml", "pypi", true);
	expect_manifest("gradle/libs.versions.toml", "maven", true);
	expect_manifest("settings.gradle.kts", "maven", true);
	expect_manifest("go.work", "go", true);
	expect_manifest("vendor/modules.txt", "go", true);
	expect_manifest("gems.locked", "rubygems", true);
	expect_manifest("Directory.Packages.props", "nuget", true);
	expect_manifest("pnpm-workspace.yaml", "npm", true);
	expect_manifest("composer.lock", "packagist", true);
	/* Another ecosystem's manifest, or no manifest: not touched. */
	expect_manifest("go.sum", "npm", false);
	expect_manifest("docs/notes.txt", "pypi", false);
	expect_manifest("requirements.txt", "cargo", false);
	/* An ecosystem secgate cannot map: touched whatever changed. */
	expect_manifest("docs/notes.txt", "conan", true);
	expect_manifest("docs/notes.txt", NULL, true);
}

static void test_diff_change__outside_paths_and_no_line(void **state)
{
	char dir[256];
	struct sg_diff *d = NULL;
	struct sg_findings set;

	(void)state;
	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "a.py", "1\n2\n"), 0);
	assert_int_equal(gitfx_write(dir, "b.py", "1\n2\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "base", NULL), 0);
	assert_int_equal(gitfx_branch(dir, "main"), 0);
	assert_int_equal(gitfx_write(dir, "a.py", "1\nchanged\n"), 0);
	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);
	sg_findings_init(&set);
	add(&set, SG_KIND_CODE, "a.py", 0, NULL, NULL);  /* no line, changed */
	add(&set, SG_KIND_CODE, "b.py", 0, NULL, NULL);  /* no line, unchanged */
	add(&set, SG_KIND_CODE, "../x.py", 1, NULL, NULL);
	add(&set, SG_KIND_CODE, "/etc/x.conf", 1, NULL, NULL);
	sg_diff_mark(d, &set);
	assert_false(set.items[0].outside_diff);
	assert_true(set.items[1].outside_diff);
	assert_false(set.items[2].outside_diff);
	assert_false(set.items[3].outside_diff);
	sg_findings_release(&set);
	sg_diff_free(d);
	gitfx_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_change__commits_of_the_change),
		cmocka_unit_test(test_diff_change__manifest_names),
		cmocka_unit_test(test_diff_change__outside_paths_and_no_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
