/*
 * Path globs (src/model/path_glob.c): segment wildcards, "**", classes, the
 * basename rule for patterns without '/', a differential check against
 * fnmatch(FNM_PATHNAME), and adversarial patterns that must stay fast.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "path_glob.h"
#include "test_util.h"

#define MATCH(p, s) assert_true(sg_glob_match((p), (s)))
#define NO_MATCH(p, s) assert_false(sg_glob_match((p), (s)))

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_glob__star_and_question_stay_in_a_segment(void **state)
{
	(void)state;
	MATCH("src/*.c", "src/a.c");
	MATCH("src/*", "src/a.c");
	NO_MATCH("src/*", "src/a/b.c");
	NO_MATCH("src/*.c", "src/x/a.c");
	NO_MATCH("src/*.c", "lib/src/a.c"); /* anchored: it has a '/' */
	MATCH("src/a?c", "src/abc");
	NO_MATCH("src/a?c", "src/a/c");
	NO_MATCH("src/a?c", "src/ac");
	MATCH("src/*", "src/"); /* an empty name, for what it is worth */
	MATCH("a*b*c/d", "aXbYc/d");
	NO_MATCH("a*b*c/d", "aX/bYc/d");
	MATCH("src/a**b", "src/aXXb"); /* '**' inside a segment is '*' */
	NO_MATCH("src/a**b", "src/aX/b");
}

static void test_glob__globstar_spans_segments(void **state)
{
	(void)state;
	/* "**" as a whole segment: zero or more segments. */
	MATCH("**/x", "x");
	MATCH("**/x", "a/x");
	MATCH("**/x", "a/b/x");
	NO_MATCH("**/x", "a/bx");
	NO_MATCH("**/x", "x/a");
	MATCH("a/**", "a/x");
	MATCH("a/**", "a/x/y/z");
	MATCH("a/**", "a");
	NO_MATCH("a/**", "ab/x");
	NO_MATCH("a/**", "b/a/x");
	MATCH("a/**/b", "a/b");
	MATCH("a/**/b", "a/x/b");
	MATCH("a/**/b", "a/x/y/b");
	NO_MATCH("a/**/b", "a/xb");
	NO_MATCH("a/**/b", "ab");
	NO_MATCH("a/**/b", "a/b/c");
	MATCH("**", "anything/at/all.c");
	MATCH("**/testdata/**", "testdata/x.json");
	MATCH("**/testdata/**", "pkg/a/testdata/b/c.json");
	NO_MATCH("**/testdata/**", "pkg/testdatax/c.json");
	MATCH("a/**/**/b", "a/b");
	MATCH("a/**/**/b", "a/x/y/b");
	MATCH("**/*.py", "x.py");
	MATCH("**/*.py", "a/b/x.py");
	MATCH("a/**/b/**/c", "a/b/c");
	MATCH("a/**/b/**/c", "a/x/b/y/b/z/c");
	NO_MATCH("a/**/b/**/c", "a/x/c");
}

static void test_glob__pattern_without_slash_matches_the_basename(void **state)
{
	(void)state;
	MATCH("*.min.js", "a/b/c.min.js");
	MATCH("*.min.js", "c.min.js");
	NO_MATCH("*.min.js", "a.min.js/x");
	MATCH("Dockerfile", "deploy/Dockerfile");
	NO_MATCH("Dockerfile", "Dockerfile.dev");
	MATCH("requirements*.txt", "svc/requirements-dev.txt");
}

static void test_glob__leading_and_trailing_slashes(void **state)
{
	(void)state;
	/* A leading '/' or "./" anchors at the repository root. */
	MATCH("/Makefile", "Makefile");
	NO_MATCH("/Makefile", "sub/Makefile");
	MATCH("./src/*.c", "src/a.c");
	/* A trailing '/' is everything under a directory; without another
	 * '/', at any depth (as in .gitignore). */
	MATCH("vendor/", "vendor/x.go");
	MATCH("vendor/", "a/vendor/b/x.go");
	NO_MATCH("vendor/", "vendorx/x.go");
	MATCH("/vendor/", "vendor/x.go");
	NO_MATCH("/vendor/", "a/vendor/x.go");
	MATCH("third_party/vendor/", "third_party/vendor/a/b.c");
}

