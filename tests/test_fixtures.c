/*
 * Data-driven adapter tests over fixtures/<tool>/{good,bad}/:
 *   good/<case>.<ext>  with <case>.expected.jsonl: the input line, then one
 *                      normalized finding per line (sg_json_finding, keys sorted)
 *   bad/<case>.<ext>   with <case>.error: a substring the error must contain
 * SG_UPDATE_GOLDEN=1 rewrites the .expected.jsonl files (review the diff).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "report.h"
#include "secgate/error.h"
#include "test_util.h"

static const char *const tools[] = {"gitleaks", "trivy", "pip-audit", "sarif",
				    NULL};

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

static int is_input(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || strcmp(name, "README.md") == 0)
		return 0;
	if (n > 15 && strcmp(name + n - 15, ".expected.jsonl") == 0)
		return 0;
	if (n > 6 && strcmp(name + n - 6, ".error") == 0)
		return 0;
	return 1;
}

/* "<dir>/<case>.suffix" where case is the name without its extension. */
static void sibling(char *out, size_t size, const char *dir, const char *name,
		    const char *suffix)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);

	if (snprintf(out, size, "%s/%.*s%s", dir, (int)stem, name, suffix) >=
	    (int)size)
		fail_msg("path too long: %s/%s", dir, name);
}

static const char *const gate_keys[] = {
	"blocking", "reason", "state", "suppressed", "suppression",
	"excluded", "outside_diff", "suppression_expired",
};

static char *render(const struct sg_findings *set, const struct sg_input *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *meta = json_pack("{s:s?, s:s?, s:s?, s:I, s:I}", "tool",
				 in->meta.tool, "format", in->meta.format,
				 "tool_version", in->meta.tool_version,
				 "findings", (json_int_t)in->n_findings,
				 "skipped_dependencies",
				 (json_int_t)in->meta.n_skipped);

	json_dumpf(meta, f, JSON_COMPACT | JSON_SORT_KEYS);
	fputc('\n', f);
	json_decref(meta);
	for (size_t i = 0; i < set->count; i++) {
		json_t *o = sg_json_finding(&set->items[i]);

		/* Goldens pin what the adapter read, not the gate's decision. */
		for (size_t k = 0; k < sizeof(gate_keys) / sizeof(*gate_keys); k++)
			json_object_del(o, gate_keys[k]);
		/* Derived from the path: the path is pinned already. */
		json_object_del(o, "path_outside_repository");
		json_dumpf(o, f, JSON_COMPACT | JSON_SORT_KEYS);
		fputc('\n', f);
		json_decref(o);
	}
	fclose(f);
	return buf;
}

static int check_good(const char *tool, const char *dir, const char *name)
{
	char path[4096], expected_path[4096];
	struct sg_findings set;
	struct sg_input in;
	int failures = 0;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		fail_msg("path too long: %s/%s", dir, name);
	sibling(expected_path, sizeof(expected_path), dir, name,
		".expected.jsonl");
	if (ingest_one(&set, &in, path, NULL) < 0) {
		fprintf(stderr, "FAIL %s: %s\n", path, in.error);
		failures++;
	} else {
		char *got = render(&set, &in);
		char *want = read_file(expected_path);

		if (strcmp(tool, "sarif") != 0 && strcmp(in.meta.tool, tool)) {
			fprintf(stderr, "FAIL %s: detected as %s\n", path,
				in.meta.tool);
			failures++;
		}
		if (sg_update_golden()) {
			FILE *f = fopen(expected_path, "w");
			fputs(got, f);
			fclose(f);
			fprintf(stderr, "updated %s\n", expected_path);
		} else if (!want) {
			fprintf(stderr, "FAIL %s: no %s (run with "
					"SG_UPDATE_GOLDEN=1 and review)\n",
				path, expected_path);
			failures++;
		} else if (strcmp(got, want) != 0) {
			fprintf(stderr, "FAIL %s: output differs from %s:\n%s\n",
				path, expected_path, got);
			failures++;
		}
		free(got);
		free(want);
	}
	sg_input_release(&in);
	sg_findings_release(&set);
	return failures;
}

static int check_bad(const char *tool, const char *dir, const char *name)
{
	char path[4096], error_path[4096];
	struct sg_findings set;
	struct sg_input in;
	char *want;
	int failures = 0, rc;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		fail_msg("path too long: %s/%s", dir, name);
	sibling(error_path, sizeof(error_path), dir, name, ".error");
	want = read_file(error_path);
	if (!want) {
		fprintf(stderr, "FAIL %s: no %s\n", path, error_path);
		return 1;
	}
	want[strcspn(want, "\n")] = '\0';
	rc = ingest_one(&set, &in, path, tool);
	if (rc != SG_EINPUT) {
		fprintf(stderr, "FAIL %s: expected an input error, got %d\n",
			path, rc);
		failures++;
	} else if (!strstr(in.error, want) || !strstr(in.error, name)) {
		fprintf(stderr, "FAIL %s: error '%s' lacks '%s' or the file "
				"name\n",
			path, in.error, want);
		failures++;
	}
	if (set.count != 0) {
		fprintf(stderr, "FAIL %s: %zu findings kept after an error\n",
			path, set.count);
		failures++;
	}
	free(want);
	sg_input_release(&in);
	sg_findings_release(&set);
	return failures;
}

static void run_dir(const char *tool, const char *kind, int *failures,
		    int *cases)
{
	char rel[256];
	char dir[4096];
	struct dirent **names;
	int n;

	snprintf(rel, sizeof(rel), "%s/%s", tool, kind);
	if (snprintf(dir, sizeof(dir), "%s", fixture_path(rel)) >=
	    (int)sizeof(dir))
		fail_msg("path too long");
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		if (is_input(names[i]->d_name)) {
			(*cases)++;
			*failures += strcmp(kind, "good") == 0
					     ? check_good(tool, dir, names[i]->d_name)
					     : check_bad(tool, dir, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
}

static void test_fixtures__good_and_bad_cases(void **state)
{
	int failures = 0, cases = 0;

	(void)state;
	for (size_t i = 0; tools[i]; i++) {
		run_dir(tools[i], "good", &failures, &cases);
		run_dir(tools[i], "bad", &failures, &cases);
	}
	fprintf(stderr, "fixtures: %d cases, %d failures\n", cases, failures);
	assert_true(cases > 0);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures__good_and_bad_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
