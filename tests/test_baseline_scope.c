/*
 * The baseline's scope: entries of tools not read in a run are neither
 * absent nor pruned; entries of tools read and not found are.
 */
#include <stdio.h>
#include <string.h>

#include "baseline.h"
#include "test_util.h"

#define N_ENTRIES 5

static void fill(struct sg_baseline_entry *e)
{
	static const char *const tools[N_ENTRIES] = {
		"gitleaks", "gitleaks", "trivy", "my-scanner", NULL};
	static const char *const fps[N_ENTRIES] = {"sg1:a", "sg1:b", "sg1:c",
						   "sg1:d", "sg1:e"};

	for (size_t i = 0; i < N_ENTRIES; i++) {
		memset(&e[i], 0, sizeof(e[i]));
		e[i].fingerprint = fps[i];
		e[i].tool = tools[i];
	}
	e[0].seen = true; /* gitleaks still finds sg1:a, not sg1:b */
}

static void test_baseline_scope__only_read_tools_can_be_absent(void **state)
{
	struct sg_baseline_entry e[N_ENTRIES];
	struct sg_baseline b = {.entries = e, .count = N_ENTRIES};
	const char *read[] = {"gitleaks"};

	(void)state;
	fill(e);
	assert_int_equal(sg_baseline_scope(&b, read, 1), 3);
	assert_false(sg_baseline_entry_absent(&e[0]));
	assert_true(sg_baseline_entry_absent(&e[1]));
	assert_false(sg_baseline_entry_absent(&e[2]));
	assert_false(sg_baseline_entry_absent(&e[3]));
	assert_false(sg_baseline_entry_absent(&e[4])); /* no tool: kept */
	assert_int_equal(sg_baseline_prune(&b), 1);
	assert_int_equal(b.count, 4);
	for (size_t i = 0; i < b.count; i++)
		assert_string_not_equal(b.entries[i].fingerprint, "sg1:b");
}

static void test_baseline_scope__every_tool_read(void **state)
{
	struct sg_baseline_entry e[N_ENTRIES];
	struct sg_baseline b = {.entries = e, .count = N_ENTRIES};
	const char *read[] = {"trivy", "gitleaks", "my-scanner"};

	(void)state;
	fill(e);
	assert_int_equal(sg_baseline_scope(&b, read, 3), 1);
	assert_int_equal(sg_baseline_prune(&b), 3); /* b, c, d */
	assert_int_equal(b.count, 2);
}

static void test_baseline_scope__nothing_read(void **state)
{
	struct sg_baseline_entry e[N_ENTRIES];
	struct sg_baseline b = {.entries = e, .count = N_ENTRIES};

	(void)state;
	fill(e);
	assert_int_equal(sg_baseline_scope(&b, NULL, 0), N_ENTRIES);
	assert_int_equal(sg_baseline_prune(&b), 0);
	assert_int_equal(b.count, N_ENTRIES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline_scope__only_read_tools_can_be_absent),
		cmocka_unit_test(test_baseline_scope__every_tool_read),
		cmocka_unit_test(test_baseline_scope__nothing_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