static void test_glob__classes(void **state)
{
	(void)state;
	MATCH("x/[abc].c", "x/b.c");
	NO_MATCH("x/[abc].c", "x/d.c");
	MATCH("x/[a-c].c", "x/c.c");
	NO_MATCH("x/[a-c].c", "x/d.c");
	MATCH("x/[!a].c", "x/b.c");
	NO_MATCH("x/[!a].c", "x/a.c");
	MATCH("x/[^a].c", "x/b.c");
	MATCH("x/[]]", "x/]");
	MATCH("x/[!]]", "x/a");
	NO_MATCH("x/[!]]", "x/]");
	MATCH("x/[a-]", "x/-");
	/* Escapes, and an unclosed '[' that stands for itself. */
	MATCH("x/\\*", "x/*");
	NO_MATCH("x/\\*", "x/a");
	MATCH("x/[ab", "x/[ab");
	NO_MATCH("x/[ab", "x/a");
	/* One UTF-8 character is one '?' and one class member. */
	MATCH("x/?.c", "x/\xc3\xa9.c");
	MATCH("x/[\xc3\xa9"
	      "e].c",
	      "x/\xc3\xa9.c");
	NO_MATCH("x/[!\xc3\xa9].c", "x/\xc3\xa9.c");
	NO_MATCH("x/??.c", "x/\xc3\xa9.c");
}

static void test_glob__null_and_empty(void **state)
{
	(void)state;
	NO_MATCH(NULL, "a");
	NO_MATCH("a", NULL);
	NO_MATCH("", "a");
	MATCH("a", "a");
}

static void test_glob__check_reports_malformed_patterns(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(sg_glob_check("src/**/*.c", &why), 0);
	assert_int_equal(sg_glob_check("x/[]]", &why), 0);
	assert_int_equal(sg_glob_check("\\[literal", &why), 0);
	assert_int_equal(sg_glob_check("", &why), -1);
	assert_non_null(strstr(why, "empty"));
	assert_int_equal(sg_glob_check("a//b", &why), -1);
	assert_non_null(strstr(why, "'//'"));
	assert_int_equal(sg_glob_check("src/[abc", &why), -1);
	assert_non_null(strstr(why, "unclosed '['"));
	assert_int_equal(sg_glob_check("src/[a/b]", &why), -1);
	assert_int_equal(sg_glob_check("a\\", &why), -1);
	assert_non_null(strstr(why, "escapes nothing"));
	assert_int_equal(sg_glob_check("a\\/b", &why), -1);
}

static void test_glob__adversarial_patterns_finish_quickly(void **state)
{
	size_t n = 100000;
	char *s = malloc(n + 1), *path = malloc(2 * n + 2);
	double start;

	(void)state;
	assert_non_null(s);
	assert_non_null(path);
	memset(s, 'a', n);
	s[n] = '\0';
	start = now_seconds();
	/* Exponential for a naive backtracker; quadratic-bounded here. */
	NO_MATCH("a*a*a*a*a*a*a*a*b", s);
	NO_MATCH("x/a*a*a*a*a*a*a*a*a*a*a*a*b", s);
	s[n - 1] = 'b';
	MATCH("a*a*a*a*a*a*a*a*b", s);
	/* The same at the level of segments: 50000 "a/" against "**" chains. */
	for (size_t i = 0; i < n / 2; i++)
		memcpy(path + 2 * i, "a/", 2);
	memcpy(path + n - 2, "a", 2);
	NO_MATCH("**/a/**/a/**/a/**/a/**/a/**/b", path);
	NO_MATCH("a/**/a/**/a/**/a/**/a/**/a/**/*b", path);
	MATCH("**/a/**/a/**/a/**/a", path);
	assert_true(now_seconds() - start < 2.0);
	free(s);
	free(path);
}

