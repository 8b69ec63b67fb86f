/*
 * Boundary values of the security-relevant units (issue 11): the stderr
 * redaction length threshold one below, at and above; every bidi and
 * C1 control the terminal sanitizer must replace, next to the allowed
 * neighbours; the commit-time failure paths of atomic writes (a failed
 * flush, a rename that fails) leaving the previous file; and the diff
 * scoping cases that must never hide a finding.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "git_fixture.h"
#include "gitdiff.h"
#include "sanitize.h"
#include "secgate/error.h"
#include "secgate/redact.h"
#include "test_util.h"
#include "tools.h"

/*
 * The detector's length boundary for random-looking strings (redact.h):
 * 15 characters stay, 16 go (the same mixed, high-entropy characters).
 */
static void test_redact__random_strings_from_sixteen(void **state)
{
	static const char *const kept = "aZ3kQ9xW2mT7pL5";
	static const char *const gone = "aZ3kQ9xW2mT7pL5v";
	char line[96];
	char *out;

	(void)state;
	snprintf(line, sizeof(line), "token %s here", kept);
	out = sg_redact_secrets(line);
	assert_non_null(out);
	assert_non_null(strstr(out, kept)); /* 15: one below, kept */
	free(out);

	snprintf(line, sizeof(line), "token %s here", gone);
	out = sg_redact_secrets(line);
	assert_non_null(out);
	assert_null(strstr(out, gone)); /* 16: at the threshold, gone */
	free(out);
}

/* Encode code point cp as UTF-8 into out (NUL-terminated). */
static void utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp, out[1] = 0;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F)), out[2] = 0;
	} else {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F)), out[3] = 0;
	}
}

static void test_sanitize__every_bidi_and_c1_control_replaced(void **state)
{
	static const unsigned banned[] = {
	    0x80,   0x9B,   0x9F,   0x061C, 0x200E, 0x200F, 0x202A, 0x202B,
	    0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
	    /* invisible (a runner's search may skip them): U+2060-206F */
	    0x2060, 0x2064, 0x206A, 0x206F,
	};
	/* The neighbours of each banned range pass unchanged. */
	/* (U+2060-206F and U+2028/2029 are invisible: replaced as well.) */
	static const unsigned allowed[] = {0xA0, 0x061B, 0x061D, 0x2010,
					   0x2027, 0x202F, 0x2070};
	char in[16], ch[8], out[16];

	(void)state;
	for (size_t i = 0; i < sizeof(banned) / sizeof(*banned); i++) {
		utf8(ch, banned[i]);
		snprintf(in, sizeof(in), "a%sb", ch);
		sg_terminal_safe(out, sizeof(out), in);
		if (strcmp(out, "a?b") != 0)
			fail_msg("U+%04X passed the sanitizer", banned[i]);
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(*allowed); i++) {
		utf8(ch, allowed[i]);
		snprintf(in, sizeof(in), "a%sb", ch);
		sg_terminal_safe(out, sizeof(out), in);
		assert_string_equal(out, in);
	}
}

static void read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Entries in dir other than . and .. */
static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_atomic__failed_flush_keeps_previous_file(void **state)
{
	char dir[] = "/tmp/sg-boundary-XXXXXX", dest[64], buf[64];
	struct sg_atomic_file af;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(dest, sizeof(dest), "%s/report.xml", dir);
	write_file(dest, "previous\n");
	assert_int_equal(sg_atomic_open(&af, dest), 0);
	fputs("new, half written", af.stream);
	/*
	 * A stream error as a full disk leaves it: reading a write-only
	 * stream sets its error indicator (C11 7.21.7.1, EBADF).
	 */
	assert_int_equal(fgetc(af.stream), EOF);
	assert_true(ferror(af.stream));
	assert_int_equal(sg_atomic_commit(&af), SG_EIO);
	read_file(dest, buf, sizeof(buf));
	assert_string_equal(buf, "previous\n");
	assert_int_equal(entries(dir), 1); /* no temporary file left */
	unlink(dest);
	rmdir(dir);
}

