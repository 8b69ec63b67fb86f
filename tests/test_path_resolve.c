/*
 * Paths are resolved before any policy sees them (issue 11, family 4):
 * "." and ".." segments (also percent-encoded in URIs), symbolic links
 * to the checkout, the scanner's working directory, and what lies
 * outside the repository.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secgate/path.h"
#include "test_util.h"

static struct sg_findings set;
#define ROOT_MAX 512
static char tmp[64], real_root[ROOT_MAX], link_root[ROOT_MAX];

static const char *norm(const char *raw, const char *root)
{
	return sg_path_normalize(&set, raw, root);
}

static const char *uri(const char *raw, const char *root)
{
	return sg_uri_normalize(&set, raw, root);
}

static void touch(const char *dir, const char *rel)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

static int setup(void **state)
{
	char path[PATH_MAX];

	(void)state;
	sg_findings_init(&set);
	snprintf(tmp, sizeof(tmp), "/tmp/secgate-path-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/repo", tmp);
	if (mkdir(path, 0700) != 0)
		return -1;
	char *real = realpath(path, NULL);
	if (!real)
		return -1;
	snprintf(real_root, sizeof(real_root), "%s", real);
	free(real);
	snprintf(path, sizeof(path), "%s/repo/src", tmp);
	if (mkdir(path, 0700) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/repo/sub", tmp);
	if (mkdir(path, 0700) != 0)
		return -1;
	touch(real_root, "src/app.py");
	touch(real_root, "sub/app.py");
	touch(real_root, "top.py");
	snprintf(link_root, sizeof(link_root), "%s/link", tmp);
	return symlink(real_root, link_root);
}

static int teardown(void **state)
{
	char cmd[ROOT_MAX + 16];

	(void)state;
	sg_findings_release(&set);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_path_resolve__dot_dot_segments(void **state)
{
	(void)state;
	assert_string_equal(norm("tests/../src/app.py", NULL), "src/app.py");
	assert_string_equal(norm("tests/./x/../../src//app.py", NULL),
			    "src/app.py");
	assert_string_equal(norm("tests\\..\\src\\app.py", NULL), "src/app.py");
	assert_string_equal(norm("a/b/../../c", NULL), "c");
	/* The root itself is no file: no path (never filtered by one). */
	assert_null(norm("src/..", NULL));
	assert_string_equal(norm("/repo/tests/../src/a.c", "/repo"), "src/a.c");
	/* ".." never climbs above an absolute root. */
	assert_string_equal(norm("/../../etc/x", NULL), "/etc/x");
	assert_string_equal(norm("C:/a/../../b", NULL), "C:/b");
}

static void test_path_resolve__escaping_paths_stay_outside(void **state)
{
	(void)state;
	assert_string_equal(norm("../x.py", NULL), "../x.py");
	assert_string_equal(norm("src/../../x.py", NULL), "../x.py");
	assert_string_equal(norm("../../a/../b", NULL), "../../b");
	assert_string_equal(norm("/repo/../other/a.c", "/repo"),
			    "/other/a.c");
	assert_true(sg_path_outside_repository("../x.py"));
	assert_true(sg_path_outside_repository(".."));
	assert_true(sg_path_outside_repository("/other/a.c"));
	assert_true(sg_path_outside_repository("C:/x"));
	assert_false(sg_path_outside_repository("src/a.c"));
	assert_false(sg_path_outside_repository("..hidden/a.c"));
	assert_false(sg_path_outside_repository(NULL));
}

static void test_path_resolve__percent_encoded_dots(void **state)
{
	(void)state;
	assert_string_equal(uri("tests/%2e%2e/src/app.py", NULL), "src/app.py");
	assert_string_equal(uri("tests/%2E%2E/src/app.py", NULL), "src/app.py");
	assert_string_equal(uri("tests/.%2e/src/%2e/app.py", NULL),
			    "src/app.py");
	assert_string_equal(uri("file:///repo/tests/%2e%2e/src/a.c", "/repo"),
			    "src/a.c");
	/* A plain path is no URI: its '%' is a character of the name. */
	assert_string_equal(norm("tests/%2e%2e/a.py", NULL), "tests/%2e%2e/a.py");
	/* After a uriBaseId is applied. */
	assert_string_equal(
	    uri(sg_uri_join(&set, "file:///repo/tests/", "../src/a.c"), "/repo"),
	    "src/a.c");
}