/* Small deterministic generator: the same cases on every run. */
static unsigned long rng_state = 12345;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/* A random pattern segment of a few atoms. */
static size_t random_pattern_segment(char *out)
{
	static const char *const atoms[] = {"a",    "b",    "*",  "?",
					    "[ab]", "[!a]", "\\*"};
	unsigned len = 1 + rnd(3);
	size_t o = 0;

	for (unsigned i = 0; i < len; i++) {
		const char *atom = atoms[rnd(7)];

		memcpy(out + o, atom, strlen(atom));
		o += strlen(atom);
	}
	if (o == 2 && out[0] == '*' && out[1] == '*')
		o = 1; /* not the "**" segment, which fnmatch reads as '*' */
	return o;
}

/* A pattern segment derived from a path segment, so that many cases match. */
static size_t derived_segment(char *out, const char *seg, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned r = rnd(20);

		if (r < 10) {
			if (seg[i] == '*')
				out[o++] = '\\';
			out[o++] = seg[i];
		} else if (r < 13) {
			out[o++] = '?';
		} else if (r < 15) {
			memcpy(out + o, "[ab*]", 5);
			o += 5;
		} else if (r < 17) {
			memcpy(out + o, seg[i] == 'a' ? "[!b]" : "[!a]", 4);
			o += 4;
		} else {
			out[o++] = '*';
			i += rnd(3); /* the star swallows a few more */
		}
	}
	/* A lone "**" segment would mean something else: keep it a '*'. */
	if (o == 2 && out[0] == '*' && out[1] == '*')
		o = 1;
	if (o == 0)
		out[o++] = '*';
	return o;
}

static void test_glob__agrees_with_fnmatch_on_anchored_patterns(void **state)
{
	size_t matched = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char pattern[256], path[64], seg[8][8];
		size_t seglen[8], po = 0, so = 0;
		unsigned nseg = 2 + rnd(3), pseg = nseg;

		for (unsigned i = 0; i < nseg; i++) {
			seglen[i] = rnd(5);
			for (size_t j = 0; j < seglen[i]; j++)
				seg[i][j] = "aab*"[rnd(4)];
			if (i)
				path[so++] = '/';
			memcpy(path + so, seg[i], seglen[i]);
			so += seglen[i];
		}
		path[so] = '\0';
		if (rnd(5) == 0)
			pseg = 2 + rnd(3);
		for (unsigned i = 0; i < pseg; i++) {
			if (i)
				pattern[po++] = '/';
			if (i < nseg && rnd(4))
				po += derived_segment(pattern + po, seg[i],
						      seglen[i]);
			else
				po += random_pattern_segment(pattern + po);
		}
		pattern[po] = '\0';
		bool want = fnmatch(pattern, path, FNM_PATHNAME) == 0;

		if (sg_glob_match(pattern, path) != want)
			fail_msg("'%s' against '%s': fnmatch says %d", pattern,
				 path, want);
		matched += want;
	}
	/* Both outcomes are well represented. */
	assert_in_range(matched, 2000, 18000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_glob__star_and_question_stay_in_a_segment),
	    cmocka_unit_test(test_glob__globstar_spans_segments),
	    cmocka_unit_test(
		test_glob__pattern_without_slash_matches_the_basename),
	    cmocka_unit_test(test_glob__leading_and_trailing_slashes),
	    cmocka_unit_test(test_glob__classes),
	    cmocka_unit_test(test_glob__null_and_empty),
	    cmocka_unit_test(test_glob__check_reports_malformed_patterns),
	    cmocka_unit_test(test_glob__adversarial_patterns_finish_quickly),
	    cmocka_unit_test(
		test_glob__agrees_with_fnmatch_on_anchored_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
