/*
 * Helpers shared by the unit tests (see test_util.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

const char *fixture_path(const char *relative)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/fixtures/%s", SECGATE_SOURCE_DIR,
		 relative);
	return buf;
}

const char *shared_fixture_path(const char *relative)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/fixtures/real/%s", SECGATE_SHARED_DIR,
		 relative);
	if (access(buf, R_OK) != 0)
		return NULL;
	return buf;
}

int ingest_one(struct sg_findings *set, struct sg_input *input,
	       const char *path, const char *forced_tool)
{
	sg_findings_init(set);
	return sg_ingest_file(set, input, path, forced_tool, "/repo", 0);
}

void ingest_fixtures(struct sg_findings *set, const char *const *relative,
		     size_t n)
{
	sg_findings_init(set);
	for (size_t i = 0; i < n; i++) {
		struct sg_input in;

		assert_int_equal(sg_ingest_file(set, &in,
						fixture_path(relative[i]), NULL,
						"/repo", (uint32_t)i),
				 0);
		sg_input_release(&in);
	}
}

const struct sg_finding *find_by_rule(const struct sg_findings *set,
				      const char *rule_id)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->items[i].rule_id &&
		    strcmp(set->items[i].rule_id, rule_id) == 0)
			return &set->items[i];
	return NULL;
}

const char *write_temp(const char *data, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/secgate-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

int ingest_text(struct sg_findings *set, struct sg_input *input,
		const char *text, const char *tool)
{
	const char *path = write_temp(text, strlen(text));
	char copy[64];
	int rc;

	assert_non_null(path);
	snprintf(copy, sizeof(copy), "%s", path);
	rc = ingest_one(set, input, copy, tool);
	unlink(copy);
	return rc;
}

unsigned sg_tests_skipped;

int sg_tests_result(int failures)
{
	if (failures)
		return failures;
	if (sg_tests_skipped) {
		fprintf(stderr, "%u test%s skipped: reported to ctest as "
				"skipped (exit 77)\n",
			sg_tests_skipped, sg_tests_skipped == 1 ? "" : "s");
		return 77;
	}
	return 0;
}

bool sg_update_golden(void)
{
	const char *v = getenv("SG_UPDATE_GOLDEN");

	return v && strcmp(v, "1") == 0;
}