static void test_path_resolve__symlinked_checkout(void **state)
{
	char raw[PATH_MAX];

	(void)state;
	snprintf(raw, sizeof(raw), "%s/src/app.py", link_root);
	assert_string_equal(norm(raw, real_root), "src/app.py");
	/* A file that is gone: its nearest existing directory decides. */
	snprintf(raw, sizeof(raw), "%s/src/gone/old.py", link_root);
	assert_string_equal(norm(raw, real_root), "src/gone/old.py");
	/* The root given through the link, the file by its real path. */
	snprintf(raw, sizeof(raw), "%s/top.py", real_root);
	assert_string_equal(norm(raw, link_root), "top.py");
	snprintf(raw, sizeof(raw), "file://%s/src/app.py", link_root);
	assert_string_equal(uri(raw, real_root), "src/app.py");
	/* A symbolic link in the repository is the repository's file. */
	snprintf(raw, sizeof(raw), "%s/outside.yml", tmp);
	touch(tmp, "outside.yml");
	snprintf(raw, sizeof(raw), "%s/cfg.yml", real_root);
	{
		char target[600];

		snprintf(target, sizeof(target), "%s/outside.yml", tmp);
		assert_int_equal(symlink(target, raw), 0);
	}
	snprintf(raw, sizeof(raw), "%s/cfg.yml", link_root);
	assert_string_equal(norm(raw, real_root), "cfg.yml");
	/* Outside through the link stays absolute. */
	snprintf(raw, sizeof(raw), "%s/../elsewhere.py", link_root);
	assert_true(sg_path_outside_repository(norm(raw, real_root)));
}

static void test_path_resolve__working_directory(void **state)
{
	char sub[PATH_MAX];
	const char *p;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/sub", real_root);
	/* The scanner ran in sub/: its app.py is sub/app.py. */
	p = sg_path_normalize_from(&set, "app.py", real_root, sub, true);
	assert_string_equal(p, "sub/app.py");
	p = sg_path_normalize_from(&set, "../src/app.py", real_root, sub, true);
	assert_string_equal(p, "src/app.py");
	/* A file that is gone is still taken from where the tool ran. */
	p = sg_path_normalize_from(&set, "new.py", real_root, sub, true);
	assert_string_equal(p, "sub/new.py");
	/* Named from the root (not under sub/, but at the root): kept. */
	p = sg_path_normalize_from(&set, "src/app.py", real_root, sub, true);
	assert_string_equal(p, "src/app.py");
	/* ingest: only a file found under the working directory moves. */
	p = sg_path_normalize_from(&set, "app.py", real_root, sub, false);
	assert_string_equal(p, "sub/app.py");
	p = sg_path_normalize_from(&set, "new.py", real_root, sub, false);
	assert_string_equal(p, "new.py");
	/* At the root nothing changes. */
	p = sg_path_normalize_from(&set, "app.py", real_root, real_root, true);
	assert_string_equal(p, "app.py");
	p = sg_uri_normalize_from(&set, "app.py", real_root, sub, true);
	assert_string_equal(p, "sub/app.py");
}

/* No "." or "//" anywhere, ".." only as leading segments. */
static void check_tidy(const char *raw, const char *p)
{
	bool leading = true;

	if (!p)
		return;
	if (strstr(p, "//"))
		fail_msg("'%s' -> '%s': doubled slash", raw, p);
	for (const char *seg = p[0] == '/' ? p + 1 : p; *seg;) {
		size_t n = strcspn(seg, "/");

		if (n == 1 && seg[0] == '.')
			fail_msg("'%s' -> '%s': a '.' segment", raw, p);
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!leading || p[0] == '/')
				fail_msg("'%s' -> '%s': an inner '..'", raw, p);
		} else {
			leading = false;
		}
		seg += n;
		if (*seg == '/')
			seg++;
	}
}

/* Many generated paths: the invariants hold, and nothing crashes. */
static void test_path_resolve__generated_paths(void **state)
{
	static const char *const parts[] = {"a", "bc", "..", ".", "",
					    "%2e%2e", "%2E.", "..."};
	static const char *const seps[] = {"/", "\\", "//"};
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		char raw[256] = "";
		int n;

		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 3 == 0)
			strcat(raw, "/");
		n = 1 + (int)((seed >> 8) % 7);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			if (k)
				strcat(raw, seps[(seed >> 20) % 3]);
			strcat(raw, parts[(seed >> 16) % 8]);
		}
		check_tidy(raw, norm(raw, NULL));
		check_tidy(raw, uri(raw, NULL));
		check_tidy(raw, norm(raw, "/r"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_resolve__dot_dot_segments),
		cmocka_unit_test(test_path_resolve__escaping_paths_stay_outside),
		cmocka_unit_test(test_path_resolve__percent_encoded_dots),
		cmocka_unit_test(test_path_resolve__symlinked_checkout),
		cmocka_unit_test(test_path_resolve__working_directory),
		cmocka_unit_test(test_path_resolve__generated_paths),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