static void test_atomic__failed_rename_is_an_error(void **state)
{
	char dir[] = "/tmp/sg-boundary-XXXXXX", dest[64], inside[96],
	     buf[64];
	struct sg_atomic_file af;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(dest, sizeof(dest), "%s/report.xml", dir);
	snprintf(inside, sizeof(inside), "%s/keep", dest);
	assert_int_equal(sg_atomic_open(&af, dest), 0);
	fputs("new\n", af.stream);
	/*
	 * The target became a non-empty directory before the commit: the
	 * rename fails (even for root), and the commit must say so.
	 */
	assert_int_equal(mkdir(dest, 0755), 0);
	write_file(inside, "previous\n");
	assert_int_equal(sg_atomic_commit(&af), SG_EIO);
	assert_non_null(strstr(sg_error_message(), dest));
	read_file(inside, buf, sizeof(buf));
	assert_string_equal(buf, "previous\n");
	assert_int_equal(entries(dir), 1); /* no temporary file left */
	unlink(inside);
	rmdir(dest);
	rmdir(dir);
}

static void test_diff__never_hidden(void **state)
{
	char dir[256];
	struct sg_diff *d = NULL;
	struct sg_findings set;
	struct sg_finding *f;

	(void)state;
	assert_int_equal(gitfx_init(dir), 0);
	assert_int_equal(gitfx_write(dir, "src/a.c", "1\n2\n3\n"), 0);
	assert_int_equal(gitfx_write(dir, "src/b.c", "1\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "base", NULL), 0);
	assert_int_equal(gitfx_branch(dir, "main"), 0);
	assert_int_equal(gitfx_write(dir, "src/a.c", "1\ntwo\n3\n"), 0);
	assert_int_equal(gitfx_commit_all(dir, "change", NULL), 0);
	assert_int_equal(sg_diff_load(&d, dir, "main"), 0);

	sg_findings_init(&set);
	/* An ecosystem we cannot map to manifests: never outside the diff. */
	f = sg_findings_append(&set);
	f->kind = SG_KIND_VULNERABILITY;
	sg_finding_cold_mut(&set, f)->package.ecosystem = "conan";
	sg_finding_cold_mut(&set, f)->package.name = "zlib";
	/* A path and no line, in a changed file: in the diff. */
	f = sg_findings_append(&set);
	f->kind = SG_KIND_SECRET;
	f->location.path = "src/a.c";
	/* The same in an unchanged file: outside (the control). */
	f = sg_findings_append(&set);
	f->kind = SG_KIND_SECRET;
	f->location.path = "src/b.c";
	/* No path at all: nowhere to look, never hidden. */
	f = sg_findings_append(&set);
	f->kind = SG_KIND_CODE;
	sg_diff_mark(d, &set);
	assert_false(set.items[0].outside_diff);
	assert_false(set.items[1].outside_diff);
	assert_true(set.items[2].outside_diff);
	assert_false(set.items[3].outside_diff);
	sg_findings_release(&set);
	sg_diff_free(d);
	gitfx_remove(dir);
}

/* Only SG_UPDATE_GOLDEN=1 rewrites goldens; "0" once rewrote them too. */
static void test_golden__only_one_updates(void **state)
{
	static const char *const no[] = {"0", "", "yes", "true", "10"};

	(void)state;
	unsetenv("SG_UPDATE_GOLDEN");
	assert_false(sg_update_golden());
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++) {
		setenv("SG_UPDATE_GOLDEN", no[i], 1);
		if (sg_update_golden())
			fail_msg("SG_UPDATE_GOLDEN='%s' updates goldens", no[i]);
	}
	setenv("SG_UPDATE_GOLDEN", "1", 1);
	assert_true(sg_update_golden());
	unsetenv("SG_UPDATE_GOLDEN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_redact__random_strings_from_sixteen),
	    cmocka_unit_test(test_sanitize__every_bidi_and_c1_control_replaced),
	    cmocka_unit_test(test_atomic__failed_flush_keeps_previous_file),
	    cmocka_unit_test(test_atomic__failed_rename_is_an_error),
	    cmocka_unit_test(test_diff__never_hidden),
	    cmocka_unit_test(test_golden__only_one_updates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
